"""The dense files of an index directory: the vectors' storage types and which FAISS index it gets.

Sentence vectors are stored as float16 (:data:`VECTOR_DTYPES`, recorded in the manifest's
``vectors``): on eval/datasets/dev.jsonl every retrieval and answer metric, and every answer, was the
same as with float32 (`python -m eval compare`, same index with sentences.npy cast), at half the disk
and page cache. Chunk vectors stay float32: FAISS searches them as they are.

``index.faiss: auto`` (the default) picks an exact flat index up to ``index.flat_max_chunks`` chunks
(50,000 by default) and HNSW above: with one search thread a flat search grows with the chunk count
(``bench/ask_scale.py`` measures it against HNSW at 1k/10k/100k chunks) while HNSW stays near a
millisecond. ``flat`` and ``hnsw`` force one kind. The kind written and the settings it was chosen
with are in the manifest (``faiss``, ``faiss_params``).

When only these settings change on an unchanged corpus, the next build writes the index again from
the stored vectors (index/build.py asks :func:`faiss_outdated`): nothing is parsed or encoded again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from rag.config import IndexConfig
from rag.errors import ConfigError
from rag.threads import cores

SETTINGS = ("auto", "flat", "hnsw")
VECTOR_DTYPES = {"chunks": "float32", "sentences": "float16"}


def choose_kind(cfg: IndexConfig, chunks: int) -> str:
    """``flat`` or ``hnsw``: what ``cfg.faiss`` asks for an index of ``chunks`` chunks."""
    if cfg.faiss not in SETTINGS:
        raise ConfigError(f"index.faiss {cfg.faiss!r} is not one of {', '.join(SETTINGS)}")
    if cfg.faiss == "auto":
        return "flat" if chunks <= cfg.flat_max_chunks else "hnsw"
    return cfg.faiss


def faiss_record(cfg: IndexConfig, chunks: int) -> dict[str, Any]:
    """The manifest's ``faiss`` (the kind written) and ``faiss_params`` (what chose and shaped it)."""
    return {
        "faiss": choose_kind(cfg, chunks),
        "faiss_params": {
            "setting": cfg.faiss,
            "flat_max_chunks": cfg.flat_max_chunks,
            "hnsw_m": cfg.hnsw_m,
            "hnsw_ef_search": cfg.hnsw_ef_search,
        },
    }


def faiss_outdated(manifest: dict[str, Any], cfg: IndexConfig) -> bool:
    """True when the index's FAISS index is not the one ``cfg`` asks for (another kind, or an HNSW
    graph built with other parameters)."""
    want = faiss_record(cfg, int(manifest["counts"]["chunks"]))
    if manifest.get("faiss") != want["faiss"]:
        return True
    if want["faiss"] != "hnsw":
        return False
    have = manifest.get("faiss_params") or {}
    return any(have.get(k) != want["faiss_params"][k] for k in ("hnsw_m", "hnsw_ef_search"))


def make_faiss(vectors: np.ndarray, kind: str, hnsw_m: int = 32, hnsw_ef_search: int = 128) -> Any:
    """An inner-product FAISS index of ``kind`` (flat | hnsw) holding ``vectors`` (row i = chunk i)."""
    import faiss

    dim = int(vectors.shape[1])
    index: Any
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = hnsw_ef_search
    elif kind == "flat":
        index = faiss.IndexFlatIP(dim)
    else:
        raise ConfigError(f"FAISS kind {kind!r} is not one of flat, hnsw")
    if len(vectors):
        faiss.omp_set_num_threads(cores())  # HNSW's graph is built in parallel; a search may have set 1
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def write_faiss(
    path: Path, vectors: np.ndarray, kind: str, hnsw_m: int = 32, hnsw_ef_search: int = 128
) -> None:
    import faiss

    faiss.write_index(make_faiss(vectors, kind, hnsw_m, hnsw_ef_search), str(path))


__all__ = [
    "SETTINGS",
    "choose_kind",
    "faiss_outdated",
    "faiss_record",
    "make_faiss",
    "VECTOR_DTYPES",
    "write_faiss",
]
