"""A BM25 segment on disk: each term's postings with raw frequencies, and the documents' lengths.

rag/bm25_segments.py reads it and documents the files; what bm25s would precompute (idf, length
normalisation) is left to question time, so that adding a segment never rewrites another.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from rag.bm25_segments import PARAMS, VOCAB

K1, B = 1.5, 0.75  # bm25s's defaults, which index/write.py used when it wrote bm25s's own files


def write_bm25_segment(directory: Path, docs: Iterable[list[str]]) -> int:
    """Write the segment of ``docs`` (each a chunk's terms; a chunk of none counts as the one empty
    term, as it did for bm25s) into ``directory``; return the document count."""
    vocab: dict[str, int] = {}
    cols: list[np.ndarray] = []
    tfs: list[np.ndarray] = []
    lengths: list[int] = []
    for terms in docs:
        terms = terms or [""]
        counts = Counter(vocab.setdefault(t, len(vocab)) for t in terms)
        cols.append(np.fromiter(counts.keys(), np.int32, len(counts)))
        tfs.append(np.fromiter(counts.values(), np.int32, len(counts)))
        lengths.append(len(terms))
    col = np.concatenate(cols) if cols else np.zeros(0, np.int32)
    tf = np.concatenate(tfs) if tfs else np.zeros(0, np.int32)
    doc = np.repeat(np.arange(len(lengths), dtype=np.int32), [len(c) for c in cols])
    write_arrays(directory, list(vocab), col, doc, tf, np.asarray(lengths, np.int32))
    return len(lengths)


def write_arrays(
    directory: Path, terms: list[str], col: np.ndarray, doc: np.ndarray, tf: np.ndarray, lengths: np.ndarray
) -> None:
    """Write a segment from its postings as ``(term column, document row, frequency)`` triples in
    any order, the terms by column and the documents' lengths."""
    order = np.lexsort((doc, col))  # by term, then document
    indptr = np.zeros(len(terms) + 1, np.int64)
    np.cumsum(np.bincount(col, minlength=len(terms)), out=indptr[1:])
    directory.mkdir(parents=True, exist_ok=True)
    np.save(directory / "indptr.npy", indptr)
    np.save(directory / "indices.npy", doc[order].astype(np.int32))
    np.save(directory / "tf.npy", tf[order].astype(np.int32))
    np.save(directory / "doc_len.npy", lengths.astype(np.int32))
    (directory / VOCAB).write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
    params = {"method": "lucene", "k1": K1, "b": B, "num_docs": len(lengths), "total_len": int(lengths.sum())}
    (directory / PARAMS).write_text(json.dumps(params), encoding="utf-8")


__all__ = ["write_arrays", "write_bm25_segment"]
