"""Scoring: data in (one :class:`Outcome` per question), dict out.

Retrieval is judged at section level: hits are mapped to their section (article, section order),
duplicates keep their best rank, and a section is relevant when its heading contains one of the
question's ``relevant`` strings. The relevant set (the qrels) is every section of the index whose
heading matches, so a question is not rewarded for a story the index happens to hold twice.
``hit@k``, ``mrr@10`` and ``ndcg@10`` are computed by ranx over the answerable questions that name
``relevant`` strings; run scores are ``1/rank``, so ranx sees exactly the order the retriever produced.

Two answer checks look at what was quoted rather than at the answer's wording:

* ``wrong_entity_rate``: over the questions answered (not abstained, no error) that name an ``entity``
  list, the share whose answer is not about any of the names (NFKC, case- and whitespace-insensitive
  containment). It is about a name when a citation quote contains one; failing that, when a cited
  story's title or heading contains one and no quote contains another entity name of the dataset (a
  sentence that names no company is about its story's subject; one that names a rival is not). An
  answer without citations is judged on its text. Containment is plain: "카카오" is found in
  "카카오페이", so list specific names. Unanswerable questions count too: a near miss answered with
  another company's figure is exactly what this measures.
* ``date_accuracy``: over the answerable questions with a ``date`` that were answered, the share whose
  first citation (the lowest marker: the lead sentence) comes from an article of that date.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .dataset import Question, match_key
from .figures import figure_in

RETRIEVAL_METRICS = {"hit@1": "hit_rate@1", "hit@5": "hit_rate@5", "mrr@10": "mrr@10", "ndcg@10": "ndcg@10"}
METRIC_NAMES = (
    *RETRIEVAL_METRICS,
    "answer_accuracy",
    "citation_precision",
    "abstention_accuracy",
    "wrong_entity_rate",
    "date_accuracy",
    "latency_ms_p50",
    "latency_ms_p95",
)


@dataclass(frozen=True)
class Retrieved:
    """One retrieved section, at its best rank among the hits."""

    section: str  # "<article id>#<section order>"
    heading: str
    rank: int  # 1-based, among sections
    title: str = ""
    date: str | None = None
    score: float = 0.0


@dataclass(frozen=True)
class Cited:
    marker: int
    section: str
    heading: str
    quote: str = ""
    title: str = ""
    date: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What the system did with one question."""

    question: Question
    answer: str = ""
    abstained: bool = False
    confidence: float | None = None
    citations: tuple[Cited, ...] = ()
    retrieved: tuple[Retrieved, ...] = ()
    relevant_sections: frozenset[str] = frozenset()
    latency_ms: float | None = None
    error: str | None = None
    known_entities: frozenset[str] = frozenset()  # every entity name of the dataset (see entity_ok)

    @property
    def first_relevant_rank(self) -> int | None:
        return next((r.rank for r in self.retrieved if r.section in self.relevant_sections), None)

    @property
    def missing(self) -> tuple[str, ...]:
        """``answer_contains`` strings the answer lacks (all of them when it abstained or failed)."""
        if self.error is not None or self.abstained:
            return self.question.answer_contains
        return tuple(s for s in self.question.answer_contains if not figure_in(self.answer, s))

    @property
    def answered(self) -> bool:
        return self.error is None and not self.abstained

    @property
    def entity_ok(self) -> bool | None:
        """Is the answer about one of the question's ``entity`` names? ``None`` when the question names
        none or was not answered. Yes when a quote names one; or when a cited story's title or heading
        names one and no quote names another entity of the dataset (:attr:`known_entities`): a sentence
        such as "순이익도 377억원에 머물렀다" in a story titled "KB증권, …" is about KB증권."""
        if not self.question.entity or not self.answered:
            return None
        if not self.citations:
            return _names_any(self.answer, self.question.entity)
        own = {match_key(n) for n in self.question.entity}
        others = [n for n in self.known_entities if match_key(n) not in own]
        if any(_names_any(c.quote, self.question.entity) for c in self.citations):
            return True
        if any(_names_any(c.quote, others) for c in self.citations):
            return False
        return any(_names_any(f"{c.title} {c.heading}", self.question.entity) for c in self.citations)

    @property
    def date_ok(self) -> bool | None:
        """Is the lead citation from an article of the question's ``date``? ``None`` when the question is
        unanswerable, has no ``date``, or was not answered; an answer without citations is wrong."""
        if not self.question.date or not self.question.answerable or not self.answered:
            return None
        if not self.citations:
            return False
        return min(self.citations, key=lambda c: c.marker).date == self.question.date

    @property
    def abstention_right(self) -> bool:
        if self.error is not None:
            return False
        return self.abstained != self.question.answerable

    @property
    def correct(self) -> bool:
        """Unanswerable: abstained. Answerable: answered, and every ``answer_contains`` string is in it."""
        if not self.question.answerable:
            return self.abstention_right
        return self.error is None and not self.abstained and not self.missing

    def citation_relevant(self, c: Cited) -> bool:
        return c.section in self.relevant_sections


def _names_any(text: str, names: Iterable[str]) -> bool:
    """Does ``text`` contain one of ``names`` (NFKC, case- and whitespace-insensitive)?"""
    key = match_key(text)
    return any(k in key for k in (match_key(n) for n in names) if k)


def ranks_from_hits(sections: Iterable[str]) -> list[str]:
    """Section ids in rank order, each kept at its first (best) position."""
    return list(dict.fromkeys(sections))


def retrieval_scores(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    """Per judged question id: hit@1, hit@5, mrr@10, ndcg@10 (ranx). Questions with nothing retrieved
    or no relevant section in the index score 0 (ranx cannot take an empty ranking)."""
    judged = [o for o in outcomes if o.question.judged]
    out = {o.question.id: dict.fromkeys(RETRIEVAL_METRICS, 0.0) for o in judged}
    scorable = [o for o in judged if o.relevant_sections and o.retrieved]
    if not scorable:
        return out
    from ranx import Qrels, Run, evaluate

    qrels = Qrels.from_dict({o.question.id: dict.fromkeys(sorted(o.relevant_sections), 1) for o in scorable})
    run = Run.from_dict({o.question.id: {r.section: 1.0 / r.rank for r in o.retrieved} for o in scorable})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's type-safety chatter inside ranx
        evaluate(qrels, run, list(RETRIEVAL_METRICS.values()), return_mean=False)
    for name, ranx_name in RETRIEVAL_METRICS.items():
        for qid, value in run.scores[ranx_name].items():
            out[qid][name] = float(value)
    return out


def _mean(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


def summarize(outcomes: list[Outcome]) -> dict[str, float | None]:
    """The report's ``metrics``: exactly :data:`METRIC_NAMES`; ``None`` where no question applies."""
    per_q = retrieval_scores(outcomes)
    metrics: dict[str, float | None] = {
        name: _mean([s[name] for s in per_q.values()]) for name in RETRIEVAL_METRICS
    }
    answerable = [o for o in outcomes if o.question.answerable]
    metrics["answer_accuracy"] = _mean([float(o.correct) for o in answerable])
    # a citation can be judged when the question names its relevant sections, or has none (unanswerable)
    cites = [
        float(o.citation_relevant(c))
        for o in outcomes
        if o.question.judged or not o.question.answerable
        for c in o.citations
    ]
    metrics["citation_precision"] = _mean(cites)
    metrics["abstention_accuracy"] = _mean([float(o.abstention_right) for o in outcomes])
    metrics["wrong_entity_rate"] = _mean(
        [float(not o.entity_ok) for o in outcomes if o.entity_ok is not None]
    )
    metrics["date_accuracy"] = _mean([float(o.date_ok) for o in outcomes if o.date_ok is not None])
    lat = [o.latency_ms for o in outcomes if o.latency_ms is not None]
    metrics["latency_ms_p50"] = float(np.percentile(lat, 50)) if lat else None
    metrics["latency_ms_p95"] = float(np.percentile(lat, 95)) if lat else None
    return metrics


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    return {
        "questions": len(outcomes),
        "answerable": sum(o.question.answerable for o in outcomes),
        "unanswerable": sum(not o.question.answerable for o in outcomes),
        "judged_retrieval": sum(o.question.judged for o in outcomes),
        "correct": sum(o.correct for o in outcomes),
        "errors": sum(o.error is not None for o in outcomes),
        "citations": sum(len(o.citations) for o in outcomes),
        "wrong_entity": sum(o.entity_ok is False for o in outcomes),
        "wrong_date": sum(o.date_ok is False for o in outcomes),
    }


def by_group(outcomes: list[Outcome]) -> dict[str, dict[str, Any]]:
    """Metrics per ``group`` (questions without one go to ``"-"``); empty when no question has one."""
    if not any(o.question.group for o in outcomes):
        return {}
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault(o.question.group or "-", []).append(o)
    return {g: {"n": len(os_), **summarize(os_)} for g, os_ in sorted(groups.items())}


__all__ = [
    "Outcome",
    "Retrieved",
    "Cited",
    "METRIC_NAMES",
    "RETRIEVAL_METRICS",
    "summarize",
    "counts",
    "by_group",
    "retrieval_scores",
    "ranks_from_hits",
]
