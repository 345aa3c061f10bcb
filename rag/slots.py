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
from datetime import date, timedelta

from .aliases import _PARTICLE_RE, Aliases
from .korean import analyze, kiwi, name_key
from .measure_words import MEASURE_TABLE
from .measures import Q_LEVEL, compatible_units, find_measures, question_measures
from .quantity import asked_kinds
from .query import is_cross_lingual, mentioned_dates, strip_dates
from .romanize import GLOSSARY, NameFinder


@dataclass(frozen=True)
class Subject:
    name: str  # as the question writes it
    keys: frozenset[str]  # name keys of every alias
    forms: tuple[str, ...]  # surface forms of every alias (for whole-word matching and BM25)


@dataclass(frozen=True)
class Period:
    """The period a figure is for: a quarter or half, and a year (absolute, or relative to the article)."""

    quarter: int | None = None
    half: int | None = None
    year: int | None = None
    year_offset: int | None = None  # -1: 작년/지난해, 0: 올해, +1: 내년 (relative to the article's date)
    text: str = ""
    month: int | None = None  # "10월 출하량": a month's figure (not a day's, not 1~10월's)

    def years(self, published: date | None) -> set[int]:
        if self.year is not None:
            return {self.year}
        if self.year_offset is not None and published is not None:
            return {published.year + self.year_offset}
        return set()

    @property
    def empty(self) -> bool:
        return (
            self.quarter is None
            and self.half is None
            and self.year is None
            and self.year_offset is None
            and self.month is None
        )


@dataclass(frozen=True)
class Slots:
    subjects: tuple[Subject, ...] = ()
    measures: tuple[str, ...] = ()
    period: Period = field(default_factory=Period)
    days: tuple[date, ...] = ()  # article dates the question names, newest first
    date_range: tuple[date, date] | None = None  # 이번 주, 이달, 지난주 …
    wants_amount: bool = False
    change: bool = False  # asks how much something rose or fell ("얼마나 떨어졌나", "몇 % 올랐나")
    forecast: bool = False  # asks for a forecast, a target or guidance, not an actual figure
    qualifiers: tuple[str, ...] = ()  # the word right before the measure ("해외주식" in "해외주식 수수료")
    direction: int = 0  # -1: asks about a fall, +1: a rise, 0: neither or both
    day_text: str = ""  # how the question named the day(s), for messages
    joined: bool = False  # names several measures as one list ("매출과 영업이익은?"): any of them answers
    units: frozenset[str] = frozenset()  # the unit it names ("몇 %", "몇 대"): the figure must be in it
    crossing: bool = False  # asks what a figure crossed ("처음 넘어선 금액"): a bound is the answer
    ago: str = ""  # "1년 전", "3개월 전": the sentence must say it too
    latest: bool = False  # says 최근, 지금, 현재: the newest figure, even if worded less like the question
    by_briefing: bool = False  # "2월 6일 브리핑에서": the day is the briefing's, not the fact's
    attributed: tuple[str, ...] = ()  # the firm whose view is asked ("하나증권이 본 …"): its forms
    described: tuple[str, ...] = ()  # what a company asked about is described by ("불닭볶음면 만드는 회사")


_QUARTER = re.compile(
    r"([1-4])\s*분기|([1-4])\s*Q\b|\bQ([1-4])\b|\b(first|second|third|fourth)[- ]quarter", re.I
)
_HALF = re.compile(r"([상하])반기|\b(first|second) half\b|\bH([12])\b", re.I)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*년|\b((?:19|20)\d{2})\b|'(\d{2})년")
_REL_YEAR = {
    -1: re.compile(r"작년|지난해|전년|last year|a year earlier|previous year", re.I),
    0: re.compile(r"올해|금년|올 들어|this year", re.I),
    1: re.compile(r"내년|next year", re.I),
}
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


_YEARLY = re.compile(r"연간|한 해|full[- ]year|annual", re.I)
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def parse_period(text: str) -> Period:
    """The first quarter/half and year named in ``text`` (a question)."""
    quarter = half = year = offset = None
    words: list[str] = []
    if m := _QUARTER.search(text):
        g = next(x for x in m.groups() if x)
        quarter = _ORD.get(g.lower(), None) or int(g)
        words.append(m.group(0))
    if m := _HALF.search(text):
        g = next(x for x in m.groups() if x)
        half = 1 if g in ("상", "first", "1") or g.lower() == "first" else 2
        words.append(m.group(0))
    if m := _YEAR.search(strip_dates(text)):
        g = next(x for x in m.groups() if x)
        year = int(g) + (2000 if len(g) == 2 else 0)
        words.insert(0, m.group(0))
    else:
        for off, pat in _REL_YEAR.items():
            if m := pat.search(text):
                offset = off
                words.insert(0, m.group(0))
                break
    month = None
    if m := _MONTH.search(text):
        month = int(m.group(1))
        words.append(m.group(0))
    return Period(quarter, half, year, offset, " ".join(words), month)


# "10월 출하량" (a month), "1~10월" (a span of months); "10월 3일" is a day, not a month
_MONTH = re.compile(r"(?<![\d~\-])(1[0-2]|[1-9])\s*월(?!\s*\d{1,2}\s*일)(?!\s*말)")
_MONTH_SPAN = re.compile(r"\d{1,2}\s*(?:~|-|∼|부터)\s*(1[0-2]|[1-9])\s*월")


def sentence_periods(text: str, published: date | None) -> tuple[set[int], set[int], set[int]]:
    """(quarters, halves, years) a sentence names; relative years resolved against ``published``."""
    quarters = {
        (_ORD.get((g := next(x for x in m.groups() if x)).lower()) or int(g)) for m in _QUARTER.finditer(text)
    }
    halves = set()
    for m in _HALF.finditer(text):
        g = next(x for x in m.groups() if x)
        halves.add(1 if g in ("상", "1") or g.lower() == "first" else 2)
    years = {int(g) + (2000 if len(g) == 2 else 0) for m in _YEAR.finditer(text) for g in m.groups() if g}
    if published is not None:
        for off, pat in _REL_YEAR.items():
            if pat.search(text):
                years.add(published.year + off)
    return quarters, halves, years


# "6일", "1월 31일", "지난달 31일" (not "거래일", "3일간", "5일째")
# (a day a change is measured from, "31일 종가(728.29) 대비", is not the day of the fact)
_SENT_DAY = re.compile(
    r"(?<![\d.])(?:(\d{1,2})\s*월\s*)?(\d{1,2})\s*일(?![간째동])"
    r"(?!\s*(?:종가|마감가)?\s*(?:\([^()]*\))?\s*(?:대비|보다|比))"
)


def fact_day(text: str, published: date | None) -> date | None:
    """The day a sentence's facts are as of: the latest day of month it names, not after ``published``
    ("31일 19만9200원으로 하락했다" in a story of 7 February is as of 31 January), else ``published``."""
    if published is None:
        return None
    days = []
    for m in _SENT_DAY.finditer(text):
        month, day = (int(m.group(1)) if m.group(1) else None), int(m.group(2))
        if month is None:
            month = published.month if day <= published.day else (published.month - 2) % 12 + 1
        year = published.year - (1 if month > published.month else 0)
        d = _safe_date(year, month, day)
        if d is not None and d <= published:
            days.append(d)
    return max(days) if days else published


def period_conflict(period: Period, text: str, published: date | None) -> bool:
    """True when the sentence names a period and none of it is the asked one (asked 3분기, says 4분기)."""
    if period.empty:
        return False
    quarters, halves, years = sentence_periods(text, published)
    if period.month is not None:
        if _MONTH_SPAN.search(text) or re.search(r"누적", text):
            return True  # "1~10월 누적 출하량" is not October's
        months = {int(m.group(1)) for m in _MONTH.finditer(text)}
        if months and period.month not in months:
            return True
    if period.quarter is not None and quarters and period.quarter not in quarters:
        return True
    if (period.quarter or period.half) and not quarters and not halves and (years or _YEARLY.search(text)):
        return True  # a figure for a whole year ("내년 영업이익 60조 원") does not answer for a quarter
    if period.half is not None and halves and period.half not in halves:
        return True
    wanted = period.years(published)
    if wanted and not period.quarter and not period.half and (quarters or halves):
        return True  # a quarter's figure ("지난해 4분기 매출") does not answer for the year
    return bool(wanted and years and not wanted & years)


_REL_DAY = [
    (re.compile(r"오늘|today", re.I), "day", 0),
    (re.compile(r"어제|yesterday", re.I), "day", -1),
    (re.compile(r"그제|그저께|엊그제", re.I), "day", -2),
    (re.compile(r"이번\s*주|금주|this week", re.I), "week", 0),
    (re.compile(r"지난\s*주|전주|last week", re.I), "week", -1),
    (re.compile(r"이번\s*달|이달|금월|this month", re.I), "month", 0),
    (re.compile(r"지난\s*달|전월|last month", re.I), "month", -1),
]


def anchor_date(known: list[date] | set[date], today: date) -> date | None:
    """The briefings' "today": the newest briefing date not after ``today`` (else the newest)."""
    if not known:
        return None
    past = [d for d in known if d <= today]
    return max(past) if past else max(known)


def _relative(question: str, anchor: date) -> tuple[tuple[date, date] | None, str]:
    """From the start of the period a relative word names to ``anchor``: what happened "어제" or "지난주"
    is reported that day or any day since, so the reports up to the newest briefing all count."""
    for pat, unit, off in _REL_DAY:
        if not (m := pat.search(question)):
            continue
        if unit == "day":
            return (anchor + timedelta(days=off), anchor), m.group(0)
        if unit == "week":
            return (anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=off), anchor), m.group(0)
        first = anchor.replace(day=1)
        if off:
            first = (first - timedelta(days=1)).replace(day=1)
        return (first, anchor), m.group(0)
    return None, ""


_EN_STOP = frozenset(
    "what which who whom whose when where why how is are was were did does do the a an of in on for to by and or "
    "at as from with after before its it this that these those much many tell me about last next first second "
    "third fourth quarter year".split()
)
_CAPS = re.compile(r"[A-Z][\w&.'’-]*(?:\s+&?\s*[A-Z][\w&.'’-]*)+")
_CAPS_OR_WORD = re.compile(r"[A-Z][\w&.'’-]*(?:\s+(?:&\s+)?[A-Z][\w&.'’-]*)*")


def _subjects(
    question: str, aliases: Aliases, headline_words: dict[str, int], finder: NameFinder | None = None
) -> tuple[Subject, ...]:
    names = list(analyze(strip_dates(question)).names)
    total = max(headline_words.values(), default=0) and len(headline_words)
    names += [n for n in _headline_names(question, headline_words, total) if not any(n in x for x in names)]
    # analyze() gives "LG CNS" as lg, cns and lgcns: a pair the alias data knows replaces its parts,
    # an unknown one is dropped ("미 연준" stays 미 and 연준)
    # an unknown pair of Latin words is one name too ("CJ CGV" is neither CJ nor CGV alone)
    surface: dict[str, str] = {}  # such a pair -> as the question writes it
    for pair in [n for n in names if any(n == a + b for a in names for b in names)]:
        parts = {
            x for a in names for x in (a, pair[len(a) :]) if pair.startswith(a) and pair[len(a) :] in names
        }
        written = None if is_cross_lingual(question) else _written_pair(question, pair, parts)
        if aliases.known(pair) or written:
            names = [x for x in names if x not in parts]
            if written:
                surface[pair] = written
        else:
            names = [x for x in names if x != pair]
    # consecutive capitalised words the aliases know as one name ("Kakao Bank's" -> kakaobank)
    for run in _CAPS.finditer(question):
        words = [w.removesuffix("'s").removesuffix("’s") for w in run.group(0).split()]
        for size in range(len(words), 1, -1):
            for i in range(len(words) - size + 1):
                key = name_key("".join(words[i : i + size]))
                if aliases.known(key):
                    parts = {name_key(w) for w in words[i : i + size]}
                    names = [n for n in names if n.removesuffix("'s").removesuffix("’s") not in parts] + [key]
    # an English question's romanised Korean name, as the briefings write it ("Kiwoom Securities" -> 키움증권)
    consumed: set[str] = set()  # the English words such a name was found from
    if finder is not None and is_cross_lingual(question):
        for run in _CAPS_OR_WORD.finditer(question):
            words = [_bare(w) for w in run.group(0).split() if w.lower() not in _EN_STOP]
            if not words or aliases.known("".join(words)):
                continue
            found = finder.find(words)
            if found:
                parts = {name_key(w) for w in words}
                consumed |= parts
                names = [n for n in names if _bare(n) not in parts] + [found]
    # Latin words are names only when capitalised, with digits, or known ("What was Nvidia's revenue")
    latin = {
        name_key(w.removesuffix("'s").removesuffix("’s")): w
        for w in re.findall(r"[A-Za-z][\w&.'’-]*", question)
    }
    names = [
        n
        for n in (n.removesuffix("'s").removesuffix("’s") for n in names)
        if n not in latin
        or aliases.known(n)
        or (latin[n][0].isupper() and n not in _EN_STOP)
        or any(ch.isdigit() for ch in n)
    ]
    for f in aliases.found_in(question):  # alias-file names Kiwi does not tag as proper nouns (삼전)
        k = name_key(f)
        if k not in consumed and not any(k in aliases.keys(n) or k == n or k in n for n in names):
            names.append(k)
    names = [n for n in dict.fromkeys(names) if not any(n != m and n in m for m in names)]  # lg in lg엔솔
    names = [n for n in names if n not in _NOT_NAMES and not _describes(question, n, aliases)]
    if is_cross_lingual(question):  # "Group", "Securities" left over from a name: no company alone
        names = [n for n in names if n not in GLOSSARY or aliases.known(n)]
    out: list[Subject] = []
    seen: set[str] = set()
    for n in names:
        keys = aliases.keys(n) | {n}
        if keys & seen:
            continue
        seen |= keys
        forms = aliases.forms(n)
        spelled = (surface[n],) if n in surface else ()
        out.append(Subject(n, frozenset(keys), tuple(dict.fromkeys((*spelled, *forms, n)))))
    # a place qualifies what is asked ("미국 현물 비트코인 ETF"): it is the subject only when nothing else is
    if any(not _place(s.name, aliases) for s in out):
        out = [s for s in out if not _place(s.name, aliases)]
    return tuple(out)


def _without_measures(question: str) -> str:
    """The question with its measure words blanked out."""
    for _, (a, b) in reversed(find_measures(question)):
        question = question[:a] + " " * (b - a) + question[b:]
    return question


def _bare(word: str) -> str:
    """An English word without its possessive ("Systems'", "Naver's")."""
    return word.removesuffix("'s").removesuffix("’s").rstrip("'’")


def _written_pair(question: str, pair: str, parts: set[str]) -> str | None:
    """How ``question`` writes a name Kiwi gave as two Latin words ("CJ CGV"); None unless it is two
    Latin words with only spaces between them."""
    for a in parts:
        b = pair[len(a) :]
        if pair.startswith(a) and b in parts and (a + b).isascii():
            m = re.search(rf"(?<![\w]){re.escape(a)}\s+{re.escape(b)}(?![A-Za-z0-9])", question, re.I)
            if m and all(w[0].isupper() or w[0].isdigit() for w in m.group(0).split()):
                return m.group(0)
    return None


# words Kiwi may tag as proper nouns that never name what is asked about
_NOT_NAMES = frozenset("오전 오후 장중 장초반 장마감 현지시간 한국시간".split())
# "페이스북 모회사", "아이폰 제조사", "머스크가 이끄는 전기차 회사": the name describes another company
# "일본 1위 자동차 회사", "덴마크 제약사", "신한금융 계열 은행": a kind of company, not the name before it
_RELATION = re.compile(
    r"^(?:[의가이]\s*)?(?:\S+\s+){0,2}?(?:모회사|자회사|지주사|계열사|제조사|개발사|운영사|"
    r"이끄는|만드는|운영하는|소유한|세운|창업한|"
    r"제약사|제약회사|업체|회사|기업|은행|중앙은행|증권사|운용사|보험사|카드사|통신사|항공사|완성차업체)"
    r"(?=[\s의가이는은를을에와과도]|$)"
)
# countries, regions and markets: domain vocabulary, not company names
PLACES = frozenset(
    "미국 미 美 중국 中 일본 日 한국 국내 대만 유럽 유로존 영국 독일 프랑스 이탈리아 스페인 네덜란드 스위스 덴마크 "
    "스웨덴 노르웨이 인도 베트남 인도네시아 싱가포르 홍콩 호주 캐나다 멕시코 브라질 러시아 우크라이나 사우디 "
    "사우디아라비아 이스라엘 이란 튀르키예 뉴욕 워싱턴 런던 도쿄 베이징 상하이 서울 아시아 중동 "
    "us u.s. usa china japan korea europe eu uk".split()
)


# terms that lead a clause without being what a story is about ("AI 고평가 우려가 불거지며")
GENERIC_NAMES = frozenset(
    "ai etf etn ceo cfo cto ipo gdp cpi ppi pce pmi it ev esg m&a r&d hbm d램 낸드 pc tv "
    "s&p 코스피 코스닥 나스닥 다우".split()
)


def is_qualifier(name: str, aliases: Aliases) -> bool:
    """A place or a generic term: it qualifies a clause, it does not make another company its subject."""
    return name in GENERIC_NAMES or _place(name, aliases)


def _place(name: str, aliases: Aliases) -> bool:
    return bool(aliases.keys(name) & PLACES) or name in PLACES


def _describes(question: str, name: str, aliases: Aliases) -> bool:
    """True when ``name`` only describes the company asked about ("페이스북 모회사")."""
    for form in aliases.forms(name):
        i = question.lower().find(form.lower())
        if i >= 0 and _RELATION.match(question[i + len(form) :].lstrip()):
            return True
    return False


def _described(question: str, aliases: Aliases) -> tuple[str, ...]:
    """The words that describe the company asked about instead of naming it ("페이스북 모회사",
    "불닭볶음면 만드는 회사"): its story must mention them."""
    words = re.findall(r"[가-힣A-Za-z0-9&]+", question)
    out = []
    last = -9  # the place of the last word kept: the words after it up to the kind are its phrase
    for i, w in enumerate(words):
        bare = _PARTICLE_TAIL.sub("", w) if len(w) > 2 else w
        if i - last > 3 and bare and not find_measures(bare) and _describes(question, bare, aliases):
            out.append(bare)
            last = i
    return tuple(dict.fromkeys(out))


def _asked_first(question: str, measures: list[str]) -> tuple[str, ...]:
    """A Korean question asks for the measure it names last ("발행한 회사채 금리는?" asks 금리); a change
    (하락폭, 상승폭) stays first, and an English question keeps the vocabulary's most-specific order."""
    if is_cross_lingual(question) or len(measures) < 2:
        return tuple(measures)
    last = {m: max((b for mm, (_, b) in find_measures(question) if mm == m), default=-1) for m in measures}
    change = [m for m in measures if m in CHANGE_MEASURES]
    # specific measures before generic ones (규모, 금액, 가격), each by its place in the question
    rest = sorted((m for m in measures if m not in change), key=lambda m: (m in GENERIC_MEASURES, -last[m]))
    return tuple(change + rest)


CHANGE_MEASURES = frozenset({"상승폭", "하락폭", "인상폭", "인하폭"})
GENERIC_MEASURES = frozenset(c for c, tier, _, _ in MEASURE_TABLE if tier == 2)


_FORECAST = re.compile(
    r"전망치|전망(?:이다|했|한다|된다|하고|하며|돼|은|는|을)|추정(?:치|했|한다|된다)|예상(?:된다|했|한다|하고|하며|돼)|"
    r"것으로\s*(?:보|봤|예상|전망|추정|내다)|내다봤|할\s*것|될\s*것|목표(?!주가|가)|가이던스|예측|"
    r"\b(?:forecast|guidance|outlook|expects?|expected|projected|target)\b",
    re.I,
)


def is_forecast(text: str) -> bool:
    """A forecast, target or guidance rather than a reported figure ("…할 것으로 봤다", "전망치")."""
    return bool(_FORECAST.search(text))


# words that sit before a measure without narrowing it ("작년 영업이익", "연결 기준 매출")
_NOT_QUALIFIERS = frozenset(
    "연결 별도 기준 연간 작년 지난해 올해 전년 분기 반기 최근 현재 지금 총 전체 실제 당기 잠정 주당 "
    "얼마 몇 이번 지난 당시 하루 장중 종가 자금 돈 금액 규모 전체".split()
)


def _qualifiers(question: str, measures: tuple[str, ...], subjects: tuple[Subject, ...]) -> tuple[str, ...]:
    """The plain word right before the asked measure in the question ("해외주식" in "해외주식 수수료
    수익은?"), which a sentence must name too; none for a name, a date or a period word."""
    if not measures or is_cross_lingual(question):
        return ()
    spans = [span for m, span in find_measures(question) if m == measures[0]]
    if not spans:
        return ()
    before = question[: spans[0][0]].rstrip()
    m = re.search(r"([가-힣A-Za-z]+)$", before)
    if m is None:
        return ()
    word = m.group(1)
    if len(word) < 2 or word in _NOT_QUALIFIERS or _PARTICLE_TAIL.search(word):
        return ()
    a, b = m.span(1)  # tagged in its sentence: alone, Kiwi takes "몰린" for a noun
    if not all(t.tag.startswith(_NOUN_TAGS) for t in kiwi().tokenize(question) if a <= t.start < b):
        return ()  # a verb or an adverb ("작년에 거둔 영업이익", "가장 큰"): it narrows nothing a sentence must say
    if any(name_key(word) in subj.keys for subj in subjects):
        return ()  # the company asked about is its subject, not a qualifier
    if analyze(word).names and word not in PLACES:  # a place narrows the measure; another name does not
        return ()
    return (word,)


_NOUN_TAGS = ("NN", "SL", "SH", "XPN", "XSN")
_PARTICLE_TAIL = re.compile(r"(?:의|이|가|은|는|을|를|에|에서|로|으로|와|과|도)$")


def qualifiers_named(slots: Slots, sentence: str, heading: str = "") -> bool:
    """Does the sentence name the question's qualifiers? One its story's heading names counts too,
    unless the sentence puts another word before the measure ("국내주식 거래대금" for 해외주식)."""
    compact, head = sentence.replace(" ", ""), heading.replace(" ", "")
    for q in slots.qualifiers:
        if q in compact:
            continue
        if q not in head or _qualifiers(sentence, slots.measures, ()):
            return False
    return True


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def title_words(headings: list[str]) -> dict[str, int]:
    """Name keys of the words in the briefings' headings, with how many headings hold each: a
    company Kiwi does not know ("가온전지") is still a word the headlines write."""
    count: dict[str, int] = {}
    for h in set(headings):
        for w in {_stem(m.group(0)) for m in _HWORD.finditer(h)}:
            if w:
                count[w] = count.get(w, 0) + 1
    return count


_HWORD = re.compile(r"[0-9A-Za-z가-힣&]+")


def _stem(word: str) -> str:
    """``word`` without the particles that may follow a name ("가온전지는" -> 가온전지)."""
    key = name_key(word)
    for n in range(len(key) - 1, 1, -1):
        if _PARTICLE_RE.fullmatch(key[n:]):
            return key[:n]
    return key


def _headline_names(question: str, words: dict[str, int], total: int) -> list[str]:
    """The question's first word, when headlines write it as a word, rarely, and it is neither a
    measure nor a date nor a number: a name Kiwi does not tag ("가온전지 4분기 영업이익은?")."""
    m = _HWORD.search(strip_dates(question))
    if m is None:
        return []
    stem = _stem(m.group(0))
    if len(stem) < 2 or any(ch.isdigit() for ch in stem) or not any("가" <= ch <= "힣" for ch in stem):
        return []
    if stem not in words or words[stem] > max(3, 0.02 * total) or find_measures(stem):
        return []
    return [stem]


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


def _asked_units(question: str) -> frozenset[str]:
    m = _ASKED_UNIT.search(question)
    if m is None:
        return frozenset()
    unit = m.group(1).lower() if m.group(1).isascii() else m.group(1)
    return frozenset(_UNIT_FITS.get(unit, {unit}))


_LOWER = re.compile(r"낮|적게|덜|하회|밑돌|lower|less|below", re.I)
_HIGHER = re.compile(r"높|많이|더 |상회|웃돌|higher|more|above", re.I)


def _compared_change(question: str, measures: tuple[str, ...], units: frozenset[str]) -> str | None:
    """The change a question asks for in % about a level measure that has no % figures ("주가는 몇 %
    낮게"), by the comparison it makes; None when it asks for no such change."""
    if not measures or measures[0] in CHANGE_MEASURES or not units & {"%", "%p"}:
        return None
    if compatible_units(measures[0]) & units:
        return None
    way = direction(question) or (-1 if _LOWER.search(question) else 1 if _HIGHER.search(question) else 0)
    return "하락폭" if way < 0 else "상승폭" if way > 0 else None


def _joined(question: str) -> bool:
    spans = [span for _, span in find_measures(question)]
    return any(_JOIN.match(question[a[1] : b[0]]) for a, b in zip(spans, spans[1:], strict=False))


# "하나증권이 제시한 KT 목표주가", "NH투자증권이 본 실적": whose estimate, not what it is about
_ATTRIBUTION_VERB = re.compile(
    r"^(?:이|가|은|는|의)?\s*(?:제시한|본|봤던|전망한|예상한|추정한|분석한|평가한|내놓은|매긴|올린|내린|제시하는)(?![가-힣])"
)
_FIRM = re.compile(r"(?:증권|證|리서치|투자)$")
_FORECAST_MEASURES = frozenset({"목표주가"})


def _attributed(
    question: str, subjects: tuple[Subject, ...], measures: tuple[str, ...]
) -> tuple[Subject, ...]:
    """Among several subjects, the firms whose estimate is asked: one followed by 제시한/본/전망한, or a
    brokerage named right before a target price ("효성重 NH투자증권 목표주가")."""
    if len(subjects) < 2:
        return ()
    said, before_target = [], []
    for subj in subjects:
        end = _written_end(question, subj)
        if end is None:
            continue
        after = question[end:]
        if _ATTRIBUTION_VERB.match(after):
            said.append(subj)
        elif (
            any(_FIRM.search(f) for f in subj.forms)
            and measures[:1]
            and measures[0] in _FORECAST_MEASURES
            and find_measures(after.lstrip()[:6])
        ):
            before_target.append(subj)
    out = said or before_target
    return tuple(out) if len(out) < len(subjects) else ()


def _written_end(question: str, subj: Subject) -> int | None:
    """Where the question's first writing of ``subj`` ends (any alias, 證 for 증권 …)."""
    for m in re.finditer(r"[\w&.]+", question):
        word = m.group(0)
        for cut in range(len(word), 0, -1):
            if name_key(word[:cut]) in subj.keys:
                return m.start() + cut
    return None


# a day of month alone ("하닉 6일 종가는?"), not a span ("3일간") nor a count ("5거래일")
_BARE_DAY = re.compile(r"(?<![\d월.])(\d{1,2})\s*일(?![간째동])")
_CROSSING = re.compile(r"넘어선|넘은|넘었|돌파|밑돈|하회한|아래로 떨어")
_AGO = re.compile(r"(\d+|한|두|세)\s*(년|개월|달|주일|주|일)\s*전(?=$|[\s에의은는보까,?])")


def _ago(question: str) -> str:
    m = _AGO.search(question)
    return f"{m.group(1)}{m.group(2)}전" if m else ""


def says_ago(slots: Slots, sentence: str) -> bool:
    """Does the sentence speak of the time ago the question asks ("1년 전")? True when none is asked."""
    return not slots.ago or slots.ago in re.sub(r"\s+", "", sentence)


_LATEST = re.compile(r"최근|지금|현재|요즘|최신|\b(?:latest|now|currently|recently)\b", re.I)
_BY_BRIEFING = re.compile(r"브리핑|기사|보도|뉴스|신문")


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
        days = sorted({_safe_date(anchor.year, int(m), int(d)) for m, d in named} - {None}, reverse=True)  # type: ignore[arg-type]
    if not named and (bare := _BARE_DAY.search(strip_dates(question))):  # "6일 종가": the latest 6th
        d = fact_day(bare.group(0), anchor)
        if d is not None and d.day == int(bare.group(1)):
            days, day_text = [d], f"{d.month}월 {d.day}일"  # type: ignore[list-item, union-attr]
    date_range = None
    if not days:
        date_range, word = _relative(question, anchor)
        day_text = day_text or word
    measures = _asked_first(question, question_measures(question))
    units = _asked_units(question)
    compared = _compared_change(question, measures, units)
    if compared:  # "주가는 공모가보다 몇 % 낮게 끝났나": the gap, in %
        measures = (compared, *measures)
    subjects = _subjects(question, aliases, headline_words or {}, finder)
    described = _described(question, aliases)
    if described and all(_place(x.name, aliases) for x in subjects):
        subjects = ()  # "페이스북 모회사가 미국에 투자하는 금액": the company described, not 미국
    attributed = _attributed(question, subjects, measures)
    subjects = tuple(x for x in subjects if x not in attributed)
    return Slots(
        by_briefing=bool(_BY_BRIEFING.search(question)),
        latest=bool(_LATEST.search(question)),
        crossing=bool(_CROSSING.search(question)),
        ago=_ago(question),
        subjects=subjects,
        measures=measures,
        period=parse_period(question),
        days=tuple(days),
        date_range=date_range,
        wants_amount=bool(asked_kinds(question)),
        change=bool(compared) or (bool(_CHANGE.search(question)) and not Q_LEVEL.search(question)),
        forecast=is_forecast(_without_measures(question)),  # "target price" asks for no forecast
        qualifiers=_qualifiers(question, measures, subjects),
        direction=direction(question),
        day_text=day_text,
        joined=_joined(question),
        units=units,
        described=described,
        attributed=tuple(f for x in attributed for f in x.forms),
    )


__all__ = [
    "is_forecast",
    "qualifiers_named",
    "is_qualifier",
    "direction",
    "Slots",
    "Subject",
    "Period",
    "parse_slots",
    "parse_period",
    "period_conflict",
    "anchor_date",
    "fact_day",
    "says_ago",
    "CHANGE_MEASURES",
    "GENERIC_MEASURES",
    "PLACES",
]
