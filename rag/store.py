"""The index directory, read side. ``index/`` writes it; this module is the one place that knows its layout.

```
<index>/manifest.json     format/project version, embedder, chunking, per-source hashes, counts, times
<index>/articles.jsonl    one article a line, with its decoded text (spans point into it)
<index>/chunks.jsonl      one chunk a line, with its BM25 terms, its sentences' spans, terms and facts
                          (index/facts.py: names, subjects, quantities), its heading's names, alias pairs
<index>/articles.rows.npy each line's byte range and CRC-32 (int64 rows: start, end, crc), and
<index>/chunks.rows.npy   the same for chunks.jsonl: a record is read by row (rag/rows.py)
<index>/arrays/           per-chunk arrays (row i = chunk i): ``days`` (publication date's ordinal,
                          0: none), ``origin`` (row of summary.json's ``origins``: source and outlet),
                          ``sent_offsets`` (chunk i owns sentence rows offsets[i]..offsets[i+1]),
                          ``story`` / ``story_chunks`` / ``story_ptr`` (each story's chunks by position),
                          ``article_keys`` / ``article_order`` (sorted article ids and their rows),
                          ``chunk_article`` (each chunk's article row)
<index>/summary.json      what the chunks say as a whole: origins, dates, outlets, learned alias pairs,
                          names, headings, venues, the newest articles (index/store_files.py gathers it
                          at build time)
<index>/vectors.npy       chunk vectors, float32, row i = chunk i (normalised)
<index>/sentences.npy     sentence vectors (dtype in the manifest's ``vectors``), rows in chunk order
<index>/dense.faiss       FAISS inner-product index over vectors.npy (kind in the manifest's ``faiss``)
<index>/bm25/             BM25 postings of the chunks' terms with raw frequencies (rag/bm25_segments.py)
<index>/segments/<n>/     the records, vectors and BM25 (and HNSW graph) of chunks added later, a folder a segment
```

An index grows by segments (issue 9: an add costs what is added): the files above from
``articles.jsonl`` to ``bm25/``, except ``arrays/``, ``summary.json`` and a flat ``dense.faiss``, are
segment 0's; a build that only adds
sources writes the new ones' into a new ``segments/<n>/`` and links the others unchanged into the
new version of the directory (index/write.py). The manifest's ``segments`` lists them in row order
with the articles, chunks and sentences each holds: chunk ids, article rows and sentence rows run
on across segments (rag/stacked.py, rag/bm25_segments.py and rag/dense_segments.py read the
segments as one). ``arrays/`` and ``summary.json`` are whole-index files, and so is ``dense.faiss``
when flat (an append adds its vectors to it: a search of one flat index is what a full build's
gives, ties included; flat is for up to ``index.flat_max_chunks`` chunks); an HNSW index has a graph
per segment (``dense_files(manifest)``), since a graph is read whole to add to it.

Loading parses nothing in proportion to the index: the arrays, the vectors, the FAISS index and the
BM25 index are memory-mapped, the JSONL files are opened, and ``store.chunks``, ``store.extras`` and
``store.articles`` read a record when it is first asked for (a small cache keeps the last ones), so
load time and memory stay flat as the index grows, and only the rows a question touches are read
from disk (the files are never written in place: a build writes a new directory and swaps it in).

A load reads one version of the directory, also while a build swaps the next one in
(rag/indexdir.py), and checks it (rag/store_checks.py): the sizes the manifest's ``files`` records,
then that the files agree with each other (counts, shapes, byte ranges, offsets). A record is checked
when it is read: its CRC-32, its fields, its spans against its article's text. Every failure is a
one-line error: IndexNotFoundError, IndexCorruptError (what is wrong, and ``--rebuild``), or
IndexAccessError (permissions: nothing is damaged).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import EmbedderMismatchError, IndexAccessError, IndexCorruptError
from .filters import ChunkMeta
from .indexdir import IndexDir, damaged, one_line, read_consistently, rebuild_hint
from .records import ChunkExtras, Records, Stories, Summary, article_from_record, article_to_record
from .rows import LazyMap, RowFile, loads
from .stacked import stacked, stacked_rows
from .store_checks import consistency_problem, manifest_problem, rows_problem, segment_problem, size_problem
from .types import Article, Chunk

FORMAT_VERSION = 6  # 6: segments, BM25 as raw term frequencies; 5: chunk_article, summary's outlet names
MANIFEST = "manifest.json"
ARTICLES = "articles.jsonl"
CHUNKS = "chunks.jsonl"
ARTICLE_ROWS = "articles.rows.npy"
CHUNK_ROWS = "chunks.rows.npy"
ARRAYS = "arrays"
DAYS = "arrays/days.npy"
CHUNK_ARTICLE = "arrays/chunk_article.npy"
ORIGIN = "arrays/origin.npy"
SENT_OFFSETS = "arrays/sent_offsets.npy"
STORY = "arrays/story.npy"
STORY_CHUNKS = "arrays/story_chunks.npy"
STORY_PTR = "arrays/story_ptr.npy"
ARTICLE_KEYS = "arrays/article_keys.npy"
ARTICLE_ORDER = "arrays/article_order.npy"
SUMMARY = "summary.json"
VECTORS = "vectors.npy"
SENTENCE_VECTORS = "sentences.npy"
FAISS = "dense.faiss"
BM25_DIR = "bm25"
SEGMENTS = "segments"
SEGMENT_FILES = (ARTICLES, ARTICLE_ROWS, CHUNKS, CHUNK_ROWS, VECTORS, SENTENCE_VECTORS, BM25_DIR)
REQUIRED = (
    MANIFEST, ARTICLES, CHUNKS, ARTICLE_ROWS, CHUNK_ROWS, ARRAYS, SUMMARY, VECTORS, SENTENCE_VECTORS, FAISS,
    BM25_DIR,
)  # fmt: skip
CHUNK_ARRAYS = (DAYS, ORIGIN, STORY, STORY_CHUNKS, CHUNK_ARTICLE)  # one row per chunk


@dataclass
class Store:
    path: Path
    manifest: dict[str, Any]
    articles: LazyMap[Article]
    chunks: Sequence[Chunk]
    extras: Sequence[ChunkExtras]
    vectors: np.ndarray  # row i = chunk i (rag/stacked.py's StackedArray when the index has segments)
    sentence_vectors: np.ndarray
    faiss_index: Any
    bm25: Any
    chunk_meta: ChunkMeta  # per-chunk dates and sources as arrays, for filters
    summary: Summary
    stories: Stories
    doc_freq: Mapping[str, int]  # BM25 term -> how many chunks hold it
    chunk_article: np.ndarray  # int32, by chunk id: its article's row in articles.jsonl

    def article_chunks(self, article_id: str) -> list[Chunk]:
        """The chunks of one article, in order (found in the per-chunk article rows: no record scanned)."""
        row = self.articles.row(article_id)
        return [] if row is None else [self.chunks[int(i)] for i in np.flatnonzero(self.chunk_article == row)]

    def newest_articles(self, n: int) -> list[Article]:
        """The ``n`` newest articles by publication time (ties: the greater id first), undated last;
        from summary.json's list when it is long enough, else by reading every article."""
        if n <= len(self.summary.newest_articles) or len(self.summary.newest_articles) == len(self.articles):
            return [self.articles[a] for a in self.summary.newest_articles[:n]]
        key = lambda a: (a.published.isoformat() if a.published else "", a.id)  # noqa: E731
        return sorted(self.articles.values(), key=key, reverse=True)[:n]

    def story(self, chunk_id: int) -> list[Chunk]:
        """The chunks of the story ``chunk_id`` belongs to, by position."""
        return [self.chunks[i] for i in self.stories.of(chunk_id)]

    def status(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "articles": m["counts"]["articles"],
            "chunks": m["counts"]["chunks"],
            "embedder": f"{m['embedder']['backend']}/{m['embedder']['model']}",
            "updated": m.get("updated"),
            "path": str(self.path),
        }


def segment_file(segment: str, name: str) -> str:
    """The path of a segment's file ``name`` in the index directory (segment 0's ``segment`` is "")."""
    return f"{segment}/{name}" if segment else name


def dense_files(manifest: dict[str, Any]) -> list[str]:
    """The FAISS files of an index: one per segment for HNSW, else the one ``dense.faiss``."""
    if manifest.get("faiss") == "hnsw":
        return [segment_file(seg["dir"], FAISS) for seg in manifest["segments"]]
    return [FAISS]


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the index at ``path``; IndexNotFoundError, IndexCorruptError or IndexAccessError."""
    return read_consistently(Path(path), _manifest_of)


def _manifest_of(d: IndexDir) -> dict[str, Any]:
    if not d.exists(MANIFEST):
        raise IndexCorruptError(f"index at {d.path} has no {MANIFEST}: {rebuild_hint(d.path)}")
    data = d.read(MANIFEST)
    try:
        manifest = loads(data)
    except (ValueError, UnicodeDecodeError) as e:
        raise damaged(d.path, f"{MANIFEST} is not valid JSON ({one_line(e)})") from e
    version = manifest.get("format_version") if isinstance(manifest, dict) else None
    if isinstance(version, int) and version != FORMAT_VERSION:  # before its fields: an older layout's
        raise IndexCorruptError(
            f"index at {d.path} has format {version}, this version reads {FORMAT_VERSION}: {rebuild_hint(d.path)}"
        )
    problem = manifest_problem(manifest)
    if problem:
        raise damaged(d.path, problem)
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

    Every file is opened from one version of the directory, also while a build swaps a new version
    in (rag/indexdir.py); sizes the manifest records are verified, then that the files agree with
    each other (rag/store_checks.py). Records are read, and checked, when first asked for."""
    return read_consistently(Path(path), _load)


def _open_rows(d: IndexDir, name: str, rows_name: str, manifest: dict[str, Any]) -> RowFile:
    rows = _array(d, rows_name, manifest)
    fd = d.open_fd(name)
    try:
        size = os.fstat(fd).st_size
        problem = size_problem(name, size, manifest) or rows_problem(name, rows_name, rows, size)
        if problem:
            raise damaged(d.path, problem)
    except BaseException:
        os.close(fd)
        raise
    return RowFile(fd, name, rows, d.path)


def _load(d: IndexDir) -> Store:
    import faiss

    from .bm25_segments import Bm25Segments, DocFreqs, SegmentVocab
    from .dense_segments import DenseSegments

    path = d.path
    manifest = _manifest_of(d)
    missing = [name for name in REQUIRED if not d.exists(name)]
    if missing:
        raise IndexCorruptError(f"index at {path} is missing {', '.join(missing)}: {rebuild_hint(path)}")
    for name in manifest.get("files", {}):
        problem = size_problem(name, d.size(name), manifest)
        if problem:
            raise damaged(path, problem)
    names = (*CHUNK_ARRAYS, SENT_OFFSETS, STORY_PTR, ARTICLE_KEYS, ARTICLE_ORDER)
    arrays = {name: _array(d, name, manifest) for name in names}
    try:
        summary_doc = loads(d.read(SUMMARY))
        summary = Summary.of(summary_doc)
        origins = tuple(str(o) for o in summary_doc["origins"])
    except Exception as e:  # json, UTF-8, a missing or mistyped field
        raise damaged(path, f"{SUMMARY} cannot be read ({type(e).__name__}: {one_line(e)[:120]})") from e
    parts: dict[str, list[Any]] = {name: [] for name in (ARTICLES, CHUNKS, VECTORS, SENTENCE_VECTORS)}
    for seg in manifest["segments"]:
        at = seg["dir"]
        parts[ARTICLES].append(
            _open_rows(d, segment_file(at, ARTICLES), segment_file(at, ARTICLE_ROWS), manifest)
        )
        parts[CHUNKS].append(_open_rows(d, segment_file(at, CHUNKS), segment_file(at, CHUNK_ROWS), manifest))
        parts[VECTORS].append(_array(d, segment_file(at, VECTORS), manifest))
        parts[SENTENCE_VECTORS].append(_array(d, segment_file(at, SENTENCE_VECTORS), manifest))
    problem = segment_problem(manifest["segments"], parts)
    if problem:
        raise damaged(path, problem)
    article_rows, chunk_rows = stacked_rows(parts[ARTICLES]), stacked_rows(parts[CHUNKS])
    vectors, sentence_vectors = stacked(parts[VECTORS]), stacked(parts[SENTENCE_VECTORS])
    dense = []
    for name in dense_files(manifest):
        try:
            dense.append(faiss.read_index(d.view(name), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY))
        except Exception as e:  # FAISS raises RuntimeError with its C++ message
            raise damaged(path, f"{name} cannot be read by FAISS ({one_line(e)[:120]})") from e
    if len(dense) > 1 and [x.ntotal for x in dense] != [seg["chunks"] for seg in manifest["segments"]]:
        raise damaged(path, f"the segments' {FAISS} hold {[x.ntotal for x in dense]} vectors, "
                      f"their chunks {[seg['chunks'] for seg in manifest['segments']]}")  # fmt: skip
    faiss_index = dense[0] if len(dense) == 1 else DenseSegments(dense)
    try:
        bm25 = None
        if len(chunk_rows):  # memory-mapped: a question reads the columns of its terms
            bm25 = Bm25Segments.open(
                [d.view(segment_file(seg["dir"], BM25_DIR)) for seg in manifest["segments"]]
            )
    except PermissionError as e:
        raise IndexAccessError(f"cannot read {path / BM25_DIR} ({e.strerror}): check its permissions") from e
    except Exception as e:  # json, numpy, missing files, arrays that disagree
        raise damaged(path, f"{BM25_DIR}/ cannot be read ({type(e).__name__}: {one_line(e)[:120]})") from e
    if bm25 is not None and [s.num_docs for s in bm25.segments] != [
        seg["chunks"] for seg in manifest["segments"]
    ]:
        raise damaged(
            path,
            f"{BM25_DIR}/ holds {[s.num_docs for s in bm25.segments]} documents by segment, "
            f"the manifest's segments {[seg['chunks'] for seg in manifest['segments']]} chunks",
        )
    counts = (len(article_rows), len(chunk_rows), len(origins))
    problem = consistency_problem(manifest, counts, arrays, vectors, sentence_vectors, faiss_index)
    if problem:
        raise damaged(path, problem)
    records = Records(
        path, article_rows, chunk_rows, arrays[ARTICLE_KEYS], arrays[ARTICLE_ORDER], arrays[SENT_OFFSETS]
    )
    chunks, extras = records.lists()
    meta = ChunkMeta(arrays[DAYS], arrays[ORIGIN], origins)
    stories = Stories(arrays[STORY], arrays[STORY_CHUNKS], arrays[STORY_PTR])
    doc_freq = bm25.doc_freq if bm25 is not None else DocFreqs(SegmentVocab([]))
    return Store(path, manifest, records.articles, chunks, extras, vectors, sentence_vectors, faiss_index, bm25,
                 meta, summary, stories, doc_freq, arrays[CHUNK_ARTICLE])  # fmt: skip


__all__ = [
    "Store",
    "ChunkExtras",
    "Summary",
    "article_from_record",
    "article_to_record",
    "load_store",
    "read_manifest",
    "check_embedder",
    "FORMAT_VERSION",
    "segment_file",
    "dense_files",
]
