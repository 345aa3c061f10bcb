"""The naive baseline: what a generic RAG template does with the same files.

Each file's whole text (header, ▲ list and footer included) is cut into fixed windows of
``eval.baseline_chunk_chars`` characters, embedded as they are (no heading, no structure) with the
same embedder, and searched densely. The index directory has the project's on-disk format, so
``RAG.load`` and the extractive answerer run on it unchanged.

To judge it on the same footing, each window is labelled (for scoring only) with the parsed section it
overlaps most; the labels live in the manifest under ``eval_sections`` and never reach the answerer:
the baseline's chunks have an empty heading.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from index.build import chunk_record
from index.parse import parse_article
from index.read import discover, read_file
from index.write import write_index
from rag import __version__
from rag import store as fmt
from rag.config import Config
from rag.embed import Embedder
from rag.errors import EmptyCorpusError, SourceError
from rag.korean import sentence_spans
from rag.types import Article, Section, strip_span

SECTIONS_KEY = "eval_sections"


def windows(text: str, size: int, overlap: int = 0) -> list[tuple[int, int]]:
    """Fixed character windows over ``text``, trimmed of surrounding whitespace; blank ones dropped."""
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError(f"window size {size} and overlap {overlap}: need size > overlap >= 0")
    spans = []
    for start in range(0, len(text), size - overlap):
        s, e = strip_span(text, start, min(start + size, len(text)))
        if e > s:
            spans.append((s, e))
        if start + size >= len(text):
            break
    return spans


def section_id(article_id: str, order: int) -> str:
    return f"{article_id}#{order}"


def label(span: tuple[int, int], sections: list[Section]) -> str | None:
    """The section a window overlaps most (``None`` when it lies outside every section)."""
    best, best_overlap = None, 0
    for sec in sections:
        overlap = min(span[1], sec.span[1]) - max(span[0], sec.span[0])
        if overlap > best_overlap:
            best, best_overlap = section_id(sec.article_id, sec.order), overlap
    return best


def _window_records(
    article: Article, sections: list[Section], size: int, overlap: int
) -> tuple[list[dict[str, Any]], list[str | None], list[str], list[str]]:
    records, labels, texts, sent_texts = [], [], [], []
    for pos, span in enumerate(windows(article.text, size, overlap)):
        text = article.text[span[0] : span[1]]
        sents = [(span[0] + s, span[0] + e) for s, e in sentence_spans(text)] or [span]
        rec = chunk_record(article, "", pos, 0, span, sents)  # no heading: generic templates have none
        records.append(rec)
        labels.append(label(span, sections))
        texts.append(text)
        sent_texts.extend(article.text[s:e] for s, e in sents)
    return records, labels, texts, sent_texts


def build_baseline_index(
    paths: list[Path] | list[str],
    index_dir: Path | str,
    config: Config,
    embedder: Embedder,
    progress: bool = False,
) -> list[tuple[str, str]]:
    """Write the baseline index for ``paths`` into ``index_dir``; returns the files skipped, with why."""
    size, overlap = config.eval.baseline_chunk_chars, config.eval.baseline_overlap_chars
    files = discover([Path(p) for p in paths])
    articles: list[dict[str, Any]] = []
    chunks: list[dict[str, Any]] = []
    labels: list[str | None] = []
    headings: dict[str, str] = {}
    texts: list[str] = []
    sent_texts: list[str] = []
    sources: dict[str, Any] = {}
    failed: list[tuple[str, str]] = []
    for f in files:
        try:
            data = f.read_bytes()
            docs = read_file(f)
        except (OSError, SourceError) as e:
            failed.append((str(f), str(e)))
            continue
        ids, n_before = [], len(chunks)
        for doc in docs:
            article, sections = parse_article(
                doc.text,
                doc.source,
                doc.meta,
                config.chunking.paragraph_group_chars,
                config.chunking.min_section_chars,
            )
            ids.append(article.id)
            articles.append(fmt.article_to_record(article))
            headings.update({section_id(s.article_id, s.order): s.heading for s in sections})
            recs, labs, ctexts, stexts = _window_records(article, sections, size, overlap)
            chunks.extend(recs)
            labels.extend(labs)
            texts.extend(ctexts)
            sent_texts.extend(stexts)
        sources[str(f)] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
            "encoding": docs[0].encoding,
            "article_ids": ids,
            "chunks": len(chunks) - n_before,
        }
    if not chunks:
        raise EmptyCorpusError(f"nothing to index for the baseline in {', '.join(map(str, paths))}")
    offset = 0
    for i, rec in enumerate(chunks):
        rec["id"], rec["sent_offset"] = i, offset
        offset += len(rec["sentences"])
    info = embedder.info()
    vectors = embedder.embed_passages(texts, progress=progress)
    sentence_vectors = embedder.embed_passages(sent_texts, progress=progress)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    manifest = {
        "format_version": fmt.FORMAT_VERSION,
        "project_version": __version__,
        "embedder": info,
        "chunking": {
            "kind": "fixed_chars",
            "chunk_chars": size,
            "overlap_chars": overlap,
            "embed_text": "text",
        },
        "faiss": "flat",
        "counts": {
            "sources": len(sources),
            "articles": len(articles),
            "chunks": len(chunks),
            "sentences": int(sentence_vectors.shape[0]),
        },
        "bytes_per_chunk": 2 * 4 * int(info["dim"]),
        "sources": sources,
        "created": now,
        "updated": now,
        SECTIONS_KEY: {"headings": headings, "chunks": labels},
    }
    write_index(
        Path(index_dir), manifest, articles, chunks, np.asarray(vectors), np.asarray(sentence_vectors)
    )
    return failed


__all__ = ["build_baseline_index", "windows", "label", "section_id", "SECTIONS_KEY"]
