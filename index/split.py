"""Splitting a file of several briefings, one after another, into one text per briefing.

Pasted or exported briefings arrive as one file: header, ``▲`` list, sections, footer, then the
next header. Parsed as one article, everything after the first footer was lost. Pure functions.
"""

from __future__ import annotations

import re

from .noise import is_noise
from .parse import _FOOTER, _STAMP, _lines

_REPORTER_LINE = re.compile(r"(.+?)\s+[가-힣]{2,4}(?:\s*기자)?")
_SENTENCE = re.compile(r"[다요죠][.?!][\"'”’)]*\s*$")


def split_articles(text: str) -> list[tuple[int, int]]:
    """Spans of the briefings in ``text`` when it holds several one after another, else ``[(0, len)]``.

    A briefing ends at its footer (a copyright line after story text, as :func:`index.parse.footer_start` finds it) and
    the next one begins with a header of its own: a line ``입력YYYY.MM.DD`` (or ``등록…``) before the
    next footer, followed by story sentences. The next briefing starts at its outlet line (the
    reporter line ``<outlet> <name>`` names it) or else its ``[…]`` title line; the reporter's other
    articles listed after a footer stay with the briefing they close.
    """
    lines = _lines(text)
    starts = [0]
    content = False
    i = 0
    while i < len(lines):
        line = lines[i][2]
        if content and _FOOTER.search(line) and len(line) < 120:
            nxt = _next_header(lines, i)
            if nxt is not None:
                starts.append(lines[nxt][0])
                content, i = False, nxt
                continue
        content = content or (bool(line.strip()) and not _FOOTER.search(line) and not is_noise(line))
        i += 1
    ends = [*starts[1:], len(text)]
    return [(s, e) for s, e in zip(starts, ends, strict=True)]


def _next_header(lines: list[tuple[int, int, str]], footer: int) -> int | None:
    """The line the briefing after the footer at line ``footer`` starts on, or None if none follows."""
    stamp = None
    for k in range(footer + 1, len(lines)):
        line = lines[k][2]
        sentence = len(line.strip()) > 20 and _SENTENCE.search(line) is not None
        m = _STAMP.search(line)
        if stamp is None and m and m.group(1) in ("입력", "등록") and len(line.strip()) <= 40:
            stamp = k
        elif sentence:
            if stamp is None:
                return None  # story text after the footer with no header before it: not a new briefing
            break
    else:
        return None
    if stamp is None:
        return None
    above = [k for k in range(footer + 1, stamp) if lines[k][2].strip()]
    if not above:
        return stamp
    m = _REPORTER_LINE.fullmatch(lines[above[-1]][2].strip())
    outlet = m.group(1) if m and len(lines[above[-1]][2].strip()) <= 30 else None
    for k in reversed(above[:-1]):
        if outlet and lines[k][2].strip() == outlet:
            return k
    titles = [k for k in above if lines[k][2].lstrip().startswith("[") and "]" in lines[k][2]]
    return titles[-1] if titles else above[0]


__all__ = ["split_articles"]
