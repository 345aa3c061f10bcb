"""Completing a follow-up question from the previous one, by rule (no LLM).

A chat question is read on its own unless it is one of three short shapes. Leading connectives
(그럼, 그러면, 그렇다면, 그리고, 또, 근데, 그런데, 한편) and the final ``?`` are ignored when matching.

1. **Time only**: a relative time word, maybe with a particle, and nothing else
   ("지난주에는?", "그럼 어제는?", "올해는?"). The previous question is asked again, with its own time word
   (if it had one, e.g. "이번 달") removed, and a date filter for the period. Periods are computed
   from an *anchor* date, the newest briefing in the index (the corpus is a folder of past briefings,
   so "지난주" means the week before the latest briefing, not before the machine's clock). Weeks start
   on Monday. Recognised: 오늘/금일, 어제/전날, 그제/그저께, 이번 주/금주, 지난주/지난 주/전주,
   이번 달/이달/금월, 지난달/지난 달/전월, 올해/금년, 작년/지난해/전년, 최근 N일.
2. **Entity only**: one to three words that are all proper nouns, foreign words or numbers (Kiwi
   tags NNP, SL, SN, SH; or one word that starts with one, like 삼성전자 = 삼성/NNP + 전자/NNG),
   followed by 은/는/도/이나/나/의 경우는/쪽은 ("그럼 오라클은?", "MS도?"). It has no predicate of its
   own, so it takes the previous question's: the *subject* of the previous question is replaced by
   the entity. The subject is the leading run of proper-noun / foreign-word tokens of the previous
   question, after any connective, time word or question word ("메타 채권 금리는?" → "메타";
   "비트코인 ETF에서 이번 달 빠져나간 돈은?" → "비트코인 ETF"). The particle after it is made to agree
   with the new word's final sound (EU가 → 중국이). A previous question with no such subject gets the
   entity put in front.
3. **Attribute only**: one to three words that are all common nouns (NNG), followed by the same
   particles ("금리는?", "그럼 발행 규모는?"). It has no subject of its own, so it takes the previous
   question's: "<previous subject> <attribute>은/는?" ("메타 채권 금리는?" → "주가는?" → "메타 주가는?").

A follow-up (shapes 1-3) keeps the date filter a previous time follow-up set; any other question
starts afresh. With no previous question nothing is completed. Mixed noun phrases ("오라클 주가는?")
have a subject and an attribute of their own and are asked as typed.

Pure functions: the part-of-speech tagger is passed in (:func:`kiwi_tagger` adapts rag's Kiwi).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

Token = tuple[str, str, int, int]  # (form, tag, start, end) with offsets into the tagged text
Tagger = Callable[[str], Sequence[Token]]

CONNECTIVES = ("그럼", "그러면", "그렇다면", "그리고", "또", "근데", "그런데", "한편", "그럼요", "아니면")
QUESTION_WORDS = frozenset("왜 어떻게 언제 어디 누가 누구 무엇 뭐 뭘 무슨 어떤 얼마 얼마나 몇".split())
FOLLOW_PARTICLES = ("의 경우에는", "의 경우는", "의 경우", "쪽은", "이나", "은", "는", "도", "나", "요")
_ENTITY_TAGS = frozenset({"NNP", "SL", "SN", "SH"})
_NOUN_TAGS = frozenset({"NNG"})
_TIME_PARTICLES = r"(?:에는|에도|에|엔|은|는|도|의\s*경우는?)?"
_SUBJECT_PARTICLE = re.compile(r"^(은|는|이|가|을|를|와|과|으로|로|도|의|에서|에게|에)")


@dataclass(frozen=True)
class FollowUp:
    """What to ask: ``question`` (the completed text), the date filter it carries, and which rule fired."""

    question: str
    date_from: date | None = None
    date_to: date | None = None
    rule: str | None = None  # None (asked as typed) | "time" | "subject" | "attribute"
    period: str | None = None  # the time word that set the dates, e.g. "지난주"

    @property
    def completed(self) -> bool:
        return self.rule is not None


# -- time words ------------------------------------------------------------------------------------
def _month_start(d: date) -> date:
    return d.replace(day=1)


def _prev_month(d: date) -> tuple[date, date]:
    end = _month_start(d) - timedelta(days=1)
    return end.replace(day=1), end


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


_PERIODS: list[tuple[str, Callable[[date, re.Match[str]], tuple[date, date]]]] = [
    (r"오늘|금일", lambda a, m: (a, a)),
    (r"어제|전날", lambda a, m: (a - timedelta(1), a - timedelta(1))),
    (r"그제|그저께|엊그제", lambda a, m: (a - timedelta(2), a - timedelta(2))),
    (r"이번\s*주|금주", lambda a, m: (_week_start(a), a)),
    (r"지난\s*주|전주", lambda a, m: (_week_start(a) - timedelta(7), _week_start(a) - timedelta(1))),
    (r"이번\s*달|이달|금월", lambda a, m: (_month_start(a), a)),
    (r"지난\s*달|전월", lambda a, m: _prev_month(a)),
    (r"올해|금년", lambda a, m: (a.replace(month=1, day=1), a)),
    (r"작년|지난해|전년", lambda a, m: (date(a.year - 1, 1, 1), date(a.year - 1, 12, 31))),
    (r"최근\s*(\d{1,3})\s*일", lambda a, m: (a - timedelta(int(m.group(1)) - 1), a)),
]
TIME_WORD = re.compile(r"(?<![가-힣A-Za-z0-9])(?:" + "|".join(f"(?:{p})" for p, _ in _PERIODS) + ")")


def period(word: str, anchor: date) -> tuple[date, date] | None:
    """The inclusive date range a relative time word means, seen from ``anchor``."""
    for pattern, fn in _PERIODS:
        if m := re.fullmatch(pattern, word.strip()):
            return fn(anchor, m)
    return None


# -- helpers ---------------------------------------------------------------------------------------
def _strip(question: str) -> str:
    """The question without surrounding space, final punctuation and leading connectives."""
    q = " ".join(question.split()).rstrip("?？.!。 ")
    changed = True
    while changed:
        changed = False
        for c in CONNECTIVES:
            if q.startswith(c + " ") or q.startswith(c + ","):
                q = q[len(c) + 1 :].lstrip(" ,")
                changed = True
    return q


def has_final_consonant(word: str) -> bool:
    """Whether ``word`` ends in a consonant sound (받침), for choosing 은/는, 이/가, 을/를, 과/와."""
    word = word.rstrip(" '\"’”)]")
    if not word:
        return False
    ch = word[-1]
    if "가" <= ch <= "힣":
        return (ord(ch) - 0xAC00) % 28 != 0
    if ch.isdigit():
        return ch in "0136780"  # 영 일 삼 육 칠 팔 (십)
    if ch.isalpha() and ch.isascii():
        return ch.lower() in "lmnr"  # 엘 엠 엔 알; other letter names end in a vowel
    return False


_PAIRS = {"은": "는", "는": "은", "이": "가", "가": "이", "을": "를", "를": "을", "과": "와", "와": "과"}
_AFTER_CONSONANT = {"은", "이", "을", "과", "으로"}


def agree(word: str, particle: str) -> str:
    """``particle`` in the form that agrees with ``word``'s final sound (가 → 이 after 중국)."""
    if particle in ("으로", "로"):
        return "으로" if has_final_consonant(word) and not word.endswith("ㄹ") else "로"
    if particle not in _PAIRS:
        return particle
    consonant_form = particle if particle in _AFTER_CONSONANT else _PAIRS[particle]
    vowel_form = _PAIRS[consonant_form]
    return consonant_form if has_final_consonant(word) else vowel_form


def _phrase(rest: str, tagger: Tagger) -> tuple[str, str, list[str]] | None:
    """``(noun phrase, particle, tags)`` when ``rest`` is a short noun phrase + a follow-up particle."""
    for p in FOLLOW_PARTICLES:
        if rest.endswith(p) and len(rest) > len(p):
            np_ = rest[: -len(p)].rstrip()
            if not np_ or len(np_) > 30 or len(np_.split()) > 3:
                return None
            # tag the whole phrase (a word's tag depends on its particle), keep the noun phrase's tokens
            # (with the question mark, as typed: Kiwi reads "이더리움은?" as a name, "이더리움은" not)
            toks = [
                t for t in tagger(rest + "?") if t[3] <= len(np_) and t[1] not in ("SW", "SS", "SP", "SO")
            ]
            if not toks or any(t[0] in QUESTION_WORDS for t in toks):
                return None
            covered = "".join(t[0] for t in toks).replace(" ", "")
            if covered != re.sub(r"[\s'\"‘’“”·,]", "", np_):
                return None  # Kiwi split a particle or ending off: not a bare noun phrase
            return np_, p, [t[1] for t in toks]
    return None


def subject_span(question: str, tagger: Tagger) -> tuple[int, int] | None:
    """Offsets of the previous question's subject: its leading proper-noun / foreign-word run."""
    toks = list(tagger(question))
    i = 0
    while i < len(toks):  # skip connectives, time words, question words, punctuation
        form, tag = toks[i][0], toks[i][1]
        if tag in ("MAJ", "SF", "SP", "SS", "SW", "SO") or form in CONNECTIVES or form in QUESTION_WORDS:
            i += 1
            continue
        m = TIME_WORD.match(question, toks[i][2])
        if m and m.end() >= toks[i][3]:
            while i < len(toks) and toks[i][3] <= m.end():
                i += 1
            continue
        break
    j = i
    while j < len(toks) and toks[j][1] in _ENTITY_TAGS:
        j += 1
    if j == i:
        return None
    return toks[i][2], toks[j - 1][3]


def _replace_subject(previous: str, entity: str, tagger: Tagger) -> str:
    span = subject_span(previous, tagger)
    if span is None:
        return f"{entity} {previous}"
    start, end = span
    rest = previous[end:]
    m = _SUBJECT_PARTICLE.match(rest)
    if m:
        rest = agree(entity, m.group(1)) + rest[m.end() :]
    return previous[:start] + entity + rest


def _drop_time_word(question: str) -> str:
    out = TIME_WORD.sub(" ", question)
    out = re.sub(r"\s+", " ", out).strip()
    return re.sub(r"^(에는|에|엔)\s+", "", out)


# -- the rule --------------------------------------------------------------------------------------
def complete(
    question: str,
    previous: FollowUp | None,
    tagger: Tagger,
    anchor: date | None = None,
) -> FollowUp:
    """Complete ``question`` from ``previous`` (the last question as it was actually asked).

    >>> from ui.followup import complete, kiwi_tagger, FollowUp
    >>> complete("그럼 오라클은?", FollowUp("메타 채권 금리는?"), kiwi_tagger()).question  # doctest: +SKIP
    '오라클 채권 금리는?'
    """
    typed = " ".join(question.split())
    if previous is None or not previous.question.strip():
        return FollowUp(typed)
    rest = _strip(typed)
    keep = {"date_from": previous.date_from, "date_to": previous.date_to, "period": previous.period}
    # 1. time only
    m = re.fullmatch(rf"({TIME_WORD.pattern})\s*{_TIME_PARTICLES}", rest)
    if m and anchor is not None:
        rng = period(m.group(1), anchor)
        if rng is not None:
            base = _drop_time_word(previous.question) or previous.question
            word = re.sub(r"\s+", " ", m.group(1))
            return FollowUp(base, rng[0], rng[1], "time", word)
    found = _phrase(rest, tagger)
    if found is None:
        return FollowUp(typed)
    np_, _particle, tags = found
    # 2. entity only: replace the previous question's subject
    if all(t in _ENTITY_TAGS for t in tags) or (" " not in np_ and tags[0] in _ENTITY_TAGS):
        return FollowUp(_replace_subject(previous.question, np_, tagger), rule="subject", **keep)
    # 3. attribute only: keep the previous subject, ask for this attribute
    if all(t in _NOUN_TAGS for t in tags):
        span = subject_span(previous.question, tagger)
        if span is None:
            return FollowUp(typed)
        subj = previous.question[span[0] : span[1]]
        asked = f"{subj} {np_}{agree(np_, '은')}?"
        return FollowUp(asked, rule="attribute", **keep)
    return FollowUp(typed)


def kiwi_tagger() -> Tagger:
    """rag's process-wide Kiwi as a :data:`Tagger`."""
    from rag.korean import kiwi

    def tag(text: str) -> list[Token]:
        return [(t.form, t.tag, t.start, t.start + t.len) for t in kiwi().tokenize(text)]

    return tag


__all__ = ["FollowUp", "complete", "kiwi_tagger", "period", "agree", "has_final_consonant", "subject_span"]
