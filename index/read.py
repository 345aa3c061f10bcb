"""Reading briefing files: discovery, encoding detection, and one RawDocument per article.

Korean news still arrives in cp949/euc-kr; a file is decoded as UTF-8 (with or without BOM), else
cp949 (a superset of euc-kr), else whatever charset-normalizer is confident about. Binary or
undecodable files raise :class:`SourceError` and are skipped by the builder.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.errors import SourceError

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")


@dataclass(frozen=True)
class RawDocument:
    """One article's text before parsing, with whatever metadata the container gave."""

    source: str
    text: str
    kind: str  # txt | md | html | jsonl
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"


def discover(paths: list[Path]) -> list[Path]:
    """Files to index under ``paths`` (files as given; directories recursively, sorted)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise SourceError(f"{p} does not exist: pass an existing file or folder of briefings")
        if p.is_dir():
            out.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            out.append(p)
    return list(dict.fromkeys(f.resolve() for f in out))


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """``(text, encoding)`` with newlines normalised to ``\\n``."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    elif b"\x00" in data[:4096]:
        raise SourceError(
            f"{name} looks binary (NUL bytes), not a text briefing: remove it or export it as text"
        )
    else:
        text, enc = _decode_guess(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(ord(ch) < 32 and ch not in "\n\t\f\v" for ch in text[:4096]):
        raise SourceError(
            f"{name} contains control bytes, not a text briefing: remove it or export it as text"
        )
    return text, enc


def _decode_guess(data: bytes, name: str) -> tuple[str, str]:
    for enc in ("utf-8", "cp949"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise SourceError(
            f"{name} is neither UTF-8 nor cp949/euc-kr and its encoding cannot be detected: re-save it as UTF-8"
        )
    return str(best), best.encoding


def read_file(path: Path, data: bytes | None = None) -> list[RawDocument]:
    """The articles in one file (one for .txt/.md/.html, one per line for .jsonl); ``data``: its bytes,
    when the caller has read them already."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    kind = {"markdown": "md", "htm": "html"}.get(kind, kind)
    if kind not in {"txt", "md", "html", "jsonl"}:
        raise SourceError(f"{path} has an unsupported type {path.suffix!r}: use one of {', '.join(SUFFIXES)}")
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise SourceError(f"{path} cannot be read ({e.strerror}): check its permissions") from e
    text, enc = decode(data, str(path))
    if kind == "jsonl":
        return _jsonl(path, text, enc)
    if kind == "html":
        text = html_to_text(text)
    if not text.strip():
        raise SourceError(f"{path} is empty: nothing to index")
    return [RawDocument(str(path), text, kind, {}, enc)]


def _jsonl(path: Path, text: str, enc: str) -> list[RawDocument]:
    docs = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise SourceError(f"{path} line {n} is not valid JSON ({e.msg}): fix or remove that line") from e
        if not isinstance(rec, dict) or not isinstance(rec.get("body"), str) or not rec["body"].strip():
            raise SourceError(f"{path} line {n} has no 'body' text: each line needs title, date and body")
        meta = {k: rec.get(k) for k in ("title", "date", "source", "url", "author") if rec.get(k)}
        docs.append(RawDocument(f"{path}#L{n}", rec["body"].replace("\r\n", "\n"), "jsonl", meta, enc))
    if not docs:
        raise SourceError(f"{path} holds no articles: nothing to index")
    return docs


_BLOCK = {"p", "div", "section", "article", "li", "br", "tr", "blockquote", "pre", "table", "ul", "ol"}


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, headings kept as markdown ``#`` lines so sections survive."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "footer", "header", "aside", "form"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    lines: list[str] = []
    body = soup.body or soup
    for el in body.find_all(True):
        name = el.name or ""
        if re.fullmatch(r"h[1-6]", name):
            lines.append("#" * int(name[1]) + " " + el.get_text(" ", strip=True))
        elif name in _BLOCK and not el.find(_BLOCK | {f"h{i}" for i in range(1, 7)}):
            t = el.get_text(" ", strip=True)
            if t:
                lines.append(t)
    if not lines:
        lines = [t for t in body.get_text("\n").split("\n") if t.strip()]
    if title and not any(line.startswith("# ") for line in lines):
        lines.insert(0, "# " + title)
    return "\n\n".join(lines) + "\n"
