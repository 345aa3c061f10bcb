"""Example questions derived from the indexed corpus, not hard-coded to the sample.

Each section heading of the newest articles gives a few candidate questions, built from the heading's
leading name (its proper-noun / foreign-word run, e.g. "아마존" in "아마존, 美 정부 AI 인프라에 '뭉칫돈'
...500억 달러 투자") and its common nouns:

* ``<name> <noun after the amount> 규모는?`` when the heading states an amount ("아마존 투자 규모는?");
* ``<name> <last noun (pair) of the first clause>은/는?`` ("노보노디스크 임상 실패는?");
* ``<name> <first noun after the name>은/는?``.

A candidate is kept only if the index answers it (no abstention) citing that very heading; the first
such candidate per heading wins; articles are taken newest first and interleaved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .followup import Tagger, agree

_NAME_TAGS = frozenset({"NNP", "SL", "SH"})
_SKIP_TAGS = frozenset({"SSO", "SSC", "SP", "SW", "SO", "SF"})
_AMOUNT = re.compile(r"\d\s*(?:억|조|만|천)?\s*(?:달러|원|유로|엔|위안|%|배|GW)")
# Nouns that make poor question topics on their own (headline flourishes).
_WEAK = frozenset("정면 승부 정면승부 시한폭탄 뭉칫돈 홍수 긴장 뚝 줄줄이 차세대 겨냥 가 월".split())


def _clauses(heading: str) -> list[str]:
    return [c.strip(" '\"‘’“”") for c in re.split(r"\.{2,}|…|·{2,}", heading) if c.strip(" '\"‘’“”")]


def candidates(heading: str, tagger: Tagger) -> list[str]:
    """Candidate questions for one section heading, best-guess first (may be empty)."""
    toks = list(tagger(heading))
    i = 0
    while i < len(toks) and toks[i][1] in _SKIP_TAGS:  # leading quotes
        i += 1
    j = i
    while j < len(toks) and toks[j][1] in _NAME_TAGS:  # the name stops at the first comma or particle
        j += 1
    if j == i:
        return []
    name = heading[toks[i][2] : toks[j - 1][3]]

    def topic(t: tuple[str, str, int, int], k: int) -> bool:
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        glued = nxt is not None and nxt[2] == t[3] and nxt[1] == "SL"  # 오픈 in 오픈AI is part of a name
        return t[1] == "NNG" and len(t[0]) > 1 and t[0] not in _WEAK and not glued

    first_end = len(_clauses(heading[toks[i][2] :])[0]) + toks[i][2]
    nouns = [(k, t) for k, t in enumerate(toks) if k >= j and topic(t, k)]
    if not nouns:
        return []
    out: list[str] = []
    if m := _AMOUNT.search(heading):
        after = [t[0] for _, t in nouns if t[2] >= m.end()]
        out.append(f"{name} {after[0] if after else nouns[-1][1][0]} 규모는?")
    first = [(k, t) for k, t in nouns if t[3] <= first_end]
    if first:
        k, last = first[-1]
        words = [last[0]]
        prev = [t for t in toks[j:k] if t[1] not in _SKIP_TAGS and t[1] != "MAG"]
        if prev and prev[-1][1] in ("NNG", "SL") and prev[-1][0] not in _WEAK:
            words.insert(0, prev[-1][0])
        out.append(" ".join(words))
    out.extend(t[0] for _, t in nouns[:1])
    qs = [q if q.endswith("?") else f"{name} {q}{agree(q, '은')}?" for q in out]
    return list(dict.fromkeys(qs))


def example_questions(
    store: Any,
    ask: Callable[[str], Any],
    tagger: Tagger,
    limit: int = 4,
    articles: int = 3,
) -> list[str]:
    """Up to ``limit`` questions the index answers, from the headings of the newest ``articles``."""
    newest = sorted(
        store.articles.values(),
        key=lambda a: (a.published.isoformat() if a.published else "", a.id),
        reverse=True,
    )[:articles]
    by_article: dict[str, dict[str, None]] = {a.id: {} for a in newest}
    for c in store.chunks:
        if c.article_id in by_article:
            by_article[c.article_id].setdefault(c.heading, None)
    groups = [list(by_article[a.id]) for a in newest]
    out: list[str] = []
    # round-robin over articles (newest first) so several stories and briefings are represented
    for depth in range(max((len(g) for g in groups), default=0)):
        for headings in groups:
            if depth >= len(headings):
                continue
            heading = headings[depth]
            for q in candidates(heading, tagger):  # the first that is answered from this heading
                answer = ask(q)
                if not answer.abstained and any(c.heading == heading for c in answer.citations):
                    out.append(q)
                    break
            if len(out) >= limit:
                return out
    return out


__all__ = ["candidates", "example_questions"]
