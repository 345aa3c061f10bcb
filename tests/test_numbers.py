"""rag.numbers: Korean/English numerals and units in running text -> value + canonical unit."""

from __future__ import annotations

import pytest

from rag.numbers import (
    MONEY_UNITS,
    RATE_UNITS,
    TIME_UNITS,
    Quantity,
    find_quantities,
    parse_number,
    same_quantity,
)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("1조1천685억", 1.1685e12),
        ("179조 1,534억", 1.791534e14),
        ("38억 4,000만", 3.84e9),
        ("27만", 270_000),
        ("5만4천", 54_000),
        ("1.5", 1.5),
        ("3,000", 3000),
        ("1조1억", 1.0001e12),
        ("2.5조", 2.5e12),
        ("9억8천160만", 981_600_000),
        ("4만4544.66", 44_544.66),
        ("5만 7000", 57_000),
        ("2천5백", 2500),
        ("1,234억5,678만", 123_456_780_000),
        ("56.1 billion", 5.61e10),
        ("56.1bn", 5.61e10),
        (" 7억633만 ", 706_330_000),
        ("3만 2억", None),  # magnitudes must fall
        ("27만원", None),  # a unit is not a numeral
        ("1.5%", None),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_number(numeral: str, value: float | None) -> None:
    got = parse_number(numeral)
    if value is None:
        assert got is None
    else:
        assert got == pytest.approx(value)


# text -> [(value, unit, text of the quantity)]
CASES: list[tuple[str, list[tuple[float, str, str]]]] = [
    # the examples of issue 7, item 3
    ("영업이익은 1조1천685억 원으로", [(1.1685e12, "원", "1조1천685억 원")]),
    ("5.2% 오른 312.4크로네에 마감", [(5.2, "%", "5.2%"), (312.4, "크로네", "312.4크로네")]),
    ("매출 179조 1,534억", [(1.791534e14, "", "179조 1,534억")]),
    ("생산량 5만4천t 증가", [(54_000, "t", "5만4천t")]),
    ("38억 4,000만 달러 규모", [(3.84e9, "달러", "38억 4,000만 달러")]),
    ("월 27만원씩", [(270_000, "원", "27만원")]),
    ("92센트에 거래", [(92, "센트", "92센트")]),
    ("금리는 5.92%다", [(5.92, "%", "5.92%")]),
    ("0.25%포인트 인하", [(0.25, "%p", "0.25%포인트")]),
    ("25bp 인상", [(25, "bp", "25bp")]),
    # an index's name is not its level
    ("S&P 500 지수는 6114.63에 마감했다", [(6114.63, "", "6114.63")]),
    ("코스피 200 선물이 올랐다", []),
    ("코스피 2530에 마감", [(2530, "", "2530")]),
    # won and jeon, as exchange rates are written
    ("1441원70전에 거래를 마쳤다", [(1441.7, "원", "1441원70전")]),
    ("21원40전 오른 1452원70전", [(21.4, "원", "21원40전"), (1452.7, "원", "1452원70전")]),
    ("5원 전날보다", [(5, "원", "5원")]),
    # Korean numerals
    ("1조 2340억 원에 달하는", [(1.234e12, "원", "1조 2340억 원")]),
    ("12조 3,000억 원", [(1.23e13, "원", "12조 3,000억 원")]),
    (
        "9억8천160만 달러(1조3천752억원)",
        [(981_600_000, "달러", "9억8천160만 달러"), (1.3752e12, "원", "1조3천752억원")],
    ),
    ("1조1억원의 영업이익", [(1.0001e12, "원", "1조1억원")]),
    ("2.5조 원", [(2.5e12, "원", "2.5조 원")]),
    ("종가는 5만 7000원이다", [(57_000, "원", "5만 7000원")]),
    ("7억633만달러를 사들였다", [(706_330_000, "달러", "7억633만달러")]),
    ("1만5천여 명이", [(15_000, "명", "1만5천여 명")]),
    ("4만4544.66에 장을 마감", [(44_544.66, "", "4만4544.66")]),
    ("2,610.42에 마쳤다", [(2610.42, "", "2,610.42")]),
    ("코스피 2500선 회복", [(2500, "", "2500")]),
    ("1조 클럽", [(1e12, "", "1조")]),
    # ranges and changes: two quantities, the first takes the second's unit and last magnitude
    ("3~4%", [(3, "%", "3"), (4, "%", "4%")]),
    ("1000~2000억원대", [(1e11, "원", "1000"), (2e11, "원", "2000억원")]),
    ("8~10만원", [(80_000, "원", "8"), (100_000, "원", "10만원")]),
    ("3만9500~5만1800원", [(39_500, "원", "3만9500"), (51_800, "원", "5만1800원")]),
    ("10만8천→6만원", [(108_000, "원", "10만8천"), (60_000, "원", "6만원")]),
    ("13~14배", [(13, "배", "13"), (14, "배", "14배")]),
    # percentages, points, basis points
    ("0.5%P 하락", [(0.5, "%p", "0.5%P")]),
    ("1.2퍼센트포인트", [(1.2, "%p", "1.2퍼센트포인트")]),
    ("3 퍼센트", [(3, "%", "3 퍼센트")]),
    ("50 베이시스포인트", [(50, "bp", "50 베이시스포인트")]),
    ("25 basis points", [(25, "bp", "25 basis points")]),
    ("0.25 percentage point", [(0.25, "%p", "0.25 percentage point")]),
    ("10bps", [(10, "bp", "10bps")]),
    ("5.92 percent", [(5.92, "%", "5.92 percent")]),
    ("24.49포인트(3.36%) 하락", [(24.49, "포인트", "24.49포인트"), (3.36, "%", "3.36%")]),
    ("2.80p(0.37%) 오른", [(2.8, "포인트", "2.80p"), (0.37, "%", "0.37%")]),
    ("2%대 상승", [(2, "%", "2%")]),
    # sign is not part of the value
    ("(-0.75%)", [(0.75, "%", "0.75%")]),
    ("(+0.41%)", [(0.41, "%", "0.41%")]),
    ("▲3.2%", [(3.2, "%", "3.2%")]),
    # physical and count units
    ("5만4천 톤", [(54_000, "t", "5만4천 톤")]),
    ("50억 배럴 매장", [(5e9, "배럴", "50억 배럴")]),
    ("4만 1,300대를 팔았다", [(41_300, "대", "4만 1,300대")]),
    ("27만 명", [(270_000, "명", "27만 명")]),
    ("56만주를 소각", [(560_000, "주", "56만주")]),
    ("3.5배 늘었다", [(3.5, "배", "3.5배")]),
    ("100여 명이", [(100, "명", "100여 명")]),
    ("10여 곳", [(10, "곳", "10여 곳")]),
    ("15억 달러짜리", [(1.5e9, "달러", "15억 달러")]),
    ("100억원어치", [(1e10, "원", "100억원")]),
    ("1000억원대", [(1e11, "원", "1000억원")]),
    ("3대 기업", [(3, "대", "3대")]),  # a count; the word after is not swallowed
    ("경쟁률 21.1대 1", [(21.1, "", "21.1"), (1, "", "1")]),  # a ratio, not 21.1 vehicles
    ("1주당 500원", [(500, "원", "500원")]),
    ("3분의 1 수준", [(1 / 3, "", "3분의 1")]),
    ("7.3위안", [(7.3, "위안", "7.3위안")]),
    ("100억 엔화", [(1e10, "엔", "100억 엔화")]),
    ("3.3㎡당", [(3.3, "㎡", "3.3㎡")]),
    # currency before the number, exchange rates
    ("환율은 1,450원", [(1450, "원", "1,450원")]),
    ("달러당 1,450원", [(1450, "원/달러", "달러당 1,450원")]),
    ("1,450원/달러", [(1450, "원/달러", "1,450원/달러")]),
    ("달러당 150엔", [(150, "엔/달러", "달러당 150엔")]),
    ("$100 선", [(100, "달러", "$100")]),
    ("₩5,000", [(5000, "원", "₩5,000")]),
    ("10pt 상승", [(10, "포인트", "10pt")]),
    ("US$ 5억", [(5e8, "달러", "US$ 5억")]),
    ("미화 100만 달러", [(1e6, "달러", "미화 100만 달러")]),
    # English
    ("revenue of $56.1 billion", [(5.61e10, "달러", "$56.1 billion")]),
    ("56.1bn in sales", [(5.61e10, "", "56.1bn")]),
    ("1.2 trillion won", [(1.2e12, "원", "1.2 trillion won")]),
    ("€3.5 million", [(3.5e6, "유로", "€3.5 million")]),
    ("$5M raised", [(5e6, "달러", "$5M")]),
    ("35,082 shares", [(35_082, "주", "35,082 shares")]),
    # time: a time unit, never money or percent
    ("2025년 3분기", [(2025, "년", "2025년"), (3, "분기", "3분기")]),
    ("11월 25일 브리핑", [(11, "월", "11월"), (25, "일", "25일")]),
    ("12월3일", [(12, "월", "12월"), (3, "일", "3일")]),
    ("1·4분기", [(1, "분기", "1·4분기")]),
    ("1주일 만에", [(1, "주일", "1주일")]),
    ("3주 연속 하락", [(3, "주일", "3주")]),
    ("52주 신고가", [(52, "주일", "52주")]),
    ("3개월 내", [(3, "개월", "3개월")]),
    ("10년물 국채", [(10, "년물", "10년물")]),
    ("15거래일 평균", [(15, "거래일", "15거래일")]),
    ("오전 9시10분", [(9, "시", "9시"), (10, "분", "10분")]),
    ("40일간", [(40, "일", "40일")]),
    ("총 5만 2025년 기준", [(50_000, "", "5만"), (2025, "년", "2025년")]),
    ("in 2025 and", [(2025, "년", "2025")]),
    ("on Nov. 25 the", [(25, "일", "25")]),
    ("2025년 02월", [(2025, "년", "2025년"), (2, "월", "02월")]),
    # not quantities: codes, tickers, models, ordinals, numeric dates and clock times
    ("삼성전자(005930)", []),
    ("005930", []),
    ("A005930", []),
    ("두산로보틱스(454910)등 주요 계열사", []),  # a stock code
    ("KRW-BTC", []),
    ("S&P500", []),
    ("5G 통신", []),
    ("H100 칩", []),
    ("3M은", []),
    ("제2조", []),
    ("2025.6.20 hanju@yna.co.kr", []),
    ("2025-06-20", []),
    ("10:30 현재", []),
    ("02-1234-5678", []),
    ("2차전지", []),
    ("5세대 HBM", []),
    ("코스피200", []),
    ("갤럭시S25", []),
    ("GPT-4o", []),
    ("KRW-BTC1", []),
    ("수천억 원", []),  # numerals in Hangul only are not read
    ("세 명", []),
    ("3만 2억원", [(30_000, "", "3만"), (2e8, "원", "2억원")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_find_quantities(text: str, expected: list[tuple[float, str, str]]) -> None:
    got = find_quantities(text)
    assert [(q.unit, q.text) for q in got] == [(u, t) for _, u, t in expected]
    for q, (value, _, _) in zip(got, expected, strict=True):
        assert q.value == pytest.approx(value)
        assert text[q.span[0] : q.span[1]] == q.text


def test_spans_are_ordered_and_disjoint() -> None:
    text = " ".join(t for t, _ in CASES)
    qs = find_quantities(text)
    assert len(qs) >= sum(len(e) for _, e in CASES) - 5  # joined, a few neighbours merge into ranges
    for a, b in zip(qs, qs[1:], strict=False):
        assert a.span[1] <= b.span[0]
    assert all(text[q.span[0] : q.span[1]] == q.text for q in qs)


def test_run_together_sentence() -> None:
    text = "이 회사의 3분기 매출은 12조 3,000억 원, 영업이익은 1조1천685억 원으로 집계됐다.3일 한화비전은 5만4천t을 수주했다."
    got = [(q.value, q.unit) for q in find_quantities(text)]
    assert got == [(3, "분기"), (1.23e13, "원"), (1.1685e12, "원"), (3, "일"), (54_000, "t")]


def test_dates_are_never_money_or_percent() -> None:
    text = "2025년 11월 25일 3분기 1·4분기 2월 7일 1주일 3개월 10년물 오후 3시"
    qs = find_quantities(text)
    assert qs and all(q.unit in TIME_UNITS for q in qs)
    assert not any(q.unit in MONEY_UNITS | RATE_UNITS for q in qs)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("1조1천685억 원", "1조 1,685억원", True),
        ("5만4천t", "54,000t", True),
        ("38억 4,000만 달러", "3,840,000,000달러", True),
        ("0.25%포인트", "0.25%p", True),
        ("25bp", "25 basis points", True),
        ("1441원70전", "1441.7원", True),
        ("5.92%", "5.92 percent", True),
        ("54,000t", "54,000대", False),
        ("0.5%", "0.5%p", False),
        ("1조1천685억 원", "1조1천684억 원", False),
        ("92센트", "0.92달러", False),  # units are not converted
    ],
)
def test_same_quantity(a: str, b: str, same: bool) -> None:
    (qa,), (qb,) = find_quantities(a), find_quantities(b)
    assert same_quantity(qa, qb) is same


def test_same_quantity_tolerance() -> None:
    a = Quantity(100.0, "%", (0, 4), "100%")
    assert same_quantity(a, Quantity(100.00001, "%", (0, 4), "")) is True
    assert same_quantity(a, Quantity(100.1, "%", (0, 4), "")) is False
    assert same_quantity(a, Quantity(100.1, "%", (0, 4), ""), rel=1e-2) is True
    assert same_quantity(Quantity(0.0, "", (0, 1), "0"), Quantity(0.0, "", (0, 1), "0")) is True


def test_every_unit_has_a_kind() -> None:
    from rag.units import COUNT_UNITS, FX_UNITS, PHYSICAL_UNITS, UNIT_TABLE

    kinds = MONEY_UNITS | RATE_UNITS | COUNT_UNITS | PHYSICAL_UNITS | TIME_UNITS | {"포인트"}
    assert {unit for unit, _, _ in UNIT_TABLE} <= kinds
    assert all(u.endswith("/달러") and u.split("/")[0] in MONEY_UNITS for u in FX_UNITS)
