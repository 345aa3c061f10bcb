"""The domain, one frozen dataclass per concept (see ../shared/design.md).

Article -> Section -> Chunk (what is embedded) -> Hit (a retrieved chunk) -> Citation -> Answer.
Spans are ``(start, end)`` character offsets into ``Article.text``, the decoded source text of the
article, so ``article.text[start:end] == chunk.text`` always holds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

Span = tuple[int, int]


def strip_span(text: str, start: int, end: int) -> Span:
    """``(start, end)`` narrowed so that ``text[start:end]`` has no leading or trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    source: str  # path of the file it came from (with ``#line`` for JSONL)
    outlet: str | None = None
    author: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    url: str | None = None
    headlines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    article_id: str
    heading: str
    body: str
    order: int
    span: Span


@dataclass(frozen=True)
class Chunk:
    id: int
    article_id: str
    title: str
    heading: str
    text: str
    section_order: int
    position: int  # index of this chunk within its section
    span: Span
    source: str
    published: datetime | None = None
    outlet: str | None = None

    @property
    def date(self) -> str | None:
        return self.published.date().isoformat() if self.published else None


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # fused score
    rank: int  # 1-based
    scores: dict[str, float] = field(default_factory=dict)  # per retriever, e.g. {"dense": .83, "bm25": 7.1}
    ranks: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    marker: int
    chunk: Chunk
    quote: str  # the quoted sentence(s), verbatim, joined by a space
    # each quoted sentence and nothing else: (start, end) offsets into Article.text, the decoded text of
    # the source file (for .jsonl/.csv, the article's body), so that text[start:end] is the sentence
    sentence_spans: tuple[Span, ...] = ()

    @property
    def span(self) -> Span:
        """The first quoted sentence (a section quoted twice has its other sentences in sentence_spans)."""
        return self.sentence_spans[0] if self.sentence_spans else self.chunk.span

    @property
    def title(self) -> str:
        return self.chunk.title

    @property
    def heading(self) -> str:
        return self.chunk.heading

    @property
    def date(self) -> str | None:
        return self.chunk.date

    @property
    def source(self) -> str:
        return self.chunk.source

    def to_dict(self) -> dict[str, Any]:
        return {
            "marker": self.marker,
            "title": self.title,
            "heading": self.heading,
            "date": self.date,
            "outlet": self.chunk.outlet,
            "source": self.source,
            "span": list(self.span),
            "chunk_span": list(self.chunk.span),
            "quote": self.quote,
            "sentence_spans": [list(x) for x in self.sentence_spans],
        }


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    abstained: bool
    confidence: float
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "text": self.text,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "citations": [c.to_dict() for c in self.citations],
            "hits": [hit_to_dict(h) for h in self.hits],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    c = hit.chunk
    return {
        "rank": hit.rank,
        "score": round(hit.score, 6),
        "scores": {k: round(v, 6) for k, v in hit.scores.items()},
        "chunk_id": c.id,
        "title": c.title,
        "heading": c.heading,
        "date": c.date,
        "source": c.source,
        "span": list(c.span),
        "text": c.text,
    }


def chunk_to_record(chunk: Chunk) -> dict[str, Any]:
    """JSON-able form used by the index directory's ``chunks.jsonl``."""
    d = asdict(chunk)
    d["span"] = list(chunk.span)
    d["published"] = chunk.published.isoformat() if chunk.published else None
    return d


def chunk_from_record(d: dict[str, Any]) -> Chunk:
    d = dict(d)
    d["span"] = tuple(d["span"])
    d["published"] = datetime.fromisoformat(d["published"]) if d.get("published") else None
    return Chunk(**d)
