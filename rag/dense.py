"""Dense search over the index's FAISS index, whole or restricted to the chunks a filter keeps.

A filter reaches FAISS as an ``IDSelectorBitmap`` (one bit per chunk id, packed from the filter's
mask) passed in the search parameters: no masked copy of the vectors is made, and chunks outside
the filter are skipped before their inner product is computed, so a filtered search costs about
what an unfiltered one does, or less.

- flat index: the exact search, with the selector;
- HNSW index, filter keeping at most :data:`EXACT_FILTERED_MAX` chunks: an exact search over the
  HNSW index's own stored vectors with the selector (its cost is that of a flat index of that size;
  a graph walk would pass mostly through chunks the filter drops and miss neighbours);
- HNSW index, wider filter: the graph search with the selector (bench/ask_scale.py reports its
  recall against the exact search: 0.94 at 100k chunks with 63% kept, as unfiltered).
"""

from __future__ import annotations

from typing import Any

import numpy as np

EXACT_FILTERED_MAX = 50_000


def _faiss() -> Any:
    """The faiss module, untyped: its bundled stubs lack the search-parameter classes used here."""
    import faiss

    return faiss


def bitmap_selector(mask: np.ndarray) -> tuple[Any, np.ndarray]:
    """An ``IDSelectorBitmap`` keeping the ids where ``mask`` is true, and the bits it reads
    (the caller keeps them alive for as long as the selector is used: FAISS does not copy them)."""
    faiss = _faiss()
    bits = np.packbits(np.asarray(mask, dtype=bool), bitorder="little")  # FAISS reads bit i&7 of byte i>>3
    return faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits)), bits


def search(index: Any, qvec: np.ndarray, n: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The ``n`` nearest chunk ids to ``qvec`` by inner product, best first, as ``(id, score)``;
    with ``mask`` (boolean, by chunk id) only chunks it keeps."""
    faiss = _faiss()
    total = int(index.ntotal)
    q = np.ascontiguousarray(np.asarray(qvec, dtype=np.float32).reshape(1, -1))
    if total == 0 or n < 1:
        return []
    if mask is None:
        scores, ids = index.search(q, min(n, total))
    else:
        kept = int(np.count_nonzero(mask))
        if kept == 0:
            return []
        k = min(n, kept)
        sel, bits = bitmap_selector(mask)  # ``bits`` lives until we return: FAISS reads, never copies, it
        if getattr(index, "hnsw", None) is not None and kept <= EXACT_FILTERED_MAX:
            index = faiss.downcast_index(index.storage)  # the HNSW index's own vectors, searched exactly
        scores, ids = index.search(q, k, params=faiss.SearchParameters(sel=sel))
    return [(int(i), float(v)) for i, v in zip(ids[0], scores[0], strict=True) if i >= 0]


__all__ = ["EXACT_FILTERED_MAX", "bitmap_selector", "search"]
