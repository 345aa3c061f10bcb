"""The files of an index directory that let rag/store.py load it without parsing its records.

For each JSONL file, ``<name>.rows.npy`` (each line's byte range and CRC-32: rag/rows.py reads a
line by row); for the chunks, the per-chunk arrays a filter, the retriever and the answerer read at
load (``arrays/``: dates, origins, sentence offsets, stories, article keys); and ``summary.json``,
what the answerer used to gather from every chunk when it started (learned alias pairs, names,
headings, venues), gathered here once. rag/store.py documents the layout.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from rag import store as fmt
from rag.filters import UNDATED
from rag.types import chunk_from_record
from rag.venues import venues_of

NEWEST = 32  # the newest articles summary.json lists (the web chat's examples read the newest few)


def write_rows(path: Path, records: Iterable[dict[str, Any]]) -> np.ndarray:
    """Write ``records`` as JSONL at ``path``; return each line's ``start, end, crc32`` (int64, n x 3)."""
    rows: list[tuple[int, int, int]] = []
    pos = 0
    with open(path, "wb") as fh:
        for r in records:
            line = json.dumps(r, ensure_ascii=False).encode("utf-8")
            fh.write(line + b"\n")
            rows.append((pos, pos + len(line), zlib.crc32(line)))
            pos += len(line) + 1
    return np.asarray(rows, dtype=np.int64).reshape(-1, 3)


def _day(published: str | None) -> int:
    return datetime.fromisoformat(published).date().toordinal() if published else UNDATED


class Summary:
    """What the chunks say as a whole, gathered one chunk at a time (see the module docstring)."""

    def __init__(self) -> None:
        self.origins: dict[str, int] = {}
        self.days: list[int] = []
        self.origin: list[int] = []
        self.sent_offsets: list[int] = [0]
        self.stories: dict[tuple[str, int], int] = {}
        self.story: list[int] = []
        self.positions: list[int] = []
        self.pairs: dict[tuple[str, ...], None] = {}
        self.names: set[str] = set()
        self.headings: set[str] = set()
        self.venues: Counter[str] = Counter()
        self.texts: Counter[str] = Counter()  # lower-cased chunk texts, until the venues' words are counted

    def add(self, rec: dict[str, Any]) -> None:
        self.days.append(_day(rec.get("published")))
        key = f"{rec['source']} {rec.get('outlet') or ''}".lower()
        self.origin.append(self.origins.setdefault(key, len(self.origins)))
        self.sent_offsets.append(self.sent_offsets[-1] + len(rec["sentences"]))
        story = (rec["article_id"], rec["section_order"])
        self.story.append(self.stories.setdefault(story, len(self.stories)))
        self.positions.append(rec["position"])
        for p in rec.get("pairs") or ():
            self.pairs.setdefault(tuple(p), None)
        self.names.update(n for f in rec.get("facts") or () for n in f["n"])
        self.names.update(rec.get("heading_names") or ())
        self.headings.add(rec["heading"])
        self.venues.update(v for v in venues_of(chunk_from_record(_chunk_fields(rec))) if len(v) >= 2)
        self.texts[rec["text"].lower()] += 1

    def venue_words(self) -> dict[str, int]:
        """How many chunks use each venue in their text (the answerer's test that a venue a question
        names is a source, not a word the stories use)."""
        out = {v: sum(n for t, n in self.texts.items() if v in t) for v in self.venues}
        self.texts = Counter()
        return out


def _chunk_fields(rec: dict[str, Any]) -> dict[str, Any]:
    keep = "id article_id title heading text section_order position span source published outlet".split()
    return {k: rec[k] for k in keep if k in rec}


def write_chunk_files(
    directory: Path, articles: Iterable[dict[str, Any]], chunks: Iterable[dict[str, Any]]
) -> dict[str, int]:
    """Write articles.jsonl, chunks.jsonl, their row arrays, ``arrays/`` and ``summary.json`` into
    ``directory``, reading each record once (they may be generators: a bench writes millions);
    return the counts (``sentences``: the sentence rows the chunks own)."""
    summary = Summary()
    ids: list[bytes] = []
    outlets: set[str] = set()
    dated: list[int] = []
    by_date: list[tuple[str, str]] = []  # (published, id): the newest articles, as a user sees them
    outlets_named: set[str] = set()
    chunk_article: list[int] = []

    def article_records() -> Iterable[dict[str, Any]]:
        for a in articles:
            ids.append(a["id"].encode("utf-8"))
            outlets.add(a.get("outlet") or Path(a["source"]).name)
            outlets_named.add(a.get("outlet") or "")
            by_date.append((a.get("published") or "", a["id"]))
            if a.get("published"):
                dated.append(_day(a["published"]))
            yield a

    def chunk_records() -> Iterable[dict[str, Any]]:
        row_of = {k: i for i, k in enumerate(ids)}  # the articles are written first
        for i, rec in enumerate(chunks):
            rec = {k: v for k, v in rec.items() if k != "sent_offset"}  # the offsets are an array
            rec["id"] = i
            summary.add(rec)
            chunk_article.append(row_of.get(rec["article_id"].encode("utf-8"), -1))
            yield rec

    arrays = directory / fmt.ARRAYS
    arrays.mkdir()
    np.save(directory / fmt.ARTICLE_ROWS, write_rows(directory / fmt.ARTICLES, article_records()))
    np.save(directory / fmt.CHUNK_ROWS, write_rows(directory / fmt.CHUNKS, chunk_records()))
    order = np.argsort(np.asarray(ids, dtype=object), kind="stable") if ids else np.zeros(0, np.int64)
    keys = np.asarray([ids[i] for i in order], dtype=f"S{max((len(k) for k in ids), default=1)}")
    np.save(directory / fmt.ARTICLE_KEYS, keys)
    np.save(directory / fmt.ARTICLE_ORDER, order.astype(np.int32))
    np.save(directory / fmt.DAYS, np.asarray(summary.days, dtype=np.int32))
    np.save(directory / fmt.CHUNK_ARTICLE, np.asarray(chunk_article, dtype=np.int32))
    np.save(directory / fmt.ORIGIN, np.asarray(summary.origin, dtype=np.int32))
    np.save(directory / fmt.SENT_OFFSETS, np.asarray(summary.sent_offsets, dtype=np.int64))
    story = np.asarray(summary.story, dtype=np.int32)
    members = np.lexsort((np.arange(len(story)), np.asarray(summary.positions, dtype=np.int64), story))
    np.save(directory / fmt.STORY, story)
    np.save(directory / fmt.STORY_CHUNKS, members.astype(np.int32))
    np.save(
        directory / fmt.STORY_PTR,
        np.searchsorted(story[members], np.arange(len(summary.stories) + 1)).astype(np.int64),
    )
    doc = {
        "origins": list(summary.origins),
        "chunk_days": sorted(set(summary.days) - {UNDATED}),
        "outlets": sorted(outlets),
        "outlet_names": sorted({o for o in outlets_named if o}),
        "newest_articles": [a for _, a in sorted(by_date, reverse=True)[:NEWEST]],
        "first_day": date.fromordinal(min(dated)).isoformat() if dated else None,
        "last_day": date.fromordinal(max(dated)).isoformat() if dated else None,
        "pairs": [list(p) for p in summary.pairs],
        "names": sorted(summary.names),
        "headings": sorted(summary.headings),
        "venues": dict(sorted(summary.venues.items())),
        "venue_words": summary.venue_words(),
    }
    (directory / fmt.SUMMARY).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return {"chunks": len(summary.days), "sentences": summary.sent_offsets[-1]}


__all__ = ["Summary", "write_chunk_files", "write_rows"]
