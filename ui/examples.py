"""Example questions derived from the indexed corpus: a section's subject and a measure it states.

For each section heading of the newest articles:

* the **subject** is the heading's leading name: the nouns before its first comma, as headlines
  write "<who>, <what happened>" ("아리온바이오, 파킨슨병 …" → "아리온바이오"; at most three); with no
  such comma, its first word(s) when they hold a proper noun or a foreign word (Kiwi NNP, SL, SH),
  with common nouns written in the same word and one common noun before it ("금 ETF서 …" → "금 ETF").
  A heading that opens with a quote or a common phrase ("'AI 빚투' 경고등…") names no subject; the
  section's does: the proper noun its amount-stating sentences mention most (ties: the first).
* the **measures** are the words of :data:`MEASURES` (domain vocabulary: 금리, 주가, 투자, 유출…) in
  the section's sentences that state an amount of money, a percentage or a count (:mod:`rag.quantity`;
  a date is no amount): the heading's own measures first when the body states them, then those of the
  sentences naming the subject, in text order; the other sentences' only when these give none. A
  compound noun counts by its whole form or its last noun ("기준금리" → 금리; "투자등급" is not 투자).
* each (subject, measure) gives ``"<subject> <phrase>?"``, the phrase being the measure's entry in
  :data:`MEASURES` ("투자" → "한울로직 투자 규모는?", "금리" → "누리안 금리는?"); a subject that ends
  with the measure already asks for it ("구리 가격" → "구리 가격은?").

A heading with no subject or no measure gives no question. A candidate is kept only if the index
answers it (no abstention) citing that very heading; the first such candidate per heading wins;
articles are taken newest first and interleaved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from rag.quantity import stated_kinds

from .followup import Tagger, Token, agree

# Measure words of market news -> how a question asks for them (with the particle that agrees).
MEASURES: dict[str, str] = {
    "매출": "매출은",
    "매출액": "매출은",
    "영업이익": "영업이익은",
    "순이익": "순이익은",
    "금리": "금리는",
    "수익률": "수익률은",
    "주가": "주가는",
    "시가총액": "시가총액은",
    "기업가치": "기업가치는",
    "가격": "가격은",
    "점유율": "점유율은",
    "환율": "환율은",
    "유가": "유가는",
    "투자": "투자 규모는",
    "투자액": "투자 규모는",
    "발행": "발행 규모는",
    "발행액": "발행 규모는",
    "조달": "조달 규모는",
    "유출": "자금 유출 규모는",
    "유출액": "자금 유출 규모는",
    "인출": "자금 유출 규모는",
    "이탈": "자금 유출 규모는",
    "유입": "자금 유입 규모는",
    "유입액": "자금 유입 규모는",
    "판매량": "판매량은",
    "출하량": "출하량은",
    "인도량": "인도량은",
    "수수료": "수수료는",
    "성장률": "성장률은",
    "증가율": "증가율은",
}
_NAME_TAGS = frozenset({"NNP", "SL", "SH"})
_NOUN_TAGS = _NAME_TAGS | {"NNG"}
_SENTENCE_END = frozenset({"SF"})
MAX_CANDIDATES = 3  # per heading: each one is a question asked of the index
MAX_SUBJECT_TOKENS = 3  # nouns before a heading's first comma that still make one subject


def _glued(a: Token, b: Token) -> bool:
    return a[3] == b[2]


def heading_subject(heading: str, tagger: Tagger) -> str | None:
    """The heading's leading name ("한울로직", "금 ETF", "아리온바이오", "EU"), or None."""
    toks = list(tagger(heading))
    comma = next((k for k, t in enumerate(toks) if t[0] == ","), None)
    if comma and comma <= MAX_SUBJECT_TOKENS and all(t[1] in _NOUN_TAGS for t in toks[:comma]):
        return heading[toks[0][2] : toks[comma - 1][3]]  # "<subject>, <what happened>"
    run: list[Token] = []
    for k, t in enumerate(toks):
        if t[1] in _NAME_TAGS or (t[1] == "NNG" and run and _glued(run[-1], t)):
            run.append(t)
        elif t[1] == "NNG" and k == 0 and len(toks) > 1 and toks[1][1] in _NAME_TAGS:
            run.append(t)  # one common noun before the name: 금 ETF, 비트코인 ETF
        else:
            break
    if not any(t[1] in _NAME_TAGS for t in run):
        return None
    return heading[run[0][2] : run[-1][3]]


def _sentences(toks: Sequence[Token]) -> list[list[Token]]:
    out: list[list[Token]] = [[]]
    for t in toks:
        out[-1].append(t)
        if t[1] in _SENTENCE_END:
            out.append([])
    return [s for s in out if s]


def _compounds(toks: Sequence[Token]) -> list[list[Token]]:
    """Runs of common nouns written as one word ("기준"+"금리")."""
    out: list[list[Token]] = []
    for t in toks:
        if t[1] == "NNG" and out and out[-1] and _glued(out[-1][-1], t) and out[-1][-1][1] == "NNG":
            out[-1].append(t)
        elif t[1] == "NNG":
            out.append([t])
    return out


def measures_in(toks: Sequence[Token]) -> list[str]:
    """The :data:`MEASURES` words among ``toks``, in order, each once."""
    found: list[str] = []
    for run in _compounds(toks):
        whole = "".join(t[0] for t in run)
        word = whole if whole in MEASURES else run[-1][0]
        if word in MEASURES and word not in found:
            found.append(word)
    return found


def _names_in(toks: Sequence[Token], text: str) -> list[str]:
    """Names in a sentence: runs of proper nouns with the nouns glued to them ("아리온"+"바이오")."""
    names, run = [], []
    for t in [*toks, ("", "", -1, -1)]:
        if run and t[1] in _NOUN_TAGS and _glued(run[-1], t):
            run.append(t)
            continue
        if run:
            names.append(text[run[0][2] : run[-1][3]])
        run = [t] if t[1] == "NNP" else []
    return names


def _bare(s: str) -> str:
    return "".join(s.split())


def candidates(heading: str, body: str, tagger: Tagger) -> list[str]:
    """Candidate questions for one section (its heading and body text), best first (may be empty)."""
    toks = list(tagger(body))
    stating = [s for s in _sentences(toks) if stated_kinds(body[s[0][2] : s[-1][3]]) - {"time"}]
    subject = heading_subject(heading, tagger)
    if subject is None:
        counts: Counter[str] = Counter()
        for s in stating:
            counts.update(dict.fromkeys(_names_in(s, body), 1))  # once per sentence
        if not counts:
            return []
        top = max(counts.values())
        subject = next(n for n in counts if counts[n] == top)  # Counter keeps first-seen order
    naming = [s for s in stating if _bare(subject) in _bare(body[s[0][2] : s[-1][3]])]
    others = [s for s in stating if s not in naming]
    stated = {MEASURES[m] for s in stating for m in measures_in(s)}
    order = [MEASURES[m] for m in measures_in(tagger(heading)) if MEASURES[m] in stated]
    for s in naming:
        order += [MEASURES[m] for m in measures_in(s)]
    if not order:  # the amounts never name the subject ("금 상장지수펀드(ETF)에서 …")
        for s in others:
            order += [MEASURES[m] for m in measures_in(s)]
    out = []
    for phrase in dict.fromkeys(order):
        word = phrase.split()[0][:-1]  # "가격은" -> 가격, "투자 규모는" -> 투자
        if _bare(subject).endswith(word):  # "구리 가격" asks for 가격 already: "구리 가격은?"
            out.append(f"{subject}{agree(subject, '은')}?")
        else:
            out.append(f"{subject} {phrase}?")
    return list(dict.fromkeys(out))[:MAX_CANDIDATES]


def section_texts(store: Any, article_id: str) -> dict[str, str]:
    """heading -> section text of one article, in section order (from its chunks' spans)."""
    spans: dict[str, tuple[int, int]] = {}
    for c in store.article_chunks(article_id):  # the article's chunks only (rag/store.py)
        s, e = spans.get(c.heading, c.span)
        spans[c.heading] = (min(s, c.span[0]), max(e, c.span[1]))
    text = store.articles[article_id].text
    return {h: text[s:e] for h, (s, e) in spans.items()}


def example_questions(
    store: Any,
    ask: Callable[[str], Any],
    tagger: Tagger,
    limit: int = 4,
    articles: int = 3,
) -> list[str]:
    """Up to ``limit`` questions the index answers, from the sections of the newest ``articles``."""
    newest = store.newest_articles(articles)
    groups = [list(section_texts(store, a.id).items()) for a in newest]
    out: list[str] = []
    # round-robin over articles (newest first) so several stories and briefings are represented
    for depth in range(max((len(g) for g in groups), default=0)):
        for sections in groups:
            if depth >= len(sections):
                continue
            heading, body = sections[depth]
            for q in candidates(heading, body, tagger):  # the first that is answered from this heading
                answer = ask(q)
                if not answer.abstained and any(c.heading == heading for c in answer.citations):
                    out.append(q)
                    break
            if len(out) >= limit:
                return out
    return out


__all__ = ["MEASURES", "candidates", "example_questions", "heading_subject", "measures_in"]
