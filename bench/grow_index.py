"""Indexes grown to N chunks from a small real one, for bench/ask_scale.py (nothing is encoded).

A base index is built once (the only encoding) from tests/fixtures/briefings and data/briefings;
size N repeats its articles and chunks. Replica r of an article is published ``r * 365 // replicas``
days earlier (the replicas span a year), has the source ``<file>#rep<r>`` and one of four outlets, so
a 30-day filter keeps ~8% of the chunks, a 240-day one ~66%, a source filter 25% (the bench reports
the share each kept, ``kept``). The directory is written by the real writers (index/store_files.py's
records, arrays and summary; index/dense_files.py's flat FAISS index; index/bm25_files.py's BM25 segment of the repeated terms),
streamed so that a million chunks fit in a few GB; the HNSW variant is the same directory with
``dense.faiss`` built as HNSW from ``vectors.npy`` (index/dense_files.py).

Chunk vectors (``vectors="real"``, the bench's default): replica 0 keeps the real vectors, replica
r > 0 of chunk i is chunk i's real vector plus a random unit vector times 0.5, renormalised (cosine
~0.89 to the real one), so neighbourhoods look like real ones; ``"random"``: random unit vectors
(timing only: neighbours mean nothing). Sentence vectors: the real rows, repeated.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
OUTLETS = ("연합뉴스", "SBS Biz", "한국경제", "매일경제")


def build_base(workdir: Path) -> Path:
    from index import build_index
    from rag.config import load_config

    base = workdir / "base"
    if not (base / "manifest.json").exists():
        cfg = load_config(REPO / "config.yaml")
        build_index([REPO / "tests" / "fixtures" / "briefings", REPO / "data" / "briefings"], base, cfg)
    return base


BLOCK = 200_000  # chunks whose vectors are made and written at a time


def _plan(
    articles: list[Any], by_article: dict[str, list[int]], n: int
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Which base chunk each of the ``n`` chunks repeats, and the (replica, base article) of each
    article written, in order."""
    rows: list[int] = []
    arts: list[tuple[int, int]] = []
    r = 0
    while len(rows) < n:
        for k, a in enumerate(articles):
            if len(rows) >= n:
                break
            arts.append((r, k))
            rows.extend(by_article.get(a.id, [])[: n - len(rows)])
        r += 1
        if r > n + 1:
            raise ValueError("the base index has no chunks to repeat")
    return np.asarray(rows, dtype=np.int64), arts


def grow(base: Path, out: Path, n: int, vectors: str, seed: int = 0) -> None:
    """Write an index of ``n`` chunks at ``out`` by repeating ``base`` (see the module docstring).

    Records are streamed and the vectors written in blocks of :data:`BLOCK` chunks, so memory stays
    a few GB at a million chunks (the BM25 postings are gathered as int32 arrays)."""
    from index.bm25_files import write_bm25_segment
    from index.dense_files import write_faiss
    from index.store_files import write_chunk_files
    from index.write import list_files
    from rag import store as fmt
    from rag.store import article_to_record, load_store
    from rag.types import chunk_to_record

    src = load_store(base)
    articles = list(src.articles.values())
    pairs = list(zip(src.chunks, src.extras, strict=True))
    by_article: dict[str, list[int]] = {}
    for c, _ in pairs:
        by_article.setdefault(c.article_id, []).append(c.id)
    rows, arts = _plan(articles, by_article, n)
    replicas = arts[-1][0] + 1
    shift = [timedelta(days=r * 365 // replicas) for r in range(replicas)]

    def moved(a: Any, r: int) -> dict[str, Any]:
        pub = (a.published - shift[r]).isoformat() if a.published else None
        return {
            "id": f"{a.id}~{r}",
            "source": f"{a.source}#rep{r}",
            "published": pub,
            "outlet": OUTLETS[r % 4],
        }

    def article_records() -> Any:
        for r, k in arts:
            yield dict(article_to_record(articles[k]), **moved(articles[k], r))

    def chunk_records() -> Any:
        j = 0
        for r, k in arts:
            change = dict(moved(articles[k], r))
            change["article_id"] = change.pop("id")
            for cid in by_article.get(articles[k].id, []):
                if j >= n:
                    return
                c, x = pairs[cid]
                yield dict(chunk_to_record(c), **x.record(), **change)
                j += 1

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    counts = write_chunk_files(out, article_records(), chunk_records())
    dim = src.vectors.shape[1]
    rng = np.random.default_rng(seed)
    cvec = np.lib.format.open_memmap(out / fmt.VECTORS, mode="w+", dtype=np.float32, shape=(n, dim))
    first_copy = len(pairs)  # replica 0 keeps the real vectors
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        v = np.asarray(src.vectors[rows[lo:hi]], dtype=np.float32)
        if vectors == "random":
            v = rng.standard_normal(v.shape).astype(np.float32)
        else:
            noise = rng.standard_normal(v.shape).astype(np.float32)
            noise /= np.linalg.norm(noise, axis=1, keepdims=True)
            v = v + 0.5 * noise * (np.arange(lo, hi) >= first_copy)[:, None]
        cvec[lo:hi] = v / np.linalg.norm(v, axis=1, keepdims=True)
    cvec.flush()
    del cvec
    base_off = np.asarray([x.sent_offset for _, x in pairs] + [len(src.sentence_vectors)], dtype=np.int64)
    lens = base_off[1:][rows] - base_off[:-1][rows]
    svec = np.lib.format.open_memmap(
        out / fmt.SENTENCE_VECTORS, mode="w+", dtype=src.sentence_vectors.dtype, shape=(int(lens.sum()), dim)
    )
    at = 0
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        idx = np.concatenate([np.arange(base_off[c], base_off[c + 1]) for c in rows[lo:hi]])
        svec[at : at + len(idx)] = src.sentence_vectors[idx]
        at += len(idx)
    svec.flush()
    del svec
    write_faiss(out / fmt.FAISS, np.load(out / fmt.VECTORS, mmap_mode="r"), "flat")
    write_bm25_segment(out / fmt.BM25_DIR, (pairs[c][1].terms for c in rows))
    sources = {
        f"{articles[k].source}#rep{r}": {
            "sha256": "synthetic", "bytes": 0, "article_ids": [f"{articles[k].id}~{r}"], "chunks": 0
        }
        for r, k in arts
    }  # fmt: skip
    manifest = dict(src.manifest, faiss="flat", sources=sources, segments=[{"dir": "", **counts}], next_segment=1)
    manifest["counts"] = {"sources": len(sources), **counts}
    manifest["files"] = list_files(out)
    (out / fmt.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def hnsw_copy(flat_dir: Path, out: Path) -> None:
    """``flat_dir`` with an HNSW ``dense.faiss`` built from its vectors (other files hard-linked)."""
    from index.dense_files import faiss_record, write_faiss
    from rag.config import IndexConfig

    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(flat_dir, out, copy_function=os.link)
    cfg = IndexConfig(faiss="hnsw")
    (out / "dense.faiss").unlink()
    write_faiss(
        out / "dense.faiss",
        np.load(out / "vectors.npy", mmap_mode="r"),
        "hnsw",
        cfg.hnsw_m,
        cfg.hnsw_ef_search,
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(faiss_record(cfg, manifest["counts"]["chunks"]))
    manifest["files"]["dense.faiss"] = {"bytes": (out / "dense.faiss").stat().st_size}
    (out / "manifest.json").unlink()
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


__all__ = ["OUTLETS", "build_base", "grow", "hnsw_copy"]
