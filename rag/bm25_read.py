"""The index's BM25 read without importing bm25s (index/write.py writes it with bm25s).

``import bm25s`` brings numba and scipy: 0.4-1.3 s of a ``rag ask`` that answers in its own process,
more than the rest of the index load on small indexes. Answering needs only what bm25s saved: each
term's column of precomputed BM25 scores (CSC arrays ``data``/``indices``/``indptr``), the vocabulary
and the parameters. :class:`Bm25Index` scores a question as bm25s's own numpy path does (the query's
columns added into float32 scores in query order, the weight mask applied, the top k by
``argpartition``, then ``argsort`` reversed), so it returns what ``bm25s.BM25.retrieve`` returns:
tests/test_bm25_read.py compares the two on real and random indexes.

Retrieval itself calls :meth:`Bm25Index.top`, which scores only the documents the query's terms occur
in (the same float32 sums, bitwise) and ranks only those: ``retrieve`` fills and ranks an array of every
document, 35 ms a question at a million chunks.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

NONOCCURRENCE = ("bm25l", "bm25+")  # the methods whose absent terms still score (a saved array)
DENSE_SHARE = 8  # postings at least 1/DENSE_SHARE of the documents: scored in an array of them all
TERM_CACHE_POSTINGS = 4_000_000  # postings of recently asked terms kept for top() (12 bytes each)

Postings = tuple[np.ndarray, np.ndarray]  # a term's documents and their scores


class TermCache:
    """The postings of recently asked terms, ``limit`` postings in all, the least recently asked
    dropped first; a term with more than ``limit`` postings is not kept. A loaded index never changes
    (a reload makes a new one), so a kept term's scores stay right; the arrays are read-only."""

    def __init__(self, limit: int = TERM_CACHE_POSTINGS) -> None:
        self.limit = limit
        self._kept: OrderedDict[str, Postings] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, term: str, make: Callable[[str], Postings]) -> Postings:
        with self._lock:
            got = self._kept.get(term)
            if got is not None:
                self._kept.move_to_end(term)
                return got
        docs, scores = make(term)
        docs, scores = np.asarray(docs), np.asarray(scores)
        docs.flags.writeable = scores.flags.writeable = False  # shared by every question from now on
        if len(docs) <= self.limit:
            with self._lock:
                if term not in self._kept:
                    self._kept[term] = (docs, scores)
                    self._size += len(docs)
                while self._size > self.limit:
                    _, (old, _) = self._kept.popitem(last=False)
                    self._size -= len(old)
        return docs, scores


class Bm25Index:
    """The parts of ``bm25s.BM25`` that retrieval reads: ``vocab_dict``, ``scores`` and ``retrieve``."""

    def __init__(
        self,
        vocab_dict: dict[str, int],
        scores: dict[str, Any],
        dtype: str = "float32",
        int_dtype: str = "int32",
        nonoccurrence: np.ndarray | None = None,
    ) -> None:
        self.vocab_dict = vocab_dict
        self.scores = scores
        self.dtype = np.dtype(dtype)
        self.int_dtype = np.dtype(int_dtype)
        self.nonoccurrence = nonoccurrence
        self.term_cache = TermCache()

    @classmethod
    def load(cls, path: str | Path) -> Bm25Index:
        """The index bm25s saved in ``path``, its arrays memory-mapped (as ``bm25s.BM25.load(mmap=True)``)."""
        d = Path(path)
        params = json.loads((d / "params.index.json").read_text(encoding="utf-8"))
        vocab = json.loads((d / "vocab.index.json").read_text(encoding="utf-8"))
        scores: dict[str, Any] = {
            name: np.load(d / f"{name}.csc.index.npy", mmap_mode="r", allow_pickle=False)
            for name in ("data", "indices", "indptr")
        }
        scores["num_docs"] = params["num_docs"]
        nonoccurrence = None
        if params.get("method") in NONOCCURRENCE:
            nonoccurrence = np.load(d / "nonoccurrence_array.index.npy", allow_pickle=False)
        return cls(
            vocab, scores, params.get("dtype", "float32"), params.get("int_dtype", "int32"), nonoccurrence
        )

    def get_scores(self, terms: list[str], weight_mask: np.ndarray | None = None) -> np.ndarray:
        """Every document's score for ``terms``. Terms not in the vocabulary count for nothing, and so does
        the empty term bm25s adds to it without a column (bm25s itself raises ValueError for it)."""
        data, indices, indptr = self.scores["data"], self.scores["indices"], self.scores["indptr"]
        columns = len(indptr) - 1
        kept = [i for i in (self.vocab_dict.get(t, columns) for t in terms) if i < columns]
        ids = np.asarray(kept, dtype=self.int_dtype)
        out = np.zeros(self.scores["num_docs"], dtype=self.dtype)
        for start, end in zip(indptr[ids], indptr[ids + 1], strict=True):
            np.add.at(out, indices[start:end], data[start:end])
        if self.nonoccurrence is not None:
            out += self.nonoccurrence[ids].sum()
        if weight_mask is not None:
            out *= weight_mask
        return out

    def top(self, terms: list[str], k: int, keep: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` documents with the best positive scores for ``terms``, best first, equal scores in
        id order: (ids as int64, scores). With ``keep`` (boolean, one per document) only those it keeps.

        A score is bitwise what :meth:`get_scores` gives, and the list is ``get_scores``'s positive
        scores sorted by (score descending, id) and cut to ``k``. The documents are found from the terms'
        postings: when those are fewer than 1/:data:`DENSE_SHARE` of the documents, only the documents
        they list are scored, looked up in ``keep`` and ranked (the cost is the postings'); else the
        scores are added into an array of every document, then as cheap. (``retrieve``, as bm25s,
        orders equal scores as ``argpartition`` leaves them.) A term's postings come from
        :attr:`term_cache` when asked recently (common words recur across questions, and a subject's
        names in its fact search)."""
        if k < 1:
            return np.zeros(0, np.int64), np.zeros(0, self.dtype)
        if keep is not None and (keep.ndim != 1 or len(keep) != self.scores["num_docs"]):
            raise ValueError("keep must be a 1D array with one entry per document")
        n = self.scores["num_docs"]
        if self.nonoccurrence is not None:  # bm25l, bm25+: an absent term scores too, every document counts
            return _best_of_all(self.get_scores(terms), k, keep)
        cached = self.term_cache.get
        parts = [p for p in (cached(t, self.term_scores) for t in terms if t) if len(p[0])]
        if sum(len(d) for d, _ in parts) * DENSE_SHARE >= n:  # most documents: an array of them all
            acc = np.zeros(n, dtype=self.dtype)
            for d, v in parts:
                np.add.at(acc, d, v)
            return _best_of_all(acc, k, keep)
        if len(parts) == 1:
            docs, scores = parts[0]
        elif parts:  # each document once, its scores added in query order (add.at goes in order)
            docs, inverse = np.unique(np.concatenate([d for d, _ in parts]), return_inverse=True)
            scores = np.zeros(len(docs), dtype=self.dtype)
            np.add.at(scores, inverse, np.concatenate([v for _, v in parts]))
        else:
            docs, scores = np.zeros(0, np.int64), np.zeros(0, self.dtype)
        positive = scores > 0
        if keep is not None:
            positive &= keep[docs]
        return _best(docs[positive], scores[positive], k)

    def term_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding ``term`` (integer ids) and its score for each: its column; nothing for
        an unknown term or the column-less empty term."""
        c = self.vocab_dict.get(term)
        indptr = self.scores["indptr"]
        if c is None or c >= len(indptr) - 1:
            return np.zeros(0, np.int64), np.zeros(0, self.dtype)
        s, e = int(indptr[c]), int(indptr[c + 1])
        return np.asarray(self.scores["indices"][s:e]), np.asarray(self.scores["data"][s:e], self.dtype)

    def retrieve(
        self, queries: list[list[str]], k: int = 10, weight_mask: np.ndarray | None = None, **_: Any
    ) -> tuple[np.ndarray, np.ndarray]:
        """Document ids and scores, best first, ``k`` per query: shape (len(queries), k) each.

        Other keywords of ``bm25s.BM25.retrieve`` (``show_progress``, ``n_threads``) are accepted and
        change nothing."""
        if weight_mask is not None and (weight_mask.ndim != 1 or len(weight_mask) != self.scores["num_docs"]):
            raise ValueError("weight_mask must be a 1D array with one weight per document")
        ids, scores = [], []
        for terms in queries:
            s = (
                self.get_scores(terms, weight_mask)
                if terms
                else np.zeros(self.scores["num_docs"], self.dtype)
            )
            top = np.argpartition(s, -k)[-k:]
            top_scores = np.take(s, top)
            order = np.flip(np.argsort(top_scores))
            ids.append(top[order])
            scores.append(top_scores[order])
        return np.array(ids), np.array(scores)


def _best_of_all(acc: np.ndarray, k: int, keep: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """:meth:`Bm25Index.top` of ``acc``, every document's score (changed in place). Mostly positive
    scores are cut at the k-th best in place; mostly zeros (a narrow filter) are dropped first, as a
    partition over many equal values is slow (measured: 0.2-0.3 s over a million scores, 95% of them
    zero, on the shared 2-core machine)."""
    if keep is not None:
        np.multiply(acc, keep, out=acc)
    positive = acc > 0
    if np.count_nonzero(positive) <= max(k, len(acc) // 2):
        docs = np.flatnonzero(positive)
        return _best(docs, acc[docs], k)
    kth = np.partition(acc, len(acc) - k)[len(acc) - k]  # positive: more than k scores are
    docs = np.flatnonzero(acc >= kth)  # every document scoring at least the k-th best, ties included
    return _best(docs, acc[docs], k)


def _best(docs: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best of ``docs`` by (score descending, id): (ids as int64, scores)."""
    if len(scores) > k:  # the k-th best score; every document scoring at least that, ties included
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        docs, scores = docs[scores >= kth], scores[scores >= kth]
    order = np.lexsort((docs, -scores))[:k]
    return docs[order].astype(np.int64), scores[order]


__all__ = ["Bm25Index", "TermCache"]
