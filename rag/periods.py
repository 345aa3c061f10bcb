"""When a question asks about and when a sentence's facts are: periods (3분기, 상반기, 지난해, 10월),
days (6일, 지난달 31일) and relative days (어제, 이번 주, 이달), resolved against the article date of a
sentence or the briefings' own "today" (the newest briefing date not after today)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .query import strip_dates


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


_QUARTER = re.compile(
    r"([1-4])\s*분기|([1-4])\s*Q(?:\s*'?\d\d)?\b|\bQ([1-4])\b|\b(first|second|third|fourth)[- ]quarter", re.I
)


_HALF = re.compile(r"([상하])반기|\b(first|second) half\b|\bH([12])\b", re.I)


# a year a bond matures in ("2031년 만기 채권", "2031년물") names the bond, not the period asked
_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*년(?!\s*(?:만기|물))|\b((?:19|20)\d{2})\b(?!\s*(?:만기|년\s*만기|년물))|'(\d{2})년"
)


_REL_YEAR = {
    -1: re.compile(r"작년|지난해|전년|last year|a year earlier|previous year", re.I),
    0: re.compile(r"올해|금년|올 들어|this year", re.I),
    1: re.compile(r"내년|next year", re.I),
}


_YEARLY = re.compile(r"연간|한 해|full[- ]year|annual", re.I)
# an English question's whole year with no year named
_EN_WHOLE_YEAR = re.compile(r"\bfor the (?:full |whole )?year\b|\bfull[- ]year\b|\bwhole[- ]year\b", re.I)


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
        else:
            if quarter is None and half is None and (m := _EN_WHOLE_YEAR.search(text)):
                offset = -1  # "Naver's revenue for the year": the last whole year reported, not a quarter's
                words.insert(0, m.group(0))
    month = None
    if m := _MONTH.search(text):
        month = int(m.group(1))
        words.append(m.group(0))
    return Period(quarter, half, year, offset, " ".join(words), month)


# "10월 출하량" (a month), "1~10월" (a span of months); "10월 3일" is a day, not a month
_MONTH = re.compile(r"(?<![\d~\-])(1[0-2]|[1-9])\s*월(?!\s*\d{1,2}\s*일)(?!\s*말)")


_MONTH_SPAN = re.compile(r"\d{1,2}\s*(?:~|-|∼|부터)\s*(1[0-2]|[1-9])\s*월")
# months of a year that stop short of its end ("1~9월", "1∼11월"): never the whole year's figure
_PART_OF_YEAR = re.compile(r"(?<!\d)\d{1,2}\s*(?:~|-|∼|부터)\s*(?:1[01]|[1-9])\s*월(?!\s*\d)")


# a year a change is measured from ("지난해보다 22% 늘었고", "전년 같은 기간 대비", "from a year earlier"): the
# figure is not that year's
_YEAR_BASE = re.compile(
    r"(?:작년|지난해|전년|1년\s*전|(?:19|20)\d{2}\s*년)\s*(?:같은\s*(?:기간|달|분기|때)|동기|동월|동기간)?\s*"
    r"(?:\([^()]*\))?\s*(?:대비|보다|比|에\s*비해)"
    r"|\b(?:from|than|over)\s+(?:a|the)\s+(?:year\s+earlier|previous\s+year|year\s+before)|\ba\s+year\s+(?:earlier|ago)",
    re.I,
)


@lru_cache(maxsize=8192)
def sentence_periods(
    text: str, published: date | None
) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """(quarters, halves, years) a sentence names; relative years resolved against ``published``; a
    year named as the base of a change ("지난해보다 22% 늘었다") is not one the figures are for. (Cached:
    a question checks a sentence, and its story's heading, against the period several times.)"""
    quarters = {
        (_ORD.get((g := next(x for x in m.groups() if x)).lower()) or int(g)) for m in _QUARTER.finditer(text)
    }
    halves = set()
    for m in _HALF.finditer(text):
        g = next(x for x in m.groups() if x)
        halves.add(1 if g in ("상", "1") or g.lower() == "first" else 2)
    own = _YEAR_BASE.sub(" ", text)
    years = {int(g) + (2000 if len(g) == 2 else 0) for m in _YEAR.finditer(own) for g in m.groups() if g}
    if published is not None:
        for off, pat in _REL_YEAR.items():
            if pat.search(own):
                years.add(published.year + off)
    return frozenset(quarters), frozenset(halves), frozenset(years)


# "6일", "1월 31일", "지난달 31일" (not "거래일", "3일간", "5일째")
# (a day a change is measured from, "31일 종가(728.29) 대비", is not the day of the fact)
_SENT_DAY = re.compile(
    r"(?<![\d.])(?:(\d{1,2})\s*월\s*)?(\d{1,2})\s*일(?![간째동])"
    r"(?!\s*(?:종가|마감가)?\s*(?:\([^()]*\))?\s*(?:대비|보다|比))"
)


# "6일 한국거래소에 따르면": the day it was reported, not the day of the facts
_REPORTED = re.compile(r"\s*(?:[^\s,]+\s+){0,3}?[^\s,]*에\s*따르면")
_THAT_DAY = re.compile(r"이날|오늘")
_PAST_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*년(?!\s*(?:만기|물|까지|대비))")
# "전날 유가증권시장에서 …에 마쳤다": the day before the report; not a base ("전일 대비", "전날보다")
_DAY_BEFORE = re.compile(
    r"(?:전날|전일|전 거래일)(?!\s*(?:종가|마감가)?\s*(?:\([^()]*\))?\s*(?:대비|보다|比|와|과|에 비해))"
)


# "1월 말 기준", "지난달 말 현재", "전월말": a month's end the figure is as of; not a base ("전월 말 대비")
# what any of the patterns below needs: a day, year or month number, or a word for the day or month before
_DATED = re.compile(r"\d\s*(?:일|년|월)|지난달|전월|전달|전날|전일|전\s?거래일")
_MONTH_END = re.compile(
    r"(?<![\d.])(?:(\d{1,2})\s*월|(지난달|전월|전달))\s*말(?![가-힣])(?!\s*(?:\([^()]*\))?\s*(?:대비|보다|比|에 비해))"
)


def _month_end(m: re.Match[str], published: date) -> date | None:
    """The last day of the month ``m`` names, when it is over by ``published`` (a month still to come,
    "3월 말까지", dates nothing)."""
    first = date(published.year, published.month, 1)
    if m.group(2):  # the month before the report's
        return first - timedelta(days=1)
    month = int(m.group(1))
    if not 1 <= month <= 12 or month >= published.month:
        return None  # this month is not over, a later one is to come
    nxt = date(published.year, month + 1, 1)
    return nxt - timedelta(days=1)


def fact_day(text: str, published: date | None) -> date | None:
    """The day a sentence's facts are as of: the latest day of month it names, not after ``published``
    ("31일 19만9200원으로 하락했다" in a story of 7 February is as of 31 January), a day named as the
    report's ("6일 한국거래소에 따르면") aside unless the facts are said of 이날; else the day before the
    report for "전날 …" (not "전날보다"); a month's end it names, when no day ("1월 말 기준", not "전월 말
    대비"); a sentence that names only an earlier year ("앞서 2020년 11월")
    is as of that year's end at the latest; else ``published``."""
    if published is None:
        return None
    if not _DATED.search(text):  # (most sentences: asked of every sentence read, so checked first)
        return published
    days: list[date] = []
    reported: list[date] = []  # days named as the report's ("6일 …에 따르면")
    for m in _SENT_DAY.finditer(text):
        month, day = (int(m.group(1)) if m.group(1) else None), int(m.group(2))
        if month is None:
            month = published.month if day <= published.day else (published.month - 2) % 12 + 1
        year = published.year - (1 if month > published.month else 0)
        d = safe_date(year, month, day)
        if d is not None and d <= published:
            (reported if _REPORTED.match(text, m.end()) else days).append(d)
    past = [int(y) for y in _PAST_YEAR.findall(text) if int(y) < published.year]
    if past and not days and not _THAT_DAY.search(text):
        return date(max(past), 12, 31)  # "앞서 2020년 11월 … 0.07%로 낮췄다": as of that year at the latest
    if reported and _THAT_DAY.search(text):
        days += reported  # "8일 …에 따르면 … 31일부터 이날까지 24% 올랐다": as of the report's day
    if days:
        return max(days)
    ends = [e for e in (_month_end(m, published) for m in _MONTH_END.finditer(text)) if e is not None]
    if ends:
        return max(ends)  # "1월 말 기준 국고채 10년물 금리는 연 2.859%" in a story of 11 February
    if _DAY_BEFORE.search(text):
        return max(reported, default=published) - timedelta(days=1)
    return max(reported, default=published)


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
    if wanted and period.month is None and _PART_OF_YEAR.search(text):
        return True  # "작년(1~9월) 매출액은 418억원" is nine months' figure, not the year's
    return bool(wanted and years and not wanted & years)


def story_period_conflict(period: Period, text: str, heading: str, published: date | None) -> bool:
    """A sentence that names no period tells its story's: asked 4분기, "직전 분기 매출 467억 달러" under a
    heading of 3분기 results answers for the third quarter, not the fourth; asked a whole year
    ("작년 영업이익"), a figure under a heading of one quarter's results ("4Q 실적") is that quarter's,
    unless the heading names the year's too ("4분기·연간 실적")."""
    whole_year = (period.year is not None or period.year_offset is not None) and period.month is None
    if period.quarter is None and period.half is None and not whole_year:
        return False
    if any(sentence_periods(text, published)):
        return False
    quarters, halves, _ = sentence_periods(heading, published)
    if period.quarter is None and period.half is None:
        return bool(quarters or halves) and not _YEARLY.search(heading)
    if period.quarter is not None and quarters:
        return period.quarter not in quarters
    return period.half is not None and bool(halves) and period.half not in halves


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


def relative_range(question: str, anchor: date) -> tuple[tuple[date, date] | None, str]:
    """From the start of the period a relative word names to ``anchor``: what happened "어제" or "지난주"
    is reported that day or any day since, so the reports up to the newest briefing all count."""
    found = _relative_period(question, anchor)
    return ((found[0], anchor), found[2]) if found else (None, "")


def relative_end(question: str, anchor: date) -> date | None:
    """The last day of the period a relative word names ("지난주": that week's Sunday; "어제": that day;
    "이번 주", "이달": ``anchor``), or None: a figure a sentence dates after it is of another period."""
    found = _relative_period(question, anchor)
    return found[1] if found else None


def _relative_period(question: str, anchor: date) -> tuple[date, date, str] | None:
    """The first and last day of the period the question's relative word names, and the word."""
    for pat, unit, off in _REL_DAY:
        if not (m := pat.search(question)):
            continue
        if unit == "day":
            day = anchor + timedelta(days=off)
            return day, day if off else anchor, m.group(0)
        if unit == "week":
            start = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=off)
            return start, start + timedelta(days=6) if off else anchor, m.group(0)
        first = anchor.replace(day=1)
        if off:
            last = first - timedelta(days=1)  # the last day of last month
            return last.replace(day=1), last, m.group(0)
        return first, anchor, m.group(0)
    return None


def dated_after(text: str, published: date | None, end: date) -> bool:
    """Does the sentence name the day of its facts, and is that day after ``end``? ("25일 하루
    순유입액은 …" told on the 27th is not last week's)"""
    return bool(_SENT_DAY.search(text)) and (fact_day(text, published) or end) > end


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# a day of month alone ("하닉 6일 종가는?"), not a span ("3일간") nor a count ("5거래일")
BARE_DAY = re.compile(r"(?<![\d월.])(\d{1,2})\s*일(?![간째동])")


_AGO = re.compile(r"(\d+|한|두|세)\s*(년|개월|달|주일|주|일)\s*전(?=$|[\s에의은는보까,?])")


def ago_asked(question: str) -> str:
    m = _AGO.search(question)
    return f"{m.group(1)}{m.group(2)}전" if m else ""


__all__ = [
    "BARE_DAY",
    "Period",
    "ago_asked",
    "anchor_date",
    "fact_day",
    "parse_period",
    "period_conflict",
    "relative_range",
    "safe_date",
    "sentence_periods",
]
