"""BM25 over the segments of an index, scored at question time from raw term frequencies.

bm25s bakes the collection into every stored score (the idf of each term, the average document
length), so an index that grows by segments cannot keep its scores: each segment (``bm25/`` of the
segment, written by index/bm25_files.py) keeps what does not change when another segment is added,
its terms' postings with their raw frequencies and its documents' lengths (CSC arrays: ``indptr``
by term column, ``indices`` local document rows, ``tf``; ``doc_len``; ``vocab.json``, the column of
each term; ``params.json``: k1, b, the document count and the total length). A question's scores
use the statistics of all segments together: N, each term's document frequency summed over the
segments, and the average length from the totals. The arithmetic is bm25s's (lucene) step for step
(float64 term-frequency part, float32 idf, the product stored as float32), so a term's score for a
document is the very float32 bm25s would have stored for the same documents, however the index was
split into segments; :class:`Bm25Segments` gives them as rag/bm25_read.py's ``term_scores`` does
and inherits its summing and ranking, and tests/test_append.py compares it with bm25s.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .bm25_read import Bm25Index

PARAMS = "params.json"
VOCAB = "vocab.json"
ARRAYS = ("indptr", "indices", "tf", "doc_len")


@dataclass(eq=False)
class Bm25Segment:
    """One segment's postings (memory-mapped), its documents ``offset .. offset + num_docs``."""

    vocab: dict[str, int]
    indptr: np.ndarray
    indices: np.ndarray
    tf: np.ndarray
    doc_len: np.ndarray
    num_docs: int
    total_len: int
    k1: float
    b: float
    offset: int = 0
    _norm: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def load(cls, path: str | Path, offset: int = 0) -> Bm25Segment:
        d = Path(path)
        params = json.loads((d / PARAMS).read_text(encoding="utf-8"))
        if params.get("method") != "lucene":
            raise ValueError(f"BM25 method {params.get('method')!r} is not lucene")
        terms = json.loads((d / VOCAB).read_text(encoding="utf-8"))
        arrays = {n: np.load(d / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in ARRAYS}
        seg = cls(
            {t: i for i, t in enumerate(terms)},
            arrays["indptr"],
            arrays["indices"],
            arrays["tf"],
            arrays["doc_len"],
            int(params["num_docs"]),
            int(params["total_len"]),
            float(params["k1"]),
            float(params["b"]),
            offset,
        )
        problem = seg.problem()
        if problem:
            raise ValueError(problem)
        return seg

    def problem(self) -> str | None:
        """What disagrees between the arrays and the parameters, or None (shapes only: nothing read)."""
        if len(self.indptr) != len(self.vocab) + 1:
            return f"indptr has {len(self.indptr)} entries for {len(self.vocab)} terms"
        if len(self.doc_len) != self.num_docs:
            return f"doc_len has {len(self.doc_len)} entries for {self.num_docs} documents"
        postings = int(self.indptr[-1]) if len(self.indptr) else 0
        if len(self.indices) != postings or len(self.tf) != postings:
            return f"indices/tf hold {len(self.indices)}/{len(self.tf)} postings, indptr ends at {postings}"
        return None

    def column(self, term: str) -> tuple[int, int]:
        c = self.vocab.get(term)
        return (0, 0) if c is None else (int(self.indptr[c]), int(self.indptr[c + 1]))

    def norm(self, avgdl: float) -> np.ndarray:
        """bm25s's ``k1 * ((1 - b) + b * l_d / l_avg)`` for each document (float64), made once."""
        if self._norm is None:
            dl = np.asarray(self.doc_len, dtype=np.float64)
            self._norm = self.k1 * ((1 - self.b) + self.b * dl / avgdl)
        return self._norm


def idf(df: int, n: int) -> np.float32:
    """bm25s's lucene idf, stored as float32 as bm25s stores it."""
    return np.float32(math.log(1 + (n - df + 0.5) / (df + 0.5)))


class SegmentVocab(Mapping[str, int]):
    """The terms of any segment (``t in vocab``: what retrieval asks); the value is the term's
    document frequency over all segments."""

    def __init__(self, segments: Sequence[Bm25Segment]) -> None:
        self._segments = segments
        self._all: dict[str, None] | None = None

    def _union(self) -> dict[str, None]:
        if self._all is None:
            self._all = dict.fromkeys(t for s in self._segments for t in s.vocab)
        return self._all

    def __getitem__(self, term: str) -> int:
        cols = [s.column(term) for s in self._segments if term in s.vocab]
        if not cols:
            raise KeyError(term)
        return sum(e - b for b, e in cols)

    def __contains__(self, term: object) -> bool:
        return any(term in s.vocab for s in self._segments)

    def __len__(self) -> int:
        return len(self._union())

    def __iter__(self) -> Iterator[str]:
        return iter(self._union())


class DocFreqs(Mapping[str, int]):
    """How many chunks hold each BM25 term (summed over the segments); the empty term, which stands
    in for a chunk of no terms, is not a term."""

    def __init__(self, vocab: SegmentVocab) -> None:
        self._vocab = vocab
        self._seen: dict[str, int] = {}

    def __getitem__(self, term: str) -> int:
        got = self._seen.get(term)
        if got is None:
            if not term:
                raise KeyError(term)
            got = self._seen[term] = self._vocab[term]
        return got

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and bool(term) and term in self._vocab

    def __len__(self) -> int:
        return len(self._vocab) - ("" in self._vocab)

    def __iter__(self) -> Iterator[str]:
        return (t for t in self._vocab if t)


class Bm25Segments(Bm25Index):
    """BM25 over ``segments`` (documents numbered across them in order): ``vocab_dict``,
    ``get_scores`` and, from rag/bm25_read.py, ``retrieve``."""

    def __init__(self, segments: Sequence[Bm25Segment]) -> None:
        self.segments = list(segments)
        n = sum(s.num_docs for s in self.segments)
        total = sum(s.total_len for s in self.segments)
        # bm25s: np.array(lengths).mean(); a float64 sum of whole numbers below 2**53 is exact
        self.avgdl = float(np.float64(total) / n) if n else 1.0
        super().__init__(SegmentVocab(self.segments), {"num_docs": n})  # type: ignore[arg-type]
        self.doc_freq = DocFreqs(self.vocab_dict)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: str | Path) -> Bm25Segments:  # type: ignore[override]
        return cls.open([Path(path)])

    @classmethod
    def open(cls, paths: Sequence[str | Path]) -> Bm25Segments:
        """The segments at ``paths``, in document order."""
        segments, offset = [], 0
        for p in paths:
            seg = Bm25Segment.load(p, offset)
            segments.append(seg)
            offset += seg.num_docs
        return cls(segments)

    def term_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Document ids (ascending) holding ``term`` and their float32 scores: bm25s's stored column."""
        n = self.scores["num_docs"]
        if not term:  # the empty term stands in for a chunk of no terms: bm25s gives it no column
            return np.zeros(0, np.int64), np.zeros(0, self.dtype)
        cols = [(s, *s.column(term)) for s in self.segments]
        df = sum(e - b for _, b, e in cols)
        if not df:
            return np.zeros(0, np.int64), np.zeros(0, self.dtype)
        w = np.float64(idf(df, n))
        ids, out = [], []
        for s, b, e in cols:
            if e == b:
                continue
            local = s.indices[b:e]
            tf = s.tf[b:e]
            x = np.take(s.norm(self.avgdl), local)  # float64: tf / (norm + tf) * idf, rounded as bm25s rounds
            np.add(x, tf, out=x)
            np.divide(tf, x, out=x)
            np.multiply(x, w, out=x)
            out.append(x.astype(self.dtype))
            ids.append(local.astype(np.int64) + s.offset if s.offset else local.astype(np.int64))
        if len(out) == 1:
            return ids[0], out[0]
        return np.concatenate(ids), np.concatenate(out)

    def get_scores(self, terms: list[str], weight_mask: np.ndarray | None = None) -> np.ndarray:
        """Every document's score for ``terms`` (unknown terms count for nothing), summed in float32
        in query order as bm25s sums its columns."""
        out = np.zeros(self.scores["num_docs"], dtype=self.dtype)
        for t in terms:
            ids, s = self.term_scores(t)
            np.add.at(out, ids, s)
        if weight_mask is not None:
            out *= weight_mask
        return out


__all__ = ["ARRAYS", "PARAMS", "VOCAB", "Bm25Segment", "Bm25Segments", "DocFreqs", "idf"]
