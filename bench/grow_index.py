"""Indexes grown to N chunks from a small real one, for bench/ask_scale.py (nothing is encoded).

A base index is built once (the only encoding) from tests/fixtures/briefings and data/briefings;
size N repeats its articles and chunks. Replica r of an article is published ``r * 365 // replicas``
days earlier (the replicas span a year), has the source ``<file>#rep<r>`` and one of four outlets, so
a 30-day filter keeps ~8% of the chunks, a 240-day one ~66%, a source filter 25% (the bench reports
the share each kept, ``kept``). The directory is written by index/write.py's ``write_index`` (the
real writer: BM25 over the repeated terms, a flat FAISS index); the HNSW variant is the same
directory with ``dense.faiss`` built as HNSW from ``vectors.npy`` (index/dense_files.py).

Chunk vectors (``vectors="real"``, the bench's default): replica 0 keeps the real vectors, replica
r > 0 of chunk i is chunk i's real vector plus a random unit vector times 0.5, renormalised (cosine
~0.89 to the real one), so neighbourhoods look like real ones; ``"random"``: random unit vectors
(timing only: neighbours mean nothing). Sentence vectors: the real rows, repeated.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timedelta
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


def grow(base: Path, out: Path, n: int, vectors: str, seed: int = 0) -> None:
    """Write an index of ``n`` chunks at ``out`` by repeating ``base`` (see the module docstring)."""
    from index.write import write_index

    manifest = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
    articles = [
        json.loads(x) for x in (base / "articles.jsonl").read_text(encoding="utf-8").splitlines() if x
    ]
    chunks = [json.loads(x) for x in (base / "chunks.jsonl").read_text(encoding="utf-8").splitlines() if x]
    vec = np.load(base / "vectors.npy")
    svec = np.load(base / "sentences.npy")
    rng = np.random.default_rng(seed)
    by_article: dict[str, list[int]] = {}
    for c in chunks:
        by_article.setdefault(c["article_id"], []).append(c["id"])
    out_articles: list[dict[str, Any]] = []
    out_chunks: list[dict[str, Any]] = []
    rows: list[int] = []
    sources: dict[str, Any] = {}
    r = 0
    replicas = -(-n // max(1, len(chunks)))
    while len(out_chunks) < n:
        shift = timedelta(days=r * 365 // replicas)
        for a in articles:
            if len(out_chunks) >= n:
                break
            pub = (datetime.fromisoformat(a["published"]) - shift).isoformat() if a["published"] else None
            src = f"{a['source']}#rep{r}"
            aid = f"{a['id']}~{r}"
            out_articles.append(dict(a, id=aid, source=src, published=pub, outlet=OUTLETS[r % 4]))
            sources[src] = {"sha256": "synthetic", "bytes": 0, "article_ids": [aid], "chunks": 0}
            for cid in by_article.get(a["id"], [])[: n - len(out_chunks)]:
                c = chunks[cid]
                out_chunks.append(
                    dict(
                        c,
                        id=len(out_chunks),
                        article_id=aid,
                        source=src,
                        published=pub,
                        outlet=OUTLETS[r % 4],
                    )
                )
                rows.append(cid)
        r += 1
    offset, srows = 0, []
    for rec, cid in zip(out_chunks, rows, strict=True):
        rec["sent_offset"] = offset
        first = chunks[cid]["sent_offset"]
        srows.extend(range(first, first + len(rec["sentences"])))
        offset += len(rec["sentences"])
    chunk_vecs = vec[rows]
    if vectors == "random":
        chunk_vecs = rng.standard_normal(chunk_vecs.shape).astype(np.float32)
    else:
        noise = rng.standard_normal(chunk_vecs.shape).astype(np.float32)
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        first_copy = np.arange(len(rows)) < len(chunks)  # replica 0 keeps the real vectors
        chunk_vecs = chunk_vecs + 0.5 * noise * (~first_copy)[:, None]
    chunk_vecs /= np.linalg.norm(chunk_vecs, axis=1, keepdims=True)
    counts = {
        "sources": len(sources),
        "articles": len(out_articles),
        "chunks": len(out_chunks),
        "sentences": offset,
    }
    manifest = dict(manifest, counts=counts, sources=sources, faiss="flat")
    write_index(out, manifest, out_articles, out_chunks, chunk_vecs, svec[srows])


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
