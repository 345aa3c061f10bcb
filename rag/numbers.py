"""Numbers in running Korean/English text, normalised to a value and a canonical unit.

``find_quantities("매출은 12조 3,000억 원, 영업이익은 1조1천685억 원")`` gives 1.23e13 원 and 1.1685e12 원.
What it reads:

* Korean numerals: groups closed by 만/억/조/경 with 천/백/십 inside a group ("1조1천685억", "5만4천"),
  a space between groups when the magnitudes fall ("179조 1,534억", "38억 4,000만"), thousands
  separators and decimals ("2.5조", "1,450.5"), "여" for "about" ("100여 명" is 100 명);
  English scales ("56.1 billion", "56.1bn", "$5M" after a currency sign).
* Units after the number, mapped to one spelling: 원 달러 엔 위안 유로 파운드 센트 …; "%"/퍼센트/percent
  -> "%"; %포인트/%p/퍼센트포인트 -> "%p"; bp/bps/베이시스포인트 -> "bp"; 포인트/p/pt (an index's
  points) -> "포인트"; t/톤 -> "t"; 배럴; counts 대 명 개 곳 건 주 (shares) 배 (a multiple) 가구 …;
  currency before the number ("$100", "US$", "미화", "€", "₩"); "달러당 1,450원" and "1,450원/달러" ->
  "원/달러". In "환율은 1,450원" the unit stays "원" (the measure word says it is a rate). Units are
  not converted ("92센트" stays 92 센트). A count takes the unit word only, never the word after it
  ("3대 기업" is 3 대); "21.1대 1" is a ratio (two bare numbers). A number with no unit ("2,610.42에
  마감", "2500선") has unit "": an index level or a bare quote, never money.
* Time is returned with a time unit (TIME_UNITS: 년 월 일 분기 개월 주일 …), never as money:
  "2025년", "3분기" (and "1·4분기"), "11월 25일" (two quantities), "1주일", "3주 연속" (weeks, "주일").
  In English, a year or a day after "in/since/fiscal …" or a month name is 년/일 ("in 2025", "Nov. 25").
  Dates and clock times written with digits only ("2025.6.20", "2025-06-20", "10:30") are skipped.
* A range or a change "A~B unit" / "A→B unit" gives two quantities; A takes B's unit, and B's last
  magnitude when A has none ("1000~2000억원" is 1000억 and 2000억 원, "3~4%" is 3% and 4%); A's
  span covers A only.
* The value is a magnitude: a sign ("-0.75%", "▲3%") and sign words (상승/하락) are not part of it.
* Left out (nothing returned): numbers glued to Latin letters (tickers, codes, models: "A005930",
  "S&P500", "5G", "H100", "KRW-BTC1"), integers with a leading zero ("005930") unless a time unit
  follows, a six-digit number alone in brackets (a stock code: "두산로보틱스(454910)"), ordinals after 제 ("제2조"), numbers followed by a Hangul word that is not a unit or a
  particle ("2차전지", "3세대"), and a unitless number glued after Hangul ("코스피200"). Numerals
  written in Hangul only ("수천억", "세 명") are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .units import COUNT_UNITS, FX_UNITS, MONEY_UNITS, PHYSICAL_UNITS, RATE_UNITS, TIME_UNITS, UNIT_TABLE


@dataclass(frozen=True)
class Quantity:
    value: float  # normalised magnitude: "1조1천685억 원" -> 1.1685e12
    unit: str  # canonical unit ("원", "%", "%p", "bp", "t", "명", "년" …); "" when none
    span: tuple[int, int]  # text[span[0]:span[1]] is the quantity's expression
    text: str  # that expression


_BIG = {"만": 1e4, "억": 1e8, "조": 1e12, "경": 1e16}
_SMALL = {"십": 10.0, "백": 100.0, "천": 1000.0}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_SCALE |= {"b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12}
_PREFIX = {
    "$": "달러",
    "us$": "달러",
    "usd": "달러",
    "미화": "달러",
    "€": "유로",
    "eur": "유로",
    "£": "파운드",
}
_PREFIX |= {"¥": "엔", "jpy": "엔", "₩": "원", "krw": "원", "달러당": "/달러"}

_CANON: dict[str, tuple[str, str]] = {}
for _unit, _cls, _forms in UNIT_TABLE:
    for _f in _forms.split():
        _CANON[_f.replace("_", "").lower()] = (_unit, _cls)
_SPACED = {
    f.replace("_", "").lower(): f.replace("_", " ").lower() for _u, _c, fs in UNIT_TABLE for f in fs.split()
}
# syllables that may follow a Hangul unit or a unitless number: particles and endings (은 는 이 가 …),
# and the words a figure runs into: 대 (원대), 선 (2500선), 어치, 가량, 안팎, 정도, 내외, 미만, 초과,
# 짜리, 급, 권, 규모, 돌파, 넘게
_FOLLOW = "은는이가을를의에와과도만로으며면나다였인입임씩째까부보서고쯤뿐밖께대선어안정내미초여짜급권치규돌넘요야엔라란"
_HANGUL = "가-힣"


def _alt(forms: list[str]) -> str:
    spaced = [_SPACED.get(f, f) for f in sorted(forms, key=len, reverse=True)]
    return "|".join(re.escape(f).replace(r"\ ", r"\s?") for f in spaced)


_TIME_FORMS = [f for f, (_u, c) in _CANON.items() if c == "time" and not f.isascii()]
_HANGUL_FINAL = [f for f in _CANON if "가" <= f[-1] <= "힣" and f not in _TIME_FORMS]
_LATIN_FINAL = [f for f in _CANON if f[-1].isascii() and f[-1].isalpha()]
_OTHER = [f for f in _CANON if f not in _HANGUL_FINAL and f not in _LATIN_FINAL and f not in _TIME_FORMS]
_UNIT = re.compile(
    rf"(?P<sp>\s?)(?P<u>(?:{_alt(_HANGUL_FINAL)})(?![{_HANGUL}])|(?:{_alt(_HANGUL_FINAL)})(?=[{_FOLLOW}])"
    rf"|(?:{_alt(_LATIN_FINAL)})(?![A-Za-z0-9])|{_alt(_OTHER)}|{_alt(_TIME_FORMS)})",
    re.I,
)
_DIG = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SM = rf"{_DIG}(?:[천백십]\d*)*"
_GRP = rf"{_SM}(?:[만억조]|경(?![{_HANGUL}]))"
_NUMERAL = rf"{_GRP}(?:[ ]?{_GRP})*(?:[ ]?{_SM})?|{_SM}"
_TOKEN = re.compile(
    r"(?P<skip>\d{4}[./-]\s?\d{1,2}[./-]\s?\d{1,2}\.?|\d{2}\.\d{1,2}\.\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?"
    r"|\d+(?:-\d+){2,}|\d+\.\d+\.\d+)"
    r"|(?P<qtr>[1-4])·4분기"
    r"|(?P<den>\d+)\s?분의\s?(?P<nom>\d+(?:\.\d+)?)"
    r"|(?P<pre>(?:US\$|\$|USD|EUR|JPY|KRW|€|£|¥|₩|미화|달러당)\s?)?"
    rf"(?P<num>{_NUMERAL})"
    r"(?P<scale>\s?(?:trillion|billion|million|thousand|trn|tn|bn|mn)(?![A-Za-z])|[BMK](?![A-Za-z0-9]))?"
    r"(?P<approx>여\s?)?",
    re.I,
)
_START = re.compile(r"[\d$€£¥₩]|(?:US|USD|EUR|JPY|KRW|미화|달러당)(?=[\s$\d])", re.I)
_GROUPS = re.compile(rf"([ ]?)({_SM})([만억조경]?)")
_SMALL_PART = re.compile(r"(\d+(?:\.\d+)?)?([천백십]?)")
_WEEKS = re.compile(r"\s?(?:연속|동안|만[에의이]|째|전|후|뒤|새|신고|최고|최저|신저|내에|내(?![가-힣]))")
_EN_YEAR = re.compile(r"\b(?:in|since|by|from|until|through|fiscal|year|FY|early|late|mid)[- ]$", re.I)
_EN_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s$", re.I)
_RANGE = re.compile(r"\s?[~∼～〜→]\s?")
_RATIO = re.compile(r"\s?\d")
# the number in an index's name written with a space ("S&P 500 지수는", "코스피 200", "Nikkei 225"): a name,
# not a level (only these pairs: "코스피 2530" is a level)
_INDEX_NAMES = re.compile(
    r"(?:S&P\s?(?:500|100|400|600)|Russell\s?(?:1000|2000|3000)|FTSE\s?(?:100|250)|(?:Nikkei|닛케이)\s?225"
    r"|(?:KOSPI|코스피)\s?(?:200|100|50)|(?:KOSDAQ|코스닥)\s?150|(?:Stoxx|STOXX)\s?(?:50|600)|DAX\s?(?:30|40)"
    r"|CAC\s?40|KRX\s?300)(?![\d.,])",
    re.I,
)
# "1441원70전", "21원40전": won and jeon (1/100 won), as exchange rates are written
_JEON = re.compile(r"(\d{1,2})전")


def _small(s: str) -> float:
    """ "1천685" -> 1685, "2천5백" -> 2500, "1,534" -> 1534, "2.5" -> 2.5."""
    total, pending = 0.0, 0.0
    for digits, word in _SMALL_PART.findall(s.replace(",", "")):
        n = float(digits) if digits else 1.0
        if word:
            total, pending = total + n * _SMALL[word], 0.0
        elif digits:
            pending = n
    return total + pending


def _numeral(s: str) -> tuple[float, int, int]:
    """Value and length of the longest prefix of numeral ``s`` whose magnitudes fall (조 > 억 > 만 > the
    rest), and where a last group without magnitude that follows a space starts (-1 when none): "5만 7000"
    is 57000, but the caller may cut it ("5만 2025년")."""
    total, last, end, tail = 0.0, float("inf"), 0, -1
    for m in _GROUPS.finditer(s):
        space, digits, word = m.groups()
        if m.start() != end:
            break
        big = _BIG.get(word, 1.0)
        small = _small(digits)
        if big >= last or (big == 1.0 and small >= last):
            break
        if space and big == 1.0:
            bare = digits.replace(",", "").split(".")[0]
            if not (len(bare) >= 3 or any(c in digits for c in "천백십")):
                break
            tail = m.start() + 1
        total += small * big
        last, end = big, m.end()
    return total, end, tail


def parse_number(s: str) -> float | None:
    """The value of a numeral and nothing else ("1조1천685억", "179조 1,534억", "27만", "3,000", "1.5",
    "56.1 billion"); None when ``s`` is not one."""
    m = _TOKEN.fullmatch(s.strip())
    if not m or not m.group("num") or m.group("pre") or m.group("approx"):
        return None
    value, used, _ = _numeral(m.group("num"))
    if used != len(m.group("num")):
        return None
    return value * _SCALE.get((m.group("scale") or "").strip().lower(), 1.0)


@dataclass
class _Raw:
    q: Quantity
    magnitude: float  # the numeral's last big unit or scale (1e8 for "2000억"), 1 when none
    has_magnitude: bool  # any of 만억조경천백십 or a scale word in it


def _hangul(c: str) -> bool:
    return "가" <= c <= "힣"


def _read(text: str, m: re.Match[str]) -> tuple[_Raw | None, int]:
    """The quantity at match ``m`` (None to skip it) and where to resume scanning."""
    start, end = m.span()
    if m.group("skip"):
        return None, end
    if m.group("qtr"):
        return _Raw(Quantity(float(m.group("qtr")), "분기", (start, end), m.group(0)), 1.0, False), end
    if m.group("den"):
        value = float(m.group("nom")) / max(float(m.group("den")), 1.0)
        return _Raw(Quantity(value, "", (start, end), m.group(0)), 1.0, False), end
    before = text[start - 1] if start else ""
    if (
        before
        and before.isascii()
        and (before.isalpha() or before in "_&")
        or (before == "-" and text[start - 2 : start - 1].isalpha())
    ):
        return None, m.end()  # "A005930", "S&P500", "KRW-BTC1"
    if (im := _INDEX_NAMES.search(text, max(0, start - 10), m.end() + 1)) and im.start() < start < im.end():
        return None, im.end()  # "S&P 500 지수": the index's name
    if before == "제" and not _hangul(text[start - 2 : start - 1]):
        return None, m.end()  # "제2조": an article, not 2 trillion
    num = m.group("num")
    value, used, tail = _numeral(num)
    scale = (m.group("scale") or "").strip().lower()
    approx = m.group("approx") or ""
    if used < len(num):  # magnitudes do not fall ("3만 2억"): the first part only
        scale, approx = "", ""
    raw = _finish(text, m, num[:used], value, scale, approx)
    if tail > 0 and (raw is None or raw.q.unit in TIME_UNITS):  # "5만 2025년": 5만, then 2025년
        value, used, _ = _numeral(num[: tail - 1])
        raw = _finish(text, m, num[:used], value, "", "")
    if raw is None:
        return None, m.end()
    return raw, raw.q.span[1]


def _finish(text: str, m: re.Match[str], num: str, value: float, scale: str, approx: str) -> _Raw | None:
    """The quantity of numeral ``num`` (a prefix of m's) with its scale, "여" and the unit after it."""
    start, pre = m.start(), (m.group("pre") or "").strip().lower()
    if len(scale) == 1 and not pre:
        return None  # "3M", "5B": a name, not a scale
    value *= _SCALE.get(scale, 1.0)
    end = m.end() if len(num) == len(m.group("num")) else m.start("num") + len(num)
    um = _UNIT.match(text, end)
    unit, cls = "", ""
    if um:
        unit, cls = _CANON["".join(um.group("u").split()).lower()]
        spaced_ok = cls in ("money", "sym") or (
            cls == "count" and (num[-1] in "만억조천백십" or approx.strip())
        )
        if (um.group("sp") and not spaced_ok) or (cls == "time" and scale):
            unit, cls, um = "", "", None
    if approx.endswith(" ") and not um:
        end -= 1
    if num[0] == "0" and len(num) > 1 and num[1].isdigit() and cls != "time":
        return None  # "005930": a code
    if um:
        if unit == "대" and _RATIO.match(text, um.end()):
            unit = ""  # "21.1대 1": a ratio
        else:
            end = um.end()
    if unit == "원" and (jm := _JEON.match(text, end)):
        value, end = value + int(jm.group(1)) / 100, jm.end()
    if unit == "주" and _WEEKS.match(text, end) and value < 100 and num.isdigit():
        unit = "주일"  # "3주 연속", "52주 신고가"
    if pre:
        pu = _PREFIX.get(pre, "")
        if pu == "/달러":
            unit = f"{unit}/달러" if unit in MONEY_UNITS and unit not in ("달러", "센트") else unit
        elif not unit or unit == pu:
            unit = pu
    if unit in MONEY_UNITS and text.startswith("/달러", end):
        unit, end = f"{unit}/달러", end + 3
    after, before = text[end : end + 1], text[start - 1 : start] if start else ""
    if after.isascii() and after.isalnum() and text[end - 1].isascii():
        return None  # "5G", "3Q24", "10x"
    if not unit:
        if num.isdigit() and len(num) == 6 and before == "(" and after == ")":
            return None  # "두산로보틱스(454910)": a stock code
        if _hangul(after) and after not in _FOLLOW:
            return None  # "2차전지", "3세대"
        if _hangul(before) and not pre:
            return None  # "코스피200"
        if not scale and num.isdigit() and len(num) <= 4:
            if _EN_MONTH.search(text, max(0, start - 12), start):
                unit = "일" if int(num) <= 31 else "년"
            elif (
                len(num) == 4
                and 1900 <= int(num) <= 2100
                and _EN_YEAR.search(text, max(0, start - 12), start)
            ):
                unit = "년"
    has_magnitude = bool(scale) or any(c in "만억조경천백십" for c in num)
    magnitude = _SCALE.get(scale) or _BIG.get(num[-1], 1.0)
    return _Raw(Quantity(value, unit, (start, end), text[start:end]), magnitude, has_magnitude)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, non-overlapping (see the module docstring for what counts)."""
    raws: list[_Raw] = []
    pos = 0
    while True:
        found = _START.search(text, pos)  # a fast scan for where a token may start, then the full match
        if not found:
            break
        m = _TOKEN.match(text, found.start())
        if not m:
            pos = found.start() + 1
            continue
        raw, pos = _read(text, m)
        pos = max(pos, m.start() + 1)
        if raw:
            raws.append(raw)
    for a, b in zip(raws, raws[1:], strict=False):
        gap = text[a.q.span[1] : b.q.span[0]]
        if not (gap and _RANGE.fullmatch(gap)) or bool(a.q.unit) == bool(b.q.unit):
            continue
        if not a.q.unit:  # "3~4%", "1000~2000억원"
            value = a.q.value * (b.magnitude if not a.has_magnitude else 1.0)
            a.q = Quantity(value, b.q.unit, a.q.span, a.q.text)
        else:  # "$3~4"
            b.q = Quantity(b.q.value, a.q.unit, b.q.span, b.q.text)
    return [r.q for r in raws]


def same_quantity(a: Quantity, b: Quantity, rel: float = 1e-6) -> bool:
    """Same unit and the same value to a relative tolerance ("1조 1,685억" is "1조1천685억")."""
    return a.unit == b.unit and abs(a.value - b.value) <= rel * max(abs(a.value), abs(b.value))


__all__ = [
    "Quantity",
    "parse_number",
    "find_quantities",
    "same_quantity",
    "MONEY_UNITS",
    "FX_UNITS",
    "RATE_UNITS",
    "COUNT_UNITS",
    "PHYSICAL_UNITS",
    "TIME_UNITS",
]
