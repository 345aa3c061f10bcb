"""Records of a JSONL file read one line at a time, by row number, as a question needs them.

An index keeps its chunks and articles as JSONL (one record a line) beside an array of each line's
byte range and CRC-32 (``<name>.rows.npy``: int64 rows of ``start, end, crc``). Loading opens the
file and memory-maps the array: nothing is parsed, whatever the size. A row is read with one
``pread``, its CRC-32 checked (an edit of the same size is found when the row is read, not at load),
parsed, and kept in a small cache (:data:`CACHE_ROWS`): a question touches a few dozen rows.

The file stays open for as long as the index is loaded, so a build that replaces the index directory
meanwhile never mixes its lines into an index loaded before (the old file lives on while it is open).
"""

from __future__ import annotations

import json
import os
import threading
import weakref
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import numpy as np

from .indexdir import damaged, one_line

T = TypeVar("T")

_orjson_loads: Callable[[bytes], Any] | None
try:  # gradio depends on orjson, so it is installed; it parses a record or a manifest faster
    from orjson import loads as _orjson_loads
except ImportError:  # pragma: no cover (a trimmed install)
    _orjson_loads = None


def loads(data: bytes) -> Any:
    """JSON from UTF-8 bytes (orjson when installed, else json); a ValueError when it is not JSON or
    not UTF-8."""
    if _orjson_loads is not None:
        return _orjson_loads(data)
    return json.loads(data.decode("utf-8"))


CACHE_ROWS = 4096  # parsed rows kept per file (a question reads ~100 chunk rows and a few articles)
READ_BLOCK = 1 << 22  # bytes read at a time when every row is read in order


class RowFile:
    """A JSONL file read by row: ``record(i)`` is line ``i`` parsed, checked against its CRC-32."""

    def __init__(self, fd: int, name: str, rows: np.ndarray, index_path: Path) -> None:
        self.fd, self.name, self.rows, self.index_path = fd, name, rows, index_path
        self._finalizer = weakref.finalize(self, os.close, fd)  # closed with the last reference

    def __len__(self) -> int:
        return len(self.rows)

    def _parse(self, i: int, line: bytes) -> dict[str, Any]:
        if zlib.crc32(line) != int(self.rows[i, 2]):
            raise damaged(
                self.index_path,
                f"{self.name} line {i + 1} does not match the checksum its row index records (edited or damaged)",
            )
        try:
            rec = loads(line)
        except ValueError as e:  # json, UTF-8
            raise damaged(
                self.index_path, f"{self.name} line {i + 1}: {type(e).__name__}: {one_line(e)}"
            ) from e
        if not isinstance(rec, dict):
            raise damaged(self.index_path, f"{self.name} line {i + 1} is not a JSON object")
        return rec

    def record(self, i: int) -> dict[str, Any]:
        start, end = int(self.rows[i, 0]), int(self.rows[i, 1])
        try:
            line = os.pread(self.fd, end - start, start)
        except OSError as e:
            raise damaged(self.index_path, f"{self.name} line {i + 1} cannot be read ({one_line(e)})") from e
        if len(line) != end - start:
            raise damaged(self.index_path, f"{self.name} ends before line {i + 1}")
        return self._parse(i, line)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record in order, read in large blocks (a build reusing an index reads them all)."""
        n, i = len(self.rows), 0
        while i < n:
            start = int(self.rows[i, 0])
            j = int(np.searchsorted(self.rows[:, 1], start + READ_BLOCK, side="right"))
            j = max(j, i + 1)  # a line longer than a block is read whole
            end = int(self.rows[j - 1, 1])
            block = os.pread(self.fd, end - start, start)
            if len(block) != end - start:
                raise damaged(self.index_path, f"{self.name} ends before line {j}")
            for k in range(i, j):
                yield self._parse(k, block[int(self.rows[k, 0]) - start : int(self.rows[k, 1]) - start])
            i = j


class Cache(Generic[T]):
    """The last :data:`CACHE_ROWS` values made by row number (shared by the threads that ask)."""

    def __init__(self, make: Callable[[int], T], size: int = CACHE_ROWS) -> None:
        self._make, self._size = make, size
        self._kept: OrderedDict[int, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, i: int) -> T:
        with self._lock:
            if i in self._kept:
                self._kept.move_to_end(i)
                return self._kept[i]
        value = self._make(i)
        with self._lock:
            self._kept[i] = value
            if len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return value


class LazyList(Sequence[T]):
    """A read-only list of ``n`` items made by row when asked for (``store.chunks``): ``item(i)``
    (a :class:`Cache`'s ``get``), and ``items()`` for all of them in order."""

    def __init__(self, n: int, item: Callable[[int], T], items: Callable[[], Iterator[T]]) -> None:
        self._n, self._item, self._items = n, item, items

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        j = int(i) + self._n if i < 0 else int(i)
        if not 0 <= j < self._n:
            raise IndexError(f"row {i} of {self._n}")
        return self._item(j)

    def __iter__(self) -> Iterator[T]:
        return self._items()


class LazyMap(Mapping[str, T]):
    """A read-only mapping by key (``store.articles`` by article id): the key's row is found in a
    sorted array of keys (``keys``, UTF-8 bytes, with ``order``: the row of each), then read."""

    def __init__(
        self, keys: np.ndarray, order: np.ndarray, rows: LazyList[T], key_of: Callable[[T], str]
    ) -> None:
        self._keys, self._order, self._rows, self._key_of = keys, order, rows, key_of

    def row(self, key: str) -> int | None:
        k = key.encode("utf-8")
        if len(k) > self._keys.dtype.itemsize or not self._keys.size:
            return None
        i = int(np.searchsorted(self._keys, k))
        return int(self._order[i]) if i < len(self._keys) and self._keys[i] == k else None

    def __getitem__(self, key: str) -> T:
        row = self.row(key) if isinstance(key, str) else None
        if row is None:
            raise KeyError(key)
        return self._rows[row]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.row(key) is not None

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[str]:
        return (self._key_of(v) for v in self._rows)

    def values(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self._rows)


__all__ = ["CACHE_ROWS", "Cache", "LazyList", "LazyMap", "RowFile", "loads"]
