"""Re-ranking the fused hits by sentence-level evidence (no extra model, no extra encoder pass).

A section whose best sentence answers the question (dense similarity of that sentence, morpheme
overlap, the asked-for amount) moves up: score = fused / max fused + weight * best sentence score.
The sentence vectors were computed at index time, so this costs a few dot products per hit.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .answer import Answerer, Evidence, ScoredSentence
from .slots import Slots
from .types import Hit


def rerank(
    answerer: Answerer,
    question: str,
    qvec: np.ndarray,
    hits: list[Hit],
    weight: float,
    slots: Slots | None = None,
) -> tuple[list[Hit], Evidence]:
    evidence = answerer.evidence(question, qvec, hits, slots)
    if not hits:
        return hits, evidence
    best = evidence.best_per_chunk()
    top = max(h.score for h in hits) or 1.0
    scored = []
    for h in hits:
        ev = best.get(h.chunk.id, 0.0)
        scored.append((h.score / top + weight * ev, ev, h))
    scored.sort(key=lambda t: (-t[0], t[2].rank))
    out = [
        dataclasses.replace(h, score=s, rank=i, scores={**h.scores, "evidence": ev})
        for i, (s, ev, h) in enumerate(scored, start=1)
    ]
    # the evidence's sentences point at the old Hit objects; re-point them at the re-ranked ones
    by_id = {h.chunk.id: h for h in out}
    sentences = [_with_hit(s, by_id[s.hit.chunk.id]) for s in evidence.sentences]
    return out, dataclasses.replace(evidence, sentences=sentences)


def _with_hit(s: ScoredSentence, hit: Hit) -> ScoredSentence:
    """``dataclasses.replace(s, hit=hit)`` without its per-call field walk (a hundred sentences a
    question): a copy of the frozen instance's fields with ``hit`` swapped."""
    new = object.__new__(ScoredSentence)
    new.__dict__.update(s.__dict__, hit=hit)
    return new


__all__ = ["rerank"]
