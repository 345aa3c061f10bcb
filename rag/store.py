"""The index directory, read side. ``index/`` writes it; this module is the one place that knows its layout.

```
<index>/manifest.json   format/project version, embedder, chunking, per-source hashes, counts, times
<index>/articles.jsonl  one article a line, with its decoded text (spans point into it)
<index>/chunks.jsonl    one chunk a line, with its BM25 terms, its sentences' spans, terms and facts
                        (index/facts.py: names, subjects, quantities), its heading's names, alias pairs
<index>/vectors.npy     chunk vectors, float32, row i = chunk i (normalised)
<index>/sentences.npy   sentence vectors, rows in chunk order (chunk i owns rows sent_offset..+n)
<index>/dense.faiss     FAISS inner-product index over vectors.npy
<index>/bm25/           bm25s index over the chunks' terms
```
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .errors import EmbedderMismatchError, IndexCorruptError, IndexNotFoundError
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
    _by_source: dict[str, list[int]] = field(default_factory=dict)

    @property
    def embedder_info(self) -> dict[str, Any]:
        return dict(self.manifest["embedder"])

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
    path = Path(path)
    if not path.exists():
        raise IndexNotFoundError(
            f"no index at {path}: build one with `python -m index build data/briefings --index {path}`"
        )
    mf = path / MANIFEST
    if not mf.is_file():
        raise IndexCorruptError(
            f"index at {path} has no {MANIFEST}: rebuild it with `python -m index build <briefings> --index {path}`"
        )
    try:
        manifest = json.loads(mf.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
        _ = manifest["embedder"]["backend"], manifest["counts"]["chunks"], manifest["format_version"]
    except (ValueError, KeyError, TypeError) as e:
        raise IndexCorruptError(
            f"index manifest {mf} is unreadable ({e}): rebuild with `python -m index build <briefings> --index {path}`"
        ) from e
    if manifest["format_version"] != FORMAT_VERSION:
        raise IndexCorruptError(
            f"index at {path} has format {manifest['format_version']}, this version reads {FORMAT_VERSION}: "
            f"rebuild with `python -m index build <briefings> --index {path}`"
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


def _lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]


def load_store(path: Path) -> Store:
    """Load an index directory; every failure is an IndexNotFoundError or IndexCorruptError."""
    import bm25s
    import faiss

    path = Path(path)
    manifest = read_manifest(path)
    missing = [name for name in REQUIRED if not (path / name).exists()]
    if missing:
        raise IndexCorruptError(
            f"index at {path} is missing {', '.join(missing)}: rebuild with "
            f"`python -m index build <briefings> --index {path}`"
        )
    try:
        articles = {}
        # split on "\n" only: str.splitlines() also breaks at U+2028/U+0085, which JSON leaves unescaped
        for line in _lines(path / ARTICLES):
            a = article_from_record(json.loads(line))
            articles[a.id] = a
        chunks, extras = [], []
        for line in _lines(path / CHUNKS):
            rec = json.loads(line)
            extra = ChunkExtras(
                terms=rec.pop("terms"),
                sentences=[tuple(s) for s in rec.pop("sentences")],  # type: ignore[misc]
                sentence_terms=rec.pop("sentence_terms"),
                sent_offset=rec.pop("sent_offset"),
                facts=rec.pop("facts"),
                heading_names=rec.pop("heading_names"),
                pairs=rec.pop("pairs"),
            )
            if len(extra.facts) != len(extra.sentences):
                raise ValueError(
                    f"chunk {rec.get('id')} has {len(extra.facts)} facts for {len(extra.sentences)} sentences"
                )
            chunks.append(chunk_from_record(rec))
            extras.append(extra)
        vectors = np.load(path / VECTORS)
        sentence_vectors = np.load(path / SENTENCE_VECTORS)
        faiss_index = faiss.read_index(str(path / FAISS))
        bm25 = bm25s.BM25.load(str(path / BM25_DIR), show_progress=False, verbosity=0) if chunks else None
    except Exception as e:  # json, numpy, faiss and bm25s each raise their own types
        raise IndexCorruptError(
            f"index at {path} is damaged ({type(e).__name__}: {e}): rebuild with "
            f"`python -m index build <briefings> --index {path}`"
        ) from e
    n = len(chunks)
    dim = manifest["embedder"]["dim"]
    if (
        n != manifest["counts"]["chunks"]
        or vectors.shape != (n, dim)
        or faiss_index.ntotal != n
        or sentence_vectors.shape[0] != sum(len(x.sentences) for x in extras)
        or any(c.id != i for i, c in enumerate(chunks))
        or any(c.article_id not in articles for c in chunks)
    ):
        raise IndexCorruptError(
            f"index at {path} is inconsistent (manifest says {manifest['counts']['chunks']} chunks, files hold "
            f"{n} chunks, {vectors.shape[0]} vectors, {faiss_index.ntotal} in FAISS): rebuild it"
        )
    store = Store(path, manifest, articles, chunks, extras, vectors, sentence_vectors, faiss_index, bm25)
    for c in chunks:
        store._by_source.setdefault(c.source, []).append(c.id)
    return store


__all__ = ["Store", "ChunkExtras", "load_store", "read_manifest", "check_embedder", "FORMAT_VERSION"]
