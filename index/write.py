"""Writing an index directory atomically: everything goes to a temporary sibling, which is then
swapped into place in one step, so a crash at any moment leaves the previous index intact."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from rag import store as fmt
from rag.errors import RagError


class IndexLockedError(RagError):
    """Another build is writing the same index."""


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """An exclusive lock on ``<index>.lock`` so two builds never write the same index at once."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = index_dir.with_name(index_dir.name + ".lock")
    with open(lock_path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise IndexLockedError(f"another build is writing {index_dir}: wait for it to finish") from e
        yield


def _dump_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def _fsync_tree(root: Path) -> None:
    for p in [*root.rglob("*"), root]:
        flags = os.O_RDONLY | (os.O_DIRECTORY if p.is_dir() else 0)
        fd = os.open(p, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_index(
    index_dir: Path,
    manifest: dict[str, Any],
    articles: list[dict[str, Any]],
    chunks: list[dict[str, Any]],
    vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    faiss_kind: str = "flat",
    hnsw_m: int = 32,
    hnsw_ef_search: int = 128,
) -> None:
    import bm25s
    import faiss

    index_dir = Path(index_dir)
    tmp = index_dir.with_name(f"{index_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        _dump_jsonl(tmp / fmt.ARTICLES, articles)
        _dump_jsonl(tmp / fmt.CHUNKS, chunks)
        np.save(tmp / fmt.VECTORS, vectors.astype(np.float32))
        np.save(tmp / fmt.SENTENCE_VECTORS, sentence_vectors.astype(np.float32))
        dim = int(manifest["embedder"]["dim"])
        index: Any
        if faiss_kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efSearch = hnsw_ef_search
        else:
            index = faiss.IndexFlatIP(dim)
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        faiss.write_index(index, str(tmp / fmt.FAISS))
        bm25 = bm25s.BM25()
        if chunks:
            bm25.index([c["terms"] or [""] for c in chunks], show_progress=False)
        bm25.save(str(tmp / fmt.BM25_DIR), show_progress=False)
        (tmp / fmt.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_tree(tmp)
        swap_into_place(tmp, index_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE) where the OS has it."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd = -100
    rc = fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), _RENAME_EXCHANGE)
    return rc == 0


def swap_into_place(new: Path, target: Path) -> None:
    """Make ``new`` become ``target``; the old ``target`` (if any) is removed afterwards."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):  # now `new` holds the old index
        shutil.rmtree(new, ignore_errors=True)
        return
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def clean_stale(index_dir: Path) -> None:
    """Remove temporaries a killed build left behind; restore an index caught mid-swap."""
    parent = index_dir.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f"{index_dir.name}.old-*"))
    if olds and not index_dir.exists():
        os.rename(olds[-1], index_dir)
        olds = olds[:-1]
    for p in [*parent.glob(f"{index_dir.name}.tmp-*"), *olds]:
        shutil.rmtree(p, ignore_errors=True)
