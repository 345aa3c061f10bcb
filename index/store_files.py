"""The files of an index directory that let rag/store.py load it without parsing its records.

For each JSONL file, ``<name>.rows.npy`` (each line's byte range and CRC-32: rag/rows.py reads a
line by row); for the chunks, the per-chunk arrays a filter, the retriever and the answerer read at
load (``arrays/``: dates, origins, sentence offsets, stories, article keys); and ``summary.json``,
what the answerer used to gather from every chunk when it started (learned alias pairs, names,
headings, venues), gathered here once. rag/store.py documents the layout.

The records go to a segment's folder, the arrays and the summary are the whole index's: a build
that adds sources to an index (index/write.py's ``append_index``) writes only the new records, and
the arrays and summary of the index as a :class:`Base` with the new rows' appended (the arrays are
a few bytes a chunk; the summary is merged, not gathered again). What it writes is what a build of
all the records at once writes (tests/test_append.py).
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Base:
    """What an index holds before an append: its whole-index arrays (by rag/store.py's names,
    memory-mapped), its summary.json, its newest articles as ``(published, id)``, its counts, and
    ``texts_with(word)``: how many of its chunks' lower-cased texts hold ``word`` (read only for a
    venue the index did not have)."""

    arrays: dict[str, np.ndarray]
    summary: dict[str, Any]
    newest: list[tuple[str, str]]
    articles: int
    chunks: int
    sentences: int
    texts_with: Callable[[str], int]

    @property
    def stories(self) -> int:
        return len(self.arrays[fmt.STORY_PTR]) - 1


class Summary:
    """What the chunks say as a whole, gathered one chunk at a time (see the module docstring);
    after a ``base``'s origins and alias pairs, which keep their order."""

    def __init__(self, base: dict[str, Any] | None = None) -> None:
        self.origins: dict[str, int] = {o: i for i, o in enumerate((base or {}).get("origins", ()))}
        self.days: list[int] = []
        self.origin: list[int] = []
        self.sent_offsets: list[int] = [0]
        self.stories: dict[tuple[str, int], int] = {}
        self.story: list[int] = []
        self.positions: list[int] = []
        self.pairs: dict[tuple[str, ...], None] = {tuple(p): None for p in (base or {}).get("pairs", ())}
        self.names: set[str] = set()
        self.name_chunks: Counter[str] = Counter()  # name -> the chunks that name it
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
        named = {n for f in rec.get("facts") or () for n in f["n"]} | set(rec.get("heading_names") or ())
        self.names.update(named)
        self.name_chunks.update(named)
        self.headings.add(rec["heading"])
        self.venues.update(v for v in venues_of(chunk_from_record(_chunk_fields(rec))) if len(v) >= 2)
        self.texts[rec["text"].lower()] += 1

    def venue_words(self, venues: Iterable[str]) -> dict[str, int]:
        """How many chunks use each of ``venues`` in their text (the answerer's test that a venue a
        question names is a source, not a word the stories use)."""
        return {v: sum(n for t, n in self.texts.items() if v in t) for v in venues}


def _chunk_fields(rec: dict[str, Any]) -> dict[str, Any]:
    keep = "id article_id title heading text section_order position span source published outlet".split()
    return {k: rec[k] for k in keep if k in rec}


def write_chunk_files(
    directory: Path,
    articles: Iterable[dict[str, Any]],
    chunks: Iterable[dict[str, Any]],
    segment: str = "",
    base: Base | None = None,
) -> dict[str, int]:
    """Write articles.jsonl, chunks.jsonl and their row arrays into ``directory/segment``, and
    ``arrays/`` and ``summary.json`` into ``directory`` (after ``base``'s rows: see the module
    docstring), reading each record once (they may be generators: a bench writes millions); return
    the counts of this segment (``sentences``: the sentence rows its chunks own)."""
    old = base.summary if base is not None else None
    first_chunk, first_article = (base.chunks, base.articles) if base is not None else (0, 0)
    summary = Summary(old)
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
            rec["id"] = first_chunk + i
            summary.add(rec)
            chunk_article.append(
                first_article + row_of.get(rec["article_id"].encode("utf-8"), -1 - first_article)
            )
            yield rec

    seg = directory / segment
    seg.mkdir(parents=True, exist_ok=True)
    np.save(seg / fmt.ARTICLE_ROWS, write_rows(seg / fmt.ARTICLES, article_records()))
    np.save(seg / fmt.CHUNK_ROWS, write_rows(seg / fmt.CHUNKS, chunk_records()))
    _write_arrays(directory, summary, ids, chunk_article, base)
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
        "name_chunks": dict(sorted(summary.name_chunks.items())),
        "headings": sorted(summary.headings),
        "venues": dict(sorted(summary.venues.items())),
        "venue_words": dict(sorted(summary.venue_words(summary.venues).items())),
    }
    if base is not None:
        doc = _merged(base, summary, doc, by_date)
    (directory / fmt.SUMMARY).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return {"articles": len(ids), "chunks": len(summary.days), "sentences": summary.sent_offsets[-1]}


def _merged(
    base: Base, summary: Summary, new: dict[str, Any], by_date: list[tuple[str, str]]
) -> dict[str, Any]:
    """summary.json of the base's chunks and the new ones (``new``: the new ones' alone, with the
    base's origins and pairs first)."""
    old = base.summary

    def union(key: str) -> list[Any]:
        return sorted(set(old[key]) | set(new[key]))

    days = [d for d in (old["first_day"], old["last_day"], new["first_day"], new["last_day"]) if d]
    venues = Counter(old["venues"]) + Counter(new["venues"])
    words = summary.venue_words(venues)
    for v in venues:  # a venue the base had counted its texts; a new one is looked for in them
        words[v] += old["venue_words"][v] if v in old["venues"] else base.texts_with(v)
    return {
        "origins": new["origins"],
        "chunk_days": union("chunk_days"),
        "outlets": union("outlets"),
        "outlet_names": union("outlet_names"),
        "newest_articles": [a for _, a in sorted(base.newest + by_date, reverse=True)[:NEWEST]],
        "first_day": min(days) if days else None,
        "last_day": max(days) if days else None,
        "pairs": new["pairs"],
        "names": union("names"),
        "name_chunks": dict(
            sorted((Counter(old.get("name_chunks", {})) + Counter(new["name_chunks"])).items())
        ),
        "headings": union("headings"),
        "venues": dict(sorted(venues.items())),
        "venue_words": dict(sorted(words.items())),
    }


def _write_arrays(
    directory: Path, summary: Summary, ids: list[bytes], chunk_article: list[int], base: Base | None
) -> None:
    """``arrays/``: the new rows' after the base's (story numbers, chunk ids and rows run on)."""
    b = base.arrays if base is not None else None
    n0, a0 = (base.chunks, base.articles) if base is not None else (0, 0)
    s0, sent0 = (base.stories, base.sentences) if base is not None else (0, 0)

    def cat(name: str, new: np.ndarray) -> np.ndarray:
        return np.concatenate([np.asarray(b[name]), new]).astype(new.dtype) if b is not None else new

    by_id = np.argsort(np.asarray(ids, dtype=object), kind="stable") if ids else np.zeros(0, np.int64)
    keys = np.asarray([ids[i] for i in by_id], dtype=f"S{max((len(k) for k in ids), default=1)}")
    order = by_id.astype(np.int64) + a0
    if b is not None:  # the two sorted lists merged (a stable sort of their concatenation)
        keys = np.concatenate([np.asarray(b[fmt.ARTICLE_KEYS]), keys])
        order = np.concatenate([np.asarray(b[fmt.ARTICLE_ORDER]), order])
        by_key = np.argsort(keys, kind="stable")
        keys, order = keys[by_key], order[by_key]
    story = np.asarray(summary.story, dtype=np.int32)
    members = np.lexsort((np.arange(len(story)), np.asarray(summary.positions, dtype=np.int64), story))
    ptr = np.searchsorted(story[members], np.arange(len(summary.stories) + 1)).astype(np.int64)
    offsets = np.asarray(summary.sent_offsets, dtype=np.int64)
    arrays = directory / fmt.ARRAYS
    arrays.mkdir(exist_ok=True)
    np.save(directory / fmt.ARTICLE_KEYS, keys)
    np.save(directory / fmt.ARTICLE_ORDER, order.astype(np.int32))
    np.save(directory / fmt.DAYS, cat(fmt.DAYS, np.asarray(summary.days, dtype=np.int32)))
    np.save(directory / fmt.CHUNK_ARTICLE, cat(fmt.CHUNK_ARTICLE, np.asarray(chunk_article, dtype=np.int32)))
    np.save(directory / fmt.ORIGIN, cat(fmt.ORIGIN, np.asarray(summary.origin, dtype=np.int32)))
    np.save(
        directory / fmt.SENT_OFFSETS, cat(fmt.SENT_OFFSETS, offsets[1:] + sent0) if b is not None else offsets
    )
    np.save(directory / fmt.STORY, cat(fmt.STORY, story + s0))
    np.save(directory / fmt.STORY_CHUNKS, cat(fmt.STORY_CHUNKS, members.astype(np.int32) + n0))
    if b is not None:
        np.save(directory / fmt.STORY_PTR, np.concatenate([np.asarray(b[fmt.STORY_PTR])[:-1], ptr + n0]))
    else:
        np.save(directory / fmt.STORY_PTR, ptr)


__all__ = ["Base", "Summary", "write_chunk_files", "write_rows"]
