"""Arrays and JSONL files an index keeps in segments, read as one (rag/store.py: an index that grew
by appends holds one file per segment; row i of the whole is row ``i - start`` of the segment that
holds it)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import numpy as np


class Rows(Protocol):
    """What rag/records.py reads of a JSONL file (rag/rows.py's RowFile)."""

    name: str

    def __len__(self) -> int: ...
    def record(self, i: int) -> dict[str, Any]: ...
    def records(self) -> Iterator[dict[str, Any]]: ...


def _starts(lengths: Sequence[int]) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(np.asarray(lengths, dtype=np.int64))]).astype(np.int64)


class StackedRows:
    """The row files of the segments as one (a record's errors name its segment's file and line)."""

    def __init__(self, parts: Sequence[Rows]) -> None:
        self.parts = list(parts)
        self.name = self.parts[0].name if self.parts else ""
        self.starts = _starts([len(p) for p in self.parts])

    def __len__(self) -> int:
        return int(self.starts[-1])

    def record(self, i: int) -> dict[str, Any]:
        k = int(np.searchsorted(self.starts, i, side="right")) - 1
        return self.parts[k].record(i - int(self.starts[k]))

    def records(self) -> Iterator[dict[str, Any]]:
        for p in self.parts:
            yield from p.records()


class StackedArray:
    """2-D arrays of the segments (memory-mapped) read as one by row: ``a[i]``, ``a[i:j]``,
    ``a[[i, j, ...]]`` give numpy arrays (only the rows asked for are read)."""

    ndim = 2

    def __init__(self, parts: Sequence[np.ndarray]) -> None:
        self.parts = list(parts)
        self.starts = _starts([len(p) for p in self.parts])
        first = self.parts[0]
        self.dtype = first.dtype
        self.shape = (int(self.starts[-1]), *first.shape[1:])

    def __len__(self) -> int:
        return self.shape[0]

    def _part(self, i: int) -> int:
        return int(np.searchsorted(self.starts, i, side="right")) - 1

    def __getitem__(self, key: Any) -> np.ndarray:
        n = self.shape[0]
        if isinstance(key, (int, np.integer)):
            i = int(key) + n if key < 0 else int(key)
            if not 0 <= i < n:
                raise IndexError(f"row {key} of {n}")
            k = self._part(i)
            return np.asarray(self.parts[k][i - int(self.starts[k])])
        if isinstance(key, slice):
            start, stop, step = key.indices(n)
            if step == 1 and start < stop:
                k = self._part(start)
                if stop <= int(self.starts[k + 1]):  # within one segment: a view
                    return np.asarray(self.parts[k][start - int(self.starts[k]) : stop - int(self.starts[k])])
            key = np.arange(start, stop, step)
        idx = np.asarray(key, dtype=np.int64).reshape(-1)
        idx = np.where(idx < 0, idx + n, idx)
        if idx.size and (idx.min() < 0 or idx.max() >= n):
            raise IndexError(f"rows out of range for {n}")
        out = np.empty((len(idx), *self.shape[1:]), dtype=self.dtype)
        part = np.searchsorted(self.starts, idx, side="right") - 1
        for k in np.unique(part):
            at = part == k
            out[at] = self.parts[int(k)][idx[at] - self.starts[k]]
        return out

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        whole = np.concatenate([np.asarray(p) for p in self.parts]) if self.parts else np.zeros(self.shape)
        return whole if dtype is None else whole.astype(dtype)


def stacked(parts: Sequence[np.ndarray]) -> Any:
    """One segment's array as it is (memory-mapped), several as a :class:`StackedArray`."""
    return parts[0] if len(parts) == 1 else StackedArray(parts)


def stacked_rows(parts: Sequence[Rows]) -> Any:
    return parts[0] if len(parts) == 1 else StackedRows(parts)


__all__ = ["Rows", "StackedArray", "StackedRows", "stacked", "stacked_rows"]
