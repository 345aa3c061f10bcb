"""Hybrid retrieval: dense (FAISS) and BM25 (Kiwi morphemes), fused with reciprocal rank fusion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .config import RetrievalConfig
from .errors import ConfigError
from .korean import morphemes
from .query import is_cross_lingual, mentioned_dates
from .store import Store
from .threads import set_search_threads
from .types import Hit

MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Filters:
    """Metadata filters. Dates are inclusive; ``source`` matches a substring of the path or the outlet."""

    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None

    @classmethod
    def parse(cls, value: Filters | dict[str, Any] | None) -> Filters | None:
        if value is None or isinstance(value, Filters):
            return value
        unknown = set(value) - {"date_from", "date_to", "source"}
        if unknown:
            raise ConfigError(f"unknown filter {sorted(unknown)[0]!r}: use date_from, date_to, source")

        def as_date(v: Any) -> date | None:
            if v in (None, ""):
                return None
            if isinstance(v, datetime):
                return v.date()
            if isinstance(v, date):
                return v
            try:
                return date.fromisoformat(str(v)[:10])
            except ValueError as e:
                raise ConfigError(f"filter date {v!r} is not YYYY-MM-DD") from e

        out = cls(as_date(value.get("date_from")), as_date(value.get("date_to")), value.get("source") or None)
        if out.date_from and out.date_to and out.date_from > out.date_to:
            raise ConfigError(f"filter date_from {out.date_from} is after date_to {out.date_to}: swap them")
        return out

    @classmethod
    def narrowed(
        cls, base: Filters | None, days: tuple[date, ...], date_range: tuple[date, date] | None
    ) -> Filters | None:
        """``base`` narrowed to the days or the date range a question names (what the user set stays)."""
        if not days and date_range is None:
            return base
        lo, hi = (min(days), max(days)) if days else date_range  # type: ignore[misc]
        base = base or cls()
        lo = max(lo, base.date_from) if base.date_from else lo
        hi = min(hi, base.date_to) if base.date_to else hi
        return cls(lo, hi, base.source)

    def mask(self, store: Store) -> np.ndarray:
        keep = np.ones(len(store.chunks), dtype=bool)
        for i, c in enumerate(store.chunks):
            d = c.published.date() if c.published else None
            if self.date_from and (d is None or d < self.date_from):
                keep[i] = False
            elif self.date_to and (d is None or d > self.date_to):
                keep[i] = False
            elif self.source and self.source.lower() not in f"{c.source} {c.outlet or ''}".lower():
                keep[i] = False
        return keep


def index_scope(store: Store) -> tuple[list[str], date | None, date | None]:
    """What a filter can match in ``store``: its outlets (the file name of an article with none), and
    its first and last publication dates (None when no article is dated)."""
    names = {a.outlet or Path(a.source).name for a in store.articles.values()}
    days = [a.published.date() for a in store.articles.values() if a.published]
    return sorted(names), min(days, default=None), max(days, default=None)


def rrf(rankings: dict[str, list[int]], weights: dict[str, float], k: int) -> dict[int, float]:
    """Reciprocal rank fusion: score(d) = sum over retrievers of weight / (k + rank), ranks from 1."""
    fused: dict[int, float] = {}
    for name, ids in rankings.items():
        w = weights.get(name, 1.0)
        for rank, doc in enumerate(ids, start=1):
            fused[doc] = fused.get(doc, 0.0) + w / (k + rank)
    return fused


class Retriever:
    def __init__(self, store: Store, cfg: RetrievalConfig) -> None:
        if cfg.mode not in MODES:
            raise ConfigError(f"retrieval.mode {cfg.mode!r} is not one of {', '.join(MODES)}")
        self.store = store
        self.cfg = cfg
        self._dates: dict[date, list[int]] = {}
        for c in store.chunks:
            if c.published:
                self._dates.setdefault(c.published.date(), []).append(c.id)

    @property
    def dates(self) -> list[date]:
        """The briefings' publication dates, oldest first."""
        return sorted(self._dates)

    def dense(self, qvec: np.ndarray, n: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        s = self.store
        if not s.chunks:
            return []
        if mask is None:
            set_search_threads()  # OpenMP's count is per thread: set in the one that searches
            scores, ids = s.faiss_index.search(qvec.reshape(1, -1).astype(np.float32), min(n, len(s.chunks)))
            return [(int(i), float(v)) for i, v in zip(ids[0], scores[0], strict=True) if i >= 0]
        allowed = np.flatnonzero(mask)
        if allowed.size == 0:
            return []
        sims = s.vectors[allowed] @ qvec
        top = np.argsort(-sims)[:n]
        return [(int(allowed[j]), float(sims[j])) for j in top]

    def bm25(self, terms: list[str], n: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        s = self.store
        if s.bm25 is None:
            return []
        terms = [t for t in terms if t in s.bm25.vocab_dict]
        if not terms:
            return []
        wm = mask.astype(np.float32) if mask is not None else None
        ids, scores = s.bm25.retrieve(
            [terms], k=min(n, len(s.chunks)), show_progress=False, weight_mask=wm, n_threads=0
        )
        return [(int(i), float(v)) for i, v in zip(ids[0], scores[0], strict=True) if v > 0]

    def search(
        self,
        question: str,
        qvec: np.ndarray | None,
        k: int | None = None,
        filters: Filters | None = None,
        mode: str | None = None,
        expand: list[str] | None = None,
    ) -> list[Hit]:
        """The top ``k`` chunks; ``expand``: more names BM25 looks for (the aliases of the question's subjects)."""
        cfg = self.cfg
        mode = mode or cfg.mode
        if mode not in MODES:
            raise ConfigError(f"retrieval mode {mode!r} is not one of {', '.join(MODES)}")
        k = k or cfg.k
        mask = filters.mask(self.store) if filters else None
        results: dict[str, list[tuple[int, float]]] = {}
        if mode in ("hybrid", "dense"):
            assert qvec is not None
            results["dense"] = self.dense(qvec, cfg.candidates, mask)
        if mode in ("hybrid", "bm25"):
            terms = morphemes(question)
            for form in expand or ():
                terms.extend(t for t in morphemes(form) if t not in terms)
            results["bm25"] = self.bm25(terms, cfg.candidates, mask)
        rankings = {name: [i for i, _ in r] for name, r in results.items()}
        weights = {"dense": cfg.dense_weight, "bm25": cfg.bm25_weight, "date": cfg.date_weight}
        if is_cross_lingual(question):  # an English question matches Korean text only on stray Latin tokens
            weights["bm25"] *= cfg.cross_lingual_bm25_factor
        days = mentioned_dates(question, self._dates)
        if days:  # "11월 14일 브리핑에서 …": that day's chunks, in the order the other retrievers gave them
            on_day = {i for d in days for i in self._dates[d]}
            if mask is not None:
                on_day = {i for i in on_day if mask[i]}
            first = rrf(rankings, weights, cfg.rrf_k)
            rankings["date"] = sorted(on_day, key=lambda i: (-first.get(i, 0.0), i))
        fused = rrf(rankings, weights, cfg.rrf_k)
        order = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        by_name = {name: {i: (pos, v) for pos, (i, v) in enumerate(r, 1)} for name, r in results.items()}
        hits = []
        for rank, cid in enumerate(order, start=1):
            found = {name: got[cid] for name, got in by_name.items() if cid in got}
            scores = {name: v for name, (_, v) in found.items()}
            ranks = {name: pos for name, (pos, _) in found.items()}
            hits.append(Hit(self.store.chunks[cid], fused[cid], rank, scores, ranks))
        return hits


__all__ = ["Retriever", "Filters", "index_scope", "rrf", "MODES"]
