"""One file's share of an index: reading, parsing and chunking it into chunk records.

:func:`parse_file` takes a file's bytes; :func:`parse_docs` its documents, which is how the build
re-chunks a source from the text the index keeps (index/previous.py). The vectors are filled in by
index/build.py, which encodes each document's texts while the next is parsed (``on_doc``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag import store as fmt
from rag.config import Config
from rag.embed import Embedder
from rag.errors import SourceError
from rag.korean import sentence_spans
from rag.types import Article, Chunk, Span, chunk_to_record

from .chunk import chunk_section, embed_text, sentences_in
from .facts import chunk_facts
from .noise import clean_spans
from .parse import parse_article
from .read import RawDocument, read_file


@dataclass
class IndexedSource:
    """One file's share of the index."""

    meta: dict[str, Any]
    articles: list[dict[str, Any]]
    chunks: list[dict[str, Any]]  # records without id / sent_offset
    vectors: np.ndarray
    sentence_vectors: np.ndarray


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chunk_record(
    article: Article, heading: str, section_order: int, position: int, span: Span, sentences: list[Span]
) -> dict[str, Any]:
    """A ``chunks.jsonl`` record (see rag/store.py): the chunk, its BM25 terms, its sentences and theirs."""
    text = article.text[span[0] : span[1]]
    chunk = Chunk(
        id=-1,
        article_id=article.id,
        title=article.title,
        heading=heading,
        text=text,
        section_order=section_order,
        position=position,
        span=span,
        source=article.source,
        published=article.published,
        outlet=article.outlet,
    )
    rec = chunk_to_record(chunk)
    rec.update(sentences=[list(s) for s in sentences])
    rec.update(chunk_facts(heading, [article.text[s:e] for s, e in sentences]))
    return rec


# each document's chunk records, chunk texts and sentence texts, as soon as it is parsed (the build
# starts encoding them while it parses the next: index/encode_stream.py)
OnDoc = Callable[[list[dict[str, Any]], list[str], list[str]], None]


def parse_file(
    path: Path, data: bytes, cfg: Config, embedder: Embedder, on_doc: OnDoc | None = None
) -> tuple[IndexedSource, list[str], list[str]]:
    """Parse and chunk one file; returns the source (vectors still empty) and the texts to embed."""
    docs = read_file(path, data, columns=cfg.reading.csv_columns)  # raises SourceError for bad files
    meta = {"sha256": sha256(data), "bytes": len(data), "encoding": docs[0].encoding}
    return parse_docs(path, docs, meta, cfg, embedder, on_doc)


def parse_docs(
    path: Path | str,
    docs: list[RawDocument],
    meta: dict[str, Any],
    cfg: Config,
    embedder: Embedder,
    on_doc: OnDoc | None = None,
) -> tuple[IndexedSource, list[str], list[str]]:
    """:func:`parse_file` from the file's documents; ``meta``: the file's sha256, bytes, encoding."""
    articles: list[dict[str, Any]] = []
    chunks: list[dict[str, Any]] = []
    chunk_texts: list[str] = []
    sent_texts: list[str] = []
    for doc in docs:
        first = (len(chunks), len(chunk_texts), len(sent_texts))
        article, sections = parse_article(
            doc.text, doc.source, doc.meta, cfg.chunking.paragraph_group_chars, cfg.chunking.min_section_chars
        )
        articles.append(fmt.article_to_record(article))
        for sec in sections:
            sec_sents = [(sec.span[0] + s, sec.span[0] + e) for s, e in sentence_spans(sec.body)]
            spans = chunk_section(
                sec,
                article.text,
                embedder.token_count,
                embedder.max_tokens,
                sec_sents,
                cfg.chunking.overlap_sentences,
            )
            for pos, span in enumerate(spans):
                # bylines, captions and credits are never quoted; a trimmed sentence keeps its trimmed span
                sents = clean_spans(article.text, sentences_in(span, sec_sents) or [span])
                if not sents:
                    continue  # nothing but furniture: nothing to quote
                chunks.append(chunk_record(article, sec.heading, sec.order, pos, span, sents))
                chunk_texts.append(embed_text(sec.heading, article.text[span[0] : span[1]]))
                sent_texts.extend(article.text[s:e] for s, e in sents)
        if on_doc is not None:
            on_doc(chunks[first[0] :], chunk_texts[first[1] :], sent_texts[first[2] :])
    if not chunks:  # e.g. nothing but header and footer lines: a warning naming the file, not "added"
        raise SourceError(f"{path} yields no article text to index (only headers, footers or furniture)")
    meta = {**meta, "article_ids": [a["id"] for a in articles], "chunks": len(chunks)}
    empty = np.zeros((0, 0), np.float32)
    return IndexedSource(meta, articles, chunks, empty, empty), chunk_texts, sent_texts


__all__ = ["IndexedSource", "chunk_record", "parse_docs", "parse_file", "sha256"]
