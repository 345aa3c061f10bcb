"""Facts at index time: per sentence, the names it mentions and the quantities it states.

Stored in each ``chunks.jsonl`` record (see rag/store.py) so that the answerer can check a sentence
against the question's slots (which company, which measure) without analysing text at question time:

* ``facts[i]`` for the chunk's i-th sentence: ``{"n": names, "s": subjects, "q": quantities}`` where
  names are :func:`rag.korean.name_key` keys, subjects the names the clause is about (followed by
  이/가, 은/는, 의), and each quantity is ``[value, unit, measure, start, end]`` (offsets relative to the
  sentence start; ``measure`` is the canonical measure word it belongs to, or null);
* ``heading_names``: the names of the section heading (the story's subject);
* ``pairs``: aliases learned from the text, a name with another in parentheses ("메타(Meta)").
"""

from __future__ import annotations

from typing import Any

from rag.aliases import learn_pairs
from rag.korean import Analysis, analyze
from rag.measures import attach
from rag.numbers import find_quantities


def sentence_facts(text: str, analysis: Analysis | None = None) -> dict[str, Any]:
    a = analysis or analyze(text)
    qs = find_quantities(text)
    measures = attach(text, qs) if qs else []
    return {
        "n": list(a.names),
        "s": list(a.subjects),
        "q": [[q.value, q.unit, m, q.span[0], q.span[1]] for q, m in zip(qs, measures, strict=True)],
    }


def chunk_facts(heading: str, sentences: list[str]) -> dict[str, Any]:
    """Terms, per-sentence terms and facts, heading names and learned alias pairs of one chunk, from
    one Kiwi pass over each sentence and the heading (the chunk's BM25 terms are theirs, concatenated)."""
    head = analyze(heading) if heading else None
    analyses = [analyze(s) for s in sentences]
    terms = list(head.terms) if head else []
    pairs: list[list[str]] = []
    for s, a in zip(sentences, analyses, strict=True):
        terms.extend(a.terms)
        pairs.extend([x, y] for x, y in learn_pairs(s, set(a.names)))
    return {
        "terms": terms,
        "sentence_terms": [list(a.terms) for a in analyses],
        "facts": [sentence_facts(s, a) for s, a in zip(sentences, analyses, strict=True)],
        "heading_names": list(head.names) if head else [],
        "pairs": pairs,
    }


__all__ = ["sentence_facts", "chunk_facts"]
