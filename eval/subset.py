"""A date slice of a JSONL news corpus, for fast iteration on a smaller index.

``python -m eval subset SOURCE.jsonl --from 2025-02-05 --to 2025-02-09 --out var/dev-news-5d.jsonl``
copies the lines whose ``date`` (``YYYY-MM-DD``, or an ISO timestamp starting with one) falls in the
closed range, byte for byte and in their original order. Lines without a readable date are left out
and counted. The output goes under ``var/`` by convention: news text is never committed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rag.errors import RagError


class SubsetError(RagError):
    """The source cannot be read, the dates are not ISO dates, or the range is empty."""


@dataclass(frozen=True)
class SubsetReport:
    source: Path
    out: Path
    kept: int
    outside: int  # lines dated outside the range
    undated: int  # lines that are not JSON objects with an ISO ``date``


def parse_day(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise SubsetError(f"{what} {value!r} is not a date: write it as YYYY-MM-DD") from e


def line_day(line: str) -> date | None:
    """The ``date`` of one JSONL line (its first 10 characters as an ISO date); ``None`` if it has none."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError:
        return None
    value = rec.get("date") if isinstance(rec, dict) else None
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def select_lines(lines: list[str], start: date, end: date) -> tuple[list[str], int, int]:
    """The lines dated ``start``..``end`` (both included), plus how many were outside and undated."""
    kept, outside, undated = [], 0, 0
    for line in lines:
        if not line.strip():
            continue
        day = line_day(line)
        if day is None:
            undated += 1
        elif start <= day <= end:
            kept.append(line)
        else:
            outside += 1
    return kept, outside, undated


def write_subset(
    source: str | os.PathLike[str], out: str | os.PathLike[str], start: date, end: date
) -> SubsetReport:
    """Write the articles of ``source`` dated ``start``..``end`` to ``out`` (parents created)."""
    src, dst = Path(source), Path(out)
    if end < start:
        raise SubsetError(f"the range {start}..{end} is empty: --to must not be before --from")
    try:
        text = src.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise SubsetError(f"cannot read {src} ({e}): pass a UTF-8 JSONL file of articles") from e
    # split on "\n" only: str.splitlines() would also cut at U+2028/U+0085 inside a JSON string
    kept, outside, undated = select_lines([ln.rstrip("\r") for ln in text.split("\n")], start, end)
    if not kept:
        raise SubsetError(f"no article of {src} is dated {start}..{end}: nothing written")
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return SubsetReport(src, dst, len(kept), outside, undated)


__all__ = ["SubsetError", "SubsetReport", "write_subset", "select_lines", "line_day", "parse_day"]
