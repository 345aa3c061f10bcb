"""rag.measures: measure words, the measures a question asks about, and which measure a figure is of."""

from __future__ import annotations

import pytest

from rag.measures import (
    AFTER_WINDOW,
    BEFORE_WINDOW,
    MEASURES,
    attach,
    compatible_units,
    find_measures,
    question_measures,
)
from rag.numbers import TIME_UNITS, find_quantities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("영업이익률은 12%", ["영업이익률"]),
        ("영업이익과 매출", ["영업이익", "매출"]),
        ("3분기영업이익은", ["영업이익"]),
        ("영업 이익", ["영업이익"]),
        ("매출총이익", ["매출총이익"]),
        ("목표주가", ["목표주가"]),
        ("주가지수", ["지수"]),
        ("배당수익률", ["배당수익률"]),
        ("기준금리 인상 폭", ["기준금리", "인상폭"]),
        ("인상폭", ["인상폭"]),
        ("외국인 투자자", []),
        ("NH투자증권", []),
        ("투자 규모", ["투자"]),
        ("유가증권시장", []),
        ("국제유가", ["유가"]),
        ("Operating Income", ["영업이익"]),
        ("operating  margin", ["영업이익률"]),
        ("investors", []),
        ("5 per cent", []),  # not PER
        ("PER 12배", ["PER"]),
        ("market cap and share price", ["시가총액", "주가"]),
        ("한빛손해보험", []),  # a kind of insurer, no loss
        ("손해를 봤다", ["손실"]),
        ("후순위채 5000억원", []),  # a bond's seniority, no ranking
    ],
)
def test_find_measures(text: str, expected: list[str]) -> None:
    found = find_measures(text)
    assert [m for m, _ in found] == expected
    for _, (s, e) in found:
        assert 0 <= s < e <= len(text)


def test_every_form_finds_its_measure() -> None:
    for measure, forms in MEASURES.items():
        assert forms, measure
        for form in forms:
            assert find_measures(form) == [(measure, (0, len(form)))], form


def test_every_measure_has_units_and_no_time_unit() -> None:
    for measure in MEASURES:
        units = compatible_units(measure)
        assert units, measure
        assert not units & TIME_UNITS, measure


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the questions of issue 7
        ("현대차 3분기 영업이익은?", ["영업이익"]),
        ("삼성전자 3분기 영업이익은 얼마야?", ["영업이익"]),
        ("구글의 회사채 금리는?", ["금리"]),
        ("기아의 미국 관세 부담은?", ["관세"]),
        ("What was Nvidia's third-quarter revenue?", ["매출"]),
        ("코어위브 채권 금리는?", ["금리"]),
        ("11월 25일 브리핑에서 메타 채권 금리는?", ["금리"]),
        ("노보노디스크 주가는 임상 실패 소식에 얼마나 떨어졌나?", ["하락폭", "주가"]),
        ("해외주식 거래대금은?", ["거래대금"]),
        # a verb describing the measure asks its level ("올린 목표주가"), one after it the change
        ("하나증권이 올린 쏠리드 목표주가는 얼마야?", ["목표주가"]),
        ("쏠리드 목표주가를 얼마나 올렸어?", ["상승폭", "목표주가"]),
        # more
        ("영업이익률은?", ["영업이익률"]),
        ("금리 인하 폭은?", ["인하폭", "금리"]),
        ("연준이 기준금리를 얼마나 올렸나?", ["인상폭", "기준금리"]),
        ("삼성전자 주가는 몇 % 올랐나?", ["상승폭", "주가"]),
        ("How much did Tesla shares fall?", ["하락폭"]),
        ("What is Samsung's market cap?", ["시가총액"]),
        ("넷플릭스 주가는 첫날 얼마에 마감했나?", ["주가"]),
        ("코스피는 얼마에 마감했나?", ["주가"]),
        ("EU가 외국인 투자자에게 요구하는 건?", []),
        ("비트코인 ETF에서 이번 달 빠져나간 돈은?", ["유출액"]),
        ("원·달러 환율은?", ["환율"]),
        ("What is the target price for the chipmaker?", ["목표주가"]),
        ("How much did it earn from stock commissions?", ["수수료"]),
        ("What was the total net asset value of the ETFs?", ["자산"]),  # the total, not NAV per unit
        ("없애기로 한 자기 주식은 얼마어치야?", ["자사주"]),  # written apart
        ("매출과 영업이익은?", ["매출", "영업이익"]),
        ("아파트 가격과 거래량은?", ["거래량", "가격"]),  # generic last
        ("What was the bond yield?", ["수익률"]),
        ("점유율은 몇 %?", ["점유율"]),
        ("주가가 떨어진 이유는?", []),  # a reason is asked, not a figure
        ("How many vehicles were delivered?", ["출하량"]),
        ("국채 금리는 얼마나 떨어졌나?", ["하락폭", "금리"]),  # a market rate falls; nobody cut it
        ("연준이 기준금리를 얼마나 인하했나?", ["인하폭", "기준금리"]),
        ("How much did the Fed cut rates?", ["인하폭", "금리"]),
        ("가장 높은 금리는 몇 %?", ["금리"]),
        ("미국 국채 10년물이 5일 뉴욕에서 얼마로 끝났어?", ["금리"]),  # a bond's figure is its rate
        ("How much did the 10-year Treasury close at?", ["금리"]),
        ("누리전자는 얼마로 끝났어?", ["주가"]),
        ("누리전자가 회사채로 처음 모으려던 돈은 얼마야?", []),  # the money a bond raised is not its rate
        ("What is Nuri's market capitalisation?", ["시가총액"]),  # British spelling
        ("엔화는 달러당 얼마까지 약해졌나?", ["환율"]),  # the yen per dollar is a rate of exchange
        ("누리전자 주가는 얼마까지 올랐나?", ["주가"]),  # the level it reached, not the rise
        ("How much did Nuri raise in its bond sale?", ["조달액", "발행액"]),  # money raised, no rise
        ("How much did the Fed raise rates?", ["인상폭", "금리"]),  # a rate raised is a hike
        ("누리전자 종가는 전날보다 얼마나 올랐어?", ["상승폭", "종가"]),
        ("What share of Nuri's chips will Hanbit supply?", ["비중"]),  # a proportion, not a market share
        ("산유국이 원유 생산 늘리기를 멈추는 시기는?", []),  # asked when: a time, not a production figure
        ("When will Nuri start mass production?", []),
        ("언제 매출이 가장 많았나?", []),
        ("At what price did Nuri close when it first topped $100?", ["가격"]),
        ("누리전자가 웨이퍼 값을 얼마나 올리나?", ["상승폭", "가격"]),  # what it will raise: present tense
        ("누리전자가 수수료를 얼마나 내리나?", ["하락폭", "수수료"]),
        ("누리전자가 한빛 주식을 다온에 넘기는 가격은?", ["인수 금액", "가격"]),  # a deal's price
        ("누리전자가 자회사를 판 금액은?", ["인수 금액", "금액"]),
        ("How much did Nuri agree to pay for Hanbit Hotels?", ["인수 금액"]),
        ("가온운용이 누리호텔을 얼마에 팔기로 했어?", ["인수 금액"]),  # what it sells for
        ("국내 투자자들이 보유한 누리ETF 규모는 얼마야?", ["보유액", "규모"]),  # holdings, not purchases
        # "rate" after a noun that is no interest's is not 금리; the named rates keep their measures
        ("What win rate did Nuri report?", []),
        ("What objective response rate (ORR) did Nuri report?", ["반응률"]),  # a rate of its own
        ("누리전자 주가 등락률은?", ["상승폭", "하락폭", "주가"]),  # a move either way
        (
            "누리전자 최대주주 지분 양수도 대금은 얼마야?",
            ["지분율", "인수 금액"],
        ),  # (asked last: slots' order)
        (
            "To what level did Nuri raise its stake in Hanbit?",
            ["지분율"],
        ),  # raised the stake: no money raised
        ("What rate did the Fed set?", ["금리"]),
        ("What coupon rate did Nuri pay?", ["금리"]),
        ("What was the unemployment rate?", ["실업률"]),
        ("How much did Nuri Financial Group earn last year?", ["순이익"]),  # what it earned: its net profit
    ],
)
def test_question_measures(question: str, expected: list[str]) -> None:
    assert question_measures(question) == expected


@pytest.mark.parametrize(
    ("measure", "has", "has_not"),
    [
        ("금리", {"%", "%p", "bp"}, {"원", "달러"}),
        ("기준금리", {"%", "%p", "bp"}, {"원"}),
        ("영업이익", {"원", "달러", "엔", "위안", "유로"}, {"%", "bp", ""}),
        ("주가", {"원", "달러", "엔", "센트"}, {"%", "bp"}),
        ("점유율", {"%"}, {"원"}),
        ("인상폭", {"%p", "bp", "%"}, {"년"}),
        ("영업이익률", {"%"}, {"원"}),
        ("환율", {"원", "원/달러", "엔"}, {"%"}),
        ("판매량", {"대", "개", "t"}, {"원", "%"}),
        ("PER", {"배"}, {"원", "%"}),
    ],
)
def test_compatible_units(measure: str, has: set[str], has_not: set[str]) -> None:
    units = compatible_units(measure)
    assert has <= units
    assert not has_not & units


def test_compatible_units_unknown_measure() -> None:
    with pytest.raises(ValueError, match="unknown measure"):
        compatible_units("날씨")


ATTACH: list[tuple[str, list[str | None]]] = [
    (
        "이 회사의 3분기 매출은 12조 3,000억 원, 영업이익은 1조1천685억 원으로 집계됐다.",
        [None, "매출", "영업이익"],
    ),
    ("3분기 영업이익 1조원, 매출 5조원", [None, "영업이익", "매출"]),
    ("영업이익은 전년 대비 20% 증가한 1조원을 기록했다.", ["상승폭", "영업이익"]),
    ("영업이익률은 12.5%로 개선됐다.", ["영업이익률"]),
    ("메타는 5.92%의 금리로 300억 달러 규모의 회사채를 발행했다.", ["금리", "발행액"]),
    ("1조원 규모의 투자를 단행한다.", ["투자"]),
    ("이 분기 매출과 순손실은 각각 6천490억원과 1천667억원이었다.", ["매출", "순손실"]),
    ("Revenue and net income were $35.1 billion and $19.3 billion, respectively.", ["매출", "순이익"]),
    ("한국은행은 기준금리를 연 3.0%에서 2.75%로 0.25%포인트 내렸다.", ["기준금리", "기준금리", "인하폭"]),
    ("국채 10년물 금리는 0.05%p 내린 4.5%를 기록했다.", [None, "하락폭", "금리"]),
    ("연준은 기준금리를 25bp 인하했다.", ["인하폭"]),
    ("The Fed cut rates by 25 basis points to 4.5%.", ["인하폭", "금리"]),
    ("Nvidia's third-quarter revenue rose 62% to $57 billion.", ["상승폭", "매출"]),
    ("Operating income was $1.2 billion, down 5%.", ["영업이익", "하락폭"]),
    ("Shares closed at $100.", ["종가"]),
    # the measure a figure is compared with is not its owner; the one in its parentheses is
    ("상장일 종가는 공모가 대비 약 10% 하락한 5만5800원을 기록했다.", ["하락폭", "종가"]),
    # … and the noun compared, all its words ("투자주식 자산에도 못 미치는"); a particle ends the noun
    ("조광피혁 시가총액은 투자주식 자산에도 못 미치는 3418억원에 불과하다.", ["시가총액"]),
    ("영업이익은 매출보다 적은 500억원이다.", ["영업이익"]),
    # a measure the figure serves ("인수를 위해", "매각 성사를 위한") is not its owner
    ("한빛은 한별 인수를 위해 190억원 규모의 전환사채를 발행했다.", ["발행액"]),
    ("한빛은 한별 매각 성사를 위해 대여했던 자금 220억원의 채권을 넘겼다.", [None]),
    ("한빛은 한별을 인수 금액 300억원에 인수했다.", ["인수 금액"]),
    # a sum something changes hands for ("…주를 48억원에 넘기는", "…을 300억원에 사들였다") is the deal's
    ("한빛이 보유한 한별 주식 10만주 중 2만9000주를 48억원에 넘기는 내용이다.", [None, None, "인수 금액"]),
    ("한빛은 다온 지분을 300억원에 사들였다.", ["인수 금액"]),
    ("한빛 매출은 300억원에 그쳤다.", ["매출"]),
    (
        "한빛은 2027년까지 현금배당과 자사주 매입을 통해 총 3조7000억원의 주주환원을 추진한다.",
        [None, "주주환원"],
    ),
    # forms the research houses and IPO stories use: 적정주가, 공모금, a stake's 취득
    ("리서치알음은 적정주가로 2만3000원을 제시했다.", ["목표주가"]),
    ("이번 상장으로 약 167억원의 공모금을 조달한다.", ["조달액"]),
    ("공모 규모는 300억원이다.", ["조달액"]),
    ("취득 금액은 400억원이다.", ["인수 금액"]),
    (
        "공모가(6만 1900원) 대비 6100원 내린 5만5800원에 거래를 마쳤다.",
        ["공모가", "하락폭", "주가"],
    ),  # the close of whatever is priced: 주가 and 종가 answer for each other
    ("넷플릭스 주가는 17일 2.4% 오른 113.8달러에 거래를 마쳤습니다.", [None, "상승폭", "주가"]),
    (
        "코스닥 지수는 전 거래일보다 24.49포인트(3.36%) 하락한 703.80에 거래를 마쳤다.",
        ["하락폭", "하락폭", "지수"],
    ),
    ("원·달러 환율은 전일보다 3.2원 오른 1,450.3원에 마감했다.", ["상승폭", "환율"]),
    ("코스피 시가총액 1위 삼성전자는 5만3000원에 마감했다.", [None, "주가"]),
    ("코스피 상장사 누리항공은 이날 2395원에 거래가 마감됐다.", ["주가"]),  # (the passive close)
    ("누리컴퓨팅의 국내 투자자 보유액은 5억1214만달러다.", ["보유액"]),
    ("노보노디스크 주가는 임상 실패 소식에 10% 떨어졌다.", ["하락폭"]),
    ("이더리움과 리플도 각각 6.58%, 9.21% 떨어졌다.", ["하락폭", "하락폭"]),
    (
        "주가가 공모가(3000원)를 48.17%(1445원) 밑돌고 있다.",
        ["공모가", "하락폭", "하락폭"],
    ),  # below it by so much
    # a market wrap's signed change after a name: its sign says which way
    ("반면 한빛제약(-4.74%), 누리바이오(+1.66%)는 약세 마감했다.", ["하락폭", "상승폭"]),
    ("매출은 1조원(-5%)이다.", ["매출", "하락폭"]),
    # … or, unsigned, the way the clause after the list says its names went
    ("한빛로보(0.94%), 누리봇(12.96%) 등 로봇주가 강세를 이어갔다.", ["상승폭", "상승폭"]),
    ("가온(-0.13%) 등은 하락했고, 다온(0.34%), 나온(9.61%) 등은 상승했다.", ["하락폭", "상승폭", "상승폭"]),
    ("한빛은 점유율(12%)로 1위에 올랐다.", ["점유율", None]),
    ("영업이익률(1-2%)", [None, "영업이익률"]),
    ("다우 0.28%↓·나스닥 1.20%↓ 마감", ["하락폭", "하락폭"]),
    ("목표주가를 10만원에서 12만원으로 올렸다.", ["목표주가", "목표주가"]),
    # the size of the noun phrase "규모의" opens, however many words describe it, up to a word's particle
    (
        "가온은 약 2930억원 규모의 액화천연가스(LNG) 복합화력발전 배열회수보일러(HRSG) 공급 계약을 체결했다.",
        ["수주"],
    ),
    ("5000억원 규모의 회사채 수요예측에서 2조원의 주문이 몰렸다.", [None, "주문액"]),
    ("NH투자증권은 목표주가를 10만8천→6만원으로 내렸다.", ["목표주가", "목표주가"]),
    ("목표 주가를 기존 1만7000원에서 2만1000원으로 올리고", ["목표주가", "목표주가"]),  # written apart
    ("시장점유율은 35%다.", ["점유율"]),
    ("매출 규모는 3조원이다.", ["매출"]),
    ("코스피 지수는 2,500.3에 장을 마쳤다.", ["지수"]),
    ("판매량은 4만 1,300대로 집계됐다.", ["판매량"]),
    ("PER 12배, PBR 1.2배 수준이다.", ["PER", "PBR"]),
    ("외국인 투자자는 1조원을 순매도했다.", ["순매도"]),
    ("외국인은 3,000억원 순매수했다.", ["순매수"]),
    ("10조원을 투자해 공장을 짓는다.", ["투자"]),
    ("중국 주식을 30만달러(약 4억5000만원) 규모로 순매도했다.", ["순매도", "순매도"]),
    ("기준금리가 25bp 인하될 확률은 17.0%까지 내려갔다.", ["인하폭", "확률"]),
    # a unit the measure does not take is not its figure
    ("금리는 1조원 규모다.", [None]),
    ("금리 인하 기대에 코스피는 2,500선을 회복했다.", [None]),
    # not across a sentence end
    ("매출은 크게 늘었다. 그 뒤 3조원을 기록했다.", [None]),
    ("금리는 5%다.3조원이 남았다.", ["금리", None]),
    # inflows told by their verb
    ("IBIT에만 9억1000만 달러가 몰렸고, FBTC에도 1억8000만 달러가 들어왔다.", ["유입액", "유입액"]),
    # set "as" a measure: the measure after it, not the one before ("유입이 없을 경우 … 가격으로")
    ("추가 유입이 없을 경우 8만2천달러를 예상 가격으로 제시했다.", ["가격"]),
    # a link word after the amount and its conversion reaches the verb it is the object of
    ("180억 달러(약 26조 원) 규모의 투자등급 채권을 발행했다.", ["발행액", "발행액"]),
    # a fund's value per unit is not its assets
    ("1주의 순자산가치는 2만2237원이고 순자산은 8035억원이다.", [None, "순자산가치", "자산"]),
    # times are not figures of a measure
    ("11월 25일 영업이익", [None, None]),
    # a list of names each with its figure shares the measure the last one is told with
    (
        "한빛보험이 5000억원, 누리화재와 다온생명이 각각 3000억원 규모 후순위채를 발행했다.",
        ["발행액", "발행액"],
    ),
    ("가온은 2251억원, 누리는 2217억원의 순이익을 냈다.", ["순이익", "순이익"]),
    ("주가는 5만원, 거래량은 100만주를 기록했다.", ["주가", "거래량"]),  # (each its own measure)
    # the amount a move went to, named by no measure word, is the price it stands at
    (
        "누리코인은 3.88% 하락한 169.79달러, 가온코인은 4.91% 감소한 2.43달러를 나타냈다.",
        ["하락폭", "가격", "하락폭", "가격"],
    ),
    ("매출은 10% 증가한 100억원이다.", ["상승폭", "매출"]),  # (a measure word says what it is)
    ("가온칩도 202.13달러에서 215.66달러로 회복했다.", ["가격", "가격"]),  # moved from one level to another
    ("목표주가를 10만원에서 12만원으로 올렸다.", ["목표주가", "목표주가"]),
    # the size of the noun phrase "규모의" opens, however many words describe it, up to a word's particle
    (
        "가온은 약 2930억원 규모의 액화천연가스(LNG) 복합화력발전 배열회수보일러(HRSG) 공급 계약을 체결했다.",
        ["수주"],
    ),
    ("5000억원 규모의 회사채 수요예측에서 2조원의 주문이 몰렸다.", [None, "주문액"]),
]


@pytest.mark.parametrize(("text", "expected"), ATTACH, ids=[t for t, _ in ATTACH])
def test_attach(text: str, expected: list[str | None]) -> None:
    qs = find_quantities(text)
    assert len(qs) == len(expected), [q.text for q in qs]
    assert attach(text, qs) == expected


def test_attach_windows() -> None:
    far = "매출은 " + "가" * BEFORE_WINDOW + " 3조원"
    assert attach(far, find_quantities(far)) == [None]
    near = "매출은 " + "가" * (BEFORE_WINDOW - 5) + " 3조원"
    assert attach(near, find_quantities(near)) == ["매출"]
    after = "3조원을 " + "가" * AFTER_WINDOW + " 투자"
    assert attach(after, find_quantities(after)) == [None]
    after = "3조원을 가 투자"
    assert attach(after, find_quantities(after)) == ["투자"]


def test_attach_closer_measure_wins() -> None:
    text = "매출 대비 영업이익은 3조원"
    assert attach(text, find_quantities(text)) == ["영업이익"]
    text = "영업이익 대비 매출은 3조원"
    assert attach(text, find_quantities(text)) == ["매출"]


def test_attach_empty() -> None:
    assert attach("영업이익은 늘었다", []) == []


def test_compatible_units_are_units_the_parser_gives() -> None:
    from rag.units import FX_UNITS, UNIT_TABLE

    known = {unit for unit, _, _ in UNIT_TABLE} | FX_UNITS | {""}
    for measure in MEASURES:
        assert compatible_units(measure) <= known, measure


def test_the_band_an_ipo_offers_is_its_offer_price():
    """A company going public states the band its price will be set in ("희망 공모가 범위", "희망공모밴드",
    "공모 희망가 밴드"): what a reader asks as its 공모가 before the price is set."""
    from rag.measures import find_measures, question_measures

    for text in ("희망 공모가 범위는 1만3000~1만5000원이다.", "희망공모밴드는 1만1500~1만3500원이다.",
                 "희망공모 범위는 1만1500~1만3500원이다.", "희망 밴드는 1만900~1만3000원이다."):  # fmt: skip
        assert find_measures(text)[0][0] == "공모가" and find_measures(text)[0][1][0] == 0, text
    assert question_measures("가온로보틱스 공모 희망가 밴드는 얼마로 잡혔어?") == ["공모가"]


def test_an_english_clause_telling_the_news_a_move_followed_asks_no_measure():
    """ "How far did X shares fall after it said sales … were weak?": the fall; the sales are the news."""
    from rag.measures import news_clause, question_measures

    q = "How far did Hanbit shares fall after it said sales of its Nuri cables were weak?"
    assert question_measures(q) == ["하락폭"]
    assert q[news_clause(q) :].startswith(" after")
    assert question_measures("How much did Hanbit revenue rise after the merger?") == ["상승폭", "매출"]
    assert news_clause("What was Hanbit's revenue after the merger?") is None  # no move asked


def test_a_convertible_bonds_conversion_price_is_a_measure_of_its_own():
    """ "4회차 CB 전환가액은 얼마로 내려갔어?" asks the price a bond converts at, which a sentence states as
    such; never another figure of the bond (its size, 101억원)."""
    from rag.measures import find_measures, question_measures

    assert question_measures("가온에이알티 4회차 CB 전환가액은 얼마로 내려갔어?") == ["전환가액"]
    text = "가온에이알티는 지난달 31일 4회차 CB의 전환가액이 3245원에서 2877원으로 낮아졌다고 공시했다."
    assert [m for m, _ in find_measures(text)] == ["전환가액"]
    assert find_measures("전환가능한 물량은 100만주다") == []


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        # a bond's tenor, then a level in %: its yield, the bp before it the change
        ("5년물은 전거래일 대비 0.2bp 오른 2.715%를, 10년물은 1.9bp 오른 2.849% 마감했다.", [2.715, 2.849]),
        ("5년물과 2년물은 각각 2.1bp, 0.5bp 하락해 연 2.711%, 연 2.688%에 마감했다.", [2.711, 2.688]),
        # a measure word between them owns the figure
        ("10년물 국채 발행 물량의 30%를 외국인이 샀다.", []),
    ],
)
def test_a_level_in_percent_after_a_bonds_tenor_is_its_yield(text, levels):
    qs = find_quantities(text)
    got = attach(text, qs)
    assert [q.value for q, m in zip(qs, got, strict=True) if m == "금리"] == levels
    assert all(m in ("상승폭", "하락폭") for q, m in zip(qs, got, strict=True) if q.unit == "bp")


def test_respectively_pairs_the_figures_after_the_moves_in_percent():
    text = "에코프로에이치엔의 4분기 영업이익과 매출은 각각 6%, 68.3% 증가한 76억원, 800억원을 기록했다."
    qs = find_quantities(text)
    got = dict(zip((q.value for q in qs), attach(text, qs), strict=True))
    assert got[7600000000.0] == "영업이익" and got[80000000000.0] == "매출"
    assert got[6.0] == got[68.3] == "상승폭"
    text = "영업이익률과 순이익률은 각각 6%, 8%였다."  # (rates asked in %: the first run is theirs)
    qs = find_quantities(text)
    assert attach(text, qs) == ["영업이익률", "순이익률"]


def test_an_amount_after_a_move_told_with_its_percent_in_brackets_is_a_price():
    text = "유니온은 전 거래일 대비 310원(4.72%) 오른 6880원을 기록 중이다."
    qs = find_quantities(text)
    assert attach(text, qs) == ["상승폭", "상승폭", "가격"]
