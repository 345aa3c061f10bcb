"""The FAISS indexes of an index's segments searched as one (rag/store.py gives it to rag/dense.py).

Each segment keeps the FAISS index of its own chunk vectors (``dense.faiss`` of the segment), so an
append writes only the new segment's. :class:`DenseSegments` answers what rag/dense.py asks of a
FAISS index: ``ntotal``, ``d`` and ``search(q, k, params=None)``, the ids running on across segments.
Each segment is searched for ``k`` (a filter's selector reaches it through ``IDSelectorTranslated``,
which maps the segment's rows to the index's ids) and the best ``k`` of all are kept, by score, then
id. With flat segments this is the exact search of one flat index over all the vectors (each score
is the same inner product); HNSW segments are each searched as their own graph. It has no ``hnsw``:
rag/dense.py's exact search of an HNSW index's stored vectors under a narrow filter applies to an
index of one segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


class DenseSegments:
    """FAISS indexes of consecutive id ranges as one inner-product index."""

    hnsw = None  # rag/dense.py's exact filtered path is for a single HNSW index

    def __init__(self, parts: Sequence[Any]) -> None:
        self.parts = list(parts)
        self.d = int(self.parts[0].d)
        sizes = [int(p.ntotal) for p in self.parts]
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.ntotal = int(self.offsets[-1])
        self._maps: dict[int, Any] = {}

    def _id_map(self, j: int) -> Any:
        """Segment ``j``'s rows as the index's ids (FAISS's Int64Vector, made when first filtered)."""
        got = self._maps.get(j)
        if got is None:
            import faiss

            got = faiss.Int64Vector()
            faiss.copy_array_to_vector(np.arange(self.offsets[j], self.offsets[j + 1], dtype=np.int64), got)
            self._maps[j] = got
        return got

    def search(self, q: np.ndarray, k: int, params: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """``(scores, ids)`` of shape (len(q), k), best first (ids -1 past the last found), as FAISS."""
        import faiss as module

        faiss: Any = module  # untyped: its bundled stubs lack the search-parameter classes used here
        sel = params.sel if params is not None else None
        q = np.ascontiguousarray(q, dtype=np.float32)
        scores = np.full((len(q), k), -np.finfo(np.float32).max, np.float32)
        ids = np.full((len(q), k), -1, np.int64)
        found_s, found_i = [], []
        for j, part in enumerate(self.parts):
            kj = min(k, int(part.ntotal))
            if kj < 1:
                continue
            if sel is None:
                s, i = part.search(q, kj)
            else:
                sub = faiss.IDSelectorTranslated(self._id_map(j), sel)
                s, i = part.search(q, kj, params=faiss.SearchParameters(sel=sub))
            found_s.append(s)
            found_i.append(np.where(i >= 0, i + self.offsets[j], -1))
        if not found_s:
            return scores, ids
        all_s, all_i = np.concatenate(found_s, axis=1), np.concatenate(found_i, axis=1)
        for r in range(len(q)):
            ok = all_i[r] >= 0
            s, i = all_s[r][ok], all_i[r][ok]
            order = np.lexsort((i, -s))[:k]
            scores[r, : len(order)], ids[r, : len(order)] = s[order], i[order]
        return scores, ids


__all__ = ["DenseSegments"]
