"""Parsing briefings into an Article and its Sections. Pure functions: text in, dataclasses out.

The briefing format (see ../shared/briefings): outlet, ``[…] title 外``, ``<outlet> <reporter>``,
``입력YYYY.MM.DD HH:MM`` / ``수정…``, a ``▲`` headline list, then one section per headline whose
heading line repeats the headline give or take quotes, ellipses and spacing, then footer noise
(``ⓒ … 무단복제-재배포 금지``, the reporter's other articles). Files without ``▲`` structure fall back to
markdown headings, else the whole text is one story (a news article: ``.jsonl``/``.csv`` rows and
plain text) whose heading is its title without series tags, however long: the chunker splits it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from difflib import SequenceMatcher
from typing import Any

from rag.types import Article, Section, strip_span

from .noise import is_noise, strip_series_tag

KST = timezone(timedelta(hours=9), "KST")
_HEADLINE = re.compile(r"^\s*▲\s*(.+?)\s*$")
_STAMP = re.compile(
    r"(입력|수정|등록|업데이트)\s*:?\s*(\d{4})[.\-/]\s*(\d{1,2})[.\-/]\s*(\d{1,2})\.?\s*(?:(\d{1,2}):(\d{2}))?"
)
_FOOTER = re.compile(r"^\s*(ⓒ|©|\(c\)|Copyright|저작권자)|무단\s*(복제|전재)|재배포\s*금지", re.I)
_OTHER_ARTICLES = re.compile(r"다른\s*기사\s*$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_DATE_IN_NAME = re.compile(r"(20\d{2})[-_.]?(\d{2})[-_.]?(\d{2})")
_DATE_WORDS = re.compile(r"(?<!\d)(20\d{2})\s*(?:년|[-./])\s*(\d{1,2})\s*(?:월|[-./])\s*(\d{1,2})(?!\d)")


def heading_key(s: str) -> str:
    """What two headings must share to match: letters and digits only (quotes, dots, spaces dropped)."""
    s = unicodedata.normalize("NFKC", s).lower()
    return "".join(ch for ch in s if ch.isalnum())


def headings_match(a: str, b: str, threshold: float = 0.85) -> bool:
    ka, kb = heading_key(a), heading_key(b)
    if not ka or not kb:
        return False
    return ka == kb or SequenceMatcher(None, ka, kb).ratio() >= threshold


def parse_datetime(text: str, label: str) -> datetime | None:
    for m in _STAMP.finditer(text):
        if m.group(1) == label:
            y, mo, d, h, mi = (int(g) if g else 0 for g in m.groups()[1:])
            try:
                return datetime(y, mo, d, h, mi, tzinfo=KST)
            except ValueError:
                return None
    return None


def _date_from(value: Any) -> datetime | None:
    if not value:
        return None
    s = str(value).strip()
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00").replace(".", "-", 2) if len(s) == 10 else s)
    except ValueError:
        m = _DATE_IN_NAME.search(s)
        if not m:
            return None
        try:
            dt = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return dt.replace(tzinfo=KST) if dt.tzinfo is None else dt.astimezone(KST)


def _date_in(s: str) -> datetime | None:
    """The first valid date written in ``s`` (``2025-11-25``, ``20251125``, ``2025.11.25``,
    ``2025년 11월 25일``), at midnight KST."""
    for pattern in (_DATE_WORDS, _DATE_IN_NAME):
        for m in pattern.finditer(s):
            try:
                return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=KST)
            except ValueError:
                continue
    return None


def _lines(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, line)`` for every line, offsets into ``text``."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def footer_start(text: str) -> int:
    """Offset where footer noise begins (copyright line, reporter's other articles), else ``len(text)``.

    A footer follows the story: a copyright line before any story text (a file opening with
    ``Copyright …``) is a header, not the end of the file.
    """
    lines = _lines(text)
    content = False
    for start, _, line in lines:
        if content and _FOOTER.search(line) and len(line) < 120:
            return start
        content = content or (bool(line.strip()) and not _FOOTER.search(line) and not is_noise(line))
    for start, _, line in lines:
        if _OTHER_ARTICLES.search(line.strip()) and len(line.strip()) < 40:
            return start
    return len(text)


def article_id(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def parse_article(
    text: str, source: str, meta: dict[str, Any] | None = None, group_chars: int = 1200, min_chars: int = 40
) -> tuple[Article, list[Section]]:
    """Parse one article. Always returns at least one section when the text has any content.

    ``group_chars`` is no longer used (text without headings is one story); it stays for callers.
    """
    meta = meta or {}
    aid = article_id(source)
    end = footer_start(text)
    lines = _lines(text)
    heads = [(i, m.group(1)) for i, (_, _, ln) in enumerate(lines) if (m := _HEADLINE.match(ln))]
    header_lines = [ln.strip() for _, _, ln in lines[: heads[0][0] if heads else 12] if ln.strip()]
    title, outlet, author = _header(header_lines, meta)
    modified = parse_datetime(text[:2000], "수정")
    sections = _briefing_sections(text, lines, heads, end, aid) if heads else []
    if not sections:  # no ▲ list, or none of its headlines found in the body
        sections = _merge_short(_markdown_sections(text, lines, end, aid, title), min_chars, text)
    if not sections:  # no headings: the whole text is one story headed by its title
        span, first_line = _story_span(text, lines, end, title, bool(meta.get("title")), outlet, author)
        if first_line and outlet == first_line and not meta.get("source"):
            outlet = None  # the short first line was the title, not an outlet's name
        title = title or first_line or _stem(source)
        if span is not None:
            sections = [Section(aid, strip_series_tag(title), text[span[0] : span[1]], 0, span)]
    if not title:
        title = sections[0].heading if sections else _stem(source)
    published = (
        parse_datetime(text[:2000], "입력")
        or _date_from(meta.get("date"))
        or _date_in(title)  # a markdown note headed "# 2025년 11월 25일 시장 정리"
        or _date_in(source)
    )
    article = Article(
        id=aid,
        title=title,
        text=text,
        source=source,
        outlet=outlet,
        author=author,
        published=published,
        modified=modified,
        url=meta.get("url"),
        headlines=tuple(h for _, h in heads),
    )
    return article, sections


def _header(lines: list[str], meta: dict[str, Any]) -> tuple[str, str | None, str | None]:
    title = meta.get("title") or ""
    outlet = meta.get("source")
    author = meta.get("author")
    if not title:
        bracketed = [ln for ln in lines if ln.startswith("[") and "]" in ln and not _STAMP.search(ln)]
        md = [m.group(2) for ln in lines if (m := _MD_HEADING.match(ln))]
        title = (bracketed[0] if bracketed else md[0] if md else "").strip()
    if lines and not outlet and len(lines[0]) <= 20 and lines[0] != title and not _STAMP.search(lines[0]):
        outlet = lines[0]
    if outlet and not author:
        for ln in lines[1:]:
            m = re.fullmatch(re.escape(outlet) + r"\s+([가-힣]{2,4})(?:\s*기자)?", ln)
            if m:
                author = m.group(1)
                break
    return title, outlet, author


def _briefing_sections(
    text: str, lines: list[tuple[int, int, str]], heads: list[tuple[int, str]], end: int, aid: str
) -> list[Section]:
    after = heads[-1][0] + 1
    found: list[tuple[int, str]] = []  # (line index, heading as written in the body)
    remaining = [h for _, h in heads]
    for i in range(after, len(lines)):
        start, _, ln = lines[i]
        if start >= end or not ln.strip() or len(ln) > 150:
            continue
        for j, h in enumerate(remaining):
            if headings_match(ln, h):
                found.append((i, ln.strip()))
                remaining.pop(j)
                break
    sections: list[Section] = []
    for n, (i, heading) in enumerate(found):
        body_start = lines[i][1]
        body_end = lines[found[n + 1][0]][0] if n + 1 < len(found) else end
        s, e = strip_span(text, body_start, min(body_end, end))
        if e > s:
            sections.append(Section(aid, heading, text[s:e], len(sections), (s, e)))
    if found:  # text between the headline list and the first heading (a lead) is its own section
        s, e = strip_span(text, lines[after][0] if after < len(lines) else end, lines[found[0][0]][0])
        lead = text[s:e]
        if len(lead) >= 200:
            sections.insert(0, Section(aid, "개요", lead, 0, (s, e)))
            sections = [Section(x.article_id, x.heading, x.body, k, x.span) for k, x in enumerate(sections)]
    return sections


def _markdown_sections(
    text: str, lines: list[tuple[int, int, str]], end: int, aid: str, title: str
) -> list[Section]:
    marks = [
        (i, m.group(2)) for i, (s, _, ln) in enumerate(lines) if s < end and (m := _MD_HEADING.match(ln))
    ]
    if not marks:
        return []
    sections: list[Section] = []
    first = lines[marks[0][0]][0]
    s, e = strip_span(text, 0, first)
    if e > s:
        sections.append(Section(aid, title or "개요", text[s:e], 0, (s, e)))
    for n, (i, heading) in enumerate(marks):
        body_end = lines[marks[n + 1][0]][0] if n + 1 < len(marks) else end
        s, e = strip_span(text, lines[i][1], min(body_end, end))
        if e > s:
            sections.append(Section(aid, heading.strip(), text[s:e], len(sections), (s, e)))
    return sections


def _stem(source: str) -> str:
    name = source.rsplit("/", 1)[-1].split("#", 1)[0]
    return name.rsplit(".", 1)[0] if "." in name else name


def _story_span(
    text: str,
    lines: list[tuple[int, int, str]],
    end: int,
    title: str,
    has_title_field: bool,
    outlet: str | None,
    author: str | None,
) -> tuple[tuple[int, int] | None, str]:
    """The story's span when the whole text is one story, and the title line it opens with (or ``""``).

    Leading header lines are not story text: the title line, the outlet and reporter lines, the
    ``입력``/``수정`` stamps and furniture such as a copyright or credit line. A text without a title
    of its own (no ``title`` field, no ``[…]`` or ``#`` line) takes its first line as title when that
    line is short and does not end like a sentence.
    """
    first_line = ""
    start = 0
    for ls, le, ln in lines:
        line = ln.strip()
        if ls >= end:
            break
        if not line:
            continue
        if len(line) <= 150 and (_STAMP.search(line) or _FOOTER.search(line) or is_noise(line)):
            start = le
            continue
        if not title and not has_title_field and not first_line and _looks_like_title(line):
            first_line, start = line, le
            continue
        header = bool(
            (title and headings_match(line, title))
            or (outlet and (line == outlet or line.startswith(outlet + " ")) and len(line) <= 30)
            or (author and author in line and len(line) <= 30)
        )
        if not header:
            start = ls
            break
        start = le
    s, e = strip_span(text, start, end)
    if e <= s:  # nothing but header lines: they are all there is to index
        s, e = strip_span(text, 0, end)
    return ((s, e) if e > s else None), first_line


def _looks_like_title(line: str) -> bool:
    """A headline: short, and not ending like a sentence (``…했다.``)."""
    return len(line) <= 80 and not re.search(r"[.?!。]\s*[\"'”’)]*$", line)


def _merge_short(sections: list[Section], min_chars: int, text: str) -> list[Section]:
    """A section shorter than ``min_chars`` joins the previous one (a stray line is not a story)."""
    out: list[Section] = []
    for sec in sections:
        if out and len(sec.body) < min_chars and out[-1].span[1] <= sec.span[0]:
            prev = out[-1]
            span = (prev.span[0], sec.span[1])
            out[-1] = Section(prev.article_id, prev.heading, text[span[0] : span[1]], prev.order, span)
        else:
            out.append(Section(sec.article_id, sec.heading, sec.body, len(out), sec.span))
    return out
