"""Chunking by section. Pure: the token counter and the section's sentence spans are passed in.

A section that fits the embedder's window (heading included, counted with the embedder's own
tokenizer) is one chunk; a longer one is split at sentence boundaries, consecutive chunks sharing
``overlap`` sentences. Every chunk's span satisfies ``article.text[span] == chunk text``.
"""

from __future__ import annotations

from collections.abc import Callable

from rag.types import Section, Span

TokenCounter = Callable[[str], int]


def embed_text(heading: str, text: str) -> str:
    """What is embedded for a chunk: its heading gives every piece of a long story its subject."""
    return f"{heading}\n{text}" if heading else text


def chunk_section(
    section: Section,
    article_text: str,
    count_tokens: TokenCounter,
    max_tokens: int,
    sentences: list[Span],
    overlap: int = 1,
) -> list[Span]:
    """Spans (into ``article_text``) of the chunks of ``section``; ``sentences`` are the section's
    sentences as spans into ``article_text``."""
    start, end = section.span
    body = article_text[start:end]
    if count_tokens(embed_text(section.heading, body)) <= max_tokens:
        return [(start, end)]
    sents = sentences
    if not sents:
        return [(start, end)]

    def fits(i: int, j: int) -> bool:  # sentences i..j (both included) with the heading, exactly
        return (
            count_tokens(embed_text(section.heading, article_text[sents[i][0] : sents[j][1]])) <= max_tokens
        )

    # each sentence counted once: tokens add up across the whitespace between sentences, so the sum
    # finds each chunk's end at once; the exact count of the joined text then settles that end (a
    # count or two a chunk instead of one per sentence added: counting was quadratic in a long story)
    base = count_tokens("")  # what every count includes (special tokens, the passage prefix)
    alone = [count_tokens(article_text[a:b]) - base for a, b in sents]
    spans: list[Span] = []
    i = 0
    while i < len(sents):
        est = count_tokens(embed_text(section.heading, article_text[sents[i][0] : sents[i][1]]))
        j = i + 1  # always take at least one sentence, even if it alone is over the window
        while j < len(sents) and est + alone[j] <= max_tokens:
            est += alone[j]
            j += 1
        while j > i + 1 and not fits(i, j - 1):
            j -= 1
        while j < len(sents) and fits(i, j):
            j += 1
        spans.append((sents[i][0], sents[j - 1][1]))
        if j >= len(sents):
            break
        i = max(j - overlap, i + 1)
    return spans


def sentences_in(span: Span, sentence_spans: list[Span]) -> list[Span]:
    """The sentences (absolute spans) that lie inside ``span``."""
    return [s for s in sentence_spans if s[0] >= span[0] and s[1] <= span[1]]
