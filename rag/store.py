"""The index directory, read side. ``index/`` writes it; this module is the one place that knows its layout.

```
<index>/manifest.json   format/project version, embedder, chunking, per-source hashes, counts, times
<index>/articles.jsonl  one article a line, with its decoded text (spans point into it)
<index>/chunks.jsonl    one chunk a line, with its BM25 terms, its sentences' spans, terms and facts
                        (index/facts.py: names, subjects, quantities), its heading's names, alias pairs
<index>/vectors.npy     chunk vectors, float32, row i = chunk i (normalised)
<index>/sentences.npy   sentence vectors (dtype in the manifest's ``vectors``), rows in chunk order
                        (chunk i owns rows sent_offset..+n)
<index>/dense.faiss     FAISS inner-product index over vectors.npy (kind in the manifest's ``faiss``)
<index>/bm25/           bm25s index over the chunks' terms
```

The vectors and the FAISS index are memory-mapped, not read: loading them costs the same at any size,
and only the rows a question touches are read from disk (the files are never written in place: a
build writes a new directory and swaps it in).

A load reads one version of the directory, also while a build swaps the next one in
(rag/indexdir.py), and checks it (rag/store_checks.py): the sizes the manifest's ``files`` records
(and the SHA-256 of the JSONL files), then that the files agree with each other. Every failure is a
one-line error: IndexNotFoundError, IndexCorruptError (what is wrong, and ``--rebuild``), or
IndexAccessError (permissions: nothing is damaged).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .errors import EmbedderMismatchError, IndexAccessError, IndexCorruptError
from .filters import ChunkMeta
from .indexdir import IndexDir, damaged, one_line, read_consistently, rebuild_hint
from .store_checks import checksum_problem, consistency_problem, manifest_problem, size_problem
from .types import Article, Chunk, chunk_from_record

FORMAT_VERSION = 3  # 3: per-sentence facts (names, quantities), heading names, learned alias pairs
MANIFEST = "manifest.json"
ARTICLES = "articles.jsonl"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.npy"
SENTENCE_VECTORS = "sentences.npy"
FAISS = "dense.faiss"
BM25_DIR = "bm25"
REQUIRED = (MANIFEST, ARTICLES, CHUNKS, VECTORS, SENTENCE_VECTORS, FAISS, BM25_DIR)


@dataclass
class ChunkExtras:
    """What the retriever and answerer need beside the Chunk itself."""

    terms: list[str]
    sentences: list[tuple[int, int]]  # spans into the article text
    sentence_terms: list[list[str]]  # morphemes of each sentence
    sent_offset: int  # first row of this chunk's sentences in sentences.npy
    facts: list[dict[str, Any]] = field(default_factory=list)  # per sentence: names, subjects, quantities
    heading_names: list[str] = field(default_factory=list)  # name keys of the section heading
    pairs: list[list[str]] = field(default_factory=list)  # alias pairs learned from the text

    def record(self) -> dict[str, Any]:
        """The fields of a ``chunks.jsonl`` record that are not the Chunk's own (index/ writes them)."""
        return {
            "terms": self.terms,
            "sentences": [list(s) for s in self.sentences],
            "sentence_terms": self.sentence_terms,
            "facts": self.facts,
            "heading_names": self.heading_names,
            "pairs": self.pairs,
        }


@dataclass
class Store:
    path: Path
    manifest: dict[str, Any]
    articles: dict[str, Article]
    chunks: list[Chunk]
    extras: list[ChunkExtras]
    vectors: np.ndarray
    sentence_vectors: np.ndarray
    faiss_index: Any
    bm25: Any

    @cached_property
    def chunk_meta(self) -> ChunkMeta:
        """Per-chunk dates and sources as arrays, for filters (made by load_store, once)."""
        return ChunkMeta.of(self.chunks)

    def status(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "articles": m["counts"]["articles"],
            "chunks": m["counts"]["chunks"],
            "embedder": f"{m['embedder']['backend']}/{m['embedder']['model']}",
            "updated": m.get("updated"),
            "path": str(self.path),
        }


def article_to_record(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "text": a.text,
        "source": a.source,
        "outlet": a.outlet,
        "author": a.author,
        "published": a.published.isoformat() if a.published else None,
        "modified": a.modified.isoformat() if a.modified else None,
        "url": a.url,
        "headlines": list(a.headlines),
    }


def article_from_record(d: dict[str, Any]) -> Article:
    d = dict(d)
    for k in ("published", "modified"):
        d[k] = datetime.fromisoformat(d[k]) if d.get(k) else None
    d["headlines"] = tuple(d.get("headlines") or ())
    return Article(**d)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the index at ``path``; IndexNotFoundError, IndexCorruptError or IndexAccessError."""
    return read_consistently(Path(path), _manifest_of)


def _manifest_of(d: IndexDir) -> dict[str, Any]:
    if not d.exists(MANIFEST):
        raise IndexCorruptError(f"index at {d.path} has no {MANIFEST}: {rebuild_hint(d.path)}")
    data = d.read(MANIFEST)
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise damaged(d.path, f"{MANIFEST} is not valid JSON ({one_line(e)})") from e
    problem = manifest_problem(manifest)
    if problem:
        raise damaged(d.path, problem)
    if manifest["format_version"] != FORMAT_VERSION:
        raise IndexCorruptError(
            f"index at {d.path} has format {manifest['format_version']}, this version reads {FORMAT_VERSION}: "
            f"{rebuild_hint(d.path)}"
        )
    return manifest


def check_embedder(
    manifest: dict[str, Any], wanted: dict[str, Any], path: Path, fix: str | None = None
) -> None:
    """Raise when the index was built with another embedder than ``wanted`` (backend, model)."""
    have = manifest["embedder"]
    if (have["backend"], have["model"]) != (wanted["backend"], wanted["model"]):
        fix = fix or (
            f"rebuild with `python -m index build <briefings> --index {path}` "
            "or configure the embedder the index was built with"
        )
        raise EmbedderMismatchError(
            f"index at {path} was built with {have['backend']}/{have['model']}, config asks for "
            f"{wanted['backend']}/{wanted['model']}: {fix}"
        )


def _lines(d: IndexDir, name: str, manifest: dict[str, Any]) -> list[tuple[int, str]]:
    """``(line number, line)`` of a JSONL file, its size and checksum verified first."""
    data = d.read(name)
    problem = size_problem(name, len(data), manifest) or checksum_problem(name, data, manifest)
    if problem:
        raise damaged(d.path, problem)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise damaged(d.path, f"{name} is not UTF-8 ({one_line(e)})") from e
    # split on "\n" only: str.splitlines() also breaks at U+2028/U+0085, which JSON leaves unescaped
    return [(i, ln) for i, ln in enumerate(text.split("\n"), 1) if ln.strip()]


def _extras(rec: dict[str, Any]) -> ChunkExtras:
    extra = ChunkExtras(
        terms=rec.pop("terms"),
        sentences=[(int(s), int(e)) for s, e in rec.pop("sentences")],
        sentence_terms=rec.pop("sentence_terms"),
        sent_offset=rec.pop("sent_offset"),
        facts=rec.pop("facts"),
        heading_names=rec.pop("heading_names"),
        pairs=rec.pop("pairs"),
    )
    if len(extra.facts) != len(extra.sentences):
        raise ValueError(f"{len(extra.facts)} facts for {len(extra.sentences)} sentences")
    return extra


def _array(d: IndexDir, name: str, manifest: dict[str, Any]) -> np.ndarray:
    """``name`` memory-mapped (read-only): only the rows a question touches are read from disk."""
    problem = size_problem(name, d.size(name), manifest)
    if problem:
        raise damaged(d.path, problem)
    try:
        return np.load(d.view(name), mmap_mode="r", allow_pickle=False)
    except PermissionError as e:
        raise IndexAccessError(f"cannot read {d.path / name} ({e.strerror}): check its permissions") from e
    except (ValueError, OSError, EOFError) as e:
        # numpy calls any header it cannot read "pickled data" and suggests allow_pickle: not the remedy
        why = "its header is not an array's" if "pickle" in str(e) else one_line(e)[:80]
        raise damaged(d.path, f"{name} is not a readable .npy array ({why})") from e


def load_store(path: Path) -> Store:
    """Load an index directory; every failure is an IndexNotFoundError, IndexCorruptError (damage,
    named: which file, which counts) or IndexAccessError (permissions: nothing to rebuild).

    Every file is read from one version of the directory, also while a build swaps a new version in
    (rag/indexdir.py); sizes and checksums the manifest records are verified, then that the files
    agree with each other (rag/store_checks.py)."""
    return read_consistently(Path(path), _load)


def _load(d: IndexDir) -> Store:
    import bm25s
    import faiss

    path = d.path
    manifest = _manifest_of(d)
    missing = [name for name in REQUIRED if not d.exists(name)]
    if missing:
        raise IndexCorruptError(f"index at {path} is missing {', '.join(missing)}: {rebuild_hint(path)}")
    for name in manifest.get("files", {}):
        problem = size_problem(name, d.size(name), manifest)
        if problem:
            raise damaged(path, problem)
    articles = {}
    chunks, extras = [], []
    for name, lines in ((ARTICLES, _lines(d, ARTICLES, manifest)), (CHUNKS, _lines(d, CHUNKS, manifest))):
        for no, line in lines:
            try:
                rec = json.loads(line)
                if name == ARTICLES:
                    a = article_from_record(rec)
                    articles[a.id] = a
                else:
                    extras.append(_extras(rec))
                    chunks.append(chunk_from_record(rec))
            except Exception as e:  # json, a missing field, a wrong type: the line is damaged
                raise damaged(path, f"{name} line {no}: {type(e).__name__}: {one_line(e)}") from e
    vectors = _array(d, VECTORS, manifest)
    sentence_vectors = _array(d, SENTENCE_VECTORS, manifest)
    try:
        faiss_index = faiss.read_index(d.view(FAISS), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
    except Exception as e:  # FAISS raises RuntimeError with its C++ message
        raise damaged(path, f"{FAISS} cannot be read by FAISS ({one_line(e)[:120]})") from e
    try:
        bm25 = bm25s.BM25.load(d.view(BM25_DIR), show_progress=False, verbosity=0) if chunks else None
    except PermissionError as e:
        raise IndexAccessError(f"cannot read {path / BM25_DIR} ({e.strerror}): check its permissions") from e
    except Exception as e:  # bm25s: json, numpy, missing files
        raise damaged(path, f"{BM25_DIR}/ cannot be read ({type(e).__name__}: {one_line(e)[:120]})") from e
    problem = consistency_problem(manifest, articles, chunks, extras, vectors, sentence_vectors, faiss_index)
    if problem:
        raise damaged(path, problem)
    store = Store(path, manifest, articles, chunks, extras, vectors, sentence_vectors, faiss_index, bm25)
    _ = store.chunk_meta  # made here, at load, not by the first filtered question
    return store


__all__ = ["Store", "ChunkExtras", "load_store", "read_manifest", "check_embedder", "FORMAT_VERSION"]
