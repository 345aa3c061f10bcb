"""Reading briefing files: discovery, safe reading, decoding, and one RawDocument per article.

Decoding is :mod:`index.decode`: byte-order marks (UTF-8, UTF-16, UTF-32), UTF-16 without one,
UTF-8, cp949/euc-kr, charset-normalizer; control characters and terminal escapes are removed from the
whole text. A file that cannot be read or decoded (binary, a byte-order mark over invalid bytes, a
FIFO, socket or device, a broken symbolic link, no permission) raises :class:`SourceError` naming it
in one line; the builder reports it and indexes the other files.

A text file may hold several briefings one after another: each becomes its own article
(:func:`index.parse.split_articles`), its source the file with ``#L<line>`` of its first line.

News exports hold one article per ``.jsonl`` line or ``.csv`` row; which key or column holds the
title, date, body, url, outlet and author is ``reading.csv_columns`` in the config (the first name
present wins). A row whose body is missing, whose field holds a number or a list where text belongs,
or (``.jsonl``) that is not valid JSON is skipped and reported with its line number
(:func:`read_records` returns the reasons; :func:`read_file` logs them); a file with no usable row
at all is a :class:`SourceError`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.config import CsvColumnsConfig
from rag.errors import SourceError

from .decode import clean_text, decode
from .files import SUFFIXES, content_hash, discover, duplicate_sources, read_bytes
from .split import split_articles

_FIELDS = ("title", "date", "body", "url", "outlet", "author")
_META_KEY = {"outlet": "source"}  # RawDocument.meta (and parse_article) call the outlet "source"
log = logging.getLogger(__name__)
__all__ = [
    "SUFFIXES",
    "RawDocument",
    "content_hash",
    "decode",
    "discover",
    "duplicate_sources",
    "html_to_text",
    "read_bytes",
    "read_file",
    "read_records",
]


@dataclass(frozen=True)
class RawDocument:
    """One article's text before parsing, with whatever metadata the container gave."""

    source: str
    text: str
    kind: str  # txt | md | html | jsonl | csv
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"


def read_file(
    path: Path, data: bytes | None = None, columns: CsvColumnsConfig | None = None
) -> list[RawDocument]:
    """The articles in one file (one for .txt/.md/.html, one per line or row for .jsonl/.csv); ``data``:
    its bytes, when the caller has read them already; ``columns``: where a news record keeps each field
    (default: ``CsvColumnsConfig()``). Skipped records are logged as warnings."""
    docs, skipped = read_records(path, data, columns)
    for reason in skipped:
        log.warning("%s", reason)
    return docs


def read_records(
    path: Path, data: bytes | None = None, columns: CsvColumnsConfig | None = None
) -> tuple[list[RawDocument], list[str]]:
    """:func:`read_file`, with the one-line reason for each record it skipped."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    kind = {"markdown": "md", "htm": "html"}.get(kind, kind)
    if kind not in {"txt", "md", "html", "jsonl", "csv"}:
        raise SourceError(f"{path} has an unsupported type {path.suffix!r}: use one of {', '.join(SUFFIXES)}")
    if data is None:
        data = read_bytes(path)
    text, enc = decode(data, str(path))
    if kind in ("jsonl", "csv"):
        rows = (
            _jsonl_rows(path, text)
            if kind == "jsonl"
            else _csv_rows(path, text, columns or CsvColumnsConfig())
        )
        return _records(path, rows, kind, enc, columns or CsvColumnsConfig())
    if kind == "html":
        text = clean_text(html_to_text(text))  # entities such as &#27; become characters here
    if not text.strip():
        raise SourceError(f"{path} is empty: nothing to index")
    parts = split_articles(text)
    if len(parts) == 1:
        return [RawDocument(str(path), text, kind, {}, enc)], []
    return [
        RawDocument(f"{path}#L{text.count(chr(10), 0, s) + 1}", text[s:e], kind, {}, enc) for s, e in parts
    ], []


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, Any]]:
    """``(line, record)`` per non-blank line; a line that is not JSON holds the reason instead."""
    rows: list[tuple[int, Any]] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append((n, json.loads(line)))
        except json.JSONDecodeError as e:
            rows.append((n, _Unreadable(f"is not valid JSON ({e.msg} at column {e.colno})")))
        except (ValueError, RecursionError) as e:  # a number of 5,000 digits, arrays nested 10,000 deep
            rows.append((n, _Unreadable(f"cannot be read as JSON ({type(e).__name__})")))
    return rows


def _csv_rows(path: Path, text: str, columns: CsvColumnsConfig) -> list[tuple[int, Any]]:
    """``(line, record)`` per row; quoted fields may span lines (``line`` is where the row starts)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(f"{path} is empty: nothing to index") from None
    except csv.Error as e:
        raise SourceError(f"{path} line 1 is not a CSV header ({e}): fix the file") from e
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    if not any(c.lower() in names for c in columns.body):
        raise SourceError(
            f"{path} has no body column (its columns: {', '.join(' '.join(h.split()) for h in header)}; looked for "
            f"{', '.join(columns.body)}): name the column in reading.csv_columns.body"
        )
    rows: list[tuple[int, Any]] = []
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise SourceError(f"{path} line {start} is not valid CSV ({e}): fix or remove that row") from e
        if any(c.strip() for c in cells):
            rows.append((start, cells if len(cells) != len(names) else dict(zip(names, cells, strict=True))))
        start = reader.line_num + 1
    return rows


class _Unreadable(str):
    """A ``.jsonl`` line that is not JSON: the reason, in place of its record."""


def _records(
    path: Path, rows: list[tuple[int, Any]], kind: str, enc: str, columns: CsvColumnsConfig
) -> tuple[list[RawDocument], list[str]]:
    docs: list[RawDocument] = []
    skipped: list[str] = []
    for n, rec in rows:
        meta, problem = ({}, str(rec)) if isinstance(rec, _Unreadable) else _fields(rec, columns, kind)
        if problem:
            skipped.append(f"{path} line {n} {problem}: row skipped")
            continue
        body = clean_text(meta.pop("body"))
        docs.append(RawDocument(f"{path}#L{n}", body, kind, meta, enc))
    if not docs:
        reason = skipped[0] if skipped else f"{path} holds no articles"
        raise SourceError(f"{reason}; nothing to index: each record needs title, date and body")
    return docs, skipped


def _fields(rec: Any, columns: CsvColumnsConfig, kind: str) -> tuple[dict[str, Any], str | None]:
    """The record's fields by ``columns``, or the reason it cannot be indexed."""
    if isinstance(rec, list) and kind == "csv":
        return {}, f"has {len(rec)} fields where the header has a different number"
    if not isinstance(rec, dict):
        return {}, f"is a {type(rec).__name__}, not a record with title, date and body"
    keys = {str(k).strip().lower(): k for k in rec}
    meta: dict[str, Any] = {}
    for name in _FIELDS:
        key = next((keys[c.lower()] for c in getattr(columns, name) if c.lower() in keys), None)
        value = rec[key] if key is not None else None
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
            return {}, f"has {type(value).__name__} {shown} in {str(key)!r} where text belongs"
        meta[_META_KEY.get(name, name)] = clean_text(value).strip() if name != "body" else value
    if not str(meta.get("body", "")).strip():
        return {}, f"has no body text (looked for {', '.join(columns.body)})"
    return meta, None


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
