"""Incremental index builds: unchanged files keep their chunks and vectors, changed files are
re-parsed and re-embedded, files that are gone are dropped with ``prune``.

Nothing indexed is dropped unless asked (``prune``, ``rebuild``; ``report.removed`` lists it): after
a chunking change the sources a build is not given are re-chunked (index/previous.py), or the build
refuses. The index path is resolved and checked before anything is read (index/write.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from rag import __version__
from rag import store as fmt
from rag.config import Config
from rag.embed import Embedder, make_embedder
from rag.errors import ConfigError, EmptyCorpusError, SourceError

from .append import append_sources, appendable
from .dense_files import VECTOR_DTYPES, faiss_outdated, faiss_record
from .embed_cache import EmbeddingCache, cache_dir
from .encode_stream import EncodeStream
from .previous import PreviousIndex, dropped_by_rebuild, load_previous, rechunk_not_given
from .read import discover, duplicate_sources, read_bytes
from .sources import IndexedSource, parse_file
from .sources import chunk_record as chunk_record  # eval/baseline.py imports it from here
from .sources import sha256 as _sha256
from .write import build_lock, check_target, clean_stale, index_target, write_index


@dataclass
class BuildReport:
    index: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    rechunked: list[str] = field(default_factory=list)  # unchanged files chunked again (settings changed)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    embedded_chunks: int = 0
    embedded_chars: int = 0
    cache_hits: int = 0  # distinct texts whose vectors the embedding cache held
    cache_misses: int = 0  # distinct texts encoded
    encoded_chars: int = 0  # characters the encoder read
    cache: str | None = None  # the embedding cache file used, None when off or unusable
    faiss: str | None = None  # the FAISS kind written (index/dense_files.py); None: index left as it was
    articles: int = 0
    chunks: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items()}
        d["index"] = str(self.index)
        d["failed"] = [{"path": p, "error": e} for p, e in self.failed]
        return d


_Source = IndexedSource  # one file's share of the index
_parse_file = parse_file  # bench/bench.py times it under this name


def build_index(
    paths: list[Path] | list[str],
    index_dir: Path | str,
    config: Config,
    embedder: Embedder | None = None,
    prune: bool = False,
    rebuild: bool = False,
    progress: bool = True,
) -> BuildReport:
    """Index ``paths`` into ``index_dir``; see the module docstring. Bad files are reported and skipped."""
    t0 = time.perf_counter()
    if config.chunking.chunk_vectors not in ("embed", "pooled"):
        raise ConfigError(
            f"chunking.chunk_vectors {config.chunking.chunk_vectors!r} is not one of embed, pooled"
        )
    report = BuildReport(Path(index_dir))
    index_dir = index_target(index_dir)  # a symbolic link: its target is built, the link stays
    files = discover([Path(p) for p in paths])  # a missing path is a SourceError before anything is touched
    check_target(index_dir, paths)  # a file or a folder of other files: refused before any work
    embedder = embedder or make_embedder(config.embedder)
    info = embedder.info()
    # texts are encoded as each document is parsed (index/encode_stream.py): the encoder is the critical path
    stream = EncodeStream(embedder, lambda: _open_cache(config, embedder), progress)
    with build_lock(index_dir), stream:
        clean_stale(index_dir)
        check_target(index_dir, paths)
        if rebuild:
            prev, report.removed = PreviousIndex(None, {}), dropped_by_rebuild(index_dir, files)
        else:
            prev = load_previous(index_dir, info, _chunking(config, info))
        prev_manifest, previous = prev.manifest, prev.sources
        sources: dict[str, _Source] = {} if prune or prev.stale else dict(previous)
        pending: list[tuple[str, _Source, list[str], list[str]]] = []
        rechunked: set[str] = set()  # unchanged sources parsed again: the chunking settings changed
        iterator = files
        if progress:
            from tqdm.auto import tqdm

            iterator = tqdm(files, desc="parsing", unit="file", leave=False)
        # the same bytes under another name are reported, not indexed twice (index/read.py)
        indexed = {k: s.meta["sha256"] for k, s in previous.items()}
        pooled = config.chunking.chunk_vectors == "pooled"

        def feed(recs: list[dict[str, Any]], ctexts: list[str], stexts: list[str]) -> None:
            """Hand one document's texts to the encoder: its sentences, and its headings ("pooled")
            or chunk texts ("embed")."""
            stream.add(stexts)
            stream.add([r["heading"] for r in recs if r["heading"]] if pooled else ctexts)

        duplicates = duplicate_sources(files, indexed, keep_indexed=not prune)
        for f in iterator:
            key = str(f)
            if key in duplicates:
                report.failed.append(
                    (key, f"{key} holds the same bytes as {duplicates[key]}: not indexed twice")
                )
                continue
            try:
                data = read_bytes(f)  # a FIFO, device or broken link is a SourceError naming the file
            except SourceError as e:
                report.failed.append((key, str(e)))
                continue
            old = previous.get(key)
            if old is not None and old.meta["sha256"] == _sha256(data):
                if not prev.stale:
                    sources[key] = old
                    report.unchanged.append(key)
                    continue
                rechunked.add(key)
            try:
                src, ctexts, stexts = parse_file(f, data, config, embedder, feed)
            except SourceError as e:
                report.failed.append((key, str(e)))
                if old is not None:  # a bad new version never loses what was indexed before
                    sources[key] = old
                continue
            pending.append((key, src, ctexts, stexts))
        if prune:
            seen = {str(f) for f in files}
            report.removed = sorted(k for k in previous if k not in seen)
        elif prev.stale:
            again = rechunk_not_given(
                index_dir, prev, files, sources, _chunking(config, info), config, embedder, report.failed
            )
            pending += again
            for _, src, ctexts, stexts in again:
                feed(src.chunks, ctexts, stexts)
            rechunked.update(key for key, *_ in again)
        if (
            prev_manifest is not None
            and not pending
            and set(sources) == set(previous)
            and not faiss_outdated(prev_manifest, config.index)
        ):
            # nothing new, changed or removed: the index on disk is already this one (when only
            # index.faiss changed, it is written again below from its stored vectors: nothing is encoded)
            report.articles = prev_manifest["counts"]["articles"]
            report.chunks = prev_manifest["counts"]["chunks"]
            report.seconds = time.perf_counter() - t0
            return report
        if not pending and not sources:
            raise EmptyCorpusError(
                f"nothing to index in {', '.join(map(str, paths))}: "
                f"no readable .txt/.md/.html/.jsonl briefings ({len(report.failed)} failed)"
            )
        # everything new was handed to the encoder as it was parsed (feed): each distinct sentence once
        # (the answerer needs them), plus the headings ("pooled": chunk vectors are means of their
        # sentences' vectors and heading's) or the whole chunk texts ("embed"); texts the embedding
        # cache holds are not encoded at all. What is left is encoded now.
        all_chunks = [t for _, _, ct, _ in pending for t in ct]
        all_sents = [t for _, _, _, st in pending for t in st]
        recs = [rec for _, src, _, _ in pending for rec in src.chunks]
        extra = sorted({r["heading"] for r in recs} - {""}) if pooled else all_chunks
        stats = stream.finish()
        cache = stream.cache
        svec, xvec = stream.vectors(all_sents), stream.vectors(extra)
        if pooled:
            # each sentence counted once: for its batch and for its weight in its chunk's pooled vector
            tokens = [stream.token_count(t) for t in all_sents]
            cvec = pool_chunk_vectors(recs, tokens, svec, dict(zip(extra, xvec, strict=True)))
        else:
            cvec = xvec
        report.cache_hits, report.cache_misses = stats.hits, stats.misses
        report.encoded_chars = stats.encoded_chars
        report.cache = str(cache.path) if cache is not None and cache.warning is None else None
        ci = si = 0
        for key, src, ctexts, stexts in pending:
            src.vectors = cvec[ci : ci + len(ctexts)]
            src.sentence_vectors = svec[si : si + len(stexts)]
            ci, si = ci + len(ctexts), si + len(stexts)
            bucket = (
                report.rechunked if key in rechunked else report.updated if key in previous else report.added
            )
            bucket.append(key)
            sources[key] = src
        report.embedded_chunks = len(all_chunks)
        report.embedded_chars = sum(len(t) for t in all_chunks)
        if appendable(
            prev, sources, [key for key, *_ in pending], config
        ):  # only new sources: index/append.py
            report.articles, report.chunks, report.faiss = append_sources(
                index_dir, prev, sources, [key for key, *_ in pending], info, config
            )
        else:
            _write(index_dir, sources, info, config, prev_manifest, report)
    report.seconds = time.perf_counter() - t0
    return report


# a heading weighs as much as three average sentences of its chunk (on eval/datasets/dev.jsonl with
# length weights, 3 beat 0, 1, 2, 4 and 6 on dense hit@1 and mrr@10; token weights then beat length)
HEADING_WEIGHT = 3.0


def pool_chunk_vectors(
    records: list[dict[str, Any]], tokens: list[int], svec: np.ndarray, headings: dict[str, np.ndarray]
) -> np.ndarray:
    """Chunk vectors as the token-weighted mean of their sentences' vectors plus their heading's.

    ``tokens``/``svec`` are the records' sentences' token counts and vectors, in order; ``headings``
    maps each non-empty heading to its vector. This is how e5 itself combines the windows of a text
    longer than its window (a token-weighted mean), and it needs no encoder pass over the chunks:
    indexing encodes each text once.
    """
    dim = svec.shape[1] if svec.ndim == 2 else 0
    out = np.zeros((len(records), dim), np.float32)
    row = 0
    for i, rec in enumerate(records):
        n = len(rec["sentences"])
        w = np.asarray(tokens[row : row + n], np.float32)
        v = (w[:, None] * svec[row : row + n]).sum(0)
        if rec["heading"] and n:
            v = v + HEADING_WEIGHT * w.mean() * headings[rec["heading"]]
        out[i] = v / max(float(np.linalg.norm(v)), 1e-12)
        row += n
    return out


def _open_cache(config: Config, embedder: Embedder) -> EmbeddingCache | None:
    """The embedding cache ``embedder.cache`` names (relative to the config file), or None when off."""
    base = config.source.resolve().parent if config.source is not None else None
    directory = cache_dir(config.embedder.cache, base)
    return EmbeddingCache.open(directory, embedder) if directory is not None else None


def _chunking(config: Config, info: dict[str, Any]) -> dict[str, Any]:
    return {
        "max_tokens": info["max_tokens"],
        "overlap_sentences": config.chunking.overlap_sentences,
        "paragraph_group_chars": config.chunking.paragraph_group_chars,
        "min_section_chars": config.chunking.min_section_chars,
        "embed_text": "heading\\ntext",
        "chunk_vectors": config.chunking.chunk_vectors,
    }


def _write(
    index_dir: Path,
    sources: dict[str, _Source],
    info: dict[str, Any],
    config: Config,
    prev_manifest: dict[str, Any] | None,
    report: BuildReport,
) -> None:
    articles: list[dict[str, Any]] = []
    chunks: list[dict[str, Any]] = []
    vecs: list[np.ndarray] = []
    svecs: list[np.ndarray] = []
    offset = 0
    for key in sorted(sources):
        src = sources[key]
        articles.extend(src.articles)
        for rec in src.chunks:
            rec = dict(rec, id=len(chunks), sent_offset=offset)
            offset += len(rec["sentences"])
            chunks.append(rec)
        vecs.append(src.vectors.reshape(-1, info["dim"]))
        svecs.append(src.sentence_vectors.reshape(-1, info["dim"]))
    dim = info["dim"]
    vectors = np.concatenate(vecs) if vecs else np.zeros((0, dim), np.float32)
    sentence_vectors = np.concatenate(svecs) if svecs else np.zeros((0, dim), np.float32)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    record = faiss_record(config.index, len(chunks))  # the FAISS kind, chosen by size under auto
    manifest = {
        "format_version": fmt.FORMAT_VERSION,
        "project_version": __version__,
        "embedder": info,
        "chunking": _chunking(config, info),
        **record,
        "vectors": VECTOR_DTYPES,
        "counts": {
            "sources": len(sources),
            "articles": len(articles),
            "chunks": len(chunks),
            "sentences": int(sentence_vectors.shape[0]),
        },
        "bytes_per_chunk": 2 * 4 * dim,
        "sources": {k: sources[k].meta for k in sorted(sources)},
        "created": (prev_manifest or {}).get("created", now),
        "updated": now,
    }
    write_index(
        index_dir,
        manifest,
        articles,
        chunks,
        vectors,
        sentence_vectors,
        record["faiss"],
        config.index.hnsw_m,
        config.index.hnsw_ef_search,
    )
    report.articles, report.chunks = len(articles), len(chunks)
    report.faiss = record["faiss"]
