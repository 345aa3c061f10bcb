"""Hybrid retrieval: dense (FAISS) and BM25 (Kiwi morphemes), fused with reciprocal rank fusion.

Filters (rag/filters.py) restrict both sides without copying: FAISS through an ID selector, BM25 by
looking up the chunks its terms occur in; the mask comes from arrays made once per loaded index."""

from __future__ import annotations

from datetime import date

import numpy as np

from .config import RetrievalConfig
from .dense import search as dense_search
from .errors import ConfigError
from .filters import Filters
from .korean import morphemes
from .query import is_cross_lingual, mentioned_dates
from .store import Store
from .threads import set_search_threads
from .types import Hit

MODES = ("hybrid", "dense", "bm25")


def index_scope(store: Store) -> tuple[list[str], date | None, date | None]:
    """What a filter can match in ``store``: its outlets (the file name of an article with none), and
    its first and last publication dates (None when no article is dated); from its summary.json."""
    s = store.summary
    return list(s.outlets), s.first_day, s.last_day


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

    @property
    def dates(self) -> list[date]:
        """The briefings' publication dates, oldest first."""
        return list(self.store.summary.chunk_days)

    def on_days(self, days: set[date]) -> np.ndarray:
        """The ids of the chunks published on ``days`` (from the per-chunk date array)."""
        wanted = np.asarray([d.toordinal() for d in days], dtype=np.int32)
        return np.flatnonzero(np.isin(self.store.chunk_meta.days, wanted))

    def dense(self, qvec: np.ndarray, n: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        """FAISS search; a filter's ``mask`` reaches FAISS as an ID selector (see rag/dense.py)."""
        if not len(self.store.chunks):
            return []
        set_search_threads()  # OpenMP's count is per thread: set in the one that searches
        return dense_search(self.store.faiss_index, qvec, n, mask)

    def bm25(self, terms: list[str], n: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        """The ``n`` best chunks with a positive BM25 score for ``terms`` (those ``mask`` keeps), best
        first, equal scores in id order; only the chunks the terms occur in are scored (rag/bm25_read.py)."""
        s = self.store
        if s.bm25 is None:
            return []
        ids, scores = s.bm25.top(terms, min(n, len(s.chunks)), mask)
        return list(zip(ids.tolist(), scores.tolist(), strict=True))

    def lexical(
        self,
        question: str,
        filters: Filters | None = None,
        mode: str | None = None,
        expand: list[str] | None = None,
    ) -> list[tuple[int, float]] | None:
        """BM25's candidates for ``question`` (its morphemes and those of ``expand``), or None in dense
        mode: what ``search`` fuses with the dense ones, which needs no question vector (``RAG.ask``
        finds them while the question is embedded)."""
        mode = self._mode(mode)
        if mode not in ("hybrid", "bm25"):
            return None
        terms = morphemes(question)
        for form in expand or ():
            terms.extend(t for t in morphemes(form) if t not in terms)
        return self.bm25(terms, self.cfg.candidates, filters.mask(self.store) if filters else None)

    def _mode(self, mode: str | None) -> str:
        mode = mode or self.cfg.mode
        if mode not in MODES:
            raise ConfigError(f"retrieval mode {mode!r} is not one of {', '.join(MODES)}")
        return mode

    def search(
        self,
        question: str,
        qvec: np.ndarray | None,
        k: int | None = None,
        filters: Filters | None = None,
        mode: str | None = None,
        expand: list[str] | None = None,
        lexical: list[tuple[int, float]] | None = None,
        named: bool = False,
    ) -> list[Hit]:
        """The top ``k`` chunks; ``expand``: more names BM25 looks for (the aliases of the question's
        subjects); ``lexical``: BM25's candidates found beforehand by :meth:`lexical` with the same
        arguments (else found here); ``named``: an English question's names were found as Hangul names the
        stories write (in ``expand``), which BM25 looks for at its full weight."""
        cfg = self.cfg
        mode = self._mode(mode)
        k = k or cfg.k
        mask = filters.mask(self.store) if filters else None
        results: dict[str, list[tuple[int, float]]] = {}
        if mode in ("hybrid", "dense"):
            assert qvec is not None
            results["dense"] = self.dense(qvec, cfg.candidates, mask)
        if mode in ("hybrid", "bm25"):
            bm25 = lexical if lexical is not None else self.lexical(question, filters, mode, expand)
            results["bm25"] = bm25 or []
        rankings = {name: [i for i, _ in r] for name, r in results.items()}
        weights = {"dense": cfg.dense_weight, "bm25": cfg.bm25_weight, "date": cfg.date_weight}
        if is_cross_lingual(question) and not named:
            # an English question matches Korean text only on stray Latin tokens, unless its names were
            # found as the briefings write them in Hangul ("Angel Robotics": 엔젤로보틱스), which BM25 looks for
            weights["bm25"] *= cfg.cross_lingual_bm25_factor
        days = mentioned_dates(question, self.store.summary.chunk_days)
        if days:  # "11월 14일 브리핑에서 …": that day's chunks, in the order the other retrievers gave them
            ids = self.on_days(days)
            on_day = {int(i) for i in (ids[mask[ids]] if mask is not None else ids)}
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
