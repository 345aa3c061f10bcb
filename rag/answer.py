"""The offline extractive answerer.

Every sentence of the top hits is scored on three signals, each in [0, 1]:

* ``dense``: cosine of the sentence's vector (computed at index time) to the question's, rescaled
  from e5's narrow band (~0.72-0.90) to [0, 1];
* ``lexical``: the IDF-weighted share of the question's content morphemes the sentence contains
  (half counted with its section heading, which names the story's subject);
* ``quantity``: for 얼마/몇/규모-style questions, whether the sentence states the kind of amount asked
  for (money, a percentage, a count, a time: see ``rag.quantity``).

The best sentence is quoted, with the next best ones within ``sentence_min_ratio`` of it (from
another section only when nearly as good), verbatim and in document order, each followed by the
marker of its section.

Confidence (``min_confidence`` is calibrated on the dev set by ``bench/calibrate.py``) combines the
best sentence's score, how much of the question the top section covers, and how much of the
question is missing from it. A question mostly in Latin script (English about Korean text) shares
no morphemes with the briefings, so for it the scores rest on the dense signals. A Korean question
none of whose terms occurs anywhere in the corpus gets confidence 0.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .config import AnswerConfig
from .korean import morphemes, names
from .quantity import amount_score, asked_kinds, stated_kinds
from .query import is_cross_lingual, strip_dates
from .store import Store
from .types import Answer, Citation, Hit

# Question words: they say what is asked, not what about, so they are not matched against text.
QUESTION_WORDS = frozenset(
    "얼마 얼마나 무엇 뭐 무슨 어떻다 어떤 어디 누구 언제 왜 몇 어느 어떻게 알다 말하다 대하다 관련 이다 있다 하다 되다 "
    "브리핑 기사 뉴스 보도 기준 "
    "what how which who when why where much many is are was were the of a an in on for to does do did about "
    "tell me".split()
)
DENSE_LOW, DENSE_HIGH = 0.72, 0.90
W_DENSE, W_LEX, W_QTY = 0.40, 0.40, 0.20
HEADING_SHARE = 0.5  # of the lexical signal that counts the section heading as part of the sentence
UNSEEN_NAME_PENALTY = 0.3
CROSS_SECTION_RATIO = 0.9
# a sentence opening with a pronoun ("이는 약 11%의 금리에 해당하며…") leans on the one before it
_ANAPHORA = re.compile(
    r"^(?:이는|이에|이를|이로|이 ?같은|이러한|이런|이 때문에|그는|그녀는|이들은|이들의)"
)  # a sentence from another section must score this share of the best one


def rescale_dense(cos: float) -> float:
    return min(max((cos - DENSE_LOW) / (DENSE_HIGH - DENSE_LOW), 0.0), 1.0)


@dataclass(frozen=True)
class ScoredSentence:
    hit: Hit
    span: tuple[int, int]
    text: str
    score: float
    dense: float
    lexical: float
    amount: float  # how well the amounts it states match the kind asked for (rag.quantity)


@dataclass(frozen=True)
class Evidence:
    """The answerer's view of a question against some hits (also what the re-ranker uses)."""

    question: str
    terms: list[str]
    cross_lingual: bool
    wants_amount: bool
    sentences: list[ScoredSentence]

    def best_per_chunk(self) -> dict[int, float]:
        best: dict[int, float] = {}
        for s in self.sentences:
            cid = s.hit.chunk.id
            best[cid] = max(best.get(cid, 0.0), s.score)
        return best


def _section(s: ScoredSentence) -> tuple[str, int]:
    """The story a sentence belongs to (a long story is split into several chunks)."""
    return s.hit.chunk.article_id, s.hit.chunk.section_order


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

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._idf_unseen)

    def question_terms(self, question: str) -> list[str]:
        return list(dict.fromkeys(t for t in morphemes(strip_dates(question)) if t not in QUESTION_WORDS))

    def coverage(self, q_terms: list[str], terms: frozenset[str] | set[str]) -> float:
        total = sum(self.idf(t) for t in q_terms)
        if total == 0:
            return 0.0
        return sum(self.idf(t) for t in q_terms if t in terms) / total

    def evidence(self, question: str, qvec: np.ndarray | None, hits: list[Hit]) -> Evidence:
        q_terms = self.question_terms(question)
        asked = asked_kinds(question)
        wants_amount = bool(asked)
        cross = is_cross_lingual(question) and qvec is not None
        out: list[ScoredSentence] = []
        for hit in hits:
            c = hit.chunk
            extra = self.store.extras[c.id]
            heading_terms = set(morphemes(c.heading))
            text = self.store.articles[c.article_id].text
            rows = self.store.sentence_vectors[extra.sent_offset : extra.sent_offset + len(extra.sentences)]
            cosines = rows @ qvec if qvec is not None and len(rows) else np.zeros(len(extra.sentences))
            for j, span in enumerate(
                extra.sentences
            ):  # a sentence two overlapping chunks share counts for both
                sent = text[span[0] : span[1]]
                terms = frozenset(extra.sentence_terms[j])
                lex = (1 - HEADING_SHARE) * self.coverage(q_terms, terms) + HEADING_SHARE * self.coverage(
                    q_terms, terms | heading_terms
                )
                dense = rescale_dense(float(cosines[j])) if qvec is not None else 0.0
                qty = amount_score(asked, stated_kinds(sent))
                if cross:
                    score = (W_DENSE + W_LEX) * dense + W_QTY * qty
                elif qvec is None:
                    score = (W_LEX + W_DENSE) * lex + W_QTY * qty
                else:
                    score = W_DENSE * dense + W_LEX * lex + W_QTY * qty
                out.append(ScoredSentence(hit, span, sent, score, dense, lex, qty))
        return Evidence(question, q_terms, cross, wants_amount, out)

    def answer(
        self, question: str, qvec: np.ndarray | None, hits: list[Hit], evidence: Evidence | None = None
    ) -> Answer:
        cfg = self.cfg
        top_ids = {h.chunk.id for h in hits[: cfg.sections]}
        if evidence is None:
            evidence = self.evidence(question, qvec, hits[: cfg.sections])
        scored = [s for s in evidence.sentences if s.hit.chunk.id in top_ids]
        if not scored:
            return self._abstain(question, hits, 0.0)
        best = max(scored, key=lambda s: (s.score, -s.hit.rank))
        confidence = self.confidence(evidence, qvec, best)
        if confidence < cfg.min_confidence:
            return self._abstain(question, hits, confidence)
        chosen = self.select(evidence, scored, best)
        return self._compose(question, hits, chosen, confidence)

    def select(
        self, evidence: Evidence, scored: list[ScoredSentence], best: ScoredSentence
    ) -> list[ScoredSentence]:
        cfg = self.cfg
        home = _section(best)

        def ok(s: ScoredSentence) -> bool:
            ratio = cfg.sentence_min_ratio if _section(s) == home else CROSS_SECTION_RATIO
            if _ANAPHORA.match(s.text) and not self._follows(s, best):
                return False  # "이는 약 11%의 금리에 해당하며…" means nothing without the sentence before it
            return s.score >= ratio * best.score

        chosen = [best]
        quoted = {(best.hit.chunk.article_id, best.span)}
        for s in sorted((s for s in scored if s is not best and ok(s)), key=lambda s: -s.score):
            key = (s.hit.chunk.article_id, s.span)
            if len(chosen) < cfg.max_sentences and key not in quoted:  # overlapping chunks: quote once
                chosen.append(s)
                quoted.add(key)
        return chosen

    def _follows(self, s: ScoredSentence, prev: ScoredSentence) -> bool:
        """True when ``s`` is the sentence right after ``prev`` in the same article."""
        if s.hit.chunk.article_id != prev.hit.chunk.article_id or s.span[0] < prev.span[1]:
            return False
        return not self.store.articles[s.hit.chunk.article_id].text[prev.span[1] : s.span[0]].strip()

    def confidence(self, evidence: Evidence, qvec: np.ndarray | None, best: ScoredSentence) -> float:
        top = best.hit.chunk
        if evidence.cross_lingual and qvec is not None:
            return 0.6 * best.score + 0.4 * rescale_dense(float(self.store.vectors[top.id] @ qvec))
        q_terms = evidence.terms
        if q_terms and not any(t in self._idf for t in q_terms):
            return 0.0
        total = sum(self.idf(t) for t in q_terms) or 1.0
        # the share of the question the briefings never mention at all
        unseen = sum(self.idf(t) for t in q_terms if t not in self._idf) / total
        covered = self.coverage(q_terms, set(self.store.extras[top.id].terms))
        # a name the briefings never mention (a company, a person) is the strongest sign they cannot answer
        unseen_names = [
            n for n in names(strip_dates(evidence.question)) if n in q_terms and n not in self._idf
        ]
        penalty = UNSEEN_NAME_PENALTY if unseen_names else 0.0
        return max(0.0, 0.6 * best.score + 0.4 * covered - 0.4 * unseen - penalty)

    def _compose(
        self, question: str, hits: list[Hit], chosen: list[ScoredSentence], confidence: float
    ) -> Answer:
        chosen = sorted(chosen, key=lambda s: (s.hit.rank, s.span[0]))
        markers: dict[int, int] = {}  # chunk id -> marker, in order of first appearance
        by_chunk: dict[int, list[ScoredSentence]] = {}
        for s in chosen:
            markers.setdefault(s.hit.chunk.id, len(markers) + 1)
            by_chunk.setdefault(s.hit.chunk.id, []).append(s)
        parts: list[str] = []
        citations: list[Citation] = []
        for cid, marker in markers.items():
            sents = sorted(by_chunk[cid], key=lambda s: s.span[0])  # document order within a section
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

    def _abstain(self, question: str, hits: list[Hit], confidence: float) -> Answer:
        return Answer(question, self.cfg.abstain_text, (), tuple(hits), True, confidence)


__all__ = ["Answerer", "Evidence", "ScoredSentence", "QUESTION_WORDS"]
