"""The offline extractive answerer.

From the top hits it scores every sentence on three signals, each in [0, 1]:

* ``dense``: cosine of the sentence's vector (computed at index time) to the question's, rescaled
  from e5's narrow band (~0.70-0.92) to [0, 1];
* ``lexical``: the IDF-weighted share of the question's content morphemes the sentence (with its
  section heading) contains;
* ``quantity``: for 얼마/몇/규모-style questions, whether the sentence states an amount.

The best sentences (those within ``sentence_min_ratio`` of the best) are quoted verbatim, in document
order, each followed by the marker of its section. The answer's confidence combines the best sentence
score with how much of the question the top section covers; below ``min_confidence`` it abstains.

A question written mostly in Latin script (English about Korean text) shares no morphemes with the
briefings, so for it the lexical signal says nothing and the scores rest on the dense ones. A Korean
question none of whose terms occurs anywhere in the corpus is about something the briefings do not
cover: confidence 0.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .config import AnswerConfig
from .korean import morphemes
from .store import Store
from .types import Answer, Citation, Hit

# Question words: they say what is asked, not what about, so they are not matched against text.
QUESTION_WORDS = frozenset(
    "얼마 얼마나 무엇 뭐 무슨 어떻다 어떤 어디 누구 언제 왜 몇 어느 어떻게 알다 말하다 대하다 관련 "
    "what how which who when why where much many is are was were the of a an in on for to does do did about "
    "tell me".split()
)
_QUANTITY_Q = re.compile(
    r"얼마|몇|규모|금액|액수|가격|금리|수익률|비율|퍼센트|%|how much|how many|what (?:price|rate|amount)|rate",
    re.I,
)
_AMOUNT = re.compile(r"\d")
DENSE_LOW, DENSE_HIGH = 0.72, 0.90
W_DENSE, W_LEX, W_QTY = 0.45, 0.45, 0.10


def rescale_dense(cos: float) -> float:
    return min(max((cos - DENSE_LOW) / (DENSE_HIGH - DENSE_LOW), 0.0), 1.0)


def is_cross_lingual(question: str) -> bool:
    """True for a question mostly in Latin script (the briefings are Korean)."""
    letters = [ch for ch in question if ch.isalpha()]
    hangul = sum(1 for ch in letters if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e")
    return bool(letters) and hangul / len(letters) < 0.3


@dataclass(frozen=True)
class ScoredSentence:
    hit: Hit
    span: tuple[int, int]
    text: str
    score: float
    dense: float
    lexical: float


class Answerer:
    def __init__(self, store: Store, cfg: AnswerConfig) -> None:
        self.store = store
        self.cfg = cfg
        df: Counter[str] = Counter()
        for x in store.extras:
            df.update(set(x.terms))
        n = max(len(store.extras), 1)
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._idf_unseen = math.log(1 + n)
        self._sentence_terms: dict[tuple[str, int, int], frozenset[str]] = {}

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._idf_unseen)

    def question_terms(self, question: str) -> list[str]:
        return list(dict.fromkeys(t for t in morphemes(question) if t not in QUESTION_WORDS))

    def _terms(self, article_id: str, span: tuple[int, int]) -> frozenset[str]:
        key = (article_id, *span)
        if key not in self._sentence_terms:
            text = self.store.articles[article_id].text[span[0] : span[1]]
            self._sentence_terms[key] = frozenset(morphemes(text))
        return self._sentence_terms[key]

    def coverage(self, q_terms: list[str], terms: frozenset[str] | set[str]) -> float:
        total = sum(self.idf(t) for t in q_terms)
        if total == 0:
            return 0.0
        return sum(self.idf(t) for t in q_terms if t in terms) / total

    def score_sentences(self, question: str, qvec: np.ndarray | None, hits: list[Hit]) -> list[ScoredSentence]:
        q_terms = self.question_terms(question)
        wants_amount = bool(_QUANTITY_Q.search(question))
        cross = is_cross_lingual(question) and qvec is not None
        out: list[ScoredSentence] = []
        seen: set[tuple[str, int, int]] = set()
        for hit in hits[: self.cfg.sections]:
            c = hit.chunk
            extra = self.store.extras[c.id]
            heading_terms = set(morphemes(c.heading))
            text = self.store.articles[c.article_id].text
            for j, span in enumerate(extra.sentences):
                key = (c.article_id, *span)
                if key in seen:
                    continue
                seen.add(key)
                sent = text[span[0] : span[1]]
                terms = self._terms(c.article_id, span)
                # the heading counts half: a sentence under the right heading is about its subject
                lex = 0.5 * self.coverage(q_terms, terms) + 0.5 * self.coverage(q_terms, terms | heading_terms)
                dense = 0.0
                if qvec is not None and self.store.sentence_vectors.shape[0]:
                    cos = float(self.store.sentence_vectors[extra.sent_offset + j] @ qvec)
                    dense = rescale_dense(cos)
                qty = 1.0 if wants_amount and _AMOUNT.search(sent) else 0.0
                if cross:
                    score = (W_DENSE + W_LEX) * dense + W_QTY * qty
                elif qvec is None:
                    score = (W_LEX + W_DENSE) * lex + W_QTY * qty
                else:
                    score = W_DENSE * dense + W_LEX * lex + W_QTY * qty
                out.append(ScoredSentence(hit, span, sent, score, dense, lex))
        return out

    def answer(self, question: str, qvec: np.ndarray | None, hits: list[Hit]) -> Answer:
        cfg = self.cfg
        scored = self.score_sentences(question, qvec, hits)
        if not scored:
            return self._abstain(question, hits, 0.0)
        best = max(scored, key=lambda s: s.score)
        confidence = self.confidence(question, qvec, hits, best)
        if confidence < cfg.min_confidence:
            return self._abstain(question, hits, confidence)
        chosen = sorted(
            (s for s in scored if s.score >= cfg.sentence_min_ratio * best.score),
            key=lambda s: -s.score,
        )[: cfg.max_sentences]
        chosen.sort(key=lambda s: (s.hit.rank, s.span[0]))
        # markers in order of first appearance; sentences in document order within each section
        markers: dict[int, int] = {}
        for s in chosen:
            markers.setdefault(s.hit.chunk.id, len(markers) + 1)
        by_chunk: dict[int, list[ScoredSentence]] = {}
        for s in chosen:
            by_chunk.setdefault(s.hit.chunk.id, []).append(s)
        parts: list[str] = []
        citations: list[Citation] = []
        for cid, marker in markers.items():
            sents = sorted(by_chunk[cid], key=lambda s: s.span[0])
            parts.extend(f"{s.text} [{marker}]" for s in sents)
            spans = tuple(s.span for s in sents)
            citations.append(
                Citation(
                    marker=marker,
                    chunk=sents[0].hit.chunk,
                    quote=" ".join(s.text for s in sents),
                    span=(spans[0][0], spans[-1][1]),
                    sentence_spans=spans,
                )
            )
        return Answer(question, " ".join(parts), tuple(citations), tuple(hits), False, confidence)

    def confidence(self, question: str, qvec: np.ndarray | None, hits: list[Hit], best: ScoredSentence) -> float:
        top = hits[0].chunk
        if is_cross_lingual(question) and qvec is not None:
            return 0.6 * best.score + 0.4 * rescale_dense(float(self.store.vectors[top.id] @ qvec))
        q_terms = self.question_terms(question)
        if q_terms and not any(t in self._idf for t in q_terms):
            return 0.0
        top_terms = set(self.store.extras[top.id].terms) | set(morphemes(top.heading))
        return 0.6 * best.score + 0.4 * self.coverage(q_terms, top_terms)

    def _abstain(self, question: str, hits: list[Hit], confidence: float) -> Answer:
        return Answer(question, self.cfg.abstain_text, (), tuple(hits), True, confidence)


__all__ = ["Answerer", "ScoredSentence", "QUESTION_WORDS"]
