"""The index a build updates: its sources, checked before anything is copied from them.

A build keeps an unchanged file's chunks and vectors (:class:`IndexedSource`). The previous index is
loaded through rag/store.py, which refuses a damaged one by name (sizes, checksums, spans, sentence
offsets); the rows copied from it are also checked for NaN here, since loading maps vectors without
reading them. Every such refusal is one IndexCorruptError whose fix says ``--rebuild``. The records
and vectors are read when a build first asks for one source's (:class:`StoredSource`): a build that
only adds sources (index/append.py) reads none of them.

When the chunking settings changed since the index was built, its chunks are stale: the build
re-chunks every source it keeps. :func:`stored_documents` gives a source's documents again without
its file: a ``.txt``/``.md``/``.html`` file gave one document whose decoded text articles.jsonl keeps
whole, and no other metadata, so parsing that text again is parsing the file again. A ``.jsonl``/
``.csv`` record also gave fields (title, date, url...) that the index does not keep in the form the
parser took them: such a file is read again, when its bytes are the ones indexed
(:func:`reread_documents`); when it is gone or changed, the build refuses instead of dropping it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag import store as fmt
from rag.config import Config, CsvColumnsConfig
from rag.embed import Embedder
from rag.errors import ChunkingChangedError, RagError, SourceError
from rag.indexdir import damaged
from rag.types import chunk_to_record

from .read import RawDocument, read_bytes, read_file
from .sources import IndexedSource, parse_docs, sha256

TEXT_KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class PreviousIndex:
    manifest: dict[str, Any] | None  # None: no index there yet
    sources: dict[str, IndexedSource]
    stale: bool = False  # built with other chunking settings: every kept source is re-chunked
    store: fmt.Store | None = None  # the index loaded (records read when asked for)


class StoredSource(IndexedSource):
    """A source of the previous index: ``meta`` at once, the rest read when first asked for (all
    sources' at once, in one pass: ``load``)."""

    def __init__(self, meta: dict[str, Any], load: Callable[[], dict[str, IndexedSource]], key: str) -> None:
        self.meta, self._load, self._key = meta, load, key
        self._got: IndexedSource | None = None

    def _src(self) -> IndexedSource:
        if self._got is None:
            self._got = self._load()[self._key]
        return self._got

    @property  # type: ignore[override]
    def articles(self) -> list[dict[str, Any]]:
        return self._src().articles

    @articles.setter
    def articles(self, v: list[dict[str, Any]]) -> None:
        self._src().articles = v

    @property  # type: ignore[override]
    def chunks(self) -> list[dict[str, Any]]:
        return self._src().chunks

    @chunks.setter
    def chunks(self, v: list[dict[str, Any]]) -> None:
        self._src().chunks = v

    @property  # type: ignore[override]
    def vectors(self) -> np.ndarray:
        return self._src().vectors

    @vectors.setter
    def vectors(self, v: np.ndarray) -> None:
        self._src().vectors = v

    @property  # type: ignore[override]
    def sentence_vectors(self) -> np.ndarray:
        return self._src().sentence_vectors

    @sentence_vectors.setter
    def sentence_vectors(self, v: np.ndarray) -> None:
        self._src().sentence_vectors = v


def load_previous(index_dir: Path, info: dict[str, Any], chunking: dict[str, Any]) -> PreviousIndex:
    """The index at ``index_dir`` (resolved, checked by index/write.py: missing, empty or an index)."""
    if not index_dir.exists() or not any(index_dir.iterdir()):
        return PreviousIndex(None, {})
    manifest = fmt.read_manifest(index_dir)
    fmt.check_embedder(
        manifest, info, index_dir, fix="pass --rebuild to re-embed everything, or use another --index"
    )
    store = fmt.load_store(index_dir)
    loaded: dict[str, IndexedSource] = {}

    def load() -> dict[str, IndexedSource]:
        if not loaded:
            loaded.update(_sources(store))
        return loaded

    sources: dict[str, IndexedSource] = {
        k: StoredSource(m, load, k) for k, m in store.manifest["sources"].items()
    }
    return PreviousIndex(store.manifest, sources, store.manifest.get("chunking") != chunking, store)


def _sources(store: fmt.Store) -> dict[str, IndexedSource]:
    """Every source of ``store`` with its records, read in one pass over each JSONL file (each
    record checked as it is read: rag/store.py)."""
    by_article: dict[str, list[tuple[int, dict[str, Any], fmt.ChunkExtras]]] = {}
    for c, x in zip(store.chunks, store.extras, strict=True):
        rec = chunk_to_record(c)
        rec.update(x.record())
        by_article.setdefault(c.article_id, []).append((c.id, rec, x))
    all_articles = {a.id: a for a in store.articles.values()}
    dim = store.vectors.shape[1]
    out: dict[str, IndexedSource] = {}
    for path, meta in store.manifest["sources"].items():
        rows = [row for aid in meta["article_ids"] for row in by_article.get(aid, [])]
        ids = [cid for cid, _, _ in rows]
        recs: list[dict[str, Any]] = [rec for _, rec, _ in rows]
        srows: list[int] = [
            r for _, _, x in rows for r in range(x.sent_offset, x.sent_offset + len(x.sentences))
        ]
        vectors = np.asarray(store.vectors[ids], np.float32) if ids else np.zeros((0, dim), np.float32)
        svec = (
            np.asarray(store.sentence_vectors[srows], np.float32) if srows else np.zeros((0, dim), np.float32)
        )
        for name, arr in ((fmt.VECTORS, vectors), (fmt.SENTENCE_VECTORS, svec)):
            if not np.isfinite(arr).all():
                raise damaged(store.path, f"{name} holds non-numbers (NaN or infinity) in the rows of {path}")
        articles = [fmt.article_to_record(all_articles[a]) for a in meta["article_ids"]]
        out[path] = IndexedSource(meta, articles, recs, vectors, svec)
    return out


def stored_documents(key: str, src: IndexedSource) -> list[RawDocument] | None:
    """The documents the file ``key`` gave, from the text the index keeps; None for a record file."""
    kind = TEXT_KINDS.get(Path(key).suffix.lower())
    if kind is None:
        return None
    encoding = str(src.meta.get("encoding") or "utf-8")
    return [RawDocument(str(a["source"]), str(a["text"]), kind, {}, encoding) for a in src.articles]


def reread_documents(
    key: str, src: IndexedSource, columns: CsvColumnsConfig
) -> tuple[list[RawDocument] | None, str]:
    """The file ``key`` read again when its bytes are still the indexed ones, else ``(None, why not)``."""
    try:
        data = read_bytes(Path(key))
    except RagError as e:
        return None, str(e) if Path(key).exists() else "its file is gone"
    if sha256(data) != src.meta["sha256"]:
        return None, "its file changed since it was indexed"
    try:
        return read_file(Path(key), data, columns=columns), ""
    except RagError as e:
        return None, str(e)


def changed_settings(old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    """``overlap_sentences 1 (now 0)``: the chunking settings that differ."""
    old = old if isinstance(old, dict) else {}
    diff = [f"{k} {old.get(k)!r} (now {v!r})" for k, v in new.items() if old.get(k) != v]
    return ", ".join(diff) or "other settings"


def rechunk_not_given(
    index_dir: Path,
    prev: PreviousIndex,
    files: list[Path],
    sources: dict[str, IndexedSource],
    chunking: dict[str, Any],
    config: Config,
    embedder: Embedder,
    failed: list[tuple[str, str]],
) -> list[tuple[str, IndexedSource, list[str], list[str]]]:
    """The sources of an index chunked with other settings that this build was not given, parsed
    again with the ``chunking`` settings; ChunkingChangedError, before anything is written, when some
    cannot be. A source the new settings leave nothing of is kept as it was, and reported in ``failed``."""
    given = {str(f) for f in files}
    out, refused = [], []
    for key, old in prev.sources.items():
        if key in given:
            continue
        docs, why = stored_documents(key, old), ""
        if docs is None:
            docs, why = reread_documents(key, old, config.reading.csv_columns)
        if docs is None:
            refused.append(f"{key}: {why}")
            continue
        meta: dict[str, Any] = {k: old.meta[k] for k in ("sha256", "bytes", "encoding") if k in old.meta}
        try:
            out.append((key, *parse_docs(key, docs, meta, config, embedder)))
        except SourceError as e:  # the new settings leave nothing of it: kept as it was
            failed.append((key, f"{e}: kept as indexed before"))
            sources[key] = old
    if refused:
        more = f"; and {len(refused) - 3} more" if len(refused) > 3 else ""
        settings = changed_settings((prev.manifest or {}).get("chunking"), chunking)
        raise ChunkingChangedError(
            f"index {index_dir} was chunked with {settings}, and {len(refused)} of its files cannot be "
            f"re-chunked from what it keeps ({'; '.join(refused[:3])}{more}): pass them again, add --prune "
            "to drop the files not given, or --rebuild to index only the ones given"
        )
    return out


def dropped_by_rebuild(index_dir: Path, files: list[Path]) -> list[str]:
    """The files the index holds that a rebuild from ``files`` drops (none known when it is unreadable)."""
    try:
        manifest = fmt.read_manifest(index_dir)
    except RagError:
        return []
    given = {str(f) for f in files}
    return sorted(k for k in manifest["sources"] if k not in given)


__all__ = [
    "PreviousIndex",
    "StoredSource",
    "dropped_by_rebuild",
    "rechunk_not_given",
    "load_previous",
    "stored_documents",
    "reread_documents",
    "changed_settings",
]
