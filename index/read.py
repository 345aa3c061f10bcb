"""Reading briefing files: discovery, encoding detection, and one RawDocument per article.

Korean news still arrives in cp949/euc-kr; a file is decoded as UTF-8 (with or without BOM), else
cp949 (a superset of euc-kr), else whatever charset-normalizer is confident about. Binary or
undecodable files raise :class:`SourceError` and are skipped by the builder.

News exports hold one article per ``.jsonl`` line or ``.csv`` row; which key or column holds the
title, date, body, url, outlet and author is ``reading.csv_columns`` in the config (the first name
present wins). A row whose body is missing, or whose field holds a number or a list where text
belongs, is skipped and reported (:func:`read_records` returns the reasons; :func:`read_file` logs
them); a file with no usable row at all is a :class:`SourceError`.
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

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".csv")
_FIELDS = ("title", "date", "body", "url", "outlet", "author")
_META_KEY = {"outlet": "source"}  # RawDocument.meta (and parse_article) call the outlet "source"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawDocument:
    """One article's text before parsing, with whatever metadata the container gave."""

    source: str
    text: str
    kind: str  # txt | md | html | jsonl | csv
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
        try:
            data = path.read_bytes()
        except OSError as e:
            raise SourceError(f"{path} cannot be read ({e.strerror}): check its permissions") from e
    text, enc = decode(data, str(path))
    if kind in ("jsonl", "csv"):
        rows = (
            _jsonl_rows(path, text)
            if kind == "jsonl"
            else _csv_rows(path, text, columns or CsvColumnsConfig())
        )
        return _records(path, rows, kind, enc, columns or CsvColumnsConfig())
    if kind == "html":
        text = html_to_text(text)
    if not text.strip():
        raise SourceError(f"{path} is empty: nothing to index")
    return [RawDocument(str(path), text, kind, {}, enc)], []


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, Any]]:
    rows = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append((n, json.loads(line)))
        except json.JSONDecodeError as e:
            raise SourceError(f"{path} line {n} is not valid JSON ({e.msg}): fix or remove that line") from e
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
            f"{path} has no body column (its columns: {', '.join(header)}; looked for "
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


def _records(
    path: Path, rows: list[tuple[int, Any]], kind: str, enc: str, columns: CsvColumnsConfig
) -> tuple[list[RawDocument], list[str]]:
    docs: list[RawDocument] = []
    skipped: list[str] = []
    for n, rec in rows:
        meta, problem = _fields(rec, columns)
        if problem:
            skipped.append(f"{path} line {n} {problem}: row skipped")
            continue
        body = str(meta.pop("body")).replace("\r\n", "\n")
        docs.append(RawDocument(f"{path}#L{n}", body, kind, meta, enc))
    if not docs:
        reason = skipped[0] if skipped else f"{path} holds no articles"
        raise SourceError(f"{reason}; nothing to index: each record needs title, date and body")
    return docs, skipped


def _fields(rec: Any, columns: CsvColumnsConfig) -> tuple[dict[str, Any], str | None]:
    """The record's fields by ``columns``, or the reason it cannot be indexed."""
    if isinstance(rec, list):
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
            return {}, f"has {type(value).__name__} {value!r} in '{key}' where text belongs"
        meta[_META_KEY.get(name, name)] = value.strip() if name != "body" else value
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
