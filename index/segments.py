"""The segments of an index that grows by appends: which ones an append merges, and the file work.

An append writes its records as a new segment. So that a question does not visit a segment per
upload, the new segment absorbs the last ones while they are not larger than it (:func:`plan_fold`):
segment sizes then fall from first to last, about halving, so there are at most ~log2(N / added)
of them, and each chunk is copied again only when the segments after it have grown to its size
(O(log N) times in all: an add costs what it adds, times a logarithm, amortised). Merging copies
bytes and arrays (records keep their ids: chunk ids and rows run on across segments), never parses;
an HNSW graph of the merged segment is built from its vectors.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag import store as fmt
from rag.bm25_segments import Bm25Segment
from rag.indexdir import damaged

from .bm25_files import write_arrays


@dataclass(frozen=True)
class Fold:
    """An append's segments: ``kept`` as they are, ``folded`` merged with the new rows into ``dir``."""

    kept: list[dict[str, Any]]
    folded: list[dict[str, Any]]
    dir: str


def plan_fold(segments: Sequence[dict[str, Any]], added_chunks: int, next_segment: int) -> Fold:
    """Which tail ``segments`` (the manifest's) a new segment of ``added_chunks`` chunks absorbs."""
    k, size = len(segments), added_chunks
    while k > 0 and segments[k - 1]["chunks"] <= size:
        k -= 1
        size += segments[k]["chunks"]
    folded = list(segments[k:])
    name = "" if k == 0 else f"{fmt.SEGMENTS}/{next_segment:06d}"
    return Fold(list(segments[:k]), folded, name)


def _link(src: str | Path, dst: str | Path) -> None:
    """A hard link; a copy where the file system has none (then the append writes the index again)."""
    try:
        os.link(src, dst)
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK, errno.EOPNOTSUPP):
            raise
        shutil.copy2(src, dst)


def _link_tree(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, copy_function=_link)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        _link(src, dst)


def link_segments(index_dir: Path, tmp: Path, kept: Sequence[dict[str, Any]], graphs: bool) -> None:
    """Hard-link the files of the ``kept`` segments of ``index_dir`` into ``tmp`` (no byte copied),
    with their HNSW graphs when ``graphs``."""
    for seg in kept:
        for name in (*fmt.SEGMENT_FILES, fmt.FAISS) if graphs else fmt.SEGMENT_FILES:
            rel = fmt.segment_file(seg["dir"], name)
            _link_tree(index_dir / rel, tmp / rel)


def _cat_rows(srcs: Sequence[Path], out: Path, name: str, rows_name: str) -> None:
    """JSONL files one after the other, with their row arrays shifted by the bytes before them."""
    rows, at = [], 0
    with open(out / name, "wb") as fh:
        for d in srcs:
            with open(d / name, "rb") as src:
                shutil.copyfileobj(src, fh, 1 << 22)
            r = np.load(d / rows_name).astype(np.int64).reshape(-1, 3)
            rows.append(r + np.asarray([at, at, 0], np.int64))
            at += (d / name).stat().st_size
    np.save(out / rows_name, np.concatenate(rows) if rows else np.zeros((0, 3), np.int64))


def _merge_bm25(srcs: Sequence[Path], out: Path) -> None:
    """BM25 segments as one: the vocabulary in order of first use, postings re-sorted by term."""
    vocab: dict[str, int] = {}
    cols, docs, tfs, lens = [], [], [], []
    offset = 0
    for d in srcs:
        seg = Bm25Segment.load(d / fmt.BM25_DIR)
        remap = np.asarray([vocab.setdefault(t, len(vocab)) for t in seg.vocab], np.int64)
        per_col = np.diff(np.asarray(seg.indptr))
        cols.append(np.repeat(remap, per_col))
        docs.append(np.asarray(seg.indices, np.int64) + offset)
        tfs.append(np.asarray(seg.tf))
        lens.append(np.asarray(seg.doc_len))
        offset += seg.num_docs
    write_arrays(out, list(vocab), np.concatenate(cols), np.concatenate(docs), np.concatenate(tfs),
                 np.concatenate(lens))  # fmt: skip


def merge_segments(
    srcs: Sequence[Path],
    out: Path,
    index_dir: Path | None = None,
    dense: Callable[[Path, np.ndarray], None] | None = None,
) -> None:
    """The segment folders ``srcs`` (in row order) as one segment at ``out`` (which may be the index
    folder itself, for segment 0); a single source folder is moved there. The vectors copied are
    checked for NaN as index/previous.py checks the rows it copies (``index_dir``: the index named
    in the error; loading maps vectors without reading them). ``dense(path, vectors)`` writes the
    merged segment's HNSW graph (built again from its vectors: FAISS cannot join two)."""
    if len(srcs) == 1 and not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        os.rename(srcs[0], out)
        return
    out.mkdir(parents=True, exist_ok=True)
    _cat_rows(srcs, out, fmt.ARTICLES, fmt.ARTICLE_ROWS)
    _cat_rows(srcs, out, fmt.CHUNKS, fmt.CHUNK_ROWS)
    for name in (fmt.VECTORS, fmt.SENTENCE_VECTORS):
        parts = [np.load(d / name, mmap_mode="r") for d in srcs]
        for d, arr in zip(srcs, parts, strict=True):
            if not np.isfinite(arr).all():
                where = (
                    d.relative_to(index_dir).as_posix()
                    if index_dir and d.is_relative_to(index_dir)
                    else d.name
                )
                raise damaged(index_dir or d, f"{fmt.segment_file(where if where != '.' else '', name)} holds "
                              "non-numbers (NaN or infinity)")  # fmt: skip
        np.save(out / name, np.concatenate(parts))
    if dense is not None:
        dense(out / fmt.FAISS, np.load(out / fmt.VECTORS, mmap_mode="r"))
    _merge_bm25(srcs, out / fmt.BM25_DIR)


__all__ = ["Fold", "link_segments", "merge_segments", "plan_fold"]
