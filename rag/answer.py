"""The offline extractive answerer: it quotes only sentences about what was asked.

Every sentence of the retrieved sections is scored on three signals, each in [0, 1]:

* ``dense``: cosine of the sentence's vector (computed at index time) to the question's, rescaled
  from the embedder's band (``answer.calibration`` in config.yaml, per embedder) to [0, 1];
* ``lexical``: the IDF-weighted share of the question's content morphemes the sentence contains
  (half counted with its section heading, which names the story's subject);
* ``quantity``: for 얼마/몇/규모-style questions, whether the sentence states the kind of amount asked
  for (money, a percentage, a count, a time: see ``rag.quantity``);

and checked against the question's slots (``rag.slots``), using the facts the index stored per
sentence (``index/facts.py``):

* ``about``: 2 when the sentence names an asked subject (any alias, as a whole word) and no other company
  leads its clause, 1 when it names it among several that do (a shared figure) or when its section's
  heading names it and no other name is the sentence's subject, else 0;
* ``fit``: 2 when it states a quantity belonging to the asked measure in a unit that measure takes
  (금리 -> %, bp; 영업이익 -> 원, 달러…), 1 when it states a quantity in such a unit that belongs to no
  other measure ("42억 달러를 인출했다" for 유출액), else 0 (only other measures' figures, or none);
* ``consistent``: a sentence naming another quarter, half or year than the asked one is out (the
  periods written before the asked figure, when a later clause names another: "2023년 매출액 146억원 …
  올해 2분기부터 연결"), as is a fall for a rise, a forecast for an actual figure or the reverse (judged on
  the inner sentences of a run-together quote that state the figure), and a sentence that lacks the word
  the question puts before its measure ("해외주식 수수료" is not "IB 수수료").

Only a sentence that passes every slot the question fills may lead the answer (a sentence about
another company, or another measure, never does); when none passes, the answer abstains and says
what was not found, and, when the briefings mention the subject, what they do say about it. When the
fact appears on several dates the newest is quoted unless the question names a day; the answer says
the date ("2월 7일 브리핑 기준"); several days asked give one line per day, newest first.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from .aliases import Aliases, mentions, trusted_pairs
from .config import AnswerConfig
from .described import KINDS, as_written, resolve_described, topic_particle, with_reading
from .korean import has_hangul, morphemes, name_key, names
from .measures import LINK_AFTER, TOPIC, compatible_units, find_measures, measure_topic
from .numbers import TIME_UNITS, find_quantities
from .periods import Period, dated_after, fact_day, period_conflict, sentence_periods, story_period_conflict
from .quantity import amount_score, asked_kinds, stated_kinds
from .query import is_cross_lingual, strip_dates
from .romanize import NameFinder, heard_as
from .scope import (
    ATTRIBUTION,
    CHANGE_UNITS,
    CONTINUES,
    CROSSED,
    SOURCE_MARK,
    approximate,
    asked_keys,
    extended,
    measure_fit,
    offshoot,
    only_attributed,
    segment,
    speakers,
)
from .slots import (
    CHANGE_MEASURES,
    STATED_DURATION,
    Slots,
    direction,
    forecast_measure,
    is_forecast,
    not_a_close,
    qualifiers_named,
    says_ago,
    tells_close,
)
from .store import Store
from .subjects import GENERIC_NAMES, Subject, firm_stem, firms_in, is_firm, is_qualifier, title_words
from .types import Answer, Chunk, Citation, Hit
from .units import MONEY_UNITS
from .venues import venues_of

# Question words: they say what is asked, not what about, so they are not matched against text.
QUESTION_WORDS = frozenset(
    "얼마 얼마나 무엇 뭐 무슨 어떻다 어떤 어디 누구 언제 왜 몇 어느 어떻게 알다 말하다 대하다 관련 이다 있다 하다 되다 "
    "브리핑 기사 뉴스 보도 기준 "
    "what how which who when why where much many is are was were the of a an in on for to does do did about "
    "tell me".split()
)
W_DENSE, W_LEX, W_QTY = 0.40, 0.40, 0.20
HEADING_SHARE = 0.5  # of the lexical signal that counts the section heading as part of the sentence
UNSEEN_NAME_PENALTY = 0.3
CROSS_SECTION_RATIO = 0.9  # a sentence from another section must score this share of the lead
LATEST_RATIO = 0.75  # a newer day's fact is preferred when it scores at least this share of the best
LATEST_LEXICAL_SLACK = 0.05  # … and covers the question's words nearly as well (an event it names)
# how much a slot a sentence misses weighs on its score (the re-ranker and the choice of the lead)
ABOUT_FACTOR = {2: 1.0, 1: 0.8, 0: 0.4}
FIT_FACTOR = {2: 1.0, 1: 0.85, 0: 0.5}
PERIOD_CONFLICT_FACTOR = 0.3
HEADING_MEMO = 50_000  # answers a memo keeps ((subject, heading), a name's kind) before it starts again
GROUP_OF = 2  # more names of a story than this starting with one name: it is their group's
STORY_LEAD_MIN = 3  # sentences naming the company a story whose headline names none is about, at least
OUTNUMBERED = 2  # times as many sentences name a story's company as name what its headline names, at least
# a sentence opening with a pronoun ("이는 약 11%의 금리에…") leans on the one before it
# (not "이에 목표주가를 …으로 낮췄다", "이에 따라": "accordingly", which leaves no figure to a sentence before)
_ANAPHORA = re.compile(
    # ("이에 해당하는 금액은", "이에 육박하는": of the figure before; "이에 목표주가를 …", "이에 투자의견 '매수',
    # 목표주가 …을 유지했다": "accordingly", a clause of its own)
    r"^(?:이는|이에\s*(?:해당|상응|육박|달하|달해|달한|그치|그쳐|미치|못\s?미치|비해|비하|견줘|맞먹|준하|가까|근접)"
    r"|이를|이로|이 ?같은|이러한|이런|이 때문에|그는|그녀는|이들은|이들의)"
)


@dataclass(frozen=True)
class ScoredSentence:
    hit: Hit
    span: tuple[int, int]
    text: str
    score: float
    dense: float
    lexical: float
    amount: float  # how well the amounts it states match the kind asked for (rag.quantity)
    about: int = 1  # 2: names an asked subject, 1: its section does (or nothing was asked), 0: neither
    fit: int = 1  # 2: states the asked measure's quantity, 1: names it with a fitting quantity, 0: no
    consistent: bool = True  # names no other period than asked, and no change the other way
    # the day its facts are as of, read once by ``Answerer.evidence``: the day it names (``periods.fact_day``),
    # or the day the sentence before named when it names none ("… 15일 대부분 하락했다. 한빛은 8.4% 내린
    # 4만350원에 장을 마감했다." in a story of the 16th: the 15th's close); None: not read (``as_of``)
    facts_day: date | None = None

    @property
    def as_of(self) -> date | None:
        """The day the sentence's facts are as of (``facts_day``, else read from its text now)."""
        return self.facts_day or fact_day(self.text, self.day)

    @property
    def day(self) -> date | None:
        p = self.hit.chunk.published
        return p.date() if p else None


@dataclass(frozen=True)
class Evidence:
    """The answerer's view of a question against some hits (also what the re-ranker uses)."""

    question: str
    terms: list[str]
    cross_lingual: bool
    wants_amount: bool
    sentences: list[ScoredSentence]
    slots: Slots

    def best_per_chunk(self) -> dict[int, float]:
        best: dict[int, float] = {}
        for s in self.sentences:
            cid = s.hit.chunk.id
            best[cid] = max(best.get(cid, 0.0), s.score)
        return best


def _section(s: ScoredSentence) -> tuple[str, int]:
    """The story a sentence belongs to (a long story is split into several chunks)."""
    return _section_of(s.hit.chunk)


# a group's Latin letters before a company's Hangul name ("GC녹십자웰빙", "HD현대일렉트릭")
_GROUP_LETTERS = re.compile(r"[a-z]{2,3}(?=[가-힣])")


def written_count(named: Mapping[str, int], words: Mapping[str, int]) -> Callable[[str], int]:
    """How many chunks write a name: those that name it, or those that hold it as a word if more (the
    word index splits many names, "kb증권", "한빛투자증권"; Kiwi does not tag every writing of one a name)."""
    return lambda n: max(named.get(n, 0), words.get(n, 0))


# units a question asks a figure in ("몇 주", "몇 %", "in US dollars") that only a figure in them answers
COUNTED_UNITS = MONEY_UNITS | {"주", "명", "%", "%p", "bp"}


def _in_units(text: str, units: frozenset[str]) -> bool:
    """Does ``text`` state a figure in one of ``units``?"""
    return any(q.unit in units for q in find_quantities(text))


def _section_of(c: Chunk) -> tuple[str, int]:
    return c.article_id, c.section_order


# a sentence that opens on its subject: "[AMD]AMD도 …", "7일 누리전자는 …" (not "구글 모기업 알파벳이",
# "블룸버그에 따르면", "A와 B, C 등이"), after a bracketed tag and a day
_OPENING = re.compile(
    r"^(?:\[[^\]]{1,20}\]\s*)?(?:\d{1,2}일(?:\([^)]{1,8}\))?\s+)?([\w&.·]+?)(?:은|는|이|가|도)\s"
)


# a sentence an analyst opens ("김 연구원은", "김아람 신한투자증권 연구원은"): of the story's company
_ANALYST_OPENING = re.compile(
    r"^(?:[가-힣]{1,4}\s)?(?:[가-힣A-Za-z]+\s)?(?:수석\s?)?(?:연구원|애널리스트|리서치센터장|센터장)(?:은|는|이|가)\s"
)


SPOKEN_OF_WITHIN = 40  # characters after a brokerage opening a sentence in which "X에 대해" names its company
# letters of a word before "에 대해" that Kiwi did not tag, for it to be a company's name
UNTAGGED_NAME_MIN = 3
_OWNER_BEFORE = re.compile(r"(?<![0-9A-Za-z가-힣&])([0-9A-Za-z가-힣&]{2,})의\s")


def _opening_topic(facts: dict, text: str, asked: frozenset[str] = frozenset()) -> frozenset[str]:
    """The company a sentence opens on as its subject, if one of the names that lead it; a brokerage that
    opens one speaking of the company ``asked`` ("iM증권은 3일 효성에 대해 …") turns the story to it, whose
    target price and outlook follow ("그러면서 목표주가 6만원을 유지했다"); of another, the firm stays the topic
    (its figures are no more the asked company's than before)."""
    m = _OPENING.match(text)
    if not m:
        return frozenset()
    key = name_key(m.group(1))
    if key not in _leading(facts, text):
        return frozenset()
    spoken = _PRICED_FOR.search(text, m.end(), m.end() + SPOKEN_OF_WITHIN) if is_firm(m.group(1)) else None
    if spoken:
        # the name written before "에 대해" ("신한금융의 4분기 실적에 대해"), else the word it follows, if
        # long enough to be a name Kiwi did not tag ("가온홀딩스에 대해"; not "실적에 대해")
        low = text.lower()
        named = [n for n in facts["n"] if m.end() <= low.find(n, m.end()) < spoken.end() and not is_firm(n)]
        owner = _OWNER_BEFORE.search(text, m.end(), spoken.start())  # ("누리금융의 … 실적에 대해", untagged)
        named = named or ([name_key(owner.group(1))] if owner else [])
        of = named[0] if named else name_key(spoken.group(1))
        if (named or len(of) >= UNTAGGED_NAME_MIN) and not is_firm(of) and of in asked:
            return frozenset({of})
    return frozenset({key})


def _leading(facts: dict, text: str) -> list[str]:
    """The names that lead a clause of a sentence, a quoted analyst and firm, generic terms and a name
    that describes the one after it ("구글 모기업 알파벳은", "위고비 제조사 노보노디스크가") aside (places
    stay: a place may be what was asked)."""
    if not facts["s"]:
        return []
    voices = speakers(text)
    compact = re.sub(r"\s+", "", text).lower()
    return [
        n
        for n in facts["s"]
        if n not in voices
        and n not in GENERIC_NAMES
        and not _MEDIA.search(n)
        and not _kind_follows(compact, n)
        and not _describes_the_next(compact, n)
        and not _only_glossed(text, n)
    ]


_KIND = re.compile("|".join(map(re.escape, KINDS)))


def _kind_follows(compact: str, name: str) -> bool:
    """Is ``name`` written in ``compact`` with a kind of company right after it ("한빛그룹 계열사")?"""
    return any(_KIND.match(compact, e) for e in _ends_of(compact, name))


# "현대자동차그룹의 자동차 부품 계열 기업인 현대트랜시스는": the name before 의 … <kind>인 describes the next one
_KIND_OF = re.compile(r"의[^,.·\"'“”‘’]{0,15}?(?:" + "|".join(KINDS) + r")인")


def _describes_the_next(compact: str, name: str) -> bool:
    """Is every writing of ``name`` in ``compact`` (a sentence without spaces, lower case) the owner in
    an appositive description of the name after it ("X의 … 계열 기업인 Y", "X의 미국 자회사인 Y")?"""
    starts, at = [], compact.find(name) if name else -1
    while at >= 0:  # (a plain search: a pattern per name would be compiled anew for most sentences)
        starts.append(at)
        at = compact.find(name, at + len(name))
    return bool(starts) and all(_KIND_OF.match(compact, at + len(name)) for at in starts)


def _only_glossed(text: str, name: str) -> bool:
    """Is every writing of ``name`` a gloss in brackets after a Korean term ("위탁생산(CMO) 수주 증가가":
    a term, not a company that leads the clause)?"""
    ends = _ends_of(text, name)
    return bool(ends) and all(
        (at := end - len(name)) >= 2
        and text[at - 1] == "("
        and has_hangul(text[at - 2])
        and text[end : end + 1] == ")"
        for end in ends
    )


# a day told in the local time abroad ("현지시간 13일", "13일(현지시간)")
_LOCAL_TIME = re.compile(r"현지\s*시[간각]|local time", re.I)


# measures whose figure moves every trading day: asked with no day, the newest is the answer
DAILY_LEVELS = frozenset("종가 주가 지수 환율 금리 수익률 유가 금값".split())


# a question about where a price closed, and sentences that tell a close, or a price that is none

# a question about a part of a company ("자동차 부문이 낸 이익", "the cloud division's revenue")
_PART = re.compile(r"부문|사업부|사업본부|\bdivision|\bsegment", re.I)


# a sentence that names its own day, or "that day", "the day before" (no day carried to it)
_NAMES_A_DAY = re.compile(
    r"\d\s*일(?![간째동])|이날|오늘|어제|당일|(?:전날|전일|전 거래일)(?!\s*(?:종가)?\s*(?:대비|보다|比|에 비해))"
)


# a figure per share ("주당 19만8000원", "1주당", "per share")
_PER_SHARE = re.compile(r"주당|\bper\s+share\b", re.I)


# measures a price per share may be the figure of
_PRICE_MEASURES = frozenset({"가격", "주가", "목표주가", "공모가", "배당", "종가", "주당순이익", "전환가액"})
_PER_SHARE_BEFORE = re.compile(r"(?:주당|1주당)\s?(?:평균\s?)?$")


def _only_per_share(text: str, facts: dict) -> bool:  # type: ignore[type-arg]
    """Is every amount of money ``text`` states a price per share ("주당 455원에 취득")?"""
    money = [q for q in facts["q"] if q[1] in MONEY_UNITS]
    return bool(money) and all(_PER_SHARE_BEFORE.search(text, max(0, q[3] - 8), q[3]) for q in money)


# buying a stake: "인수", "취득", "매입", "사들이다"
_BUYS = re.compile(r"인수|취득|매입|사들|사들이|\b(?:buy|buys|bought|acquir\w*|purchas\w*)\b", re.I)


def _bought_by(text: str, facts: dict, slots: Slots) -> bool:
    """Does ``text`` state a stake (%) that the asked company then buys ("…지분율 9.39%)를 A가 전량 인수")?"""
    stakes = [q for q in facts["q"] if q[1] == "%" and q[2] == "지분율"]
    if not stakes:
        return False
    return any(
        re.match(r"(?:이|가|는|은)\s", text[end:])  # the buyer, after the stake it buys ("…를 A가 … 인수")
        and re.search(r"(?:을|를)\s*$", text[: end - len(f)])
        and _BUYS.search(text, end)
        and any(q[4] <= end - len(f) for q in stakes)
        for subj in slots.subjects
        for f in subj.forms
        for end in _ends_of(text, f)
    )


# the whole company's figure, which does not answer for a part asked ("샤오미 전체 매출은 …")
_WHOLE = re.compile(r"전체|전사|회사\s?전체|\b(?:total|overall|group)\b", re.I)


# a sentence that asks or supposes rather than reports: a question, or a hypothetical step
_NOT_TOLD = re.compile(
    r"[?？]\s*$|(?:까요|나요|을까|는가)[.?]?\s*$|^(?:그러면|그럼|만약|만일|가령|예컨대|예를 들어)\b"
)


TARGET_PRICE = "목표주가"  # the measure a brokerage states about a company (the firm leads the sentence)
# the company whose target price a sentence tells: the word right before it ("에스엠 목표가", "한빛의 목표주가",
# "한빛에 대한 목표 주가")
_PRICED = re.compile(r"([0-9A-Za-z가-힣&]+?)(?:의|에\s*대한|에\s*대해)?\s*목표\s*(?:주)?가(?!격)")


# … or the one the firm speaks of ("키움증권은 10일 셀트리온에 대해 … 목표주가를 22만원으로 내렸다")
_PRICED_FOR = re.compile(r"([0-9A-Za-z가-힣&]+?)(?:\(\d{6}\))?에\s*(?:대해|대한)")


# an English question's owner of the figure asked ("Alteogen's", "SK Hynix’s")
_EN_OWNER = re.compile(r"\b[A-Z][A-Za-z0-9&.\-]*(?:\s+[A-Z][A-Za-z0-9&.\-]*)*['’]s\b")


# English words that make the names after them the asked company's products or brands, not companies
# asked about ("Deckers, the maker of UGG and HOKA", "its CAR-T therapy nescel (AT101)")
_EN_ITS = re.compile(
    r"\b(?:its|their|the\s+(?:maker|parent|owner|operator|developer|producer|creator|seller)\s+of"
    r"|(?:maker|parent|owner|operator|developer|producer|creator|seller)\s+of)\b(?P<rest>[^,?;]*)",
    re.I,
)


_EN_PREPOSITION = re.compile(r"\b(?:for|to|from|in|on|at|by|with|against|over|than)\b", re.I)


# an English question's company whose target price is asked ("its target price for Hershey")
_EN_PRICED = re.compile(
    r"\b(?:target price|price target|target)\s+(?:for|on|of)\s+([A-Z][A-Za-z0-9&.\-]*(?:\s+[A-Z][A-Za-z0-9&.\-]*)*)"
)


# where a sentence says whose report tells it ("카카오가 발표한 실적에 따르면 …")
_SOURCE = re.compile(r"에\s?따르면|에\s?의하면")


def _only_object(text: str, forms: tuple[str, ...]) -> bool:
    """Is every writing of the name in ``text`` an object ("한화오션을", "한화오션(042660)을")?"""
    ends = [e for f in forms if has_hangul(f) or len(f) > 2 for e in _ends_of(text, f)]
    return bool(ends) and all(_OBJECT.match(text, e) for e in ends)


_OBJECT = re.compile(r"(?:\([^()]*\))?[을를](?![가-힣])")

# a list of names in brackets, three or more ("중소형 증권사(교보증권, DB금융투자, 유진투자증권 등)의 영업이익 합은"),
# or counted after 등 ("KB증권, 현대트랜시스, 한화오션(042660) 등 총 4개사의 … 6조2970억원의 주문")
_LISTED = re.compile(
    r"\([^()]*[,·][^()]*[,·][^()]*\)"
    r"|(?:[^\s,·()]+(?:\([^()]*\))?\s*[,·]\s*)+[^\s,·()]+(?:\([^()]*\))?\s*등\s*(?:총\s*)?\d+\s*"
    r"(?:개사|곳|개\s*(?:기업|회사|업체|종목|社))"
)


def _only_listed(text: str, forms: tuple[str, ...]) -> bool:
    """Is every writing of the name in ``text`` one of a bracketed list of names: the sentence tells the
    group's figure (a sum, an average), not the company's?"""
    ends = [e for f in forms if has_hangul(f) or len(f) > 2 for e in _ends_of(text, f)]
    if not ends:
        return False
    lists = [m.span() for m in _LISTED.finditer(text)]
    return all(any(a < e < b for a, b in lists) for e in ends)


# a name and its own figure, in a list of such pairs: "하나증권이 2천251억원, 하나캐피탈이 1천163억원, …" (not
# "네이버(26.09%), 카카오(24.29%) 등에 투자하는 …": a figure in brackets may be a weight as well as the name's)
_PAIRED = re.compile(r"([0-9A-Za-z가-힣&]{2,})(?:이|가)\s?$")
PAIRS_MIN = 2  # pairs that make a list: one name followed by a figure is no more than a sentence's subject


def _own_in_pairs(text: str, facts: dict, forms: tuple[str, ...]) -> bool:  # type: ignore[type-arg]
    """Is the sentence a list of names each followed by its own figure, one of them the asked name? Then the
    figure after the asked name is the company's, whatever other names lead the sentence."""
    paired: list[str] = []
    for q in facts["q"]:
        m = _PAIRED.search(text, max(0, q[3] - 40), q[3])
        if m and not find_measures(m.group(1)):  # ("매출이 502억원": a measure, no name)
            paired.append(name_key(m.group(1)))
    asked = {name_key(f) for f in forms}
    return len(paired) >= PAIRS_MIN and bool(asked & set(paired))


def _priced(text: str) -> set[str]:
    """The name keys of the words a sentence writes right before 목표가/목표주가, or as what a target price
    sentence speaks of ("…에 대해")."""
    found = {name_key(m.group(1)) for m in _PRICED.finditer(text)}
    if found:
        found |= {name_key(m.group(1)) for m in _PRICED_FOR.finditer(text)}
    return found


PERIOD_CARRY = 3  # sentences after one that names a quarter in which a sentence naming no period is of it
SPEAKER_BACK = 2  # sentences before one that names no brokerage where the firm that speaks in it is named


# a sentence whose period is the one the sentence before named ("1분기 매출은 … 같은 기간 영업이익은 …")
_SAME_PERIOD = re.compile(r"^(?:같은|이|동)\s?(?:기간|분기|시기)")


# a sentence set at an earlier time than its story ("당시 아마존은 …", "At the time, …", the past perfect
# "지난해에는 1주당 4000원을 배당했었다")
_THEN = re.compile(r"^(?:당시|그\s?당시|그때|at the time\b)|[했였았었]었다", re.I)


# a question about what was done back then ("…에 투자했던 금액은?", "당시 인수가는?"): an earlier time answers
_ASKED_THEN = re.compile(r"[했였았었]던|(?:^|\s)(?:그\s?)?당시|\bat the time\b|\bhad\s+\w+ed\b", re.I)


# after a figure: it is the base a change is measured from ("2517.37) 대비", "5만원보다")
_BASE_AFTER = re.compile(r"[^\s가-힣]*\)?\s*(?:대비|보다|比|에\s*비해)")


# the days or periods a sentence may open on before its measure ("지난 6일 종가는", "4분기 매출은",
# "2023년 당시엔 영업이익이 …", "지난해엔 …")
_OPENING_TIME = re.compile(
    r"^(?:(?:지난해|지난달|지난|이달|올해|작년|전년|그\s?당시|당시|(?:19|20)\d{2}\s*년|\d{1,2}\s*월|\d{1,2}\s*일"
    r"|[1-4]\s*분기|[상하]반기)(?:에는|엔|에|은|는)?\s*)*"
)


# a sentence that measures against something ("2023년 매출액 대비 6.1%"): a year it names may be the base
_COMPARED = re.compile(r"대비|보다|比|에\s?비해")


@lru_cache(maxsize=4096)
def _a_measure(name: str) -> bool:
    """Is ``name`` (a name key) nothing but a measure word ("주당순이익", "eps": an acronym in capitals)?"""
    return any(
        s == 0 and e == len(name) for form in (name, name.upper()) for _, (s, e) in find_measures(form)
    )


# a change asked over a span up to now ("올해 들어 몇 % 올랐어", "연초 대비"), which a sentence must tell too
_SINCE = re.compile(
    r"올해 들어|올 들어|연초\s?(?:이후|대비|부터|보다|比)|(?:작년|지난해)\s?말\s?(?:대비|보다|이후)|year[- ]to[- ]date|so far this year",
    re.I,
)
_SINCE_TOLD = re.compile(
    r"올해 들어|올 들어|연초|(?:작년|지난해|전년)\s?말|연말\s?(?:대비|보다)|같은 기간|year[- ]to[- ]date|this year",
    re.I,
)


# a firm's estimate told ("…로 내다봤다", "목표주가를 …로 제시했다"), not its own result
_ESTIMATE_VERB = re.compile(r"전망|추정|예상|내다|제시|추산|예측|봤다|본다|보고|목표|상향|하향|유지|조정")
# where a clause about another ends before the firm asked is named ("…45달러로 올렸지만, 씨티는 …")
_CONTRAST = re.compile(r"지만|으나|반면|한편")


def _the_firms_estimate(text: str, slots: Slots) -> bool:
    """Can ``text`` tell the estimate of the firm a question asks about (``slots.attributed``)? Not when
    it opens on that firm and names neither the asked company nor an estimate (the firm's own result:
    "유안타증권(003470) 역시 영업이익이 948억 원으로 …"), nor when the firm is named only after a clause
    that gave the figure ("웨드부시는 … 목표가를 45달러로 상향 조정했지만, 씨티는 '중립' 입장을 …")."""
    low = text.lower()
    firms = [f.lower() for f in slots.attributed if f]
    asked = any(mentions(text, f) for subj in slots.subjects for f in subj.forms)
    opening = low.lstrip("[(“\"' ")
    if not asked and any(opening.startswith(f) for f in firms) and not _ESTIMATE_VERB.search(text):
        return False
    figures = [q for q in find_quantities(text) if q.unit not in TIME_UNITS]
    at = [i for f in firms for i in _ends_of(low, f)]
    if figures and at and all(i > figures[0].span[1] for i in at):
        between = text[figures[0].span[1] : min(at)]
        if _CONTRAST.search(between):
            return False
    return True


GIVEN_TOLERANCE = 0.02  # a figure a question restates may be rounded ("약 52%" for 51.9%)


def _given_quantities(question: str, slots: Slots) -> list[tuple[float, str]]:
    """Figures a question gives as what it is about, not as the answer (their unit is none the measure
    asked first has): "…주식 2만9000주를 넘기는 가격은?", "300억 달러 규모 채권의 금리는?"."""
    if slots.crossing or not slots.measures:
        return []  # "10만 달러를 넘은 날": a threshold is the asked figure's own
    units = compatible_units(slots.measures[0]) | (CHANGE_UNITS if slots.change else set())
    return [
        (q.value, q.unit)
        for q in find_quantities(strip_dates(question))
        if q.unit and q.unit not in TIME_UNITS and q.unit not in units
    ]


def _other_quantities(given: list[tuple[float, str]], facts: dict, every: bool = False) -> bool:  # type: ignore[type-arg]
    """Does a sentence state figures in a unit the question gave one in, none of them the one given?
    ``every``: or leave any given figure unstated (so False means it restates them all)."""
    for value, unit in given:
        stated = [q[0] for q in facts["q"] if q[1] == unit]
        if (stated or every) and not any(
            abs(v - value) <= GIVEN_TOLERANCE * max(abs(v), abs(value)) for v in stated
        ):
            return True
    return False


def _years_back(day: date | None, published: date | None) -> int:
    """How many years before its briefing a sentence's facts are as of (0 when either is unknown)."""
    return published.year - day.year if day and published else 0


def _firms_pricing(slots: Slots, text: str, sent_names: set[str]) -> bool:
    """Asked a target price, does the sentence name brokerages only (those that set it)?"""
    return (
        TARGET_PRICE in slots.measures
        and bool(sent_names)
        and all(is_firm(n) or _listed_with_firms(text, n) for n in sent_names)
    )


def _listed_with_firms(text: str, name: str) -> bool:
    """Is ``name`` written in a list beside a brokerage ("NH투자증권, 대신, DB금융투자 등")?"""
    low = text.lower()
    for end in _ends_of(text, name):
        before = _LIST_ITEM_BEFORE.search(low[: end - len(name)])
        after = _LIST_ITEM_AFTER.match(low, end)
        if (before and is_firm(before.group(1))) or (after and is_firm(after.group(1))):
            return True
    return False


# the list items right before and after a word ("…증권, 대신, db금융투자 등")
_LIST_ITEM_BEFORE = re.compile(r"([0-9a-z가-힣&]+)\s*[,·]\s*$")
_LIST_ITEM_AFTER = re.compile(r"\s*[,·]\s*([0-9a-z가-힣&]+)")


def _heading_lead(heading: str) -> str | None:
    """The name key of the company a heading is about when it leads it before a comma, as Korean
    headlines do ("한화에어로, 호실적·한화오션 지분매입에 …" -> 한화에어로; "LS證 “한빛, 목표가 유지”" ->
    한빛); a brokerage is only who speaks."""
    for m in _HEADING_LEAD.finditer(heading):
        if not is_firm(m.group(1)):
            return name_key(m.group(1))
    return None


def _only_credited(heading: str, forms: tuple[str, ...]) -> bool:
    """Is the heading's only writing of the asked company its closing credit ("넥슨게임즈, 4Q 어닝쇼크에
    목표가↓ -현대차": the brokerage 현대차증권 wrote it)?"""
    credit = _CREDIT.search(heading)
    if credit is None:
        return False
    low = credit.group(1).lower()
    return any(f.lower() in low for f in forms) and not any(
        mentions(heading[: credit.start()], f) for f in forms
    )


# a headline's closing credit: the brokerage whose report it tells ("…목표가↑-메리츠", "… -현대차")
_CREDIT = re.compile(r"\s?[-–]\s?([0-9A-Za-z가-힣&]{2,12})\s*$")


def _led_by_another(heading: str, asked: set[str] | frozenset[str]) -> bool:
    """Does the heading lead with a company other than the asked one (``_heading_lead``; one inside the
    other is the same: "ENM" of "CJ ENM", 한빛에어로 of 한빛에어로스페이스)?"""
    lead = _heading_lead(heading)
    return lead is not None and not any(lead in k or k in lead for k in asked)


# the word before a headline's comma, at its start or after a quote mark ("한빛, …", "LS證 “한빛, …")
_HEADING_LEAD = re.compile(r"(?:^|[\s\"“‘'\]])([0-9A-Za-z가-힣&]+)\s*,")


def _ends_of(text: str, name: str) -> list[int]:
    """Where each writing of ``name`` in ``text`` ends, case ignored (a plain search: a pattern compiled
    per name would be compiled anew for most sentences, re's cache being far smaller than the names)."""
    low, key = text.lower(), name.lower()
    ends, at = [], low.find(key) if key else -1
    while at >= 0:
        ends.append(at + len(key))
        at = low.find(key, at + 1)
    return ends


@lru_cache(maxsize=4096)
def _spaced(form: str) -> re.Pattern[str] | None:
    """How the briefings may write a Hangul name of four letters or more with a space inside it ("유나이티드
    헬스" for 유나이티드헬스, "한글과 컴퓨터" for 한글과컴퓨터), or None for another name."""
    if len(form) < 4 or not all("가" <= c <= "힣" for c in form):
        return None
    return re.compile(" ?".join(form))


def _named_spaced(text: str, form: str) -> bool:
    """Does ``text`` name ``form`` as a whole word when a space written inside the name is dropped? (the
    word after it must still end the name: "유나이티드 헬스케어" does not name 유나이티드헬스)"""
    pat = _spaced(form)
    if pat is None or form[:2] not in text.replace(" ", ""):
        return False
    return mentions(pat.sub(form, text), form)


def _only_within(text: str, name: str, asked: Iterable[str]) -> bool:
    """Is every writing of ``name`` in ``text`` part of a writing of an asked name ("킹소프트" in "킹소프트
    클라우드가 …", the tagger having read the two words apart)?"""
    longer = [k for k in asked if name in k.replace(" ", "") and k.replace(" ", "") != name]
    if not longer:
        return False  # (the hot path: most leading names are no piece of an asked one)
    low = text.lower()
    at = [m.start() for m in re.finditer(re.escape(name), low)]
    if not at:
        return False
    writings = [_spaced(k) or re.compile(re.escape(k)) for k in longer]  # ("유니온라이프 헬스" too)
    covered = [(m.start(), m.end()) for w in writings for m in w.finditer(low)]
    return all(any(a <= i < b for a, b in covered) for i in at)


def _figures_before_named(slots: Slots, text: str, facts: dict, others: list[str]) -> bool:  # type: ignore[type-arg]
    """Does every figure of the asked measure come before the asked company is first named, with another
    company named before them? Then the figures are that one's ("롯데웰푸드가 결산 배당을 3000원에서
    3300원으로 올리는 등 … 롯데지주의 배당소득이 감소했다", asked 롯데지주's dividend)."""
    if not slots.measures:
        return False
    spans = [(q[3], q[4]) for q in facts["q"] if q[2] == slots.measures[0]]
    if not spans:
        return False
    low = text.lower()
    named_at = [e - len(f) for subj in slots.subjects for f in subj.forms for e in _ends_of(text, f)]
    if not named_at or min(named_at) < max(b for _, b in spans):
        return False
    first_figure = min(a for a, _ in spans)
    return any(0 <= low.find(o) < first_figure for o in others)


def _first_figure_after_named(
    slots: Slots,
    text: str,
    facts: dict,  # type: ignore[type-arg]
    others: list[str],
    published: date | None,
) -> bool:
    """Is the asked company the first name the sentence writes, with the first figure of the asked measure
    after it and no other name between? Then that figure is its own, whoever leads a later clause ("노타의 누적
    투자 유치금은 532억 원으로 이 중 105억 원을 투자한 스톤브릿지벤처스가 …"). Not when another name comes
    before the figure ("삼성자산운용에 따르면 …") or is the sentence's topic (a clause about the asked name
    describes it: "A가 지분 33%를 보유한 B는 …"), nor, a period asked, when the sentence names none (a figure
    of the quarter its story reports answers no year asked)."""
    if not slots.measures:
        return False
    starts = [q[3] for q in facts["q"] if q[2] == slots.measures[0]]
    if not starts:
        return False
    if not slots.period.empty and not any(sentence_periods(text, published)):
        return False
    first_figure = min(starts)
    named_at = [e - len(f) for subj in slots.subjects for f in subj.forms for e in _ends_of(text, f)]
    if not named_at or min(named_at) > first_figure:
        return False
    low, asked = text.lower(), asked_keys(slots)
    if any(_TOPIC_AFTER.match(low, e) for o in others for e in _ends_of(low, o)):
        return False  # "한화가 지분 33%를 보유한 한화에어로스페이스는 …": the topic the clause describes
    return not [n for n in (*facts["n"], *others) if n not in asked and 0 <= low.find(n) < first_figure]


_TOPIC_AFTER = re.compile(r"(?:은|는)\s")


def _asked_nouns(question: str, slots: Slots) -> tuple[str, ...]:
    """The noun a question asks the amount of when it names no measure word: the word right before
    얼마/몇 ("… 공동개발에 대는 연구개발비는 얼마야?": 연구개발비), of three letters or more, no subject's name."""
    named = {f.lower() for x in slots.subjects for f in x.forms}
    return tuple(
        w
        for w in (m.group(1) for m in _HEAD_NOUN.finditer(question))
        if len(w) >= 3 and w.lower() not in named
    )


_HEAD_NOUN = re.compile(r"([가-힣]{3,}?)(?:은|는|이|가|을|를)?\s*(?:얼마|몇)")


def _joined_noun(text: str, facts: dict, nouns: tuple[str, ...]) -> bool:  # type: ignore[type-arg]
    """Does ``text`` state a figure joined to one of ``nouns``: before it ("350억원의 연구개발비",
    "300억원 규모의 연구개발비") or as its topic ("연구개발비는 350억원")?"""
    for q in facts["q"]:
        if not q[1] or q[1] in TIME_UNITS:
            continue
        after = LINK_AFTER.match(text, q[4])
        if after and any(text.startswith(n, after.end()) for n in nouns):
            return True
        before = text[max(0, q[3] - NOUN_REACH) : q[3]]
        before = before[:-1] if before[-1:].isspace() else before
        bare = before[:-1] if before[-1:] in ("은", "는", "이", "가") else None
        # (plain string ends, no pattern per noun on this per-sentence path)
        if any(before.endswith(n) or (bare is not None and bare.endswith(n)) for n in nouns):
            return True
    return False


NOUN_REACH = 16  # characters before a figure in which the noun it is told of may end


_BRACKET_AFTER = re.compile(r"\s?\([^()]{0,30}\)")


def _up_to_figures(text: str, facts: dict, measures: tuple[str, ...]) -> str:  # type: ignore[type-arg]
    """The sentence up to its last figure of an asked measure (and a bracket right after it: "146억원(2023년
    기준)"), or "" when it states none: the periods a figure is of are written before it ("2023년 매출액
    146억원, … 올해 2분기부터 연결 실적에 반영된다"), not in a later clause."""
    ends = [q[4] for q in facts["q"] if q[2] in measures]
    if not ends:
        return ""
    end = max(ends)
    bracket = _BRACKET_AFTER.match(text, end)
    return text[: bracket.end() if bracket else end]


# where a sentence holds several of its own ("…반영된 영향이다. 일회성 요인이 …"), as a quote run together
_INNER_END = re.compile(r"(?<=[다요])\.\s*(?=[^\s\"”’'.])")
# a contrast ends a clause either way; a quote's reporting ending opens the clause after it
_CLAUSE_CONTRAST = re.compile(r"(?:으나|지만|는데),?\s")
_CLAUSE_OPENS = re.compile(r"[”\"’']\s?(?:이?라?며|이?라?고|이?라?면서)\s|(?:으나|지만|는데),?\s")


def _figure_parts(
    text: str,
    facts: dict,  # type: ignore[type-arg]
    measures: tuple[str, ...],
    period: Period | None = None,
    published: date | None = None,
) -> list[str]:
    """The inner sentences of ``text`` that state a figure of an asked measure (``text`` itself when it is one
    sentence or states none): a quote of several sentences tells a forecast in one and a reported figure in
    the next ("… 흑자 전환하는 것은 어려움이 없을 것\"이라며 \"… 연간 영업이익 177억원을 기록하고 있다.").
    A figure's clause is its own too when it names the ``period`` asked: after what a quote said ("…기대된다”며
    목표주가를 …") or either side of a contrast ("2024년 매출 1000억원을 목표로 내걸었으나 실제 2024년 3분기 누적
    매출은 226억원에 그치며"); not "… 예상 매출액을 1203억 원으로 제시했지만 상장 이후 분기 매출이 5900만 원을
    기록하면서", whose quarter is no period asked."""
    starts = [q[3] for q in facts["q"] if q[2] in measures]
    if not starts:
        return [text]
    inner = [m.end() for m in _INNER_END.finditer(text)]
    opens = sorted({0, *inner})
    ends = sorted({len(text), *inner})
    if period is not None and not period.empty:
        opens = sorted({*opens, *(m.end() for m in _CLAUSE_OPENS.finditer(text))})
        ends = sorted({*ends, *(m.end() for m in _CLAUSE_CONTRAST.finditer(text))})
    parts: list[str] = []
    for x in starts:
        a = opens[bisect.bisect_right(opens, x) - 1]
        b = ends[bisect.bisect_right(ends, x)]
        part = text[a:b]
        if (
            period is not None
            and not period.empty
            and (a, b) != (0, len(text))
            and not _names_period(part, period, published)
        ):
            # (the clause names no asked period: the sentence's inner sentence it is in, as before)
            a = max((i for i in (0, *inner) if i <= x), default=0)
            b = min((i for i in (*inner, len(text)) if i > x), default=len(text))
            part = text[a:b]
        if part not in parts:
            parts.append(part)
    return parts or [text]


def _names_period(text: str, period: Period, published: date | None) -> bool:
    """Does ``text`` name the period asked (its quarter, half or year)?"""
    quarters, halves, years = sentence_periods(text, published)
    return bool(
        (period.quarter and period.quarter in quarters)
        or (period.half and period.half in halves)
        or (period.years(published) & years)
    )


_QUOTE_AFTER = re.compile(r"\s*[“\"‘']")


def _quoted(heading: str, forms: tuple[str, ...]) -> bool:
    """Does ``heading`` quote the name ("미래에셋증권 “KT 목표 주가 6만원 유지”": the firm speaks of another
    company, whose story it is)?"""
    return any(_QUOTE_AFTER.match(heading, e) for f in forms for e in _ends_of(heading, f))


_SET_A_PRICE = re.compile(r"\s*\([^()]*→")  # "키움증권(120만원→140만원)": a firm and the price it set
# "메리츠증권이 기존 14만원에서 16만원으로 (목표주가를 올렸다)": a firm changing the price it sets
_SETS_FROM = re.compile(r"[이가은는]\s+(?:기존\s*)?[\d,.]+\s*[만천억]?[\d,.]*\s*원에서\s")
_GRADE = re.compile(r"\s?(?:등급|급(?![가-힣]))")


def _a_rating(text: str, name: str) -> bool:
    """Is ``name`` a credit grade ("CCC 등급", "BBB급") that Kiwi tags as a name, not another company?"""
    return any(_GRADE.match(text, e) for e in _ends_of(text, name))


# a sentence that opens on "this" (the figure or fact just told): its subject is the sentence before's
_THIS = re.compile(r"^(?:이는|이것은|이 (?:금액|규모|수치|가격)은)\s")


# a sentence that opens on the setting of the subject's own news ("임상 3상 시험에서 최고 용량 투여군은 …",
# right after "오포글리프론은 …"): up to three words ending in 에서, then its subject left out
_ITS_SETTING = re.compile(r"^[^\s,]+(?:\s[^\s,]+){0,2}에서\s")


def _in_its_setting(text: str) -> bool:
    """Does the sentence open on the setting of the subject's news and go on about it ("임상 3상 시험에서
    최고 용량 투여군은 …"), not open another company's news there ("이날 코스닥 시장에서 피아이이는 …")?"""
    m = _ITS_SETTING.match(text)
    if m is None:
        return False
    topic = TOPIC.match(text, m.end())
    return topic is None or bool(find_measures(topic.group(1)))


# a sentence that opens on "the company" ("회사는", "이 회사는", "동사는"): the one just named
_THE_COMPANY = re.compile(r"^(?:이\s?|해당\s?|동\s?)?(?:회사|기업|업체|동사)(?:는|은|의|도|가)\s")


# the brokerage that manages an offering ("대표 주관사는 한국투자증권이다"): no company the figures are of
_MANAGES = re.compile(r"주관(?:사|회사)?(?:는|은|로|를|을)?\s?(?:\S+\s)?$")


def _underwriter(text: str, name: str) -> bool:
    """Is ``name`` (a name key) named in ``text`` only as the brokerage managing an offering?"""
    i = text.lower().find(name)
    return i > 0 and is_firm(name) and bool(_MANAGES.search(text[:i]))


def _elliptic(text: str) -> bool:
    """Does the sentence open on its measure, its subject left out ("지난 6일 종가는 20만3500원이다"
    after a sentence about the company), or on "this" ("이는 약 11%의 금리에 해당한다"), not on a clause of
    its own ("통상적으로 수수료율은 …")?"""
    if _THIS.match(text):
        return True  # "이는 약 11%의 금리에 해당하며": the figure of the sentence before, told again
    if _THE_COMPANY.match(text):
        return True  # "다올투자증권도 흑자 전환에 성공했다. 회사는 …": the company the sentence before named
    rest = text[_OPENING_TIME.match(text).end() :]  # type: ignore[union-attr]
    found = find_measures(rest[:16])
    # (after a word that only says which of it: "주당 공모 희망가는", "연간 영업이익은")
    return bool(found) and (found[0][1][0] == 0 or bool(_MEASURE_MODIFIERS.fullmatch(rest[: found[0][1][0]])))


_MEASURE_MODIFIERS = re.compile(
    r"(?:(?:1\s?)?주당|공모|희망|예상|최종|확정|연간|분기|누적|총)(?:\s?(?:주당|공모|희망|예상|최종|확정|연간|분기|누적|총))*\s?"
)


# a news outlet that reports the fact ("블룸버그통신은 … 보도했다"), not a company it is about
_MEDIA = re.compile(r"(?:통신|신문|일보|시보|신보|방송|타임스|저널|포스트|뉴스)$")


class Answerer:
    def __init__(
        self,
        store: Store,
        cfg: AnswerConfig,
        aliases: Aliases | None = None,
        dense_band: tuple[float, float] = (0.72, 0.90),
        min_confidence: float | None = None,
    ) -> None:
        self.store = store
        self.cfg = cfg
        self.dense_low, self.dense_high = dense_band
        self.min_confidence = cfg.min_confidence if min_confidence is None else min_confidence
        # what the chunks say as a whole comes from the index (rag/store.py), not from reading every chunk
        self._df = store.doc_freq  # term -> how many chunks hold it
        self._n = max(len(store.chunks), 1)
        self._idf_unseen = math.log(1 + self._n)
        self._idf: dict[str, float] = {}  # the terms questions asked, as they are first scored
        base = aliases or Aliases()
        self.aliases = base.merged(trusted_pairs(store.summary.pairs, base))
        self.headline_words = title_words(list(store.summary.headings))
        self._names = set(store.summary.names)
        # English names of Korean companies -> briefing names (a misspelling aside: the name most written)
        named = store.summary.name_chunks
        self.finder = NameFinder(
            self._names,
            written_count(named, self._df),
            (lambda n: named.get(n, 0))
            if named
            else None,  # (an index from before name_chunks: no such test)
        )
        self._story_text: dict[tuple[str, int], str] = {}  # the stories questions read, joined
        # an outlet or a title's column tag -> the chunks it tags, made when first needed
        self._venues: Counter[str] | None = None
        self._heading_named: dict[tuple[Subject, str, frozenset[str]], bool] = {}  # see _about
        self._qualifier_memo: dict[str, bool] = {}  # see _is_qualifier
        self._story_leads: dict[tuple[str, int], frozenset[str]] = {}  # see story_lead
        self._names_of_story: dict[tuple[str, int], Counter[str]] = {}  # see _story_name_counts

    # -- signals ---------------------------------------------------------------------------------
    def rescale_dense(self, cos: float) -> float:
        return min(max((cos - self.dense_low) / (self.dense_high - self.dense_low), 0.0), 1.0)

    def idf(self, term: str) -> float:
        got = self._idf.get(term)
        if got is None:  # each term's once: it is asked thousands of times a question
            df = self._df.get(term)
            got = self._idf[term] = math.log(1 + self._n / df) if df else self._idf_unseen
        return got

    def question_terms(self, question: str) -> list[str]:
        return list(dict.fromkeys(t for t in morphemes(strip_dates(question)) if t not in QUESTION_WORDS))

    def coverage(self, q_terms: list[str], terms: frozenset[str] | set[str]) -> float:
        weights = [self.idf(t) for t in q_terms]
        total = sum(weights)
        if total == 0:
            return 0.0
        return sum(w for t, w in zip(q_terms, weights, strict=True) if t in terms) / total

    def _about(
        self,
        slots: Slots,
        text: str,
        facts: dict,
        heading: str,
        heading_names: set[str],
        topic: frozenset[str] = frozenset(),
        follows: bool = False,
        restates: bool = False,
        published: date | None = None,
        story_names: frozenset[str] = frozenset(),
    ) -> int:
        """``topic``: the company the story's last sentence before ``text`` that opens on one was about
        (``_opening_topic``): a sentence that names no company continues that one's subject ("AMD도
        실적을 발표했죠. 4분기 매출은 …"), not the story's. ``follows``: the sentence just before set that
        topic, so a sentence that names no company continues it even in a story about something else
        ("SK하이닉스 주가는 … 하락했다. 지난 6일 종가는 20만3500원이다." in a story of ETF returns).
        ``restates``: the sentence states every figure the question gives ("…주식 2만9000주를"): naming
        some of the asked names, it is of the deal asked, whoever else the question names. ``published``: the
        story's day, against which the sentence's relative periods ("지난해") are read. ``story_names``: the
        names the story's sentences tag: of several names asked, one the sentence leaves to its story
        ("더캐피털그룹의 JB금융지주 지분율": "…JB금융지주 지분율은 5.7%에서 6.79%로" in a story of the fund's
        buys) is still asked of it, when no other name leads the sentence."""
        if not slots.subjects:
            return 1
        sent_names = set(facts["n"])

        def named(subj: Subject, in_text: str, keys: set[str]) -> bool:
            if (
                bool(subj.keys & keys)
                or any(mentions(in_text, f) for f in subj.forms)
                or any(_named_spaced(in_text, f) for f in subj.forms)
            ):
                # (not when only as the analyst's firm: "메리츠증권 연구원은 '인텍플러스는 …'")
                return not (ATTRIBUTION.search(in_text) and only_attributed(in_text, subj.forms))
            # a place asked alone is named inside a word too ("미국채", "美증시"), not inside a name it does
            # not begin ("세계" in "신세계인터내셔날")
            return is_qualifier(subj.name, self.aliases) and any(
                f in in_text and not any(f in n and not n.startswith(f) for n in keys)
                for f in subj.forms
                if has_hangul(f)
            )

        found = [named(s, text, sent_names) for s in slots.subjects]
        in_sentence = [s for s, f in zip(slots.subjects, found, strict=True) if f]

        def on_heading(subj: Subject) -> bool:  # the same for every sentence of a story: asked once
            key = (subj, heading, frozenset(heading_names))
            got = self._heading_named.get(key)
            if got is None:
                if len(self._heading_named) > HEADING_MEMO:
                    self._heading_named.clear()
                got = self._heading_named[key] = (
                    named(subj, heading, heading_names)
                    and not (is_firm(subj.name) and _led_by_another(heading, subj.keys))
                    and not _only_credited(heading, subj.forms)
                    and not (is_firm(subj.name) and _quoted(heading, subj.forms))
                )  # "티엘비, 기술 선점 수확 시기…목표가↑-메리츠": the firm only speaks of the story's company
                # (and "…목표가↓ -현대차" credits 현대차증권, whatever the name it shortens)
            return got

        asked = asked_keys(slots)
        others = self._other_leads(facts, asked, text)
        # (no name but the asked ones: "더캐피털그룹은 … KB금융 지분율 5%를 넘긴" is of another company; an
        # asked person by the surname alone is asked: "임 사내이사의 한미사이언스 지분은" for 임종윤)
        unasked = story_names and any(
            n not in asked
            and not self._is_qualifier(n)
            and not (len(n) == 1 and any(len(k) == 3 and k.startswith(n) for k in asked))
            for n in sent_names
        )
        in_story = all(
            f or (restates and in_sentence) or on_heading(s)
            for s, f in zip(slots.subjects, found, strict=True)
        )
        # (named only elsewhere in the story, a name asked leaves the sentence about the rest of the question:
        # of its story, not plainly of all it asks, "테슬라 주가는 …" in a story of its 사이버캡)
        top = 2 if in_story else 1
        in_story = in_story or all(
            f or on_heading(s) or (in_sentence and bool(s.keys & story_names) and not unasked)
            for s, f in zip(slots.subjects, found, strict=True)
        )
        if not in_sentence and not in_story and not (follows and topic):
            return 0  # neither names it nor is of its story, nor continues a sentence about it
        if TARGET_PRICE in slots.measures:
            priced = {n for n in _priced(text) if n in sent_names or self.aliases.known(n)}
            if priced and not priced & asked:
                return 0  # "에스엠 목표가를 올린 증권사는 … 키움증권(11만→12만원)": 에스엠's, whoever set it
            if any(
                _SET_A_PRICE.match(text, e) or _SETS_FROM.match(text, e)
                for subj in slots.subjects
                for f in subj.forms
                if is_firm(f)
                for e in _ends_of(text, f)
            ):  # "IBK투자증권(108만→145만원), 키움증권(120만원→140만원)": the firms that set a price (or
                # "메리츠증권이 기존 14만원에서 16만원으로")
                return 0
            if others:  # "DB금융투자가 LG에너지솔루션에 대한 목표주가를 …": a firm sets the company's price
                # (a firm by its short name in a list of firms too: "하나증권, NH투자증권, 대신, DB금융투자 등은")
                others = [n for n in others if not is_firm(n) and not _listed_with_firms(text, n)]
            if all(is_firm(subj.name) for subj in slots.subjects) and _led_by_another(heading, asked):
                return 0  # a brokerage's own price asked; in a story about another company it sets that one's
            if (
                not priced and in_sentence and not asked & set(facts["s"]) and _led_by_another(heading, asked)
            ):  # in a story led by 한화에어로: "…한화오션의 가치가 반영되는 효과가 있다"며 "목표주가를 49만원에서
                # 60만원으로 상향한다": the price whose owner the sentence leaves out is the story's company's
                return 0
        if in_sentence and others and (source := _SOURCE.search(text)):
            # "카카오가 발표한 실적에 따르면 카카오헬스케어는 …": the asked company is where the figure comes
            # from; the company the clause after it leads owns it
            after = text[source.end() :]
            compact = re.sub(r"\s+", "", after).lower()
            if not any(mentions(after, f) for subj in slots.subjects for f in subj.forms) and any(
                o in compact for o in others
            ):
                return 0
        if in_sentence and in_story:
            if not others or all(_own_in_pairs(text, facts, s.forms) for s in in_sentence):
                return top
            # named, but another company leads the clause ("코스피에 입성한 LG씨엔에스는 …에 마감했다"): not
            # about it; named among several ("A와 B, C 세 곳이 발행한 채권은 모두 …"): a shared figure
            if _figures_before_named(slots, text, facts, others):
                return 0
            if _first_figure_after_named(slots, text, facts, others, published):
                return top
            return 1 if asked & set(facts["s"]) else 0
        firms = {name_key(f) for f in slots.attributed}  # lead the clause, but are not what is asked
        continued = (
            follows
            and bool(topic)
            and topic <= asked
            and not topic <= firms  # "DS투자증권은 A에 대해 … 목표주가도 …": the firm's price for A
            and not [
                n
                for n in sent_names
                if n not in asked
                and not self._is_qualifier(n)
                and not _a_rating(text, n)
                and not _underwriter(text, n)
            ]
            and (_elliptic(text) or _in_its_setting(text))
        )
        if (
            not in_sentence
            and not others
            and (in_story or continued)
            # (firms that set prices name no company the story turned to: "메리츠증권(9만→8만원), 현대차증권
            # (10만→8만5000원)이 목표주가를 하향" after a sentence about the company's 티빙 is the company's)
            and (not topic or bool(topic & asked) or _firms_pricing(slots, text, sent_names))
            and not offshoot(sent_names, asked)
            and not any(extended(text, f) for subj in slots.subjects for f in subj.forms)
        ):
            return 1  # the story's subject, and no other name leads the sentence
        return 0

    def evidence(
        self, question: str, qvec: np.ndarray, hits: list[Hit], slots: Slots | None = None
    ) -> Evidence:
        slots = slots or Slots()
        q_terms = self.question_terms(question)
        asked = asked_kinds(question)
        # no measure word asked: the noun the question asks the amount of ("연구개발비는 얼마야?"), when a
        # figure is told joined to it ("350억원의 연구개발비를"), fits as a measure's figure would
        nouns = _asked_nouns(question, slots) if asked and not slots.measures else ()
        cross = is_cross_lingual(question)
        found_all = True
        if cross:  # an English name the briefings write otherwise ("gold ETFs"): as they write it
            # (up to a preposition: "its target price for Hershey" names the company the price is for)
            products = " ".join(_EN_PREPOSITION.split(m.group("rest"))[0] for m in _EN_ITS.finditer(question))
            # (as written, or as the briefings write the word: "NESPECEL" -> 네스페셀)
            read = {self.finder.find([w]) for w in re.findall(r"[A-Za-z][\w&-]+", products)} - {None}

            def product(x: Subject) -> bool:
                return x.name in read or any(f.lower() in products.lower() for f in x.forms if f.isascii())

            known = [self._in_corpus(s) for s in slots.subjects]
            if not any(k is not None and not product(k) for k in known):
                # no company they write is asked ("Deckers, the maker of UGG"): one they never write may be
                # a name of the retrieved stories it sounds like; beside one they write, an unknown word
                # ("Waller", "December") is left to the dense signals, as it always was
                known = [k or self._heard(s, hits) for s, k in zip(slots.subjects, known, strict=True)]
            found_all = None not in known
            # a company they never name stays asked ("Zentrix's net income": no other company's figure
            # answers); beside a name they know, an unknown capitalised word
            # ("December", "European") is left to the dense signals, as are generic words and places
            found = [k for k in known if k is not None]
            alone = [s for s in slots.subjects if not is_qualifier(s.name, self.aliases)]
            # … but the owner of the figure asked stays asked ("Alteogen's RCPS issuance": not the RCPS
            # another company issued)
            owners = " ".join(m.group(0) for m in _EN_OWNER.finditer(question))
            owners = (owners + " " + " ".join(m.group(1) for m in _EN_PRICED.finditer(question))).lower()
            owner = [s for s, k in zip(slots.subjects, known, strict=True) if k is None and s.name in owners]
            # (and names none of which the briefings write stay asked: "How much did DH Autoware raise?"
            # is not answered by whichever company raised money)
            slots = replace(slots, subjects=tuple(found + owner) if found else tuple(alone or owner))
            kept = [x for x in slots.subjects if not product(x)]
            if products and kept and len(kept) < len(slots.subjects):
                slots = replace(slots, subjects=tuple(kept))  # the company, not its brands
        elif unwritten := [x for x in slots.subjects if x.name.isascii() and self._in_corpus(x) is None]:
            # a Latin name a Korean question writes that the briefings never do ("Pop Mart"): the
            # retrieved stories' name it sounds like (팝마트)
            heard = [(self._heard(x, hits) or x) if x in unwritten else x for x in slots.subjects]
            slots = replace(slots, subjects=tuple(heard))
        if slots.described and not slots.subjects:
            slots = resolve_described(self.store, self.aliases, slots, hits) or slots
        # an English question's words never meet Korean text: its slots do, in the briefings' words
        # (only when every name it asks about is in the briefings: else another company's figure would
        # match "net income" as well as the one asked)
        # one name the briefings write in Hangul: several ("ACE KRX gold spot ETF") are a product's words
        one = len(slots.subjects) == 1 and any(has_hangul(f) for f in slots.subjects[0].forms)
        slot_terms = self.question_terms(_korean_slots(slots)) if cross and one and found_all else []
        out: list[ScoredSentence] = []
        asked_topic = frozenset(asked_keys(slots))
        part_asked = bool(_PART.search(question))  # "자동차 부문이 낸 이익": a part's figure is what is asked
        # "지분을 되사온 주당 가격": a price per share, which the sentence's total (2162억원) is not
        per_share = "가격" in slots.measures[:2] and bool(_PER_SHARE.search(question))
        # a total asked ("지분 매도로 받을 금액", "인수에 쓴 돈"): a price per share is not it
        total = (
            bool(slots.measures)
            and not _PER_SHARE.search(question)
            and not set(slots.measures) & _PRICE_MEASURES
        )
        # a stake asked of a company, not one it buys: "…의 보유 주식(지분율 9.39%)을 A가 인수한다" is the
        # seller's stake, not A's
        holding = slots.measures[:1] == ("지분율",) and not _BUYS.search(question)
        # asked with no day or period, a sentence set "back then" does not tell the news asked about
        then_past = (
            slots.period.empty
            and not slots.days
            and not slots.date_range
            and not _ASKED_THEN.search(question)
        )
        given = _given_quantities(question, slots)
        since = (
            bool(slots.measures[:1])
            and slots.measures[0] in CHANGE_MEASURES
            and bool(_SINCE.search(question))
        )
        story_slots: dict[tuple[str, int], Slots] = {}
        for hit in hits:
            c = hit.chunk
            extra = self.store.extras[c.id]
            own = story_slots.get(_section_of(c))
            if own is None:  # the asked company under the short name its story calls it by
                own = story_slots[_section_of(c)] = self._story_names(slots, c.id)
            heading_terms = set(morphemes(c.heading))
            heading_names = set(extra.heading_names)
            # (several names asked: one the sentence leaves to its story may be named elsewhere in it)
            story_names = self.names_of_story(c.id) if len(slots.subjects) > 1 else frozenset()
            if not heading_names & asked_topic:  # (read only when the headline does not name it)
                heading_names |= self.story_lead(c.id)
            published = c.published.date() if c.published else None
            text = self.store.articles[c.article_id].text
            rows = self.store.sentence_vectors[extra.sent_offset : extra.sent_offset + len(extra.sentences)]
            cosines = rows @ qvec if len(rows) else np.zeros(0)
            # whom the story's last sentence that opened on a company was about
            topic: frozenset[str] = frozenset()
            follows = False  # the sentence before set ``topic``
            period_told: tuple[int, str] | None = None  # the story's last sentence that named a period
            day_before: date | None = None  # the day the sentence before named, not its briefing's
            before_end = 0  # where the sentence before ends
            for j, span in enumerate(
                extra.sentences
            ):  # a sentence two overlapping chunks share counts for both
                sent = text[span[0] : span[1]]
                terms = frozenset(extra.sentence_terms[j])
                lex = (1 - HEADING_SHARE) * self.coverage(q_terms, terms) + HEADING_SHARE * self.coverage(
                    q_terms, terms | heading_terms
                )
                dense = self.rescale_dense(float(cosines[j]))
                qty = amount_score(asked, stated_kinds(sent)) if asked else 0.0
                if cross and slot_terms:
                    lex = (1 - HEADING_SHARE) * self.coverage(
                        slot_terms, terms
                    ) + HEADING_SHARE * self.coverage(slot_terms, terms | heading_terms)
                    score = W_DENSE * dense + W_LEX * lex + W_QTY * qty
                elif cross:
                    score = (W_DENSE + W_LEX) * dense + W_QTY * qty
                else:
                    score = W_DENSE * dense + W_LEX * lex + W_QTY * qty
                facts = extra.facts[j]
                own_day = fact_day(sent, published)  # the day its facts are as of
                restates = bool(given) and not _other_quantities(given, facts, every=True)
                about = self._about(
                    own,
                    sent,
                    facts,
                    c.heading,
                    heading_names,
                    topic,
                    follows,
                    restates,
                    published,
                    story_names,
                )
                # the story turns to a company a sentence opens on, or back to the asked one it names
                opening = _opening_topic(facts, sent, asked_topic) or (
                    asked_topic if about == 2 else frozenset()
                )
                # (a sentence that names nothing keeps the topic for the next: "더즌은 … 제공한다. 총 250만주를
                # 공모한다. 주당 공모 희망가는 …")
                topic, follows = opening or topic, bool(opening) or (follows and not facts["n"])
                if not opening and _ANALYST_OPENING.match(sent):
                    topic = frozenset()  # "김 연구원은 …": the analyst speaks of the story's company again
                if about and all(
                    (about == 2 and _only_object(sent, subj.forms)) or _only_listed(sent, subj.forms)
                    for subj in slots.subjects
                ):  # (a list's sum is no company's, whoever else leads the sentence)
                    # named only as what another acts on ("…은 한화오션을 연결자회사로 편입하면서 지배순이익
                    # …"), or one of a list ("증권사(교보증권, DB금융투자, …)의 영업이익 합은"): not its figures,
                    # though the story goes on about it ("릴리는 오포글리프론을 …")
                    about = 0
                fit = measure_fit(slots, sent, facts)
                if nouns and _joined_noun(sent, facts, nouns):
                    fit = 2
                consistent = not period_conflict(slots.period, sent, published) and not story_period_conflict(
                    slots.period, sent, c.heading, published
                )
                if not consistent and (before_figure := _up_to_figures(sent, facts, slots.measures)):
                    # a period a later clause names ("… 146억원을 기록한 흑자회사로 올해 2분기부터 …") is
                    # not the figure's: the ones written before it are
                    consistent = any(sentence_periods(before_figure, published)) and not period_conflict(
                        slots.period, before_figure, published
                    )
                if not slots.period.empty:  # (no period asked: nothing to carry, no work on the hot path)
                    if j and _SAME_PERIOD.match(sent):  # "같은 기간 …": the period of the sentence before
                        before = text[extra.sentences[j - 1][0] : extra.sentences[j - 1][1]]
                        consistent = consistent and not period_conflict(slots.period, before, published)
                    named_periods = sentence_periods(sent, published)
                    if not any(named_periods) and period_told and j - period_told[0] <= PERIOD_CARRY:
                        # a figure told with no period is of the quarter the story just named ("지난해
                        # 4분기에 … 영업이익은 291억원"): asked another period, it is not the answer
                        consistent = consistent and not period_conflict(
                            slots.period, period_told[1], published
                        )
                    elif (
                        not any(named_periods)
                        and (slots.period.quarter or slots.period.half)
                        and not any(sentence_periods(c.heading, published)[:2])
                    ):  # asked one quarter's (or half's) figure: a figure of no named period in a story
                        # whose heading names no quarter ("작년 영업이익 5천307억원", "영업이익 492억…사상
                        # 최대") is the year's or of no period the story says: not the answer
                        consistent = False
                    if any(named_periods):  # a quarter or a half sets the story's period; a year alone
                        # ("내년 말까지 누적 수주") is often a deadline or a base, not the figures'
                        period_told = (j, sent) if named_periods[0] or named_periods[1] else None
                if slots.direction and direction(sent) == -slots.direction:
                    consistent = False  # asked how far it fell, the sentence says it rose (or the reverse)
                # a target price is a figure the firm reports, whatever outlook it is given with ("상승세가
                # 이어질 것으로 전망하고 목표주가를 30만원으로 상향 조정했다"), and a firm's estimate asked
                # ("신한투자증권이 추정한 영업이익") is told as one ("…을 기록했을 것이라고 …은 추정했다")
                told = [
                    is_forecast(part) or forecast_measure(part)
                    for part in _figure_parts(sent, facts, slots.measures, slots.period, published)
                ]
                told_forecast = (any(told) if slots.forecast else all(told)) and not (
                    fit and (slots.measures[:1] == (TARGET_PRICE,) or bool(slots.attributed))
                )
                # (a deal to come asked about: its figure may be told as what is to come, or as set)
                mismatch = told_forecast != slots.forecast and not (slots.planned and told_forecast)
                if mismatch or not qualifiers_named(slots, sent, c.heading):
                    consistent = (
                        False  # a forecast for an actual (or the reverse); 해외주식 수수료 for IB 수수료
                    )
                if since and not _SINCE_TOLD.search(sent):
                    consistent = (
                        False  # asked "올해 들어 몇 % 올랐어": a day's move ("와이씨켐(8.8%)") is not it
                    )
                if not says_ago(slots, sent):
                    consistent = False  # asked "1년 전에는", the sentence gives today's
                if slots.close and not_a_close(sent):  # asked "종가는?", "얼마로 끝났어?": where it closed
                    consistent = (
                        False  # asked where it closed: "오전 11시 현재", "평균 주가" are not the close
                    )
                long_ago = _years_back(own_day, published) > 1 and not _COMPARED.search(sent)
                if then_past and (_THEN.search(sent) or long_ago):
                    # "당시 아마존은 … 83억 달러어치 채권을", "2018년 주당 41만원에": an earlier time, not the news
                    # (last year's figure told this year is news)
                    consistent = False
                if per_share and not _PER_SHARE.search(sent):
                    consistent = False  # asked a price per share: a sentence with no per-share figure
                if total and _only_per_share(sent, facts):
                    consistent = False  # "38만주를 주당 455원에 취득": no total
                if holding and _bought_by(sent, facts, slots):
                    consistent = False  # the stake a sentence says the asked company buys is not its own
                if given and _other_quantities(given, facts):
                    consistent = False  # asked of "2만9000주": a sentence of "50만주" tells another deal
                if part_asked and _WHOLE.search(sent):
                    consistent = False  # asked a part's figure: "전체 매출은 …" is the whole company's
                if (
                    slots.measures
                    and not slots.qualifiers
                    and not part_asked
                    and segment(sent, [q[3] for q in facts["q"] if q[2] in slots.measures] or None)
                ):
                    consistent = False  # a segment's figure for the whole company's
                score *= (
                    ABOUT_FACTOR[about] * FIT_FACTOR[fit] * (1.0 if consistent else PERIOD_CONFLICT_FACTOR)
                )
                carried = (
                    day_before
                    if day_before
                    and own_day == published
                    and not _NAMES_A_DAY.search(sent)
                    and "\n" not in text[before_end : span[0]]  # (in the same paragraph)
                    else None
                )
                day_before, before_end = (own_day if own_day != published else None), span[1]
                out.append(
                    ScoredSentence(
                        hit, span, sent, score, dense, lex, qty, about, fit, consistent, carried or own_day
                    )
                )
        return Evidence(question, q_terms, cross, bool(asked), out, slots)

    def _is_qualifier(self, name: str) -> bool:
        """``is_qualifier`` of a name the stories write, remembered (asked of every name of every sentence
        read: a hundred thousand times in a hundred and fifty questions)."""
        got = self._qualifier_memo.get(name)
        if got is None:
            if len(self._qualifier_memo) > HEADING_MEMO:
                self._qualifier_memo.clear()
            got = self._qualifier_memo[name] = is_qualifier(name, self.aliases)
        return got

    def story_lead(self, chunk_id: int) -> frozenset[str]:
        """The company a story is about when its headline names none ("'주가 5만원 가나 했더니'…1억
        넣었으면 3500만원 된 종목"): the one its sentences name most, at least :data:`STORY_LEAD_MIN` times
        and more often than any other company (places and brokerages are not what a story is about). Its
        sentences then read as under a headline naming it: one that names no company tells that one's
        figures. Empty when no company leads the story, or the headline names one, unless the
        sentences name theirs :data:`OUTNUMBERED` times as often as the headline's names (a product the
        tagger reads as a name: "…터보차저부터 카메라모듈까지"); the story is then of both."""
        key = _section_of(self.store.chunks[chunk_id])
        got = self._story_leads.get(key)
        if got is not None:
            return got
        if len(self._story_leads) > HEADING_MEMO:
            self._story_leads.clear()
        got = self._story_leads[key] = self._lead_of(self.store.story(chunk_id))
        return got

    def names_of_story(self, chunk_id: int) -> frozenset[str]:
        """Every name the sentences of a story (all its chunks) tag."""
        return frozenset(self._story_name_counts(chunk_id))

    def _story_name_counts(self, chunk_id: int) -> Counter[str]:
        """How often the sentences of a story (all its chunks) tag each name (memoised per story; the
        caller's copy is its own to change)."""
        key = _section_of(self.store.chunks[chunk_id])
        got = self._names_of_story.get(key)
        if got is None:
            if len(self._names_of_story) > HEADING_MEMO:
                self._names_of_story.clear()
            story = self.store.story(chunk_id)
            got = self._names_of_story[key] = Counter(
                n for ch in story for facts in self.store.extras[ch.id].facts for n in facts["n"]
            )
        return got

    def _lead_of(self, story: list[Chunk]) -> frozenset[str]:
        if firms_in(story[0].heading):  # a brokerage the headline names ("…가온證 주주환원에 쏠리는 눈",
            return frozenset()  # the tagger reading no name there) is what the story is about
        extras = [self.store.extras[ch.id] for ch in story]
        headed = {n for x in extras for n in x.heading_names}
        counts: Counter[str] = Counter()
        seen: set[tuple[str, int]] = set()
        for ch, extra in zip(story, extras, strict=True):
            for span, facts in zip(extra.sentences, extra.facts, strict=True):
                if (ch.article_id, span[0]) in seen:
                    continue  # (a sentence two overlapping chunks share is one sentence)
                seen.add((ch.article_id, span[0]))
                counts.update(set(facts["n"]))
        ranked = [
            (n, k)
            for n, k in counts.most_common()
            if len(n) > 1 and not is_firm(n) and not self._is_qualifier(n)
        ]
        if not ranked or ranked[0][1] < STORY_LEAD_MIN or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
            return frozenset()
        if headed and (
            ranked[0][0] in headed
            or ranked[0][1] < OUTNUMBERED * max(counts[n] for n in headed)
            or any(is_firm(n) for n in headed)
        ):  # a headline names the story's company, unless the one its sentences name is named far
            # more often than what the headline names ("…터보차저부터 카메라모듈까지", a product); a
            # brokerage it names ("…삼성證 주주환원에 쏠리는 눈") is what the story is about
            return frozenset()
        return frozenset({ranked[0][0]})

    def _story_names(self, slots: Slots, chunk_id: int) -> Slots:
        """``slots`` with each asked company also known by the short name its story calls it by: a name
        the full one starts with ("삼양" for 삼양식품), when of the story's names that start with it the
        full one is the most frequent ("삼양라운드스퀘어" once in a caption does not make 삼양 its), and no
        sentence writes it beside the full one ("유니온 자회사인 유니온머티리얼": two companies); and the
        name its story writes with a group's Latin prefix before it ("GC녹십자웰빙" for 녹십자웰빙)."""
        asked = asked_keys(slots)
        if not asked:
            return slots
        story = self.store.story(chunk_id)
        counts = self._story_name_counts(chunk_id) + Counter(
            n for ch in story for n in self.store.extras[ch.id].heading_names
        )
        short: dict[str, set[str]] = {}
        for s in slots.subjects:  # (a Hangul name after the group's letters: the same company)
            written = {name_key(f) for f in s.forms if has_hangul(f)} | {k for k in s.keys if has_hangul(k)}
            for n in counts:
                if (m := _GROUP_LETTERS.match(n)) and n[m.end() :] in written:
                    short.setdefault(s.name, set()).add(n)
        # (only a name an asked one starts with can be its short name: the others are not looked at)
        starting = [n for n in counts if n not in asked and any(k.startswith(n) for k in asked)]
        together = {  # names a sentence writes beside an asked one: another company
            n
            for ch in (story if starting else ())
            for f in self.store.extras[ch.id].facts
            if asked & set(f["n"])
            for n in f["n"]
        }
        for n in starting:
            if len(n) < 2 or self._is_qualifier(n) or n in together:
                continue  # ("유니온 자회사인 유니온머티리얼은": 유니온 is another company)
            rivals = sorted((m for m in counts if m != n and m.startswith(n)), key=lambda m: -counts[m])
            if len(rivals) > GROUP_OF:
                continue  # a name several of its companies start with is their group's (에이치엘비 for
                # 에이치엘비생명과학, 에이치엘비제약, 에이치엘비테라퓨틱스 …), no one company's short name
            if rivals and rivals[0] in asked and (len(rivals) == 1 or counts[rivals[0]] > counts[rivals[1]]):
                short.setdefault(rivals[0], set()).add(n)
        if not short:
            return slots
        subjects = tuple(
            replace(s, keys=s.keys | {n for k in s.keys | {s.name} for n in short.get(k, ())})
            for s in slots.subjects
        )
        return replace(slots, subjects=subjects)

    def venues_named(self, question: str) -> set[str]:
        """The outlets and column names (a title's "[매일코인]") the question names as its source
        ("매일코인 기사 기준", "이데일리 보도에서"); not a word the stories use themselves ("뉴욕증시에서")."""
        if self._venues is None:  # the titles' and outlets', counted at build time
            self._venues = Counter(self.store.summary.venues)
        low = question.lower()
        named = {v for v in self._venues if v in low and re.search(re.escape(v) + SOURCE_MARK, low)}
        named = {v for v in named if self._venue_as_word(v) < self._venues[v]}
        return {v for v in named if not any(v != w and v in w for w in named)}  # the longest

    def _venue_as_word(self, venue: str) -> int:
        """How many chunks use ``venue`` in their text (counted at build time for every venue)."""
        return self.store.summary.venue_words.get(venue, 0)

    @staticmethod
    def asked_day(s: ScoredSentence, slots: Slots) -> date | None:
        """The day a sentence answers for: its briefing's when the question asks by briefing ("2월 6일
        브리핑에서"), else the day its facts are as of ("5일(현지시간) 뉴욕 증시에서" in a story of the 6th)."""
        return s.day if slots.by_briefing else s.as_of

    @classmethod
    def on_day(cls, s: ScoredSentence, slots: Slots, d: date) -> bool:
        """Does ``s`` answer for the asked day ``d``? Its day (``asked_day``), or, told the next morning of
        the evening before abroad ("현지시간 13일 … 반영했습니다" in a briefing of the 14th), the day of the
        briefing: in Korea that evening abroad is already the 14th."""
        day = cls.asked_day(s, slots)
        return day == d or (s.day == d and day == d - timedelta(days=1) and bool(_LOCAL_TIME.search(s.text)))

    def _story_mentions(self, s: ScoredSentence, words: tuple[str, ...]) -> bool:
        """Does the story of ``s`` (its section, with its heading: a briefing holds many) name a word?"""
        key = _section(s)
        text = self._story_text.get(key)
        if text is None:  # joined for the stories a question reads, not for the whole index
            cs = self.store.story(s.hit.chunk.id)  # its chunks by position
            text = self._story_text[key] = " ".join([cs[0].heading] + [c.text for c in cs])
        return any(mentions(text, w) or w in text for w in words)

    def _other_firm(self, s: ScoredSentence, slots: Slots) -> bool:
        """Does the sentence name a brokerage, not the company asked about, and none of the firms whose
        estimate is asked (asked 하나증권's target price, "이화정 NH투자증권 연구원은 … 13만원으로 제시했다" is
        NH's, whichever firms its story lists; asked 대신증권's for 키움증권, 키움증권 is the company)?"""
        firms = slots.attributed
        asked = {firm_stem(f) for subj in slots.subjects for f in subj.forms}
        named = self._firms_named(self._facts_of(s), s.text) - asked
        if any(mentions(s.text, f) for f in firms):
            return False
        # naming none: "목표주가를 … 낮췄습니다" after "백준기 NH투자증권 연구원은 골프존이 …" is NH's, who spoke last
        if not named:
            named, asked_firm = self._speaking_firms(s, asked, firms)
            if not named or asked_firm:
                return False
        return not {firm_stem(f) for f in firms} & named

    def _speaking_firms(
        self, s: ScoredSentence, asked: set[str], firms: tuple[str, ...]
    ) -> tuple[set[str], bool]:
        """The brokerages (``asked`` aside) the nearest of the :data:`SPEAKER_BACK` sentences before ``s``
        that names one, or a firm of ``firms``, names; and whether it names one of ``firms``."""
        extra = self.store.extras[s.hit.chunk.id]
        text = self.store.articles[s.hit.chunk.article_id].text
        j = extra.sentences.index(s.span)
        for i in range(j - 1, max(j - 1 - SPEAKER_BACK, -1), -1):
            before = text[extra.sentences[i][0] : extra.sentences[i][1]]
            named = self._firms_named(extra.facts[i], before) - asked
            asked_firm = any(mentions(before, f) for f in firms)
            if named or asked_firm:
                return named, asked_firm
        return set(), False

    @staticmethod
    def _firms_named(facts: dict, text: str) -> set[str]:  # type: ignore[type-arg]
        """The stems of the brokerages a sentence names (tagged, or by their firm word)."""
        return {firm_stem(n) for n in facts["n"] if is_firm(n)} | {firm_stem(f) for f in firms_in(text)}

    def _facts_of(self, s: ScoredSentence) -> dict:  # type: ignore[type-arg]
        """The facts the index stored for sentence ``s`` (names, leading names, quantities)."""
        extra = self.store.extras[s.hit.chunk.id]
        return extra.facts[extra.sentences.index(s.span)]

    def _others_lead(self, s: ScoredSentence, slots: Slots) -> bool:
        """Does a company other than the asked ones lead one of the sentence's clauses?"""
        return bool(self._other_leads(self._facts_of(s), asked_keys(slots), s.text))

    def _other_leads(self, facts: dict, asked: set[str], text: str) -> list[str]:
        """Names other than ``asked`` (places, generic terms and a quoted analyst and firm aside) that lead
        a clause of a sentence."""
        places = [k for k in asked if self._is_qualifier(k)]  # "미국채", "美증시": the place asked
        return [
            n
            for n in _leading(facts, text)
            if n not in asked
            and not self._is_qualifier(n)
            and not any(n.startswith(k) for k in places)
            and not _a_measure(n)  # "주당순이익(EPS)은 …": Kiwi may tag a measure word a name
            and not _only_within(text, n, asked)  # a piece of the asked name (킹소프트 of 킹소프트 클라우드)
        ]

    def _heard(self, subject: Subject, hits: list[Hit]) -> Subject | None:
        """An English name the briefings never write, as the one Hangul name of the retrieved stories
        it sounds like ("Deckers" -> 데커스아웃도어; :func:`rag.romanize.heard_as`), or None."""
        if not subject.name.isascii() or len(subject.keys) > 1:
            return None
        names: set[str] = set()
        for hit in hits:
            extra = self.store.extras[hit.chunk.id]
            names.update(extra.heading_names)
            names.update(n for facts in extra.facts for n in facts["n"])
            names.update(title_words([hit.chunk.heading]))  # (a name the tagger missed: the headline's words)
        heard = heard_as(subject.name, names)
        if heard is None:
            return None
        return Subject(heard, subject.keys | {heard}, (heard, *subject.forms))

    def _in_corpus(self, subject: Subject) -> Subject | None:
        """``subject`` as the briefings write it: through an alias with a Hangul name, or a name the
        briefings use (an English plural as its singular); None when they never write it."""
        if subject.keys & self._names or any(has_hangul(f) for f in subject.forms):
            return subject
        singular = {k.removesuffix("s") for k in subject.keys} & self._names
        if not singular:
            return None
        return Subject(subject.name, subject.keys | singular, (*subject.forms, *sorted(singular)))

    # -- the answer ------------------------------------------------------------------------------
    def leads(self, evidence: Evidence) -> list[ScoredSentence]:
        """Sentences that may lead the answer: every slot the question fills is met."""
        slots = evidence.slots
        venues = self.venues_named(evidence.question)
        named_in_description = any(self.aliases.known(w) for w in slots.description if len(w) > 1)
        out = []
        for s in evidence.sentences:
            if slots.subjects and s.about == 0:
                continue
            if venues and not any(v in venues_of(s.hit.chunk) for v in venues):
                continue  # "매일코인 기사 기준", "이데일리 보도에서": that outlet's or that column's story
            if slots.described and not slots.subjects:  # the company described was not found
                if named_in_description:
                    continue  # described by another company ("카카오페이가 2대 주주로 있는 … 업체"): any
                    # sentence of that company's stories would do, not only the one described
                if not self._story_mentions(s, slots.described) or self._others_lead(s, slots):
                    continue  # a story that mentions the description, and no company that leads the clause
                if slots.measures and s.fit < 2:
                    continue  # and the asked figure itself, not a bound ("5조원이 넘는 순이익") or a looser one
            if slots.event and not all(self._story_mentions(s, (w,)) for w in slots.event):
                continue  # "임상 실패 소식에 얼마나 떨어졌나": a story of that news
            if slots.attributed and (
                not self._story_mentions(s, slots.attributed) or self._other_firm(s, slots)
            ):
                continue  # "하나증권이 본 …": that firm's estimate, not NH투자증권's in the same story
            if slots.attributed and not _the_firms_estimate(s.text, slots):
                continue  # "유안타증권 역시 영업이익이 948억 원으로 …": the firm's own result, or another's price
            if slots.measures and s.fit == 0:
                continue
            if slots.duration and not STATED_DURATION.search(s.text):
                continue  # "몇 달째야?": the sentence that tells how long ("석 달 연속"), not another figure
            if slots.crossing and not CROSSED.search(s.text):
                continue  # "처음 넘어선 금액", "when it first topped $100": the sentence that tells the crossing
            if not slots.measures and evidence.wants_amount and s.amount < 0.75 and not slots.duration:
                continue
            if (
                not slots.measures
                and slots.units <= COUNTED_UNITS
                and slots.units
                and not _in_units(s.text, slots.units)
            ):
                continue  # "in US dollars": the deal's 6억3000만달러, not its 9000억원; "몇 주야?": a number
                # of shares, not the stake's 0.17% (a measure's own figures are held to the units asked by
                # measure_fit)
            if not s.consistent or _NOT_TOLD.search(s.text):
                continue  # "…이 가능할까요?", "그러면 영업이익은 6조원입니다": asked or supposed, not reported
            if _ANAPHORA.match(s.text) and s.about < 2 and not self._told_before(evidence, s):
                continue  # "이 같은 성과로 A는 …" says whose; "이는 약 11%의 금리에 해당하며" is of the sentence before
            if slots.days and not any(self.on_day(s, slots, d) for d in slots.days):
                continue
            if slots.date_range and (
                s.day is None or not slots.date_range[0] <= s.day <= slots.date_range[1]
            ):
                continue
            if slots.period_end and dated_after(s.text, s.day, slots.period_end):
                continue  # asked last week's: "25일 하루 순유입액은 …" is of this week
            out.append(s)
        if slots.close and any(tells_close(s.text) for s in out):
            # asked where it closed: a sentence that tells a close, not a price told another way
            # ("…사들여주가 보합권에도 수익률 4.9%": a run of sub-headlines)
            out = [s for s in out if tells_close(s.text)]
        return out

    def answer(
        self, question: str, qvec: np.ndarray, hits: list[Hit], evidence: Evidence | None = None
    ) -> Answer:
        if evidence is None:
            evidence = self.evidence(question, qvec, hits)
        leads = every_lead = self.leads(evidence)
        if not leads:
            return self._abstain(question, hits, evidence, 0.0)
        top_fit = max(s.fit for s in leads)  # a figure of the asked measure beats a looser fit,
        leads = fitting = [s for s in leads if s.fit == top_fit]
        top_about = max(s.about for s in leads)  # and one about the subject alone a shared or implied one
        slots = evidence.slots
        daily = bool(slots.measures) and slots.measures[0] in DAILY_LEVELS and not slots.days
        # (a level that moves every day asked with no day: a newer day's level in a story headed by the
        # subject, "국고채 금리, 5bp 하락 … 3년물 금리는 2.319%", is newer news than an older day's that
        # names it; ``_newest`` weighs the day first)
        implied = [s for s in leads if daily and s.about == 1 and top_about == 2 and measure_topic(s.text)]
        leads = [s for s in leads if s.about == top_about]
        best = max(leads, key=lambda s: (s.score, -s.hit.rank))
        newest_named = max((s.day for s in leads if s.day), default=None)
        leads += [s for s in implied if s.day and newest_named and s.day > newest_named]
        confidence = self.confidence(evidence, qvec, best)
        if confidence < self.min_confidence:
            return self._abstain(question, hits, evidence, confidence)
        if slots.days:  # one line per asked day, newest first
            per_day = []
            for d in slots.days:
                # the day's own story first, even one that names the subject less plainly ("국고 3년물" under
                # a 국고채 heading): a later one tells it as "전날" or "전주 대비" (the day before, the week)
                on_day = [
                    s for s in fitting if self.on_day(s, slots, d) and (s.about == top_about or s.day == d)
                ]
                if on_day:
                    per_day.append(max(on_day, key=lambda s: (s.day == d, s.about, s.score, -s.hit.rank)))
            lines = [self.select(evidence, lead, leads) for lead in per_day]
        else:
            # a level that moves every day (a close, a rate, a price) asked with no day: the newest one
            newest = self._newest(leads, best, slots.latest or daily, slots)
            lead = self._newest_telling(every_lead, newest, slots)
            lines = [self.select(evidence, lead, leads)]
        return with_reading(self._compose(question, hits, lines, confidence), slots)

    def _newest(
        self,
        leads: list[ScoredSentence],
        best: ScoredSentence,
        latest: bool = False,
        slots: Slots | None = None,
    ) -> ScoredSentence:
        """The fact as of the newest day among those nearly as good as the best: the same figure,
        restated or updated on later days (it names the subject and states the asked measure, and
        covers the question's words as well). ``latest`` (the question says 최근, 지금, 현재): the newest
        of those that meet the slots as well as the best, however they score; never one that calls the
        company by a shorter name than the best does (``slots``: what was asked)."""
        good = [
            s
            for s in leads
            if s.day is not None
            and (latest or s.score >= LATEST_RATIO * best.score)
            and (latest or s.lexical >= best.lexical - LATEST_LEXICAL_SLACK)
            and (
                s is best
                or (
                    (s.about >= best.about or (latest and best.day is not None and s.day > best.day))
                    and s.fit >= best.fit
                )
            )
            and (slots is None or s is best or self._as_plain(s, best, slots))
        ]
        if not good:
            return best
        # as of the day the sentence itself names, else of its briefing ("31일 19만9200원" in a later story)
        as_of = {id(s): s.as_of for s in good}
        newest = max(d for d in as_of.values() if d is not None)
        # that day, a sentence that ends on a value before one that ends on a band ("… 4.76%까지 상승했다가,
        # 최근 4.4%대까지 하락했다" tells the way there; "… 4.49%에 마감했다" where it is), then the newest
        # briefing that tells it (a Friday's close, told on Saturday and again on Sunday)
        chosen = max(
            (s for s in good if as_of[id(s)] == newest),
            key=lambda s: (not self._ends_on_band(s), s.day, s.score, -s.hit.rank),
        )
        return chosen

    def _newest_telling(
        self, leads: list[ScoredSentence], chosen: ScoredSentence, slots: Slots
    ) -> ScoredSentence:
        """The newest briefing that tells ``chosen``'s figure again: a lead of a later day (about the subject,
        or in its story), as fit, that answers with the very figure ``chosen`` answers with (a Friday's
        close told on Saturday, then again in Sunday's weekly wrap, which scores lower for its other
        words). The same figure, so the same answer; the citation is its newest telling, as plain about
        whom as ``chosen`` (a sentence that names the company, not one that calls it by its story's short
        name, "삼양은 …", when ``chosen`` names it)."""
        measures = slots.measures
        told = self._answer_figure(chosen, measures)
        if told is None or chosen.day is None:
            return chosen
        later = [
            s
            for s in leads
            if s.day is not None
            and s.day > chosen.day
            and s.about >= 1
            and s.fit >= chosen.fit
            and self._answer_figure(s, measures) == told
            and self._as_plain(s, chosen, slots)
        ]
        return max(later, key=lambda s: (s.day, s.score, -s.hit.rank), default=chosen)

    def _as_plain(self, s: ScoredSentence, than: ScoredSentence, slots: Slots) -> bool:
        """Is ``s`` as plain about whom as ``than``: not a sentence that calls the asked company by its
        story's short name ("삼양은 …") where ``than`` names it?"""
        return not self._names_asked(than, slots) or not self._short_named(s, slots)

    def _short_named(self, s: ScoredSentence, slots: Slots) -> bool:
        """Does the sentence call an asked company only by a shorter name ("삼양은 …" for 삼양식품)?"""
        asked = asked_keys(slots)
        short = [n for n in self._facts_of(s)["n"] if n not in asked and any(k.startswith(n) for k in asked)]
        return bool(short) and not self._names_asked(s, slots)

    def _names_asked(self, s: ScoredSentence, slots: Slots) -> bool:
        """Does the sentence name an asked company by one of its own names (not a story's short name)?"""
        return bool(asked_keys(slots) & set(self._facts_of(s)["n"])) or any(
            mentions(s.text, f) for subj in slots.subjects for f in subj.forms
        )

    def _answer_figure(self, s: ScoredSentence, measures: tuple[str, ...]) -> tuple[float, str] | None:
        """The figure a sentence answers with: its first of an asked measure, else its last; never a base
        a change is measured from ("31일 종가(2517.37) 대비 … 오른 2521.92에 마감했다" answers 2521.92)."""
        figures = [
            q
            for q in self._facts_of(s)["q"]
            if q[1] not in TIME_UNITS and not (len(q) > 4 and _BASE_AFTER.match(s.text, q[4]))
        ]
        asked = [q for q in figures if q[2] in measures]
        q = asked[0] if asked else figures[-1] if figures else None
        return None if q is None else (q[0], q[1])

    def _ends_on_band(self, s: ScoredSentence) -> bool:
        """Is the sentence's last level a band ("최근 4.4%대까지")? A change in another unit after it ("1580억원으로
        … 90% 넘게 증가했다") tells how far it came, not where it is."""
        figures = [q for q in self._facts_of(s)["q"] if q[1] and q[1] not in TIME_UNITS]
        if not figures:
            return False
        last = figures[-1]
        if last[2] in CHANGE_MEASURES:
            levels = [q for q in figures if q[2] not in CHANGE_MEASURES and q[1] != last[1]]
            last = levels[-1] if levels else last
        return approximate(s.text, last)

    def select(
        self, evidence: Evidence, lead: ScoredSentence, leads: list[ScoredSentence]
    ) -> list[ScoredSentence]:
        """The lead and up to ``max_sentences - 1`` more: from its story, or another story of the same day
        that also meets every slot, in score order."""
        cfg = self.cfg
        home = _section(lead)
        lead_ok = {id(s) for s in leads}

        def ok(s: ScoredSentence) -> bool:
            if _section(s) == home:
                slots = evidence.slots
                if (slots.subjects or slots.described) and (s.about == 0 or self._others_lead(s, slots)):
                    return False  # another company's (the one a description names too), or a shared figure
                if not s.consistent or (slots.attributed and self._other_firm(s, slots)):
                    return False  # another period's figure, or another firm's estimate
                if slots.subjects and s.about < 2 and self._other_topic(s.text, slots):
                    return False  # "… 원·달러 환율은 1389.6원에 마쳤다" in the story of 코스피's close
                ratio = cfg.sentence_min_ratio
            else:
                if id(s) not in lead_ok or s.day != lead.day:
                    return False
                ratio = CROSS_SECTION_RATIO
            if _ANAPHORA.match(s.text) and not self._follows(s, lead):
                return False  # "이는 약 11%의 금리에 해당하며…" means nothing without the sentence before it
            return s.score >= ratio * lead.score

        chosen = [lead]
        told = (
            self._told_before(evidence, lead)
            if _ANAPHORA.match(lead.text) or _THE_COMPANY.match(lead.text)
            else None
        )
        if told is not None:
            chosen.append(told)  # "이는 약 11%의 금리에 해당하며" is quoted after what it refers to
        quoted = {(s.hit.chunk.article_id, s.span) for s in chosen}
        for s in sorted((s for s in evidence.sentences if s is not lead and ok(s)), key=lambda s: -s.score):
            key = (s.hit.chunk.article_id, s.span)
            if len(chosen) < cfg.max_sentences and key not in quoted:  # overlapping chunks: quote once
                chosen.append(s)
                quoted.add(key)
        return chosen

    def _other_topic(self, text: str, slots: Slots) -> bool:
        """Is the sentence's topic ("X은/는") a name the alias file knows, other than the one asked? Kiwi
        does not tag every such name ("원·달러 환율")."""
        m = TOPIC.search(text)
        if m is None:
            return False
        asked = asked_keys(slots)
        phrase = m.group(1)
        for cand in dict.fromkeys((phrase, phrase.split()[-1])):
            k = name_key(cand)
            if (
                self.aliases.known(k)
                and k not in asked
                and self.aliases.canonical(k) not in {self.aliases.canonical(a) for a in asked}
            ):
                return True
        return False

    def _told_before(self, evidence: Evidence, s: ScoredSentence) -> ScoredSentence | None:
        """The sentence right before ``s`` when it opens on "this" (``_THIS``) and that one is about the
        asked company: "…2031년 만기 채권은 최근 달러당 92센트 수준에서 거래됐다. 이는 약 11%의 금리에
        해당하며 …" tells the company's rate; one that opens on "the company" (``_THE_COMPANY``: "회사는 올해
        1분기 …") or on what it told (``CONTINUES``: "이를 통해 260억원을 조달") is the one it names."""
        if not _THIS.match(s.text) and not _THE_COMPANY.match(s.text) and not CONTINUES.match(s.text):
            return None
        return next((p for p in evidence.sentences if p.about == 2 and self._follows(s, p)), None)

    def _follows(self, s: ScoredSentence, prev: ScoredSentence) -> bool:
        """True when ``s`` is the sentence right after ``prev`` in the same article."""
        if s.hit.chunk.article_id != prev.hit.chunk.article_id or s.span[0] < prev.span[1]:
            return False
        return not self.store.articles[s.hit.chunk.article_id].text[prev.span[1] : s.span[0]].strip()

    def confidence(self, evidence: Evidence, qvec: np.ndarray, best: ScoredSentence) -> float:
        top = best.hit.chunk
        slots = evidence.slots
        if not slots.subjects and not slots.measures and not any(len(t) >= 2 for t in evidence.terms):
            return 0.0  # a question of no word ("a\x00b", "???"): nothing to answer
        if evidence.cross_lingual:
            return 0.6 * best.score + 0.4 * self.rescale_dense(float(self.store.vectors[top.id] @ qvec))
        q_terms = evidence.terms
        if slots.read_as:  # words of a description read as a company: not words the briefings must write
            described = {t for w in (*slots.description, *KINDS) for t in morphemes(w)}
            q_terms = [t for t in q_terms if t not in described or t in self._df]
        # a short name the briefings never write alone ("모비스" for 현대모비스, "엔솔"): the company is found by
        # its alias, so its word is not a sign that the briefings cannot answer
        aliased = {t for subj in slots.subjects for f in subj.forms for t in morphemes(f)}
        # … nor a piece of a name the briefings write whole (Kiwi reads "아이에스티이 확정" as 아이에스티 + 이)
        written = [
            f for subj in slots.subjects for f in subj.forms if any(t in self._df for t in morphemes(f))
        ]
        q_terms = [
            t for t in q_terms if t in self._df or (t not in aliased and not any(t in f for f in written))
        ]
        if q_terms and not any(t in self._df for t in q_terms):
            return 0.0
        total = sum(self.idf(t) for t in q_terms) or 1.0
        # the share of the question the briefings never mention at all
        unseen = sum(self.idf(t) for t in q_terms if t not in self._df) / total
        covered = self.coverage(q_terms, set(self.store.extras[top.id].terms))
        # a name the briefings never mention (a company, a person) is the strongest sign they cannot answer
        # (not one syllable: Kiwi's reading of a word it splits, "오전" -> 오 + 전)
        unseen_names = [
            n
            for n in names(strip_dates(evidence.question))
            if len(n) >= 2 and n in q_terms and n not in self._df
        ]
        penalty = UNSEEN_NAME_PENALTY if unseen_names else 0.0
        return max(0.0, 0.6 * best.score + 0.4 * covered - 0.4 * unseen - penalty)

    def _compose(
        self, question: str, hits: list[Hit], lines: list[list[ScoredSentence]], confidence: float
    ) -> Answer:
        markers: dict[tuple[str, int], int] = {}  # one marker per story, in order of first appearance
        quoted: dict[tuple[str, int], list[ScoredSentence]] = {}
        texts: list[str] = []
        for chosen in lines:
            lead = chosen[0]
            home = _section(lead)  # the lead's story first, then the others as ranked
            chosen = sorted(chosen, key=lambda s: (_section(s) != home, s.hit.rank, s.span[0]))
            before = next((s for s in chosen if self._follows(lead, s)), None)  # what the lead continues
            first = [x for x in (before, lead) if x is not None]  # the answer, then its story's context
            for s in chosen:
                markers.setdefault(_section(s), len(markers) + 1)
            parts: list[str] = []
            for key in dict.fromkeys(_section(s) for s in chosen):
                sents = sorted((s for s in chosen if _section(s) == key), key=lambda s: s.span[0])
                if key == home:
                    sents = first + [s for s in sents if all(s is not x for x in first)]
                parts.extend(f"{s.text} [{markers[key]}]" for s in sents)
                have = quoted.setdefault(key, [])
                have.extend(s for s in sents if all(s.span != h.span for h in have))
            texts.append(
                f"{_day_label(chosen[0].day)} 브리핑 기준: " * (chosen[0].day is not None) + " ".join(parts)
            )
        citations = []
        for key, marker in markers.items():
            sents = sorted(quoted[key], key=lambda s: s.span[0])
            citations.append(
                Citation(
                    marker=marker,
                    chunk=sents[0].hit.chunk,
                    quote=" ".join(s.text for s in sents),
                    sentence_spans=tuple(s.span for s in sents),
                )
            )
        return Answer(question, "\n".join(texts), tuple(citations), tuple(hits), False, confidence)

    def _abstain(self, question: str, hits: list[Hit], evidence: Evidence, confidence: float) -> Answer:
        """Say what was not found; when the briefings mention the subject, what they do say about it."""
        slots = evidence.slots
        if not slots.subjects:
            return Answer(question, self.cfg.abstain_text, (), tuple(hits), True, confidence)
        subject = slots.read_as or as_written(question, slots.subjects[0].forms)
        what = " ".join(x for x in (slots.period.text, slots.measures[0] if slots.measures else "") if x)
        where = f"{slots.day_text} 브리핑" if slots.day_text else "브리핑"
        text = (
            f"{where}에서 {subject}의 {what}{topic_particle(what)} 찾지 못했습니다."
            if what
            else (f"{where}에서 {subject}에 대해 묻는 내용을 찾지 못했습니다.")
        )
        about = [s for s in evidence.sentences if s.about == 2 and not _ANAPHORA.match(s.text)]
        if not about:
            return Answer(question, text, (), tuple(hits), True, confidence)
        s = max(about, key=lambda s: (s.score, -s.hit.rank))
        note = f"{_day_label(s.day)} 브리핑에서 {subject} 관련 내용: " if s.day else f"{subject} 관련 내용: "
        cite = Citation(1, s.hit.chunk, s.text, (s.span,))
        said = Answer(question, f"{text}\n{note}{s.text} [1]", (cite,), tuple(hits), True, confidence)
        return with_reading(said, slots)


def _korean_slots(slots: Slots) -> str:
    """An English question's slots as the briefings write them: its subjects' Hangul names, its
    measures, its quarter or half ("Kiwoom's third-quarter revenue" -> "키움증권 매출 3분기")."""
    words = [f for subj in slots.subjects for f in subj.forms if has_hangul(f)]
    words += [m for m in slots.measures]
    p = slots.period
    if p.quarter:
        words.append(f"{p.quarter}분기")
    if p.half:
        words.append("상반기" if p.half == 1 else "하반기")
    return " ".join(words)


def _day_label(d: date | None) -> str:
    return f"{d.month}월 {d.day}일" if d else ""


__all__ = ["Answerer", "Evidence", "ScoredSentence", "QUESTION_WORDS"]
