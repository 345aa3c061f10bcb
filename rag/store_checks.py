"""What a loaded index must satisfy; each check names the file and the numbers that disagree.

The manifest records each file's size (and the JSONL files' SHA-256), which catches a cut or edited
file before it is parsed; the agreement checks below catch what sizes cannot (an index written
before the manifest listed its files, a wrong ``dim``). They are linear in the chunk count and cheap
next to parsing the JSONL. The vectors are memory-mapped, so their values are not scanned here: a
build checks the rows it copies from an old index (index/previous.py).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .store import ChunkExtras
    from .types import Article, Chunk


def manifest_problem(m: Any) -> str | None:
    """What is wrong with a parsed ``manifest.json``'s structure, or None."""
    if not isinstance(m, dict):
        return f"manifest.json holds a {type(m).__name__}, not an object"
    emb, counts = m.get("embedder"), m.get("counts")
    if not isinstance(emb, dict) or not all(isinstance(emb.get(k), str) for k in ("backend", "model")):
        return "manifest.json has no embedder backend and model"
    if not _is_int(emb.get("dim")) or emb["dim"] <= 0:
        return f"manifest.json's embedder dim is {emb.get('dim')!r}, not a positive whole number"
    if not isinstance(counts, dict) or not all(_is_int(counts.get(k)) for k in ("chunks", "articles")):
        return "manifest.json has no chunk and article counts"
    if "format_version" not in m:
        return "manifest.json has no format_version"
    sources = m.get("sources")
    if not isinstance(sources, dict):
        return f"manifest.json's sources is {_kind(sources)}, not a mapping of files"
    for key, meta in sources.items():
        ids = meta.get("article_ids") if isinstance(meta, dict) else None
        if not isinstance(ids, list) or not all(isinstance(a, str) for a in ids):
            return f"manifest.json's entry for {key} has no list of article ids"
        if not isinstance(meta.get("sha256"), str):
            return f"manifest.json's entry for {key} has no sha256"
    files = m.get("files", {})
    if not isinstance(files, dict) or not all(
        isinstance(v, dict) and _is_int(v.get("bytes")) for v in files.values()
    ):
        return "manifest.json's files is not a mapping of file names to sizes"
    return None


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _kind(v: Any) -> str:
    return "null" if v is None else f"a {type(v).__name__}"


def size_problem(name: str, size: int, manifest: dict[str, Any]) -> str | None:
    want = manifest.get("files", {}).get(name)
    if want is not None and size != want["bytes"]:
        return f"{name} holds {size:,} bytes, its manifest records {want['bytes']:,}"
    return None


def checksum_problem(name: str, data: bytes, manifest: dict[str, Any]) -> str | None:
    want = manifest.get("files", {}).get(name, {}).get("sha256")
    if want is not None and hashlib.sha256(data).hexdigest() != want:
        return f"{name} does not match the checksum its manifest records (edited or damaged)"
    return None


def consistency_problem(
    manifest: dict[str, Any],
    articles: dict[str, Article],
    chunks: list[Chunk],
    extras: list[ChunkExtras],
    vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    faiss_index: Any,
) -> str | None:
    """The first way the files disagree with each other or with the manifest, or None."""
    n, dim = len(chunks), manifest["embedder"]["dim"]
    counts = manifest["counts"]
    if len(articles) != counts["articles"]:
        return f"articles.jsonl holds {len(articles)} articles where the manifest counts {counts['articles']}"
    if n != counts["chunks"]:
        return f"chunks.jsonl holds {n} chunks where the manifest counts {counts['chunks']}"
    for i, c in enumerate(chunks):
        if c.id != i:
            return f"chunks.jsonl line {i + 1} has chunk id {c.id}, expected {i}"
        if c.article_id not in articles:
            return (
                f"chunk {i} belongs to article {c.article_id}, which articles.jsonl does not hold "
                f"({len(articles)} articles)"
            )
    for key, meta in manifest["sources"].items():
        lost = [a for a in meta["article_ids"] if a not in articles]
        if lost:
            return f"the manifest lists article {lost[0]} of {key}, which articles.jsonl does not hold"
    for name, arr, rows in (
        ("vectors.npy", vectors, n),
        ("sentences.npy", sentence_vectors, sum(len(x.sentences) for x in extras)),
    ):
        if arr.ndim != 2 or arr.shape[1] != dim:
            return f"{name} holds vectors of shape {arr.shape[1:]}, the manifest's embedder has dim {dim}"
        if arr.shape[0] != rows:
            return f"{name} holds {arr.shape[0]} vectors for {rows} {'chunks' if name == 'vectors.npy' else 'sentences'}"
    if faiss_index.d != dim or faiss_index.ntotal != n:
        return f"dense.faiss holds {faiss_index.ntotal} vectors of dim {faiss_index.d} for {n} chunks of dim {dim}"
    return _span_problem(articles, chunks, extras)


def _span_problem(articles: dict[str, Article], chunks: list[Chunk], extras: list[ChunkExtras]) -> str | None:
    row = 0
    for i, (c, x) in enumerate(zip(chunks, extras, strict=True)):
        if x.sent_offset != row:
            return f"chunk {i}'s sentences start at row {x.sent_offset} of sentences.npy, expected row {row}"
        row += len(x.sentences)
        text = articles[c.article_id].text
        s, e = c.span
        if not (0 <= s <= e <= len(text)) or text[s:e] != c.text:
            return (
                f"chunk {i}'s text is not at its span {s}-{e} of article {c.article_id} "
                f"({len(text)} characters): articles.jsonl and chunks.jsonl disagree"
            )
        if any(not (0 <= a <= b <= len(text)) for a, b in x.sentences):
            return f"chunk {i} has a sentence span outside article {c.article_id} ({len(text)} characters)"
    return None


__all__ = ["manifest_problem", "size_problem", "checksum_problem", "consistency_problem"]
