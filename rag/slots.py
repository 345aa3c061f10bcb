"""Question slots: who or what is asked about, which measure, which period, which day.

"현대차 3분기 영업이익은?" -> subjects (현대차, with every alias), measures (영업이익), period (3분기);
"11월 25일 브리핑에서 메타 채권 금리는?" -> days (11-25), subjects (메타), measures (금리). Relative days
and periods (어제, 이번 주, 이달, 지난해) are resolved against the newest briefing date that is not
after today (``anchor``): the briefings' own "today". Periods in a sentence (작년, 4분기) are read
against the sentence's article date, so "지난해 4분기" in a February article is the previous year's.
Nothing here names a company: subjects come from the question's proper nouns and the alias data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .aliases import Aliases
from .korean import analyze, has_hangul, kiwi, name_key
from .measure_words import MEASURE_TABLE
from .measures import Q_LEVEL, compatible_units, find_measures, news_clause, question_measures
from .numbers import COUNT_UNITS
from .periods import (
    BARE_DAY,
    Period,
    ago_asked,
    anchor_date,
    fact_day,
    parse_period,
    relative_end,
    relative_range,
    safe_date,
)
from .quantity import asked_kinds
from .query import is_cross_lingual, mentioned_dates, strip_dates
from .romanize import NameFinder
from .subjects import (
    FORECAST_MEASURES,
    PARTICLE_TAIL,
    PLACES,
    Subject,
    attributed_firms,
    described_by,
    description_words,
    find_subjects,
    is_firm,
    is_place,
    is_qualifier,
    names_known,
    unnamed_firms,
)
from .units import MONEY_UNITS

_NOUN_TAGS = ("NN", "SL", "SH", "XPN", "XSN")


@dataclass(frozen=True)
class Slots:
    subjects: tuple[Subject, ...] = ()
    measures: tuple[str, ...] = ()
    period: Period = field(default_factory=Period)
    days: tuple[date, ...] = ()  # article dates the question names, newest first
    date_range: tuple[date, date] | None = None  # 이번 주, 이달, 지난주 … (reported from the start to today)
    period_end: date | None = None  # the last day of that period ("지난주": its Sunday)
    wants_amount: bool = False
    change: bool = False  # asks how much something rose or fell ("얼마나 떨어졌나", "몇 % 올랐나")
    forecast: bool = False  # asks for a forecast, a target or guidance, not an actual figure
    # asks what a deal to come will bring ("이번 IPO로 조달할 금액"): a forecast may tell it
    planned: bool = False
    qualifiers: tuple[str, ...] = ()  # the word right before the measure ("해외주식" in "해외주식 수수료")
    direction: int = 0  # -1: asks about a fall, +1: a rise, 0: neither or both
    day_text: str = ""  # how the question named the day(s), for messages
    joined: bool = False  # names several measures as one list ("매출과 영업이익은?"): any of them answers
    units: frozenset[str] = frozenset()  # the unit it names ("몇 %", "몇 대"): the figure must be in it
    event: tuple[str, ...] = ()  # "임상 실패 소식에": the words of the news the question ties the figure to
    crossing: bool = False  # asks what a figure crossed ("처음 넘어선 금액"): a bound is the answer
    duration: bool = False  # asks how long a run lasts ("몇 달째", "몇 거래일 연속"): a span is the answer
    ago: str = ""  # "1년 전", "3개월 전": the sentence must say it too
    latest: bool = False  # says 최근, 지금, 현재: the newest figure, even if worded less like the question
    by_briefing: bool = False  # "2월 6일 브리핑에서": the day is the briefing's, not the fact's
    close: bool = False  # where a level closed is asked ("종가는?"): not where it stood during the day
    attributed: tuple[str, ...] = ()  # the firm whose view is asked ("하나증권이 본 …"): its forms
    described: tuple[str, ...] = ()  # what a company asked about is described by ("불닭볶음면 만드는 회사")
    description: tuple[str, ...] = ()  # their words, kind last ("중국 스마트폰 업체": 중국 스마트폰 업체)
    read_as: str = ""  # the company the answerer read the description as, as the briefings write it


_CHANGE = re.compile(
    r"떨어|하락|내렸|내린|올랐|오른|상승|급등|급락|폭락|폭등|뛰었|빠졌|늘었|줄었|증가|감소|상승률|하락률|"
    r"\b(?:rise|rose|fall|fell|drop|dropped|gain|gained|jump|jumped|decline|declined|by how much)\b",
    re.I,
)


_DOWN = re.compile(
    r"떨어|하락|내렸|내린|급락|폭락|빠졌|줄었|감소|약세|\b(?:fall|fell|drop|dropped|decline|declined)\b", re.I
)


_UP = re.compile(
    r"올랐|오른|오르|상승|급등|폭등|뛰었|늘었|증가|강세|반등|\b(?:rise|rose|gain|gained|jump|jumped)\b", re.I
)


def direction(text: str) -> int:
    """-1 when ``text`` speaks of a fall only, +1 of a rise only, else 0."""
    down, up = bool(_DOWN.search(text)), bool(_UP.search(text))
    return -1 if down and not up else 1 if up and not down else 0


def _without_measures(question: str) -> str:
    """The question with its measure words blanked out."""
    for _, (a, b) in reversed(find_measures(question)):
        question = question[:a] + " " * (b - a) + question[b:]
    return question


def _asked_first(question: str, measures: list[str]) -> tuple[str, ...]:
    """A Korean question asks for the measure it names last ("발행한 회사채 금리는?" asks 금리); a change
    (하락폭, 상승폭) stays first, and an English question keeps the vocabulary's most-specific order."""
    if is_cross_lingual(question) or len(measures) < 2:
        return tuple(measures)
    last = {m: max((b for mm, (_, b) in find_measures(question) if mm == m), default=-1) for m in measures}
    change = [m for m in measures if m in CHANGE_MEASURES]
    # specific measures before generic ones (규모, 금액, 가격), each by its place in the question
    rest = sorted((m for m in measures if m not in change), key=lambda m: (m in GENERIC_MEASURES, -last[m]))
    head = max(rest, key=lambda m: last[m], default=None)
    if head in GENERIC_MEASURES and compatible_units(head) <= MONEY_UNITS | {""}:
        # "지분을 사는 데 들인 금액": money is asked; a measure of no money (지분율) is what it bought
        rest = [m for m in rest if compatible_units(m) & MONEY_UNITS] + [
            m for m in rest if not compatible_units(m) & MONEY_UNITS
        ]
    return tuple(change + rest)


CHANGE_MEASURES = frozenset({"상승폭", "하락폭", "인상폭", "인하폭"})


GENERIC_MEASURES = frozenset(c for c, tier, _, _ in MEASURE_TABLE if tier == 2)


_FORECAST = re.compile(
    r"전망치|전망(?:이다|했|한다|된다|하고|하며|돼|은|는|을)|추정(?:치|했|한다|된다)|예상(?:된다|했|한다|하고|하며|돼)|"
    r"것으로\s*(?:보|봤|예상|전망|추정|내다|관측|점쳤|점친)|내다봤|할\s*것(?!을)|될\s*것(?!을)|을\s*것(?:이라|이다)|목표(?!주가|가)|"
    r"가이던스|(?<!수요)예측|예상하기도|가능성이\s*(?:있|높|크)|"  # "조달할 가능성이 있다", "모을 것이라고 예상하기도"
    r"(?<=\S)\s수\s*(?:도\s*)?있|"  # "8만9000달러까지 밀릴 수 있다": what may happen
    r"(?:으로|로)\s*산출(?:된다|됐다|돼|되며)|"  # "올해 말 10년물은 4.34%로 산출된다": a projection
    r"\b(?:forecast|guidance|outlook|expects?|expected|projected|target)\b",
    re.I,
)


# a verb of what is to come before the noun asked ("조달할 공모금", "유입될 자금", "투자할 금액")
_PLANNED = re.compile(
    r"[가-힣](?:할|될)\s+(?:[가-힣]+\s+)?[가-힣]+(?:은|는|이|가)?\s*(?:얼마|몇|규모)"
    # "지분을 사들이는 데 드는 돈": what an act costs, whether it is done or to come
    r"|[가-힣]는\s?데\s?(?:드는|들어가는|필요한|쓰는|쓰이는)\s"
)


# a question that asks a forecast by a noun before the measure ("다음 분기 예상 매출") or by "예상치";
# "하나증권이 전망한 영업이익" is a firm's estimate (``attributed``), which briefings tell as "…을 제시했다"
_FORECAST_WORD = r"예상|전망|추정|예측"
_Q_FORECAST_BEFORE = re.compile(rf"(?:{_FORECAST_WORD})\s?$")
_Q_FORECAST_NOUN = re.compile(r"(?:예상|전망|추정)치")
# the figure someone expects ("알멕이 예상하는 올해 매출"): a forecast asked
# (or how much it is expected to be: "인수 금액은 얼마로 추정돼?", "몇 %로 전망했어?")
_Q_FORECAST_VERB = re.compile(
    r"(?:예상|전망|추정|예측)하는|내다보는|(?:얼마|몇\s?%)(?:로|으로)?\s?(?:예상|전망|추정|예측)(?:돼|되나|됐|했|해)"
)


def _asks_forecast(question: str) -> bool:
    return bool(_Q_FORECAST_NOUN.search(question) or _Q_FORECAST_VERB.search(question)) or forecast_measure(
        question
    )


def forecast_measure(text: str) -> bool:
    """Does a forecast noun stand right before a measure word ("연간 예상 영업이익 감소액", "예상 매출")?
    A sentence that says so states a forecast, however it ends."""
    if not _FORECAST_NOUN.search(text):
        return False  # (most sentences: no measure words looked for)
    return any(_Q_FORECAST_BEFORE.search(text[:a]) for _, (a, _) in find_measures(text))


_FORECAST_NOUN = re.compile(_FORECAST_WORD)


# where a level closed, asked ("종가는?", "얼마로 끝났어?") and told ("…에 마감했다"), and where it stood
# during the day instead ("오전 11시 현재", "같은 시각 … 기록 중이다", "장을 시작한", "…%를 보인다")
_CLOSE_ASKED = re.compile(r"종가|마감|마쳤|끝났|끝냈|\bclosed?\b", re.I)
_CLOSED = re.compile(r"종가|마감|마쳤|마치|마무리|끝났|끝냈|\bclosed?\b", re.I)
_NOT_CLOSE = re.compile(
    r"현재|장중|장\s?초반|개장|출발|시작해|시작했|시작한|평균|오전|같은 시각|(?:기록|거래|상승|하락|등락)\s?중|거래되고|"
    r"[을를]\s?보인다|[을를]\s?나타내고 있다|"  # "2.818%를 보인다": where it stands now, in a story of the day
    r"\d시\s?(?:\d+분\s?)?(?:기준|현재)|intraday|\bopened\b",
    re.I,
)


def asks_close(question: str) -> bool:
    """Does the question ask where a level closed?"""
    return bool(_CLOSE_ASKED.search(question))


# the close a change is measured from ("전날 종가(5만6900원) 대비 … 오른 5만7400원에 장을 시작한"): no close told
_BRACKETED = re.compile(r"\([^()]*\)")
_CLOSE_BASE = re.compile(
    r"(?:전날|전일|전\s?거래일|직전\s?거래일)\s?(?:종가|마감가)\s?(?:\([^()]*\))?\s?(?:대비|보다|比|에\s?비해)"
)


def not_a_close(sentence: str) -> bool:
    """Does the sentence tell where a level stood during the day, and no close (one it is compared with
    aside)?"""
    return bool(_NOT_CLOSE.search(sentence)) and not _CLOSED.search(_CLOSE_BASE.sub(" ", sentence))


# the price a brokerage note gives as the last one ("10일 고영의 주가는 1만8090원이다"): the close
_PRICE_IS = re.compile(r"주가[는은]\s?[0-9][0-9,.]*(?:만\s?[0-9,]*)?\s?원(?:이다|였다|이었다)")


def tells_close(sentence: str) -> bool:
    """Does the sentence tell where a level closed (not only the close a change is measured from), or a
    share's price as its last one?"""
    # (a bracket says what a base is as of: "전주(지난주 금요일 오후 마감 고시 금리 기준) 대비" tells no close)
    closed = _CLOSED.search(_BRACKETED.sub(" ", _CLOSE_BASE.sub(" ", sentence))) or _PRICE_IS.search(sentence)
    return bool(closed) and not not_a_close(sentence)


_SOLD = re.compile(r"팔(?:아|았|고|린|면|려)|판\s")


def is_forecast(text: str) -> bool:
    """A forecast, target or guidance rather than a reported figure ("…할 것으로 봤다", "전망치"); an IPO's
    수요예측 (book-building) is not one, nor a forecast a reported figure is measured against ("영업이익
    4597억원으로 시장 전망치에 부합했다", "컨센서스를 웃돌았다"), nor one in a clause describing the
    sentence's subject ("… 발표될 것으로 예상되는 한빛은 이날 … 마감했다")."""
    return bool(_FORECAST.search(_FORECAST_MODIFIER.sub(" ", _FORECAST_BASE.sub(" ", text))))


# a forecast told of the subject in a clause that describes it, the sentence then reporting ("임상 결과가
# 올 상반기 중 발표될 것으로 예상되는 보로노이는 이날 … 11만8300원에 거래를 마쳤다")
_FORECAST_MODIFIER = re.compile(
    r"[가-힣]*\s*것으로\s*(?:예상|전망|기대|관측)되는\s+[0-9A-Za-z가-힣&]+(?:\([^()]*\))?[은는이가]\s"
)


# a forecast as the base a reported figure is measured against
_FORECAST_BASE = re.compile(
    r"(?:전망치|예상치|추정치|기대치|컨센서스)(?:\s*\([^()]*\))?\s*"
    r"(?:에\s*(?:부합|못\s*미|미치지|미달)|[을를]\s*(?:크게\s*|소폭\s*|대폭\s*|\d+(?:\.\d+)?\s*%\s*)?(?:웃돌|웃돈|상회|하회|밑돌|밑돈|넘|뛰어넘)|보다|대비)"
)


# words that sit before a measure without narrowing it ("작년 영업이익", "연결 기준 매출")
_NOT_QUALIFIERS = frozenset(
    "연결 별도 기준 연간 작년 지난해 올해 전년 분기 반기 최근 현재 지금 총 전체 실제 당기 잠정 주당 "
    "얼마 몇 이번 지난 당시 하루 장중 종가 자금 돈 금액 규모 전체 동안 사이 기간 "
    # a day told by trading days ("직전 거래일 종가"): when, not which figure
    "거래일 영업일 "
    # the market a price is quoted in ("홍콩 증시 종가"): where, not which figure
    "증시 주식시장 증권시장 거래소 시장 장 "
    # a forecast is asked by ``Slots.forecast``, which any forecast word meets ("예상 매출": "매출 전망치")
    "예상 전망 추정 예측 예상치 전망치 추정치 "
    # the kind of company a description ends with ("아이폰 제조사 주가"): it describes who, not what
    "모회사 자회사 지주사 계열사 제조사 개발사 운영사 제약사 제약회사 업체 회사 기업 증권사 운용사 보험사 "
    "카드사 통신사 항공사 방송사 건설사 해운사 조선사 유통사 상장사 배급사 공급사 고객사 투자사".split()
)


def _qualifiers(question: str, measures: tuple[str, ...], subjects: tuple[Subject, ...]) -> tuple[str, ...]:
    """The plain word right before the asked measure in the question ("해외주식" in "해외주식 수수료
    수익은?"), or the place it happened in ("유럽에서 판매한"), which a sentence must name too; none for a
    name, a date or a period word."""
    if not measures or is_cross_lingual(question):
        return ()
    spans = [span for m, span in find_measures(question) if m == measures[0]]
    if not spans:
        return ()
    before = question[: spans[0][0]].rstrip()
    horizon = re.search(r"(?<![\d.])(\d+\s*(?:년|개월|주))$", before)
    if horizon and "수익률" in measures[:1]:
        return (horizon.group(1).replace(" ", ""),)  # "1년 수익률": over a year, not over 6 months
    where = re.search(r"([가-힣A-Za-z]+)에서$", before)
    if where and where.group(1) in PLACES and not any(name_key(where.group(1)) in s.keys for s in subjects):
        return (where.group(1),)  # "유럽에서 판매한 차량": sold there, not everywhere
    tenor = re.search(r"(?<![\d.])(\d+년물)$", before)
    if tenor:
        return (tenor.group(1),)  # "국고채 3년물 금리": that tenor's, not the 30년물's
    m = re.search(r"([가-힣A-Za-z]+(?:[·ㆍ/][가-힣A-Za-z]+)*)$", before)  # "원·달러 환율": the pair
    if m is None:
        return ()
    word = m.group(1)
    if len(word) < 2 and word in "한할된될인":  # "적용하기로 한 가격": a clause's ending
        return _target_of_clause(question[: m.start(1)], kiwi().tokenize(question), subjects)
    if len(word) < 2 or word in _NOT_QUALIFIERS or PARTICLE_TAIL.search(word):
        return ()
    if (
        word in measures
        or any(  # "닛케이225 지수 종가": the index's close, which a sentence may tell without 지수
            mm in measures and a == 0 and b == len(word) for mm, (a, b) in find_measures(word)
        )
    ):  # (or a form of one asked: "지분 양수도 대금", of 지분율)
        return ()
    a, b = m.span(1)  # tagged in its sentence: alone, Kiwi takes "몰린" for a noun
    tokens = kiwi().tokenize(question)
    if not all(t.tag.startswith(_NOUN_TAGS) or _PAIR.fullmatch(t.form) for t in tokens if a <= t.start < b):
        # a verb or an adverb ("작년에 거둔 영업이익", "가장 큰") narrows nothing a sentence must say; what
        # it applies to does ("공공보험에 적용하기로 한 가격": 공공보험)
        return _target_of_clause(question[:a], tokens, subjects)
    if any(name_key(word) in subj.keys or word in subj.forms for subj in subjects):
        return ()  # the company asked about (as the question writes it: "스페이스엑스") is no qualifier
    before_word = re.search(r"(\S+)\s+$", question[: m.start(1)])
    if before_word and any(name_key(before_word.group(1) + word) in subj.keys for subj in subjects):
        return ()  # "코스닥 지수 종가": 코스닥지수, the subject written in two words
    if analyze(word).names and word not in PLACES:  # a place narrows the measure; another name does not
        # unless a brokerage is all the question names and it asks a target price: that firm priced the
        # company this name is ("iM증권이 제시한 금호석화 목표주가", a name no briefing writes); not a
        # subject, it is still what a sentence must write, or another company's target is quoted
        return (word,) if _firms_only(subjects) and measures[0] in FORECAST_MEASURES else ()
    return (word,)


def _unknown_topic(question: str, measures: tuple[str, ...]) -> tuple[str, ...]:
    """A question that names no company the briefings know may still open on whose figure it asks ("현대일렉
    작년 영업이익은?": a short name neither Kiwi nor the aliases know): the noun it opens on, before the
    measure, is a word a sentence must write (inside a longer name too: HD현대일렉트릭); none when it opens
    on a measure, a period or a general word."""
    if not measures or is_cross_lingual(question):
        return ()
    found = find_measures(question)
    m = re.match(r"\s*([가-힣A-Za-z][가-힣A-Za-z0-9&]+)", question)
    if not m or not found or m.end(1) > found[0][1][0]:
        return ()
    word = PARTICLE_TAIL.sub("", m.group(1))
    tokens = [t for t in kiwi().tokenize(question) if t.start < m.end(1)]
    if (
        len(word) < 2
        or word in _NOT_QUALIFIERS
        or find_measures(word)
        or not parse_period(word).empty
        or relative_range(word, date(2000, 6, 15))[0] is not None  # "지난주", "어제": a time
        or _LATEST.search(word)
        or not all(t.tag.startswith(_NOUN_TAGS) or t.tag.startswith("J") for t in tokens)
    ):
        return ()
    return (word,)


def _firms_only(subjects: tuple[Subject, ...]) -> bool:
    """Are there subjects, all of them brokerages (the firms whose target prices are asked)?"""
    return bool(subjects) and all(any(is_firm(f) for f in s.forms) for s in subjects)


_PAIR = re.compile(r"[·ㆍ/]")  # 원·달러, 원/달러, 원달러: one pair


# the noun a relative clause before the measure applies its verb to ("공공보험에 적용하기로 한 가격")
_CLAUSE_TARGET = re.compile(r"([가-힣A-Za-z]{2,})(?:에게|에)\s+[가-힣]+(?:\s+[가-힣]+)?\s*$")


def _target_of_clause(before: str, tokens: list, subjects: tuple[Subject, ...]) -> tuple[str, ...]:  # type: ignore[type-arg]
    m = _CLAUSE_TARGET.search(before)
    if m is None:
        return ()
    word = m.group(1)
    a, b = m.span(1)
    if (
        word in _NOT_QUALIFIERS
        or any(name_key(word) in s.keys for s in subjects)
        or (analyze(word).names and word not in PLACES)  # a place narrows the figure; a company does not
        or not all(t.tag.startswith(("NNG", "NNP")) for t in tokens if a <= t.start < b)
    ):
        return ()
    return (word,)


# "from its Shanghai factory", "sales in Europe": where it happened, which a sentence must name too
_EN_WHERE = re.compile(r"\b(?:from|in|at)\s+(?:its\s+|the\s+|their\s+)?((?:[A-Z][a-z]+\s?){1,2})")


# English words that narrow a measure to where it was earned, as the briefings write them
_EN_SCOPES = {"overseas": "해외", "domestic": "국내"}


def _english_places(question: str, aliases: Aliases | None, subjects: tuple[Subject, ...]) -> tuple[str, ...]:
    """The places an English question sets its figure in, as the briefings write them (상하이 for
    Shanghai): the alias file's Hangul name of a place; none for a place that is the subject asked;
    "overseas"/"domestic" as 해외/국내 ("overseas stock commissions": 해외주식 수수료, not all of them)."""
    if aliases is None or not is_cross_lingual(question):
        return ()
    out: list[str] = [k for w, k in _EN_SCOPES.items() if re.search(rf"\b{w}\b", question, re.I)]
    for m in _EN_WHERE.finditer(question):
        words = m.group(1).split()
        for size in range(len(words), 0, -1):
            name = " ".join(words[:size])
            hangul = [f for f in aliases.forms(name) if has_hangul(f)]
            if hangul and is_place(name, aliases) and not any(name_key(name) in x.keys for x in subjects):
                out.append(hangul[0])
                break
    return tuple(dict.fromkeys(out))


def qualifiers_named(slots: Slots, sentence: str, heading: str = "") -> bool:
    """Does the sentence name the question's qualifiers? One its story's heading names counts too,
    unless the sentence puts another word before the measure ("국내주식 거래대금" for 해외주식)."""
    compact, head = _PAIR.sub("", sentence.replace(" ", "")), _PAIR.sub("", heading.replace(" ", ""))
    for q in (_PAIR.sub("", q) for q in slots.qualifiers):
        if _written(q, compact):
            continue
        if q in _YEAR_END and not _INTERIM.search(compact):
            continue  # "결산배당" asked: "올해 주당 1200원을 배당하기로 했다" is the year's, unless an interim one
        if not _written(q, head) or not _word_in(q, heading) or _qualifiers(sentence, slots.measures, ()):
            return False
    return True


def _word_in(qualifier: str, heading: str) -> bool:
    """Does ``heading`` write ``qualifier`` starting a word, not as the tail of a longer one ("코인" asked, a
    heading of "비트코인": another coin's story)?"""
    if not has_hangul(qualifier[:1]):
        return True
    letters = qualifier.replace(" ", "")
    pattern = r"\s?".join(map(re.escape, letters))
    return re.search(rf"(?<![가-힣]){pattern}", _PAIR.sub("", heading)) is not None


# the year-end kind of a dividend or a yield, which a sentence that names no other kind is of
_YEAR_END = frozenset({"결산", "기말", "연말", "결산기"})
_INTERIM = re.compile(r"중간|분기|반기|특별|임시")


def _written(qualifier: str, compact: str) -> bool:
    """Is ``qualifier`` in the space-less text? One with a number as that number ("3년물" is not in
    "13년물" nor "30년물"), a bond's tenor either way it is written ("3년물", "3년 만기")."""
    if not qualifier[:1].isdigit():
        return qualifier in compact
    forms = [qualifier]
    if tenor := re.fullmatch(r"(\d+)년물", qualifier):
        forms.append(f"{tenor.group(1)}년만기")
    return any(re.search(rf"(?<![\d.]){re.escape(f)}", compact) for f in forms)


# how long a run has lasted: "몇 달째", "몇 거래일 연속", "몇 년 만에", "for how many months"
_SPAN_UNITS = r"(?:달|개월|해|년|주|주일|일|거래일|분기|회|번)"
ASKED_DURATION = re.compile(
    rf"몇\s*{_SPAN_UNITS}\s*(?:째|연속|만에|동안\s*연속)|\bhow many (?:straight |consecutive )?"
    r"(?:months|years|weeks|days|sessions|quarters) in a row\b|\bfor how many (?:straight |consecutive )",
    re.I,
)
# a span a sentence states: "석 달 연속", "3개월째", "10년 만에", "두 분기 연속"
STATED_DURATION = re.compile(
    rf"(?:\d+|한|두|세|석|네|넉|다섯|여섯|일곱|여덟|아홉|열)\s*{_SPAN_UNITS}\s*(?:째|연속|만에|만의)",
)


# the particle that makes a description the subject or topic of the question ("개발사가", "모회사는")
_SUBJECT_PARTICLE = re.compile(r"(?:은|는|이|가)(?=\s)")


# "몇 %", "몇 대", "몇 bp": the unit a question names, and the units a figure may have to answer it
_ASKED_UNIT = re.compile(
    r"몇\s*(%p|%포인트|%|퍼센트|bp|대|명|배|건|곳|개|주|척|톤|t|원|달러|엔|위안|유로)", re.I
)


_UNIT_FITS = {
    "%": {"%", "%p"},
    "퍼센트": {"%", "%p"},
    "%p": {"%p", "bp"},
    "%포인트": {"%p", "bp"},
    "bp": {"bp", "%p"},
    "톤": {"t", "톤"},
    "t": {"t", "톤"},
}


# measures named as one list: "매출과 영업이익", "매출, 영업이익", "revenue and profit"
_JOIN = re.compile(r"^\s*(?:과|와|및|,|·|/|이나|나|또는|and|or|&)\s*$", re.I)


# a currency asked for: "in US dollars", "달러로 얼마", "원화 기준" (a deal told in won and in dollars)
_ASKED_CURRENCY = re.compile(
    r"\bin\s+(?:U\.?S\.?\s+)?(dollars|won|yen|euros|yuan)\b|(달러|원화|엔화|위안화|유로화?)\s?(?:로|으로|기준(?:으로)?)(?![가-힣])",
    re.I,
)
_CURRENCIES = {
    "dollars": "달러",
    "달러": "달러",
    "won": "원",
    "원화": "원",
    "yen": "엔",
    "엔화": "엔",
    "yuan": "위안",
    "위안화": "위안",
    "euros": "유로",
    "유로": "유로",
    "유로화": "유로",
}


def _asked_units(question: str) -> frozenset[str]:
    if currency := _ASKED_CURRENCY.search(question):
        return frozenset({_CURRENCIES[(currency.group(1) or currency.group(2)).lower()]})
    m = _ASKED_UNIT.search(question)
    if m is None:
        return frozenset()
    unit = m.group(1).lower() if m.group(1).isascii() else m.group(1)
    return frozenset(_UNIT_FITS.get(unit, {unit}))


_LOWER = re.compile(r"낮|적게|덜|하회|밑돌|lower|less|below", re.I)


_HIGHER = re.compile(r"높|많이|더 |상회|웃돌|higher|more|above", re.I)


def _not_in_names(question: str, measures: tuple[str, ...], subjects: tuple[Subject, ...]) -> tuple[str, ...]:
    """The measures but one written only inside a name, glued after its first letter ("DB금융투자",
    "한국투자증권": no 투자 asked; "원·달러 환율" names the rate asked as a word of its own)."""
    if not subjects or not measures:
        return measures
    names = [
        m.span()
        for x in subjects
        for f in x.forms
        if len(f) > 1
        for m in re.finditer(re.escape(f), question, re.IGNORECASE)
    ]
    inside: dict[str, bool] = {}
    for m, (s, e) in find_measures(question):
        within = question[s - 1 : s].isalnum() and any(a < s and e <= b for a, b in names)
        inside[m] = inside.get(m, True) and within
    return tuple(m for m in measures if not inside.get(m, False))


def _compared_change(question: str, measures: tuple[str, ...], units: frozenset[str]) -> str | None:
    """The change a question asks for in % about a level measure that has no % figures ("주가는 몇 %
    낮게"), by the comparison it makes; None when it asks for no such change."""
    if not measures or measures[0] in CHANGE_MEASURES or not units & {"%", "%p"}:
        return None
    if compatible_units(measures[0]) & units:
        return None
    way = direction(question) or (-1 if _LOWER.search(question) else 1 if _HIGHER.search(question) else 0)
    return "하락폭" if way < 0 else "상승폭" if way > 0 else None


# "씨티가 제시한 …", "모건스탠리가 내다본 …": the word before an estimate's verb, when no subject
_ESTIMATOR_WORD = re.compile(
    r"(?:^|\s)([가-힣A-Za-z&]{2,})(?:이|가)\s*(?:제시한|내다본|전망한|추정한|예상한|점친|매긴|본)(?![가-힣])"
)


def _estimator_word(question: str, subjects: tuple[Subject, ...]) -> tuple[str, ...]:
    """The word a question names as who made the estimate it asks ("씨티가 제시한 오클로 목표주가"), when the
    tagger did not read it as a name (and so as no subject): that firm's estimate is asked, no other's."""
    m = _ESTIMATOR_WORD.search(question)
    if m is None or any(name_key(m.group(1)) in x.keys for x in subjects):
        return ()
    return (m.group(1),)


def _joined(question: str) -> bool:
    """Does the question ask for several measures as one list ("매출과 영업이익은?")? Not when the list
    only qualifies a measure named after it ("배당과 자사주 매입으로 하겠다는 주주환원 총액은?": 주주환원)."""
    spans = [span for _, span in find_measures(question)]
    pairs = [
        i
        for i, (a, b) in enumerate(zip(spans, spans[1:], strict=False))
        if _JOIN.match(question[a[1] : b[0]])
    ]
    # (a measure word right after the list's last heads the list: "매출과 영업이익 규모는" asks it)
    return any(i + 2 == len(spans) or not question[spans[i + 1][1] : spans[i + 2][0]].strip() for i in pairs)


# "임상 실패 소식에", "실적 발표 뒤", "금리 동결 결정 이후": the news a move followed
_EVENT = re.compile(
    r"((?:[가-힣A-Za-z0-9]+\s+){0,2}[가-힣A-Za-z0-9]+)\s*(?:소식|발표|결정|발언|보도)\s?(?:에|으로|이후|후|뒤|직후)"
)


def event_words(question: str) -> tuple[str, ...]:
    """The words of the news a question ties its figure to (particles off, at least two letters)."""
    m = _EVENT.search(question)
    if not m:
        return ()
    words = [PARTICLE_TAIL.sub("", w) if len(w) > 2 else w for w in m.group(1).split()]
    return tuple(w for w in words if len(w) >= 2 and not find_measures(w))


_CROSSING = re.compile(
    r"넘어선|넘은|넘었|돌파|밑돈|하회한|아래로 떨어"
    r"|\b(?:topped|crossed|surpassed|exceeded|broke (?:above|through|below)|(?:fell|dropped) below)\b",
    re.IGNORECASE,
)


def says_ago(slots: Slots, sentence: str) -> bool:
    """Does the sentence speak of the time ago the question asks ("1년 전")? True when none is asked."""
    return not slots.ago or slots.ago in re.sub(r"\s+", "", sentence)


# where or when the figure asked happened, not whose it is: "도쿄증시에서 메타플래닛 종가", "트럼프 취임 직후 …
# 일진전기를 얼마나 순매수했어"
_VENUE = re.compile(r"(?:증시|증권거래소|거래소|시장)$")
_SETTING_AFTER = re.compile(
    r"\s?(?:취임|당선|집권|방문|발언|출범|방한|연설)\s?(?:직후|직전|이후|이전|후|전|당시|때)"
)


def _written_ends(question: str, subject: Subject) -> list[int]:
    """Where each writing of ``subject``'s forms in ``question`` ends."""
    return [m.end() for f in subject.forms for m in re.finditer(re.escape(f), question)]


def _a_setting(question: str, subject: Subject) -> bool:
    """Is every writing of ``subject`` in ``question`` a setting: a market it happened in ("도쿄증시에서"),
    or a person's event that dates it ("트럼프 취임 직후")?"""
    ends = _written_ends(question, subject)
    if not ends:
        return False
    venue = bool(_VENUE.search(subject.name))
    return all(
        (venue and question.startswith("에서", e)) or bool(_SETTING_AFTER.match(question, e)) for e in ends
    )


# the other party of the deal asked about ("코어위브와 맺은 계약으로 … 기대하는 매출"): whose figure it is, the
# company that made the deal, need not name it
_PARTNER_AFTER = re.compile(r"(?:와|과)(?:의)?\s?(?:맺은|체결한|합의한|계약|거래|협약|제휴)")


def _only_after(question: str, subject: Subject, at: int) -> bool:
    """Is ``subject`` written in ``question`` from ``at`` on, and not before it (case ignored)? (a name the
    question does not write as such, found by its sound, is neither)"""
    low = question.lower()
    return any(f.lower() in low[at:] for f in subject.forms) and not any(
        f.lower() in low[:at] for f in subject.forms
    )


def _a_partner(question: str, subject: Subject) -> bool:
    """Is every writing of ``subject`` in ``question`` the other party of a deal ("X와 맺은 계약")?"""
    ends = _written_ends(question, subject)
    return bool(ends) and all(_PARTNER_AFTER.match(question, e) for e in ends)


# a person of the company asked ("삼성전자 회장이 받은 배당금", "이스타코 대표가 받을 금액"): the sentence must
# speak of that person, not of the company's own figure
_TITLE_AFTER = re.compile(
    r"\s?(회장|부회장|대표이사|대표|사장|최고경영자|CEO|창업주|창업자|오너|의장)(?:이|가|은|는|의)?(?![가-힣])"
)


def _persons_title(question: str, subjects: tuple[Subject, ...]) -> tuple[str, ...]:
    """The title of a person the question asks about by the company's name and the title."""
    for x in subjects:
        for e in _written_ends(question, x):
            title = _TITLE_AFTER.match(question, e)
            if title:
                return (title.group(1),)
    return ()


_LATEST = re.compile(r"최근|지금|현재|요즘|최신|\b(?:latest|now|currently|recently)\b", re.I)


_BY_BRIEFING = re.compile(r"브리핑|기사|보도|뉴스|신문")


def _sized(subject: Subject, finder: NameFinder) -> Subject:
    """``subject`` with the names the briefings write it with its count of stocks (an index: DAX30)."""
    sized = [n for k in sorted(subject.keys) for n in finder.sized(k)]
    if not sized:
        return subject
    return Subject(subject.name, subject.keys | set(sized), (*subject.forms, *sized))


def parse_slots(
    question: str,
    aliases: Aliases,
    known_dates: list[date] | set[date],
    today: date,
    headline_words: dict[str, int] | None = None,
    finder: NameFinder | None = None,
) -> Slots:
    anchor = anchor_date(known_dates, today) or today
    days = sorted(mentioned_dates(question, known_dates), reverse=True)
    named = re.findall(r"(\d{1,2})\s*월\s*(\d{1,2})\s*일", question)
    day_text = " ".join(f"{int(m)}월 {int(d)}일" for m, d in named)
    if not days and named:  # a day the briefings do not have: nothing may answer for it
        days = sorted({safe_date(anchor.year, int(m), int(d)) for m, d in named} - {None}, reverse=True)  # type: ignore[arg-type]
    if not named and (bare := BARE_DAY.search(strip_dates(question))):  # "6일 종가": the latest 6th
        d = fact_day(bare.group(0), anchor)
        if d is not None and d.day == int(bare.group(1)):
            days, day_text = [d], f"{d.month}월 {d.day}일"  # type: ignore[list-item, union-attr]
    date_range = None
    if not days:
        date_range, word = relative_range(question, anchor)
        day_text = day_text or word
    measures = _asked_first(question, question_measures(question))
    units = _asked_units(question)
    compared = _compared_change(question, measures, units)
    if compared:  # "주가는 공모가보다 몇 % 낮게 끝났나": the gap, in %
        measures = (compared, *measures)
    found = find_subjects(question, aliases, headline_words or {}, finder)
    subjects = tuple(x for x in found if not _a_setting(question, x))
    if len(subjects) > 1 and not all(_a_partner(question, x) for x in subjects):
        subjects = tuple(x for x in subjects if not _a_partner(question, x))
    if (news := news_clause(question)) is not None and not all(
        _only_after(question, x, news) for x in subjects
    ):
        subjects = tuple(x for x in subjects if not _only_after(question, x, news))  # (a product in the news)
    measures = _not_in_names(question, measures, subjects)
    if finder is not None:  # "DAX" asked: the briefings' "DAX30" too
        subjects = tuple(_sized(x, finder) for x in subjects)
    described = described_by(question, aliases)
    if described and finder is not None:
        # "상장 재도전에 나선 … 전문기업의": a word the briefings write often and never as a name is no company
        # beside the one described (an asset or an investor asked, 국고채, 외국인, stays the subject)
        subjects = tuple(
            x for x in subjects if not (finder.never_a_name(x.name) and not aliases.known(x.name))
        )
    asked_period = parse_period(question)
    if not subjects and not described and finder is not None:
        # ("…기준 올릭스의 종가는?": a name Kiwi missed)
        subjects = tuple(x for x in names_known(question, aliases, finder) if not _a_setting(question, x))
    if not subjects and not described:
        subjects = found  # a setting alone is what is asked about ("유가증권시장에서 외국인이 순매수한 금액")
    if described and all(is_qualifier(x.name, aliases) for x in subjects):
        subjects = ()  # "페이스북 모회사가 미국에 투자하는 금액", "코스닥 … 정비업체의 공모가": the company described
    if described:  # "반도체 위탁생산 업체": what the company does, not the measure asked (생산량)
        words = description_words(question, aliases)
        phrase = re.search(re.escape(words[0]) + r".*?" + re.escape(words[-1]), question)
        named_before = phrase and any(  # "삼성전자가 지금까지 사들인 자기 회사 주식": no description of it
            0 <= question.find(f) < phrase.start() for x in subjects for f in x.forms
        )
        if phrase and not named_before:
            rest = question[: phrase.start()] + " " + question[phrase.end() :]
            measures = (*([compared] if compared else []), *_asked_first(rest, question_measures(rest)))
            # "IMM PE가 2021년 경영권을 사들인 … 업체의 작년 영업이익": the description's year is not the figure's
            asked_period = parse_period(rest)
            if _SUBJECT_PARTICLE.match(question, phrase.end()):
                # "클로드 개발사가 마이크로소프트와 엔비디아로부터 받은 투자금", "인스타그램 모회사는 구글 칩을":
                # the description is what the sentence is about; a name after it is an object
                subjects = tuple(
                    x for x in subjects if not any(question.find(f) >= phrase.end() for f in x.forms)
                )
    duration = bool(ASKED_DURATION.search(question))
    if duration:
        measures = ()  # "몇 거래일 연속 올랐나": how long it rose, not by how much
    kinds = asked_kinds(question)
    if "판매량" in measures and _SOLD.search(question) and kinds == ["money"]:
        # "주식 팔아 확보한 금액", "얼마에 팔아?": what a sale fetched, not how many were sold
        measures = tuple(m for m in measures if m != "판매량")
    if measures and kinds == ["count"] and not compatible_units(measures[0]) & COUNT_UNITS:
        # "처리 못한 주문은 몇 건이야?": a count of what the measure word names, not its money amount
        measures = measures[1:]
    attributed = attributed_firms(question, subjects, measures)
    if described and measures[:1] and measures[0] in FORECAST_MEASURES and _firms_only(subjects):
        # "렉라자를 개발한 제약사에 키움증권이 제시한 목표주가": the firm set the described company's price
        attributed = subjects
    unnamed = unnamed_firms(question, subjects, measures)  # (firms the briefings never name)
    if not attributed and not unnamed and subjects:
        unnamed = _estimator_word(question, subjects)  # "씨티가 제시한 오클로 목표주가": 씨티 set it
    subjects = tuple(x for x in subjects if x not in attributed)
    return Slots(
        close=asks_close(question),
        by_briefing=bool(_BY_BRIEFING.search(question)),
        latest=bool(_LATEST.search(question)),
        crossing=bool(_CROSSING.search(question)),
        duration=duration,
        event=tuple(w for w in event_words(question) if not any(name_key(w) in x.keys for x in subjects)),
        ago=ago_asked(question),
        subjects=subjects,
        measures=measures,
        period=asked_period,
        days=tuple(days),
        date_range=date_range,
        period_end=relative_end(question, anchor) if date_range and anchor else None,
        wants_amount=bool(kinds),
        change=bool(compared) or (bool(_CHANGE.search(question)) and not Q_LEVEL.search(question)),
        # ("target price" asks for no forecast: the measures' words are left out)
        forecast=is_forecast(_without_measures(question)) or _asks_forecast(question),
        planned=bool(_PLANNED.search(question)),
        qualifiers=(
            _qualifiers(question, measures, subjects)
            or _english_places(question, aliases, subjects)
            or (_unknown_topic(question, measures) if not subjects and not described else ())
        )
        + _persons_title(question, subjects),
        direction=direction(question),
        day_text=day_text,
        joined=_joined(question),
        units=units,
        described=described,
        description=description_words(question, aliases) if described else (),
        attributed=(*(f for x in attributed for f in x.forms), *unnamed),
    )


__all__ = [
    "asks_close",
    "not_a_close",
    "tells_close",
    "CHANGE_MEASURES",
    "GENERIC_MEASURES",
    "Slots",
    "direction",
    "is_forecast",
    "forecast_measure",
    "ASKED_DURATION",
    "STATED_DURATION",
    "parse_slots",
    "qualifiers_named",
    "says_ago",
    "event_words",
]
