from datetime import date

import pytest

from rag.aliases import Aliases
from rag.periods import anchor_date, parse_period, period_conflict
from rag.slots import direction, parse_slots, qualifiers_named

ALIASES = Aliases([["한빛자동차", "한빛차", "Hanbit Motor"], ["LG CNS", "엘지씨엔에스"]])
KNOWN = [date(2025, 2, d) for d in (5, 6, 7, 9)]  # a Saturday (the 8th) without briefings
TODAY = date(2026, 11, 27)


def slots(q):
    return parse_slots(q, ALIASES, KNOWN, TODAY)


def test_subject_measure_and_period():
    s = slots("한빛차 3분기 영업이익은?")
    assert [x.name for x in s.subjects] == ["한빛차"]
    assert {"한빛자동차", "hanbitmotor"} <= s.subjects[0].keys  # every alias of the name
    assert s.measures[0] == "영업이익"
    assert s.period.quarter == 3 and s.period.text == "3분기"
    assert s.days == () and s.date_range is None


def test_english_question_keeps_only_names():
    s = slots("What was Hanbit Motor's third-quarter revenue?")
    assert [x.name for x in s.subjects] == ["hanbitmotor"]
    assert s.measures[0] == "매출" and s.period.quarter == 3


def test_a_two_word_name_the_aliases_know_replaces_its_parts():
    assert [x.name for x in slots("LG CNS 주가는?").subjects] == ["lgcns"]


def test_a_name_inside_another_is_asked_only_when_written_on_its_own():
    # "한빛차" inside "한빛자동차"-like names is no name of its own; written apart it is another company
    assert [x.name for x in slots("한빛차정밀이 보유한 한빛차 지분율은 몇 %야?").subjects] == [
        "한빛차정밀",
        "한빛차",
    ]
    assert [x.name for x in slots("한빛차정밀 주가는?").subjects] == ["한빛차정밀"]
    from rag.subjects import _alone

    # (the longer name as its key has it, without the question's spaces)
    assert not _alone("What is the market value of Seven & i Holdings?", "seven", "seven&iholdings")
    assert _alone("영풍정밀이 보유한 영풍 지분율은?", "영풍", "영풍정밀")


def test_named_day_and_a_day_the_briefings_do_not_have():
    assert slots("2월 6일 브리핑에서 한빛차 주가는?").days == (date(2025, 2, 6),)
    s = slots("11월 25일 한빛차 주가는?")  # not a briefing date: kept, so nothing can answer for it
    assert s.days == (date(2025, 11, 25),) and s.day_text == "11월 25일"


@pytest.mark.parametrize(
    "question, date_range",
    [  # from the start of the period to the newest briefing (the 9th): what happened is reported since
        ("어제 한빛차 주가는?", (date(2025, 2, 8), date(2025, 2, 9))),
        ("이번 주 한빛차 주가는?", (date(2025, 2, 3), date(2025, 2, 9))),
        ("지난주 한빛차 주가는?", (date(2025, 1, 27), date(2025, 2, 9))),
        ("지난달 한빛차 판매량은?", (date(2025, 1, 1), date(2025, 2, 9))),
        ("이달 한빛차 판매량은?", (date(2025, 2, 1), date(2025, 2, 9))),
    ],
)
def test_relative_days_resolve_against_the_newest_briefing(question, date_range):
    s = slots(question)
    assert (s.days, s.date_range) == ((), date_range)


def test_a_name_that_describes_another_company_is_not_the_subject():
    assert [x.name for x in slots("한빛차 모회사의 매출은?").subjects] == []
    assert [x.name for x in slots("한빛차가 만드는 전기차 판매량은?").subjects] == []


def test_a_place_is_the_subject_only_when_nothing_else_is():
    assert [x.name for x in slots("미국 한빛차 판매량은?").subjects] == ["한빛차"]
    assert [x.name for x in slots("미국 10년물 국채 금리는?").subjects] == ["미국"]


def test_anchor_is_the_newest_briefing_not_after_today():
    assert anchor_date(KNOWN, date(2025, 2, 6)) == date(2025, 2, 6)
    assert anchor_date(KNOWN, TODAY) == date(2025, 2, 9)
    assert anchor_date([], TODAY) is None


@pytest.mark.parametrize(
    "question, sentence, published, conflict",
    [
        ("3분기 영업이익은?", "4분기 영업이익은 1조 원이다.", date(2025, 2, 5), True),
        ("3분기 영업이익은?", "3분기 영업이익은 1조 원이다.", date(2025, 2, 5), False),
        ("3분기 영업이익은?", "영업이익은 1조 원이다.", date(2025, 2, 5), False),  # no period: the article's
        ("3분기 영업이익은?", "내년 영업이익은 60조 원을 넘을 전망이다.", date(2025, 2, 5), True),  # a year
        ("작년 4분기 매출은?", "2024년 4분기 매출은 3조 원이다.", date(2025, 2, 5), False),
        ("작년 4분기 매출은?", "지난해 4분기 매출은 3조 원이다.", date(2025, 2, 5), False),
        ("작년 4분기 매출은?", "2023년 4분기 매출은 3조 원이다.", date(2025, 2, 5), True),
        ("상반기 매출은?", "하반기 매출은 3조 원이다.", date(2025, 2, 5), True),
        ("작년 연간 매출액은?", "작년(1~9월) 한빛화학 매출액은 418억원이다.", date(2025, 2, 5), True),
        ("작년 매출은?", "지난해 1∼11월 매출은 9조 원이다.", date(2025, 2, 5), True),
        ("작년 매출은?", "지난해 1~12월 매출은 9조 원이다.", date(2025, 2, 5), False),
        ("10월 매출은?", "10월 매출은 9조 원이다.", date(2025, 11, 5), False),
        # an English whole year with no year named: the last one reported, not a quarter's
        (
            "What was Hanbit's revenue for the year?",
            "4분기 매출은 2조 8856억원이다.",
            date(2025, 2, 10),
            True,
        ),
        (
            "What was Hanbit's full-year revenue?",
            "지난해 매출액은 10조7377억원이다.",
            date(2025, 2, 10),
            False,
        ),
    ],
)
def test_period_conflicts(question, sentence, published, conflict):
    assert period_conflict(parse_period(question), sentence, published) is conflict


def test_direction_of_a_change():
    assert direction("주가는 얼마나 떨어졌나?") == -1
    assert direction("주가는 5% 오른 3만 원에 마감했다.") == 1
    assert direction("올랐다가 떨어졌다") == 0
    assert slots("한빛차 주가는 얼마나 떨어졌나?").direction == -1


def test_capitalised_words_the_aliases_know_are_one_name():
    assert [x.name for x in slots("What was Hanbit Motor's operating profit?").subjects] == ["hanbitmotor"]
    # a sentence-initial capital is not a name
    assert [x.name for x in slots("At what price did Hanbit Motor close?").subjects] == ["hanbitmotor"]


def test_press_hanja_short_forms_are_spelled_out():
    from rag.korean import name_key

    assert name_key("키움證") == name_key("키움증권") and name_key("효성重") == name_key("효성중공업")
    assert name_key("가온百") == name_key("가온백화점") and name_key("누리車") == name_key("누리자동차")
    assert name_key("美") == "美"  # a one-character name stays


@pytest.mark.parametrize(
    "question, qualifiers",
    [
        ("한빛차 작년 해외주식 수수료 수익은?", ("해외주식",)),
        ("한빛차 1월 미국 판매량은?", ("미국",)),  # a place narrows the measure
        ("한빛차 작년 영업이익은?", ()),  # a period is not a qualifier
        ("한빛차 연결 기준 매출은?", ()),
        ("한빛차가 작년에 거둔 영업이익은?", ()),  # a verb narrows nothing
        ("한빛차 가장 큰 매출은?", ()),  # nor an adverb or adjective
        ("아이폰 제조사 주가는?", ()),  # the kind of company a description ends with
        ("한빛 ETF 1년 수익률은?", ("1년",)),  # a return over a year, not over 6 months
        ("한빛차 40년 만기 채권 금리는?", ("채권",)),
        ("한빛 ETF에 일주일 동안 들어온 돈은?", ()),  # how long is no word a sentence must say
        ("한빛차 다음 분기 예상 매출은?", ()),  # a forecast is asked by Slots.forecast, not by the word
        ("한빛차가 공공보험에 적용하기로 한 가격은?", ("공공보험",)),  # what a clause's verb applies to
        ("한빛차가 유럽에 적용하기로 한 가격은?", ("유럽",)),  # a place too
        ("2월 19일 한빛차 홍콩 증시 종가는?", ()),  # the market is where, not which close
        ("2월 7일 기사 기준 한빛차의 직전 거래일 종가는?", ()),  # a day told by trading days is when
        (
            "한빛차 최대주주 지분 양수도 대금은?",
            (),
        ),  # a form of a measure asked (지분: 지분율) is no qualifier
    ],
)
def test_the_word_before_the_measure_must_be_named_too(question, qualifiers):
    assert slots(question).qualifiers == qualifiers


def test_forecasts_are_told_from_reported_figures():
    from rag.slots import is_forecast

    assert is_forecast("영업이익은 2조원을 상회할 것으로 봤다.")
    assert is_forecast("올해 매출 가이던스는?") and slots("한빛차 올해 영업이익 전망치는?").forecast
    assert slots("한빛차가 예상하는 올해 압출 부문 매출은?").forecast  # the figure the company expects
    assert not slots("한빛차의 올해 압출 부문 매출은?").forecast
    assert slots(
        "한빛차가 일본 법인 인수에 쓰는 금액은 얼마로 추정돼?"
    ).forecast  # how much it is expected to be
    assert slots("한빛차 올해 매출 성장률은 몇 %로 전망했어?").forecast
    assert not slots("한빛차 인수에 쓴 금액은 얼마야?").forecast
    assert not is_forecast("영업이익은 시장 예상치를 웃돈 1조원으로 집계됐다.")
    assert not is_forecast("목표주가를 30만 원으로 올렸다.")  # a target price is a reported figure
    assert is_forecast("8만9000달러 부근까지 밀릴 수 있다고 경고했다.")  # what may happen
    assert is_forecast("올해 말까지 미국채 10년물은 4.34%로 산출된다")  # a projection
    assert is_forecast("광고 매출은 올해 5조4750억원으로 늘어날 것으로 관측했다.")
    assert not is_forecast("투자 규모는 약 400억 달러로 추산됩니다.")  # an estimate of what was done
    assert is_forecast("추가 하락 여력은 제한적일 수도 있다.") and not is_forecast("수수료 수익은 3조원이다.")
    # a forecast a reported figure is measured against does not make it one; a forecast told is one
    assert not is_forecast("연결기준 매출 7조원, 영업이익 4500억원으로 시장 전망치에 부합했다.")
    assert not is_forecast("영업이익은 900억원으로 컨센서스(700억원)를 크게 상회했다.")
    assert not is_forecast("순이익은 추정치를 밑돈 300억원이었다.")
    assert not is_forecast("가온은 4분기 시장 전망치(1천871억원)를 58% 웃돈 2천958억원의 영업이익을 올렸다.")
    assert is_forecast("영업이익 전망치는 1조원이다.") and is_forecast("전망치를 웃돌 것으로 예상된다.")
    # … nor a forecast in a clause that describes the subject the sentence then reports on
    assert not is_forecast(
        "결과가 상반기 중 발표될 것으로 예상되는 한빛은 이날 5% 오른 1만원에 거래를 마쳤다."
    )
    assert is_forecast("한빛은 1만2000원까지 오를 것으로 예상되는 종목이다.")
    # an IPO's book-building (수요예측) is not a forecast; a 예측 is
    assert not is_forecast("수요예측을 진행한 결과 공모가를 9000원으로 확정했다.")
    assert is_forecast("매출은 5조원으로 예측된다.")
    # what may come: "…을 조달할 가능성이 있다", "…을 모을 것이라고 예상하기도 했다"; not what came ("기록한 것으로")
    assert is_forecast("50억달러 이상의 자금을 조달할 가능성이 있다고 전했다.")
    assert is_forecast("최대 78억달러를 모을 것이라고 예상하기도 했다.")
    assert not is_forecast("영업이익은 500억원을 기록한 것으로 나타났다.")
    # asked by a noun: "예상 매출", "예상치"; beating expectations asks an actual figure, and a firm's
    # estimate ("하나증권이 전망한") is told as a figure the firm gave ("…을 제시했다"), not as a forecast
    assert slots("한빛차 다음 분기 예상 매출은?").forecast and not slots("한빛차가 전망한 매출은?").forecast
    assert (
        slots("한빛차 매출 예상치는?").forecast and not slots("한빛차 매출은 시장 예상을 웃돌았나?").forecast
    )


def test_a_year_a_bond_matures_in_is_not_the_period_asked():
    assert parse_period("한빛차 2031년 만기 채권 금리는?").year is None
    assert parse_period("2031년물 금리는?").year is None and parse_period("2030 만기 채권").year is None
    assert parse_period("한빛차 2024년 영업이익은?").year == 2024


def test_a_year_a_change_is_measured_from_is_not_the_figures_period():
    q = parse_period("3분기 매출은?")
    sent = "한빛차 전체 매출은 1,131억 위안으로 지난해보다 22% 늘었다."
    assert not period_conflict(q, sent, date(2025, 11, 18))
    assert not period_conflict(q, "매출은 전년 같은 기간 대비 10% 늘었다.", date(2025, 11, 18))
    assert not period_conflict(q, "Revenue rose 22% from a year earlier.", date(2025, 11, 18))
    assert period_conflict(q, "지난해 매출은 9조 원이다.", date(2025, 11, 18))  # the year's own figure
    assert period_conflict(q, "한빛차 연간 매출은 9조 원으로 지난해보다 늘었다.", date(2025, 11, 18))


def test_a_quarter_does_not_answer_for_the_year():
    assert period_conflict(parse_period("작년 매출은?"), "지난해 4분기 매출은 3조 원이다.", date(2025, 2, 5))
    assert not period_conflict(parse_period("작년 매출은?"), "지난해 매출은 9조 원이다.", date(2025, 2, 5))


def test_to_what_level_is_not_by_how_much():
    assert slots("한빛차 영업이익은 얼마나 줄었어?").measures[0] == "하락폭"
    level = slots("한빛차 영업이익은 얼마로 줄었어?")
    assert level.measures == ("영업이익",) and not level.change and level.direction == -1
    assert slots("한빛차 부채비율은 몇 %로 낮아졌나?").measures == ("부채비율",)


def test_the_unit_a_question_names():
    assert slots("한빛차 회사채 금리는 몇 %로 정해졌어?").units == {"%", "%p"}
    assert slots("한빛차 10월 판매량은 몇 대야?").units == {"대"}
    assert slots("한빛차 가산금리는 몇 bp야?").units == {"bp", "%p"}
    assert slots("한빛차 영업이익은 얼마야?").units == frozenset()
    # a currency asked: the deal told in both is answered in that one
    assert slots("What is the value of Hanbit's licensing deal in US dollars?").units == {"달러"}
    assert slots("한빛차 계약 규모는 달러로 얼마야?").units == {"달러"}
    assert slots("한빛차 인수 금액은 원화 기준으로 얼마야?").units == {"원"}
    assert slots("한빛차 인수 금액은 얼마로 할 거야?").units == frozenset()  # (no currency: 얼마로)


def test_measures_named_as_one_list():
    assert slots("한빛차 매출과 영업이익은?").joined
    assert slots("한빛차 매출, 영업이익은 얼마야?").joined
    assert not slots("한빛차 회사채 발행 금리는?").joined


def test_two_capitalised_latin_words_are_one_name_even_unknown():
    (subject,) = slots("GQ XRV 4분기 영업이익은?").subjects
    assert subject.name == "gqxrv" and "GQ XRV" in subject.forms
    # an English question's capitalised words become one name only through the aliases
    assert [s.name for s in slots("What did Hanbit Motor earn?").subjects] == ["hanbitmotor"]
    assert [s.name for s in slots("What did Gq Xrv earn?").subjects] == ["gq", "xrv"]


def test_a_percent_asked_of_a_price_asks_for_the_gap():
    s = slots("한빛차 주가는 공모가보다 몇 % 낮게 끝났어?")
    assert s.measures[0] == "하락폭" and s.change
    assert slots("한빛차 주가는 전날보다 몇 % 높게 마감했나?").measures[0] == "상승폭"
    assert slots("한빛차 점유율은 몇 %야?").measures == ("점유율",)  # a share is in % itself


def test_the_day_a_sentence_is_as_of():
    from rag.periods import fact_day

    published = date(2025, 2, 7)
    assert fact_day("주가는 1월 2일 1만원에서 지난달 31일 1만2000원으로 내렸다.", published) == date(
        2025, 1, 31
    )
    assert fact_day("6일 한국거래소에 따르면 1만3500원에 마감했다.", published) == date(2025, 2, 6)
    assert fact_day("5거래일 만에 3일간 올랐다.", published) == published  # spans of days, not days
    assert fact_day("31일 종가(728.29) 대비 2.01% 오른 742.90에 마감했다.", published) == published
    assert fact_day("31일 종가는 2만원이다.", date(2025, 1, 5)) == date(2024, 12, 31)


def test_a_month_asked_is_not_a_span_of_months_nor_another_month():
    p = parse_period("한빛차의 10월 상하이 공장 출하량은?")
    assert p.month == 10 and p.text == "10월"
    assert period_conflict(p, "한빛차의 1~10월 누적 출하량은 48만 대다.", date(2025, 11, 3))
    assert period_conflict(p, "9월 출하량은 3만 대다.", date(2025, 11, 3))
    assert not period_conflict(
        p, "한빛차가 10월 상하이 공장에서 출하한 차량은 4만 1,300대다.", date(2025, 11, 3)
    )
    assert parse_period("11월 14일 비트코인 가격은?").month is None  # a day, not a month
    assert parse_period("10월 말 발행한 회사채 금리는?").month is None


def test_a_qualifier_the_heading_names_counts_unless_the_sentence_names_another():
    from rag.slots import qualifiers_named

    s = slots("한빛차 40년 만기 회사채 금리는?")
    assert s.qualifiers == ("회사채",)
    assert qualifiers_named(s, "40년 만기 채권의 금리는 연 5.92%로 정해졌다.", "한빛차, 역대급 회사채 발행")
    assert not qualifiers_named(s, "40년 만기 채권의 금리는 연 5.92%로 정해졌다.", "한빛차 실적")
    t = slots("한빛증권 해외주식 거래대금은?")
    assert not qualifiers_named(t, "국내주식 거래대금은 3조원이다.", "한빛증권 해외주식 점유율")


def test_a_company_described_instead_of_named():
    s = slots("불닭볶음면 만드는 회사가 작년에 낸 영업이익은 얼마야?")
    assert s.described == ("불닭볶음면",) and s.subjects == ()
    s = slots("페이스북 모회사가 미국에 투자하겠다는 금액은?")
    assert s.described == ("페이스북",) and s.subjects == ()  # the place is not the subject then
    assert slots("한빛차 채권 금리는?").described == ()
    assert slots("한빛차 회사채 금리는?").described == ()  # 회사채 is no 회사
    assert slots("한빛차가 인정받은 기업가치는?").described == ()  # nor 기업가치 a 기업
    s = slots("일본 1위 자동차 회사가 떠안는 관세 비용은?")  # a kind of company after a place
    assert s.described == ("일본",) and s.subjects == ()
    assert slots("한빛차 계열 은행이 번 순이익은?").described == ("한빛차",)


def test_a_description_keeps_its_words_and_its_kind_of_company():
    s = slots("중국 스마트폰 업체의 자동차 부문이 처음 낸 이익은?")
    assert s.described == ("중국",) and s.description == ("중국", "스마트폰", "업체")
    s = slots("미국 최대 유통업체의 온라인 판매는 얼마나 늘었나?")  # a kind in one word with a trade
    assert s.subjects == () and s.description == ("미국", "최대", "유통", "업체")
    assert slots("AWS를 운영하는 회사의 고객 기관은 몇 곳인가?").description == ("AWS", "운영하는")
    assert slots("한빛차 주가는?").description == ()
    assert slots("한빛은행 인터넷은행 순이익은?").described == ()  # only 업체/회사/기업 are written so


def test_a_currency_pair_before_the_measure_is_one_qualifier():
    s = slots("원·달러 환율은 얼마야?")
    assert s.qualifiers == ("원·달러",)
    assert qualifiers_named(s, "원/달러 환율은 1444원이다.") and qualifiers_named(s, "원·달러 환율은 올랐다.")
    assert not qualifiers_named(s, "엔·달러 환율은 153.27엔을 나타냈다.")


def test_a_measure_word_inside_a_description_is_what_the_company_does_not_what_is_asked():
    s = slots("대만 반도체 위탁생산 업체가 웨이퍼 값을 얼마나 올리나?")
    assert s.described == ("대만",) and "생산량" not in s.measures and s.measures[-1] == "가격"
    s = slots("한빛차가 지금까지 사들인 자기 회사 주식은 모두 얼마어치야?")  # the company named first
    assert "자사주" in s.measures  # 자기 회사 주식: the shares it bought back, not a description's word


def test_a_place_a_figure_was_made_in_narrows_it():
    assert slots("한빛차가 10월 유럽에서 판매한 차량은 몇 대인가?").qualifiers == ("유럽",)
    assert slots("한빛차 10월 판매량은?").qualifiers == ()


def test_a_verb_kiwi_takes_for_a_noun_alone_is_told_in_its_sentence():
    assert slots("한빛차 회사채 발행에 몰린 주문 규모는?").qualifiers == ()


def test_a_day_of_month_alone_is_the_latest_such_day():
    s = slots("한빛차 6일 종가는?")
    assert s.days == (date(2025, 2, 6),) and s.day_text == "2월 6일" and not s.by_briefing
    assert slots("한빛차 31일 종가는?").days == (date(2025, 1, 31),)
    assert slots("한빛차 주가는 3일간 올랐나?").days == ()
    assert slots("2월 6일 브리핑에서 한빛차 주가는?").by_briefing


def test_the_firm_whose_estimate_is_asked_is_not_the_subject():
    aliases = Aliases([["한빛자동차", "한빛차"], ["가람증권"], ["누리증권"]])

    def slots(q):
        return parse_slots(q, aliases, KNOWN, TODAY)

    s = slots("가람증권이 본 한빛차 4분기 순익은?")
    assert [x.name for x in s.subjects] == ["한빛차"] and s.attributed == ("가람증권",)
    s = slots("가람증권이 제시한 누리증권 목표주가는?")  # two brokerages: the one that 제시한
    assert [x.name for x in s.subjects] == ["누리증권"] and s.attributed == ("가람증권",)
    s = slots("한빛차 가람증권 목표주가는?")  # a brokerage right before a target price
    assert [x.name for x in s.subjects] == ["한빛차"]
    assert slots("가람증권과 누리증권 영업이익은?").attributed == ()
    # in English, a firm that "set" (or whose "price target" is) one "for" a company: an investment bank
    # that is no 증권 is still the one whose estimate is asked
    bank = Aliases([["한빛자동차", "Hanbit Motor"], ["가람은행", "Garam Bank"], ["다온", "Daon"]])
    s = parse_slots("What price target did Daon set for Hanbit Motor?", bank, KNOWN, TODAY)
    assert [x.name for x in s.subjects] == ["hanbitmotor"] and "daon" in s.attributed, s
    s = parse_slots("What is Daon's price target for Hanbit Motor?", bank, KNOWN, TODAY)
    assert [x.name for x in s.subjects] == ["hanbitmotor"] and "daon" in s.attributed, s
    s = parse_slots("What was the revenue of Daon and Hanbit Motor?", bank, KNOWN, TODAY)
    assert s.attributed == ()


def test_an_outlook_asked():
    from rag.slots import is_forecast

    assert is_forecast("한빛차 주가 전망은?") and is_forecast("증권사들은 실적 전망을 낮췄다")
    assert not is_forecast(
        "배심원은 한빛이 누리에 손해배상금을 지급할 것을 평결했다."
    )  # an order, not an outlook
    assert is_forecast("영업이익은 1조원에 달할 것으로 보인다.")


def test_latest_asked():
    assert slots("한빛차 주가는 지금 얼마야?").latest and slots("한빛차 최근 실적은?").latest
    assert not slots("한빛차 주가는?").latest


def test_a_time_ago_and_a_crossing_asked():
    from rag.slots import says_ago

    s = slots("한빛차 주가는 1년 전에는 얼마였나?")
    assert (
        s.ago == "1년전"
        and says_ago(s, "1년 전 1만6720원이던 주가는")
        and not says_ago(s, "주가는 2만원이다")
    )
    assert slots("한빛차 3년 전망은?").ago == "" and not slots("한빛차 주가는?").crossing
    assert slots("한빛차 시가총액이 처음 넘어선 금액은?").crossing


def test_the_news_a_figure_is_tied_to():
    from rag.slots import event_words

    assert event_words("한빛차 주가는 임상 실패 소식에 얼마나 떨어졌나?") == ("임상", "실패")
    assert slots("한빛차 주가는 실적 발표 후 얼마나 올랐나?").event == ("실적",)  # the subject is no news
    assert event_words("한빛차 주가는?") == ()


def test_a_kind_of_company_is_not_a_subject():
    aliases = Aliases([["누리증권", "누리證"]])
    headlines = {
        "증권사": 3,
        "퇴직연금": 2,
        **{f"w{i}": 1 for i in range(200)},
    }  # the first word, rarely in titles
    slots = parse_slots(
        "증권사 퇴직연금 적립액에서 누리증권 규모는?", aliases, [], date(2025, 2, 9), headlines
    )
    assert [s.name for s in slots.subjects] == ["누리증권"]


def test_a_sentence_that_names_no_period_tells_its_storys():
    from rag.periods import Period, story_period_conflict

    heading = "누리전자 3분기 매출 561억 달러"
    assert story_period_conflict(Period(quarter=4), "직전 분기 매출은 467억 달러였다.", heading, None)
    assert not story_period_conflict(Period(quarter=3), "직전 분기 매출은 467억 달러였다.", heading, None)
    assert not story_period_conflict(Period(quarter=4), "4분기 매출 전망은 630억 달러다.", heading, None)
    assert not story_period_conflict(Period(quarter=4), "매출은 467억 달러였다.", "누리전자 실적", None)


def test_a_central_bank_is_not_a_company_a_place_describes():
    slots = parse_slots(
        "일본 중앙은행이 금리를 동결한 뒤 엔화는 달러당 얼마까지 약해졌나?", Aliases(), [], date(2025, 2, 9)
    )
    assert not slots.described and [s.name for s in slots.subjects] == ["일본"]


def test_a_list_joined_by_a_middle_dot_is_not_one_name():
    aliases = Aliases([["누리전자", "누리"], ["가람반도체", "가람"]])
    slots = parse_slots("누리전자·가람반도체 주가는?", aliases, [], date(2025, 2, 9))
    assert {s.name for s in slots.subjects} == {"누리전자", "가람반도체"}
    slots = parse_slots(
        "아마존이 미국 정부 AI·슈퍼컴퓨터 인프라에 투자하는 금액은?",
        Aliases([["아마존"]]),
        [],
        date(2025, 2, 9),
    )
    assert [s.name for s in slots.subjects] == ["아마존"]  # not "ai슈퍼컴퓨터"


@pytest.mark.parametrize(
    "text, published, day",
    [
        (
            "5일 한국거래소에 따르면 전날 유가증권시장에서 누리전자는 전일 대비 3% 오른 5만원에 거래를 마쳤다.",
            5,
            4,
        ),
        (
            "6일 한국거래소에 따르면 지난 5일 누리전자 주가는 5% 오른 4만원에 마감했다.",
            6,
            5,
        ),  # the report's day aside
        ("이날 누리전자 주가는 전일 대비 3% 오른 5만원에 마감했다.", 5, 5),  # 전일 대비: a base, not the day
        ("누리전자는 전날보다 200원 오른 5만원에 거래를 마쳤다.", 5, 5),
        ("6일 한국거래소에 따르면 누리전자는 5만원에 마감했다.", 7, 6),
        ("8일 한국거래소에 따르면 누리전자는 지난달 31일부터 이날까지 24% 올랐다.", 8, 8),  # as of 이날
    ],
)
def test_the_day_of_a_fact_is_not_the_day_it_was_reported(text, published, day):
    from rag.periods import fact_day

    assert fact_day(text, date(2025, 2, published)) == date(2025, 2, day)


def test_a_sentence_that_names_only_an_earlier_year_is_as_of_that_year():
    from rag.periods import fact_day

    published = date(2025, 2, 6)
    assert fact_day("앞서 누리운용은 2020년 11월 총보수를 0.07%로 낮췄다.", published) == date(2020, 12, 31)
    assert fact_day("누리운용은 총보수를 0.0068%로 낮췄다.", published) == published
    assert fact_day("2031년 만기 채권은 92센트에 거래됐다.", published) == published  # a maturity, not a date


def test_a_place_an_english_question_sets_the_figure_in_is_a_qualifier_as_the_briefings_write_it():
    aliases = Aliases([["한빛자동차", "Hanbit Motor"], ["상하이", "Shanghai"], ["유럽", "Europe"]])
    s = parse_slots("How many cars did Hanbit Motor ship from its Shanghai factory?", aliases, KNOWN, TODAY)
    assert s.qualifiers == ("상하이",) and [x.name for x in s.subjects] == ["hanbitmotor"]
    assert parse_slots("What were Hanbit Motor's sales in Europe?", aliases, KNOWN, TODAY).qualifiers == (
        "유럽",
    )
    assert parse_slots("What were Hanbit Motor's sales in October?", aliases, KNOWN, TODAY).qualifiers == ()
    assert parse_slots("What was the revenue of Hanbit Motor?", aliases, KNOWN, TODAY).qualifiers == ()


def test_last_week_ends_on_its_sunday_and_a_figure_dated_after_it_is_another_weeks():
    from rag.periods import dated_after

    thursday = date(2025, 11, 27)
    s = parse_slots("지난주 한빛차 ETF 순유입액은?", ALIASES, [thursday], thursday)
    assert s.date_range == (date(2025, 11, 17), thursday) and s.period_end == date(2025, 11, 23)
    assert parse_slots("이번 주 한빛차 주가는?", ALIASES, [thursday], thursday).period_end == thursday
    assert parse_slots("지난달 한빛차 판매량은?", ALIASES, [thursday], thursday).period_end == date(
        2025, 10, 31
    )
    assert parse_slots("한빛차 주가는?", ALIASES, [thursday], thursday).period_end is None
    assert dated_after("25일 하루 순유입액은 1억 달러였다.", thursday, date(2025, 11, 23))
    assert not dated_after("20일 순유입액은 1억 달러였다.", thursday, date(2025, 11, 23))
    assert not dated_after("순유입액은 1억 달러였다.", thursday, date(2025, 11, 23))  # names no day


def test_a_description_the_question_is_about_makes_the_names_after_it_objects():
    s = slots("클로버 개발사가 한빛차로부터 받은 투자금은?")  # 클로버: a product, 한빛차: who invested
    assert s.described == ("클로버",) and s.subjects == ()
    s = slots("클로버 개발사는 한빛차 칩을 언제부터 쓰나?")
    assert s.described == ("클로버",) and s.subjects == ()


def test_a_forecast_noun_before_a_measure_makes_a_sentence_a_forecast():
    from rag.slots import forecast_measure

    assert forecast_measure("연간 예상 영업이익 감소액 2위는 한빛차(1조6679억원)가 차지했다.")
    assert not forecast_measure("영업이익은 1조원으로 시장 예상치를 웃돌았다.")  # beat expectations
    assert not forecast_measure("매출은 10조원이다.")


def test_a_whole_year_asked_is_not_answered_under_a_heading_of_one_quarter():
    from rag.periods import story_period_conflict

    day = date(2025, 2, 14)
    year = parse_period("한빛차 작년 영업이익은?")
    plain = "한빛차는 매출 9335억원, 영업이익 291억원을 기록했다."
    assert story_period_conflict(year, plain, "한빛에어로, 4Q 실적 시장 예상 웃돌아", day)
    assert not story_period_conflict(year, plain, "한빛차 4분기·연간 실적 발표", day)  # the year's too
    assert not story_period_conflict(year, "한빛차는 지난해 영업이익 2193억원을 기록했다.", "4Q 실적", day)
    assert not story_period_conflict(parse_period("한빛차 영업이익은?"), plain, "4Q 실적", day)


def test_an_english_pronoun_is_not_the_acronym_the_alias_file_knows():
    aliases = Aliases([["정보기술", "IT"], ["누리온", "Nurion"]])
    s = parse_slots("At what price did Nurion close when it first topped $100?", aliases, KNOWN, TODAY)
    assert [x.name for x in s.subjects] == ["nurion"]


@pytest.mark.parametrize(
    ("text", "quarters"),
    [
        ("1Q25 실적 발표", {1}),
        ("4Q 매출 561억", {4}),
        ("현대모비스는 4·4분기 매출액", {4}),
        ("3Q'24 영업이익", {3}),
        ("5G 가입자", set()),
    ],
)
def test_quarters_as_reports_write_them(text, quarters):
    from rag.periods import sentence_periods

    assert sentence_periods(text, date(2025, 2, 14))[0] == quarters


def test_a_bonds_tenor_asked_is_that_tenor_written_either_way():
    s = slots("국고채 3년물 금리는?")
    assert s.qualifiers == ("3년물",)
    assert qualifiers_named(s, "국고채 3년물 금리는 2.631%를 기록했다.")
    assert qualifiers_named(s, "3년 만기 국고채 금리는 2.6%다.")
    assert not qualifiers_named(s, "국고채 30년물은 금리가 1% 움직이면 수익률이 22% 변동된다.")
    assert not qualifiers_named(s, "국고 13년물 금리는 2.7%다.")
    assert slots("한빛차 10월 판매량은?").qualifiers == ()  # a month is no qualifier


def test_the_subject_written_in_two_words_is_no_qualifier():
    aliases = Aliases([["누리닥", "누리닥지수", "Nuridaq"]])
    s = parse_slots("누리닥 지수 종가는?", aliases, KNOWN, TODAY)  # 누리닥지수 is the index's name
    assert [x.name for x in s.subjects] and s.qualifiers == ()


def test_where_a_level_stood_during_the_day_is_not_its_close():
    from rag.slots import not_a_close

    assert slots("코스닥 종가는?").close and not slots("코스닥 영업이익은?").close
    assert not_a_close("같은 시각 코스닥지수는 전일 대비 4.81포인트 하락한 744.78을 기록 중이다.")
    assert not_a_close("오후 2시23분 기준 2.644%로 전거래일 대비 2.2bp 상승 중이다.")
    assert not_a_close("누리넷 주가는 전날 장 초반 23만 5500원까지 오르며 1년 중 가장 높은 주가를 기록했다.")
    assert not_a_close("10년물은 1.9bp 하락한 2.818%, 30년물 금리는 1.2bp 내린 2.670%를 보인다.")
    assert not not_a_close("코스닥은 전 거래일 대비 4.41포인트 하락한 745.18로 마감했다.")
    assert not not_a_close("원·달러 환율(오후 3시30분 기준)은 1441원70전에 주간 거래를 마쳤다.")
    # the close a change is measured from is no close told
    assert not_a_close(
        "전날 종가(5만6900원) 대비 0.88% 오른 5만7400원에 장을 시작한 한빛차 주가는 한때 5만8900원까지 올랐다."
    )
    assert not not_a_close("한빛차는 전날 종가 대비 1.2% 오른 5만8700원에 마감했다.")


def test_a_first_word_the_briefings_tag_as_a_name_elsewhere_is_the_subject():
    # Kiwi does not tag "누리머티리얼즈" in the question; the briefings' names know it
    from rag.romanize import NameFinder
    from rag.subjects import find_subjects

    q = "누리머티리얼즈 작년 연간 영업손실은?"
    assert find_subjects(q, Aliases([]), {}) == ()
    assert [s.name for s in find_subjects(q, Aliases([]), {}, NameFinder(["누리머티리얼즈"]))] == [
        "누리머티리얼즈"
    ]
    assert (
        find_subjects("작년 영업손실은?", Aliases([]), {}, NameFinder(["작년"])) == ()
    )  # two syllables: a word


def test_a_two_syllable_word_the_briefings_mostly_tag_as_a_name_is_the_subject():
    from rag.romanize import NameFinder
    from rag.slots import parse_slots

    written = {"누리": 12, "희망": 201, "가온": 12}
    tagged = {"누리": 9, "가온": 1}  # 가온: once of twelve, a word
    finder = NameFinder(
        ["누리", "가온"], weight=lambda n: written.get(n, 0), tagged=lambda n: tagged.get(n, 0)
    )

    def subjects(q):
        return [
            s.name
            for s in parse_slots(q, Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder).subjects
        ]

    assert subjects("누리 희망 공모가 상단은?") == ["누리"]
    assert subjects("가온 희망 공모가 상단은?") == []


def test_what_a_sale_fetched_is_no_sales_volume():
    assert "판매량" not in slots("한빛차 부사장이 주식 팔아 확보한 금액은?").measures
    assert "판매량" not in slots("한빛차가 자회사를 얼마에 팔아?").measures
    assert slots("한빛차는 1월에 몇 대 팔았어?").measures[:1] == ("판매량",)
    assert slots("한빛차 1월 판매량은?").measures[:1] == ("판매량",)


def test_a_count_asked_of_a_money_measure_is_a_count():
    assert "주문액" not in slots("한빛증권 전산장애 때 처리 못한 주문은 몇 건이야?").measures
    assert slots("한빛증권 공모주 청약 주문액은 얼마야?").measures[:1] == ("주문액",)
    assert slots("한빛차는 1월에 몇 대 팔았어?").measures[:1] == ("판매량",)  # a count measure keeps its word


def test_a_measure_word_inside_a_name_is_not_asked():
    assert slots("DB금융투자 작년 영업이익은 얼마야?").measures == ("영업이익",)  # 투자 is of the name
    assert "투자" in slots("DB금융투자의 해외 투자 규모는?").measures  # written apart: asked


def test_a_year_end_dividend_asked_is_a_dividend_no_other_kind_of():
    from rag.slots import qualifiers_named

    asked = slots("한빛지주 결산배당 주당 배당금은?")
    assert asked.qualifiers == ("결산",)
    assert qualifiers_named(asked, "한빛지주는 올해 보통주식 주당 1200원을 배당하기로 했다.")
    assert not qualifiers_named(asked, "한빛지주는 주당 300원의 중간배당을 결정했다.")


def test_a_sentence_tells_a_close_or_a_last_price():
    from rag.slots import tells_close

    assert tells_close("이날 누리넷은 0.89% 상승한 22만7500원에 거래를 마쳤다.")
    assert tells_close("10일 누리넷의 주가는 1만8090원이다.")  # a brokerage note's last price
    assert not tells_close("누리넷 전날 종가(5만6900원) 대비 0.9% 오른 5만7400원에 장을 시작했다.")
    assert not tells_close("외국인 2400억원 사들여주가 보합권에도 수익률 4.9%")  # sub-headlines run together
    assert not tells_close("같은 시각 누리지수는 744.78을 기록 중이다.")
    # a bracket says what a base is as of: the week's change told, no close
    assert not tells_close(
        "2년물 금리는 전주(지난주 금요일 오후 마감 고시 금리 기준) 대비 6.9bp 상승한 2.713%를 기록했다."
    )


def test_a_measure_written_as_a_word_of_a_name_is_asked():
    aliases = Aliases([["원달러환율", "원·달러 환율", "원/달러 환율"]])
    got = parse_slots("2월 4일 원·달러 환율 주간거래 종가는?", aliases, KNOWN, TODAY)
    assert got.subjects and "환율" in got.measures  # the name's own word, apart: the rate is asked


def test_an_english_question_of_overseas_earnings_narrows_the_measure_to_them():
    aliases = Aliases([["한빛증권", "Hanbit Securities"]])
    got = parse_slots(
        "How much did Hanbit Securities earn from overseas stock commissions?", aliases, KNOWN, TODAY
    )
    assert got.measures == ("수수료",) and got.qualifiers == ("해외",)  # 해외주식 수수료, not all of them


def test_the_world_a_description_ranks_the_company_in_is_a_place_not_the_subject():
    # (the headlines write 세계 as a word, which would make it a name)
    headlines = {"세계": 12, **{f"단어{i}": 1 for i in range(1000)}}
    got = parse_slots("세계 2위 자동차 열관리 업체 작년 매출은?", Aliases([]), KNOWN, TODAY, headlines)
    assert got.subjects == () and got.described  # the company described, not 세계


def test_a_target_price_asked_of_a_firm_about_a_name_nobody_resolved_keeps_that_name():
    """A brokerage is all the question names (the company priced is a short name Kiwi reads as a common
    noun in the question): the name before the measure must still be written by the sentence quoted, or
    the firm's target for another company is the answer."""
    assert slots("가온증권이 제시한 금호석화 목표주가는?").qualifiers == ("금호석화",)
    s = slots("가온증권이 제시한 한빛차 목표주가는?")  # the company is a subject: nothing more to write
    assert [x.name for x in s.subjects] == ["한빛차"] and s.qualifiers == ()
    assert slots("가온증권이 제시한 목표주가는?").qualifiers == ()


def test_a_sentence_as_of_a_month_end_is_of_that_day():
    """A figure "1월 말 기준" in a story of 11 February is as of 31 January, not the story's day (asked the
    11th's close, it is not the answer); a month end that is a base ("전월 말 대비") or still to come is no date."""
    from rag.periods import fact_day

    published = date(2025, 2, 11)
    said = "1월 말 기준 국고채 10년물 금리는 연 2.859%로 전월 말 대비 0.4bp 상승했다."
    assert fact_day(said, published) == date(2025, 1, 31)
    assert fact_day("지난달 말 현재 잔고는 18조원이다.", published) == date(2025, 1, 31)
    assert fact_day("금리는 전월 말 대비 0.4bp 올랐다.", published) == published
    assert fact_day("3월 말까지 매입을 마칠 계획이다.", published) == published
    assert fact_day("2월 말 만기가 돌아온다.", published) == published  # this month is not over
    assert (
        fact_day("작년 12월 말 기준 잔액은 5조원이다.", date(2025, 2, 11)) == published
    )  # another year: left


def test_a_measure_word_before_the_measure_is_no_qualifier():
    """ "누리225 지수 종가": 지수 is asked as a measure, so a sentence need not write it ("누리 평균 주가는 …에
    마감했다" tells that index's close)."""
    s = slots("누리225 지수 종가는 얼마야?")
    assert "지수" in s.measures and s.qualifiers == ()
    assert slots("한빛차 해외주식 수수료 수익은?").qualifiers == ("해외주식",)


def test_a_firm_asked_beside_a_described_company_set_its_target_price():
    """ "렉라자를 개발한 제약사에 키움증권이 제시한 목표주가": the company asked is the one described; the firm
    only set the price (it is no subject, or its price for any company would answer)."""
    s = slots("폐암 신약 렉라자를 개발한 제약사에 키움증권이 제시한 목표주가는?")  # a firm Kiwi knows
    assert s.subjects == () and s.described and "키움증권" in s.attributed


def test_a_deal_to_come_asked_may_be_told_as_what_is_to_come():
    assert slots("한빛차가 이번 상장으로 조달할 공모금 규모는?").planned
    assert slots("한빛차가 투자할 금액은 얼마야?").planned
    assert not slots("한빛차 이번 분기 영업이익은?").planned and not slots("한빛차 작년 영업이익은?").planned


def test_a_company_named_after_the_group_that_describes_it_is_the_subject():
    # "가온그룹 지주사 ㈜가온의": 가온 is asked (a word of its own), not a piece of the 가온그룹 that describes it
    aliases = Aliases([["가온그룹"], ["가온", "Gaon"]])
    s = parse_slots("가온그룹 지주사 ㈜가온의 작년 연결 매출은?", aliases, KNOWN, TODAY)
    assert [x.name for x in s.subjects] == ["가온"]
    # (and where Kiwi tags both: the describing group goes before a name inside it is dropped)
    assert [x.name for x in slots("웅진그룹 지주사 ㈜웅진의 작년 연결 매출은?").subjects] == ["웅진"]


def test_money_asked_of_what_was_bought_is_the_money():
    # "지분을 사는 데 들인 금액": the money it paid, not the stake it bought
    assert slots("한빛차가 가온 지분을 사는 데 들인 금액은 얼마야?").measures[0] == "금액"
    assert slots("한빛차가 취득한 가온 지분율은 몇 %야?").measures[0] == "지분율"


def test_a_theme_a_stock_belongs_to_is_no_subject():
    # "희토류 관련주 가온": the stock 가온, described by its theme
    aliases = Aliases([["가온"], ["희토류"]])
    s = parse_slots("희토류 관련주 가온 주가는 얼마야?", aliases, KNOWN, TODAY)
    assert [x.name for x in s.subjects] == ["가온"] and s.described == ("희토류",)
    from rag.slots import _asked_first

    assert _asked_first("주가는 얼마나 올랐다가 떨어졌나?", ["상승폭", "하락폭"]) == (
        "상승폭",
        "하락폭",
    )  # (changes only)


def test_what_is_reported_to_come_is_no_forecast():
    from rag.slots import is_forecast

    # "…을 담을 것으로 알려졌다": a plan reported, not an outlook
    assert not is_forecast("개정안은 현지 인력 고용을 요구하는 내용을 담을 것으로 알려졌습니다.")
    assert is_forecast("최대 78억달러를 모을 것이라고 예상했다.")


def test_a_measure_s_short_form_glossing_it_names_no_company():
    aliases = Aliases([["한빛자동차", "한빛차"]])
    s = parse_slots("한빛차 1분기 주당순이익(EPS)은?", aliases, KNOWN, TODAY)
    assert [x.name for x in s.subjects] == ["한빛차"] and s.measures == ("주당순이익",)
    assert [x.name for x in parse_slots("한빛차 ROE는?", aliases, KNOWN, TODAY).subjects] == ["한빛차"]


def test_measures_listed_only_to_qualify_the_one_asked_are_not_asked_as_a_list():
    aliases = Aliases([["한빛자동차", "한빛차"]])
    assert parse_slots("한빛차 매출과 영업이익은?", aliases, KNOWN, TODAY).joined
    assert parse_slots("한빛차 매출과 영업이익 규모는?", aliases, KNOWN, TODAY).joined
    s = parse_slots("한빛차가 배당과 자사주 매입으로 하겠다는 주주환원 총액은?", aliases, KNOWN, TODAY)
    assert not s.joined and s.measures[0] == "주주환원"


def test_a_year_in_the_description_is_not_the_period_asked():
    s = parse_slots(
        "가온PE가 2021년 경영권을 사들인 홈 인테리어 업체의 작년 영업이익은?", Aliases([]), KNOWN, TODAY
    )
    assert s.described and s.period.year is None and s.period.year_offset == -1, s.period


def test_a_market_it_happened_in_or_a_persons_event_that_dates_it_is_a_setting_not_the_subject():
    from rag.slots import _a_setting
    from rag.subjects import Subject

    def subject(name):
        return Subject(name, frozenset({name}), (name,))

    assert _a_setting("2월 6일 가온증시에서 누리플래닛 종가는?", subject("가온증시"))
    assert not _a_setting("가온증시 종가는?", subject("가온증시"))  # the market's own close
    assert _a_setting("가온 취임 직후 외국인이 누리전기를 얼마나 샀어?", subject("가온"))
    assert not _a_setting("가온 작년 영업이익은?", subject("가온"))
    assert not _a_setting("누리전기에서 만든 제품 매출은?", subject("누리전기"))  # no market
    from rag.romanize import NameFinder

    finder = NameFinder(["가온증시", "누리플래닛"])

    def subjects(q):
        return [
            x.name
            for x in parse_slots(q, Aliases([]), [date(2025, 2, 6)], date(2025, 2, 7), {}, finder).subjects
        ]

    assert subjects("2월 6일 가온증시에서 누리플래닛 종가는?") == ["누리플래닛"]
    assert subjects("가온증시에서 외국인이 순매수한 금액은?") == [
        "가온증시"
    ]  # nothing else asked: the market stays


def test_a_person_asked_by_the_company_and_a_title_must_be_spoken_of():
    # "한빛차 회장이 받은 배당금": the chairman's, which a sentence naming no 회장 does not tell
    assert slots("한빛차 회장이 작년에 받은 배당금은?").qualifiers[-1:] == ("회장",)
    assert slots("한빛차 대표가 지분 매도로 받을 금액은?").qualifiers[-1:] == ("대표",)
    assert "회장" not in slots("한빛차 작년 배당금은?").qualifiers
    from rag.slots import _persons_title

    asked = slots("한빛차 대표작 매출은?").subjects
    assert _persons_title("한빛차 대표작 매출은?", asked) == ()  # (no title: a word that starts with one)


def test_a_market_beside_a_described_company_is_no_subject():
    # "지난해 코스닥 … 기록한 … 정비업체의 공모가": the company described, not the market's
    from rag.romanize import NameFinder

    finder = NameFinder(["코스닥"], weight=lambda n: 1000, tagged=lambda n: 900)
    s = parse_slots(
        "지난해 코스닥 '1호 따따블'을 기록한 원전 계측제어설비 정비업체의 공모가는?",
        Aliases([["코스닥", "KOSDAQ"]]),
        [date(2025, 2, 6)],
        date(2025, 2, 7),
        {"코스닥": 50},
        finder,
    )
    assert s.subjects == () and s.described


def test_a_particle_the_tagger_reads_into_a_name_is_not_part_of_it():
    """Kiwi reads "누리지오가 서해분지 유망구조에 …" with the 가 in the name: the briefings write 누리지오 as a
    name and never 누리지오가, so the name asked is 누리지오; without that the name stays as read."""
    from rag.aliases import Aliases
    from rag.romanize import NameFinder
    from rag.subjects import find_subjects

    written = {"누리지오": 12, "누리지오가": 0}
    finder = NameFinder(["누리지오"], weight=lambda w: written.get(w, 0))
    q = "누리지오가 서해분지 유망구조에 추정한 매장량은?"
    assert "누리지오" in [s.name for s in find_subjects(q, Aliases([]), {}, finder)]
    assert "누리지오가" not in [s.name for s in find_subjects(q, Aliases([]), {}, finder)]
    unknown = NameFinder(["한빛"], weight=lambda w: 0)  # the rest never written as a name: as read
    assert "누리지오가" in [s.name for s in find_subjects(q, Aliases([]), {}, unknown)]


def test_the_other_party_of_a_deal_is_not_whose_figure_is_asked():
    """ "A가 B와 맺은 계약으로 기대하는 매출": A's; the sentence that tells it need not name B. Asked alone, the
    party is the subject still."""
    from rag.slots import _a_partner
    from rag.subjects import Subject

    def subject(name):
        return Subject(name, frozenset({name}), (name,))

    q = "누리마이닝이 가온클라우드와 맺은 계약으로 12년간 기대하는 매출은?"
    assert _a_partner(q, subject("가온클라우드")) and not _a_partner(q, subject("누리마이닝"))
    assert _a_partner("가온클라우드와의 계약 규모는?", subject("가온클라우드"))
    assert not _a_partner(
        "가온클라우드와 누리마이닝의 매출은?", subject("가온클라우드")
    )  # two companies asked
    aliases = Aliases([["누리마이닝"], ["가온클라우드"]])
    found = parse_slots(q, aliases, KNOWN, TODAY)
    assert [x.name for x in found.subjects] == ["누리마이닝"]
    alone = parse_slots("가온클라우드와 맺은 계약 규모는?", aliases, KNOWN, TODAY)
    assert [x.name for x in alone.subjects] == ["가온클라우드"]


def test_a_name_only_in_the_news_a_move_followed_is_not_the_subject():
    """ "How far did Hanbit Motor shares fall after it said sales of its Nuri cables were weak?": a product
    named in the news clause is no company asked; named alone there, it stays."""
    q = "How far did Hanbit Motor shares fall after it said sales of its NuriEdge cables were weak?"
    assert [x.name for x in slots(q).subjects] == ["hanbitmotor"]
    assert "nuriedge" in [x.name for x in slots("How far did NuriEdge sales fall after the recall?").subjects]
