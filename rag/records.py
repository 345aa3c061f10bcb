"""The records of a loaded index, read by row (rag/rows.py) and checked as they are parsed, and the
small things loaded whole beside them: what the chunks say as a whole (``summary.json``) and which
chunks make each story. rag/store.py documents the files; this module turns their rows into types.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .indexdir import damaged, one_line
from .rows import Cache, LazyList, LazyMap, RowFile
from .store_checks import row_problem
from .types import Article, Chunk, chunk_from_record

ARTICLE_CACHE = 1024  # parsed articles kept (a question reads the articles of its few dozen hits)


@dataclass
class ChunkExtras:
    """What the retriever and answerer need beside the Chunk itself."""

    terms: list[str]
    sentences: list[tuple[int, int]]  # spans into the article text
    sentence_terms: list[list[str]]  # morphemes of each sentence
    sent_offset: int  # first row of this chunk's sentences in sentences.npy
    facts: list[dict[str, Any]] = field(default_factory=list)  # per sentence: names, subjects, quantities
    heading_names: list[str] = field(default_factory=list)  # name keys of the section heading
    pairs: list[list[str]] = field(default_factory=list)  # alias pairs learned from the text
    _measured: frozenset[str | None] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def measured(self) -> frozenset[str | None]:
        """The measures the chunk's figures belong to (None: a figure of no measure), read once: fact
        search asks it of a hundred chunks a question, most of which state no figure of the one asked."""
        if self._measured is None:
            self._measured = frozenset(q[2] for f in self.facts for q in f["q"])
        return self._measured

    def record(self) -> dict[str, Any]:
        """The fields of a ``chunks.jsonl`` record that are not the Chunk's own (index/ writes them)."""
        return {
            "terms": self.terms,
            "sentences": [list(s) for s in self.sentences],
            "sentence_terms": self.sentence_terms,
            "facts": self.facts,
            "heading_names": self.heading_names,
            "pairs": self.pairs,
        }


@dataclass(frozen=True)
class Summary:
    """What the chunks say as a whole (``summary.json``), gathered at build time so that nothing
    reads every chunk when an index is loaded or first asked."""

    chunk_days: tuple[date, ...]  # the distinct publication dates of the chunks, oldest first
    outlets: tuple[str, ...]  # each article's outlet (its file name when it has none), sorted
    outlet_names: tuple[str, ...]  # the articles' outlets (none for an article without), sorted
    newest_articles: tuple[str, ...]  # the ids of the newest articles (index/store_files.py's NEWEST)
    first_day: date | None
    last_day: date | None
    pairs: tuple[tuple[str, ...], ...]  # the alias pairs learned from the text, each once, in order
    names: frozenset[str]  # the name keys of the sentences' facts and the headings
    headings: tuple[str, ...]  # the distinct section headings
    venues: dict[str, int]  # an outlet or a title's column tag -> the chunks it tags
    venue_words: dict[str, int]  # … -> the chunks whose text uses it (lower-cased)
    # each name -> the chunks that name it (the word index splits many: "kb증권", "한빛투자증권" are several
    # words to it); an index built before it was kept has none (the answerer then counts the word index's)
    name_chunks: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, d: dict[str, Any]) -> Summary:
        def day(v: str | None) -> date | None:
            return date.fromisoformat(v) if v else None

        return cls(
            tuple(date.fromordinal(int(x)) for x in d["chunk_days"]),
            tuple(d["outlets"]),
            tuple(d["outlet_names"]),
            tuple(d["newest_articles"]),
            day(d["first_day"]),
            day(d["last_day"]),
            tuple(tuple(p) for p in d["pairs"]),
            frozenset(d["names"]),
            tuple(d["headings"]),
            {str(k): int(v) for k, v in d["venues"].items()},
            {str(k): int(v) for k, v in d["venue_words"].items()},
            {str(k): int(v) for k, v in d.get("name_chunks", {}).items()},
        )


@dataclass(frozen=True, eq=False)
class Stories:
    """Each story's (an article's section's) chunks, ordered by position, from three arrays."""

    story: np.ndarray  # int32, by chunk id: its story
    members: np.ndarray  # int32: chunk ids, story by story, each by position
    ptr: np.ndarray  # int64: story s owns members[ptr[s]:ptr[s + 1]]

    def of(self, chunk_id: int) -> list[int]:
        s = int(self.story[chunk_id])
        return [int(i) for i in self.members[int(self.ptr[s]) : int(self.ptr[s + 1])]]


def article_to_record(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "text": a.text,
        "source": a.source,
        "outlet": a.outlet,
        "author": a.author,
        "published": a.published.isoformat() if a.published else None,
        "modified": a.modified.isoformat() if a.modified else None,
        "url": a.url,
        "headlines": list(a.headlines),
    }


def article_from_record(d: dict[str, Any]) -> Article:
    d = dict(d)
    for k in ("published", "modified"):
        d[k] = datetime.fromisoformat(d[k]) if d.get(k) else None
    d["headlines"] = tuple(d.get("headlines") or ())
    return Article(**d)


def _extras(rec: dict[str, Any], sent_offset: int) -> ChunkExtras:
    return ChunkExtras(
        terms=rec.pop("terms"),
        sentences=[(int(s), int(e)) for s, e in rec.pop("sentences")],
        sentence_terms=rec.pop("sentence_terms"),
        sent_offset=sent_offset,
        facts=rec.pop("facts"),
        heading_names=rec.pop("heading_names"),
        pairs=rec.pop("pairs"),
    )


class Records:
    """The two JSONL files of a loaded index, read by row, each record checked as it is parsed."""

    def __init__(
        self,
        path: Path,
        articles: RowFile,
        chunks: RowFile,
        keys: np.ndarray,
        order: np.ndarray,
        offsets: np.ndarray,
    ) -> None:
        """``keys``/``order``: the sorted article ids and the row of each; ``offsets``: the chunks'
        first sentence rows (``offsets[i + 1]`` ends chunk i's)."""
        self.path, self.article_rows, self.chunk_rows, self.offsets = path, articles, chunks, offsets
        cached: Cache[Article] = Cache(lambda i: self._article(i, articles.record(i)), ARTICLE_CACHE)
        listed = LazyList(
            len(articles), cached.get, lambda: (self._article(i, r) for i, r in enumerate(articles.records()))
        )
        self.articles = LazyMap(keys, order, listed, lambda a: a.id)
        self._chunks: Cache[tuple[Chunk, ChunkExtras]] = Cache(lambda i: self._chunk(i, chunks.record(i)))

    def _article(self, i: int, rec: dict[str, Any]) -> Article:
        try:
            return article_from_record(rec)
        except Exception as e:  # a missing field, a wrong type: the line is damaged
            raise damaged(
                self.path, f"{self.article_rows.name} line {i + 1}: {type(e).__name__}: {one_line(e)}"
            ) from e

    def _chunk(self, i: int, rec: dict[str, Any]) -> tuple[Chunk, ChunkExtras]:
        try:
            extra = _extras(rec, int(self.offsets[i]))
            chunk = chunk_from_record(rec)
        except Exception as e:  # a missing field, a wrong type: the line is damaged
            raise damaged(
                self.path, f"{self.chunk_rows.name} line {i + 1}: {type(e).__name__}: {one_line(e)}"
            ) from e
        rows = int(self.offsets[i + 1]) - extra.sent_offset
        problem = row_problem(i, chunk, extra, rows, self.articles.get(chunk.article_id))
        if problem:
            raise damaged(self.path, problem)
        return chunk, extra

    def _all(self) -> Iterator[tuple[Chunk, ChunkExtras]]:
        return (self._chunk(i, rec) for i, rec in enumerate(self.chunk_rows.records()))

    def lists(self) -> tuple[LazyList[Chunk], LazyList[ChunkExtras]]:
        n = len(self.chunk_rows)
        return (
            LazyList(n, lambda i: self._chunks.get(i)[0], lambda: (c for c, _ in self._all())),
            LazyList(n, lambda i: self._chunks.get(i)[1], lambda: (x for _, x in self._all())),
        )


__all__ = [
    "ARTICLE_CACHE",
    "ChunkExtras",
    "Records",
    "Stories",
    "Summary",
    "article_from_record",
    "article_to_record",
]
