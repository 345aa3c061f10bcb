"""What a sentence's place in its story says about its figure: "이는 …" tells again the figure of the
sentence before, "당시 …" is set before the news, and a whole company's figure does not answer for a
part of it. Invented companies."""

from datetime import date

import pytest
from news_index import indexed_news

from rag.answer import _elliptic

ARTICLES = [
    {
        "title": '이틀간 32% 뛴 누리몰…"실적 동반된다면 더 오른다"',
        "date": "2025-02-05",
        "body": "가온증권은 5일 누리몰에 대해 거래액 성장률이 기대치를 뛰어넘는다고 봤다. "
        "누리몰은 셀러와 크리에이터가 서로를 쉽게 찾을 수 있는 플랫폼을 열었다. "
        "크리에이터는 제품을 홍보하고 판매액의 일정 비율을 수수료로 받는다. "
        '김 연구원은 "크리에이터가 홍보한 제품이 잘 팔리면 생태계 확장은 빨라질 것"이라고 밝혔다. '
        "4분기 실적에 대해선 영업이익 90억원으로 시장 추정치(89억원)에 부합한다고 봤다.",
    },
    {
        "title": "누리칩 3분기 실적 발표",
        "date": "2025-02-06",
        "body": "누리칩은 3분기 매출이 561억 달러로 62% 늘었다고 밝혔다. "
        "최고재무책임자는 내년 말까지 누적 수주 규모가 5300억 달러를 넘어선다고 설명했다. "
        "총이익률은 73.4%로 전 분기보다 0.8%포인트 개선됐다.",
    },
    {
        "title": "누리에어로, 견조한 실적 지속",
        "date": "2025-02-07",
        "body": "누리에어로는 지난해 4분기에 매출액 4조8000억원, 영업이익 8925억원을 기록했다. "
        '이 연구원은 "지상방산이 성장을 견인했다"고 분석했다. '
        "누리시스템은 매출액 19.4% 늘어난 9335억원, 영업이익 60.4% 증가한 291억원을 기록했다.",
    },
    {
        "title": "누리시스템 연간 실적 공시",
        "date": "2025-02-05",
        "body": "누리시스템은 지난해 연결 기준 영업이익이 2193억원으로 78.9% 증가했다고 5일 공시했다.",
    },
    {
        "title": "누리푸드 1분기 호실적",
        "date": "2025-02-07",
        "body": "누리푸드의 1분기 매출은 5290억원으로 37% 늘었다. "
        "같은 기간 누리푸드의 영업이익은 877억원에서 1045억원으로 19% 늘었다.",
    },
    {
        "title": "누리넷 52주 신고가",
        "date": "2025-02-07",
        "body": "누리넷은 최초로 매출 10조원을 기록한 다음 날 52주 최고가를 경신했다.",
    },
    {
        "title": "누리넷 연간 실적 발표",
        "date": "2025-02-05",
        "body": "누리넷은 5일 실적을 발표했다. 누리넷의 작년 매출은 10조7377억원으로 11% 늘었다.",
    },
    {
        "title": "누리물류, 작년 영업이익 5천307억원…주당 800원 배당",
        "date": "2025-02-05",
        "body": "누리물류는 지난해 연결 기준 영업이익이 5천307억원으로 6% 늘었다고 5일 공시했다. "
        "순이익은 2천683억원으로 10.5% 증가했다.",
    },
    {
        "title": "누리장비, 영업이익 492억…사상 최대",
        "date": "2025-02-06",
        "body": "반도체 장비 기업 누리장비는 창사 이래 최대 영업이익인 492억원을 달성했다.",
    },
    {
        "title": "1년 새 4배 오른 이 주식, 신고가 경신",
        "date": "2025-02-06",
        "body": "누리항공은 연일 신고가를 경신했다. "
        "그러면서 지배순이익은 영업 외 1조1000억원 일회성 때문에 1조8313억원을 기록했는데, 이는 가온조선을 "
        "지난해 말에 연결자회사로 편입하면서 관계기업투자주식 처분 이익을 반영했기 때문이라고 설명했다.",
    },
    {
        "title": "가온제약, 먹는 비만약 승인 신청",
        "date": "2025-02-06",
        "body": "가온제약이 먹는 비만치료제 '가온글리프론'의 판매 허가를 신청했다. "
        "가온글리프론은 하루 한 번 먹는 알약 형태다. "
        "임상 3상 시험에서 최고 용량 투여군은 72주 동안 체중이 평균 12.4% 줄었다.",
    },
    {
        "title": "누리ETF 자금 유입 이어져",
        "date": "2025-02-03",
        "body": "누리ETF에는 1월 마지막 주 모두 10억 달러가 들어왔다. 투자자들은 금리 인하를 기대했다.",
    },
    {
        "title": "누리ETF 다시 유입세",
        "date": "2025-02-07",
        "body": "누리ETF에는 6일 하루 3억 달러가 순유입됐다. 닷새 만에 유입세로 돌아섰다.",
    },
    {
        "title": "한빛클라우드 채권 가격 급락",
        "date": "2025-02-06",
        "body": "투기등급인 한빛클라우드가 지난해 발행한 2031년 만기 채권은 최근 달러당 92센트 수준에서 거래됐다. "
        "이는 약 11%의 금리에 해당하며 CCC 등급 채권 평균 금리와 같은 수준이다. "
        "시장에서는 AI 투자 부담을 우려했다.",
    },
    {
        "title": "누리마켓, 3년 만에 달러 채권 발행",
        "date": "2025-02-07",
        "body": "누리마켓이 3년 만에 회사채 시장에 돌아왔다. "
        "누리마켓은 6일 만기 3년에서 40년까지 6개 트랜치로 구성된 180억 달러(약 26조 원) 규모의 투자등급 채권을 발행했다. "
        "누리마켓이 달러 채권을 발행한 것은 2022년 12월 이후 처음이다. "
        "당시 누리마켓은 운영 자금을 확보하기 위해 83억 달러어치 채권을 발행했다. "
        "누리마켓은 주당 배당금을 4500원으로 늘렸다. 지난해 누리마켓은 1주당 4000원을 배당했었다.",
    },
    {
        "title": "중소형 증권사도 실적 격차 확대",
        "date": "2025-02-06",
        "body": "자본 4조원 이하 중소형 증권사(가온증권, 누리투자증권, 한빛증권, 세림증권 등)의 지난해 영업이익의 "
        "합은 5682억원으로 전년 대비 2.17% 늘었다. 전년 대비 영업이익이 가장 크게 증가한 곳은 누리투자증권이었다. "
        "2023년 당시엔 영업이익이 212억원에 그쳤으나 지난해엔 601억원을 달성하며 182.54% 개선됐다.",
    },
    {
        "title": "유리기판 관련주 일제히 급등",
        "date": "2025-02-07",
        "body": "한결전자의 유리기판 사업 추진 소식이 투자심리에 불을 지폈다. "
        "이날 코스닥 시장에서 씨아이이는 전일 대비 29.80% 뛴 5880원에 거래를 마쳤다.",
    },
    {
        "title": "세림모바일 전기차 첫 흑자",
        "date": "2025-02-07",
        "body": "스마트폰 업체 세림모바일의 전기차 사업이 처음으로 분기 흑자를 냈다. "
        "세림모바일 전체 매출은 1131억 위안으로 22% 늘었고, 순이익은 113억 위안으로 81% 증가했다. "
        "세림모바일은 전기차 부문이 4억8000만 위안의 영업이익을 냈다고 밝혔다. "
        "세림모바일 매출은 네 분기 연속 늘었다.",
    },
    {
        "title": "누리홀딩스 자회사 배당 엇갈려",
        "date": "2025-02-06",
        "body": "누리식품(123450)이 결산 배당을 주당 2000원에서 2200원으로 올리는 등 일부 자회사는 "
        "배당을 늘렸지만 누리화학의 배당이 줄면서 누리홀딩스의 배당수익은 감소했다.",
    },
]


@pytest.fixture(scope="module")
def context_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("context"),
        ARTICLES,
        "가온조선: [Gaon Ship]\n한결전자: [Hangyeol Electronics]\n누리투자증권: [Nuri Securities]\n가온글리프론: [Gaonglipron]\n누리물류: [Nuri Logistics]\n누리장비: [Nuri Equipment]\n한빛클라우드: [Hanbit Cloud]\n누리마켓: [Nuri Market]\n세림모바일: [Serim Mobile]\n누리ETF: [Nuri ETF]\n누리푸드: [Nuri Food]\n누리넷: [Nuri Net]\n누리시스템: [Nuri Systems]\n누리에어로: [Nuri Aero]\n누리칩: [Nuri Chip]\n",
        config,
        embedder,
    )


def test_this_opens_a_sentence_that_continues_the_one_before():
    assert _elliptic("이는 약 11%의 금리에 해당한다.")
    assert not _elliptic("이번 발행은 역대 최대다.")
    # (a measure after words that only say which of it still opens the sentence)
    assert _elliptic("주당 공모 희망가는 1만500~1만2500원이다.") and _elliptic("연간 영업이익은 100억원이다.")
    assert not _elliptic("통상적으로 수수료율은 1%다.")


def test_a_listed_companys_figures_follow_it_through_sentences_that_name_nothing(tmp_path, config, embedder):
    """A week's offerings, one paragraph each: a sentence naming nothing keeps the company the paragraph
    opened on for the next, and the brokerage managing the offering is no company the figure is of."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "2월 둘째 주 수요예측·청약 일정",
                "date": "2025-02-09",
                "body": "이달 둘째 주에는 가온핀테크, 누리소재가 수요예측을 진행한다. "
                "가온핀테크는 기업에 자금 이체 서비스를 제공하는 회사다. 총 250만주를 공모한다. "
                "주당 공모 희망가는 1만500~1만2500원이다. "
                "누리소재는 이차전지 소재 기업이다. 공모가 밴드는 1만900~1만3000원이며 대표 주관사는 한국투자증권이다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온핀테크 희망 공모가는 얼마야?")
    assert not a.abstained and "1만500~1만2500원" in a.text.split("[1]")[0], a.text
    a = rag.ask("누리소재 공모가 밴드는 얼마야?")
    assert not a.abstained and "1만900~1만3000원" in a.text.split("[1]")[0], a.text


def test_a_figure_told_again_as_this_is_the_companys_quoted_after_what_it_refers_to(context_rag):
    a = context_rag.ask("한빛클라우드 2031년 만기 채권의 금리 수준은?")  # 2031년 names the bond, not a period
    lead = a.text.split("\n")[0]
    assert not a.abstained and "11%" in lead
    assert lead.index("92센트") < lead.index("이는 약 11%")  # what "이는" refers to comes first


def test_a_sentence_set_back_then_does_not_answer_an_undated_question(context_rag):
    a = context_rag.ask("누리마켓이 발행한 채권 규모는 얼마야?")
    lead = a.text.split("\n")[0]
    assert not a.abstained and "180억 달러" in lead and "83억" not in lead


def test_a_part_asked_is_not_answered_by_the_whole_companys_figure(context_rag):
    a = context_rag.ask("세림모바일 전기차 부문이 낸 이익은?")
    lead = a.text.split("\n")[0]
    assert not a.abstained and "4억8000만 위안" in lead and "113억" not in lead


def test_a_question_of_how_long_is_answered_by_a_span_not_by_another_figure(context_rag):
    from rag.slots import ASKED_DURATION, STATED_DURATION

    assert ASKED_DURATION.search("몇 달째야?") and ASKED_DURATION.search("몇 거래일 연속 올랐나?")
    assert not ASKED_DURATION.search("판매량은 몇 대?")
    assert STATED_DURATION.search("석 달 연속 앞질렀다") and STATED_DURATION.search("10년 만에 최고")
    a = context_rag.ask("한빛클라우드 채권 가격은 몇 달째 떨어졌어?")  # told nowhere: no other figure
    assert a.abstained and "92센트" not in a.text.split("\n")[0]
    a = context_rag.ask("세림모바일 매출은 몇 분기 연속 늘었어?")
    assert not a.abstained and "네 분기 연속" in a.text.split("\n")[0]


def test_last_weeks_figure_is_not_one_a_later_briefing_dates_this_week(context_rag):
    a = context_rag.ask("지난주 누리ETF에 순유입된 자금은?")  # asked on Friday the 7th
    lead = a.text.split("\n")[0]
    assert not a.abstained and "10억 달러" in lead and "3억 달러" not in lead


def test_the_same_period_is_the_period_of_the_sentence_before(context_rag):
    a = context_rag.ask("누리푸드 작년 영업이익은?")  # "같은 기간" is the first quarter
    assert a.abstained and "1045억원" not in a.text.split("\n")[0]


def test_a_round_milestone_reached_is_not_the_years_figure(context_rag):
    a = context_rag.ask("누리넷 작년 매출은?")  # "최초로 매출 10조원을 기록한": a milestone, told later
    lead = a.text.split("\n")[0]
    assert not a.abstained and "10조7377억원" in lead and "최초로" not in lead


def test_a_round_figure_reached_for_the_first_time_is_a_milestone_not_a_value():
    from rag.scope import approximate

    def fact(text, figure, value):
        return [value, "원", "매출", text.index(figure), text.index(figure) + len(figure)]

    t = "누리넷은 최초로 매출 10조원을 기록한 다음 날 신고가를 경신했다."
    assert approximate(t, fact(t, "10조원", 1e13))
    t = "누리넷은 처음으로 매출 10조7377억원을 기록했다."  # not round: the figure itself
    assert not approximate(t, fact(t, "10조7377억원", 1.07377e13))
    t = "누리넷의 작년 매출은 10조원이다."  # round, but no milestone
    assert not approximate(t, fact(t, "10조원", 1e13))
    t = "금융그룹들이 지난해 많게는 5조원이 넘는 순이익을 냈다."  # a bound, whatever its particle
    assert approximate(t, fact(t, "5조원", 5e12))
    t = "플랫폼 기업 가운데 매출 10조원을 달성한 것은 누리넷이 처음이다."  # the milestone told after it
    assert approximate(t, fact(t, "10조원", 1e13))
    t = "회사채 수요예측에서 4조 원에 가까운 주문이 몰렸다."  # "near 4조": not the book's figure
    assert approximate(t, fact(t, "4조 원", 4e12))
    t = "누리증권은 영업이익 1조 클럽에 복귀했다."  # a club of a round figure
    assert approximate(t, fact(t, "1조", 1e12))
    t = "누리증권은 3조7450억원의 매수 주문을 받았다."
    assert not approximate(t, fact(t, "3조7450억원", 3.745e12))
    t = "외국인들은 하루에만 누리넷 주식을 966억 원가량 순매수했다."  # hedged, but not round: the value
    assert not approximate(t, fact(t, "966억 원", 9.66e10))
    # a move told as more than N% is a bound too: a story that tells the move itself (6.1%) answers
    t = "실적 경고 후 누리넷 주가가 6% 이상 급락했다."
    assert approximate(t, fact(t, "6%", 6.0))


def test_a_change_of_a_reported_figure_is_told_with_that_figures_word():
    from index.facts import sentence_facts
    from rag.aliases import Aliases
    from rag.scope import measure_fit
    from rag.slots import parse_slots

    aliases = Aliases([["누리조선", "Nuri Ship"]])
    slots = parse_slots("누리조선 작년 순이익은 몇 % 늘었어?", aliases, [], None)
    stock = "올해 상승률은 51.18%로, 작년까지 주도주였던 누리조선(0.22%)을 압도한다."
    profit = "순이익은 1조4546억원으로 903.9% 늘었다."
    assert measure_fit(slots, stock, sentence_facts(stock)) < 2  # a stock's return
    assert measure_fit(slots, profit, sentence_facts(profit)) == 2
    price = parse_slots("누리조선 주가는 몇 % 올랐어?", aliases, [], None)
    moved = "누리조선은 3% 올랐다."  # a price moves without its word
    assert measure_fit(price, moved, sentence_facts(moved)) == 2


def test_a_sentence_in_the_past_perfect_tells_what_was_before_the_news(context_rag):
    a = context_rag.ask("누리마켓 주당 배당금은 얼마야?")
    lead = a.text.split("\n")[0]
    assert not a.abstained and "4500원" in lead and "4000원" not in lead


def test_a_question_or_a_supposition_in_a_story_is_not_a_reported_figure():
    from rag.answer import _NOT_TOLD

    assert _NOT_TOLD.search("매출이 얼마가 나와야 영업이익이 7조원이 가능할까요.")
    assert _NOT_TOLD.search("그러면 총 비용은 44조원이 되고, 영업이익은 6조원입니다.")
    assert _NOT_TOLD.search("만약 금리가 오르면 손실은 1조원이다.")
    assert not _NOT_TOLD.search("영업이익은 6조원이다.")
    assert not _NOT_TOLD.search("그럼에도 영업이익은 6조원으로 늘었다.")


def test_a_figure_told_with_no_period_is_of_the_period_the_story_just_named(context_rag):
    a = context_rag.ask("누리시스템 작년 영업이익은?")  # 291억원 is the fourth quarter's, told just after it
    lead = a.text.split("\n")[0]
    assert not a.abstained and "2193억원" in lead and "291억원" not in lead


def test_a_year_named_in_passing_does_not_set_the_period_of_the_figures_after_it(context_rag):
    a = context_rag.ask("누리칩 3분기 총이익률은?")  # "내년 말까지 누적 수주": a deadline, not the period
    assert not a.abstained and "73.4%" in a.text.split("\n")[0]


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("누리물류 작년 4분기 순이익은?", None),
        ("누리물류 작년 순이익은?", "2천683억원"),
        ("누리장비 4분기 영업이익은?", None),
        ("누리장비 영업이익은?", "492억원"),
    ],
)
def test_a_quarter_asked_is_not_answered_by_a_figure_of_no_quarter_the_story_names(
    context_rag, question, figure
):
    # "순이익은 2천683억원" under "작년 영업이익 …" is the year's; "영업이익인 492억원" under a heading of no
    # period is of no quarter the story says: neither is the fourth quarter's
    a = context_rag.ask(question)
    if figure is None:
        assert a.abstained, a.text
    else:
        assert not a.abstained and figure in a.text.split("\n")[0]


def test_a_company_named_only_as_what_another_acts_on_is_not_the_figures_owner(context_rag):
    a = context_rag.ask("가온조선 작년 순이익은?")  # "누리항공은 가온조선을 … 편입하면서 지배순이익 …"
    assert a.abstained and "1조8313억원" not in a.text.split("\n")[0]


def test_a_sentence_set_in_the_subjects_own_news_continues_the_sentence_about_it(context_rag):
    # "가온글리프론은 …" then "임상 3상 시험에서 최고 용량 투여군은 … 12.4% 줄었다": the drug's result
    a = context_rag.ask("가온글리프론 최고 용량 투여군의 체중 감소율은?")
    assert not a.abstained and "12.4%" in a.text.split("\n")[0]


def test_a_company_listed_in_brackets_does_not_own_the_groups_figure(context_rag):
    a = context_rag.ask(
        "누리투자증권 작년 영업이익은?"
    )  # the list's sum is not its figure; the story goes on
    lead = a.text.split("\n")[0]
    assert not a.abstained and "601억원" in lead and "5682억원" not in lead


def test_a_sentence_opening_on_a_year_then_its_measure_continues_the_subject():
    assert _elliptic("2023년 당시엔 영업이익이 212억원에 그쳤으나 지난해엔 601억원을 달성했다.")
    assert _elliptic("지난해엔 매출이 10% 늘었다.")
    assert not _elliptic("2023년 누리증권은 영업이익 212억원을 냈다.")


def test_a_setting_that_opens_another_companys_news_does_not_continue_the_subject(context_rag):
    # "이날 코스닥 시장에서 씨아이이는 …": the market is the setting, 씨아이이 the news (Kiwi does not tag it)
    a = context_rag.ask("2월 7일 한결전자 종가는?")
    assert "5880원" not in a.text.split("\n")[0]


def test_figures_told_before_the_asked_company_is_named_are_the_company_named_before_them(context_rag):
    """In "누리식품이 배당을 2000원에서 2200원으로 올리는 등 … 누리홀딩스의 배당수익은 감소했다" the dividend is
    누리식품's, though 누리홀딩스 is a subject of the sentence too."""
    a = context_rag.ask("누리홀딩스 결산 배당금은 얼마야?")
    assert "2200원" not in a.text.split("\n")[0]
    a = context_rag.ask("누리식품 결산 배당금은 얼마야?")
    assert not a.abstained and "2200원" in a.text.split("\n")[0]


def test_a_figure_of_a_year_long_before_its_story_does_not_answer_an_undated_question(
    tmp_path, config, embedder
):
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온생명 풋옵션 분쟁 한고비",
                "date": "2025-02-09",
                "body": "가온생명 회장이 다온캐피탈의 지분을 사들였다. "
                "가온생명은 2018년 주당 가격 41만원에 자사주를 사들였다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온생명 주당 가격은?")  # 2018's price is no news of 2025, and nothing else says one
    assert a.abstained, a.text
    b = rag.ask("가온생명 2018년 주당 가격은?")  # asked that year: it is the answer
    assert not b.abstained and "41만원" in b.text, b.text
    c = rag.ask("가온생명이 자사주를 사들였던 주당 가격은?")  # asked what it paid back then: it is too
    assert not c.abstained and "41만원" in c.text, c.text


def test_a_year_long_before_named_as_a_base_does_not_date_the_figure(tmp_path, config, embedder):
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온시뮬, 훈련장비 수주",
                "date": "2025-02-17",
                "body": "가온시뮬은 한빛에어로와 가상훈련 장비 공급 계약을 맺었다. "
                "수주 금액은 12억원으로 이는 지난 2023년 매출액 대비 6.1%에 해당하는 규모다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온시뮬 수주 금액은?")
    assert not a.abstained and "12억원" in a.text, a.text


def test_an_analyst_speaking_turns_the_story_back_to_its_company(context_rag):
    # a sentence opened on another name ("크리에이터는 …") sets the topic; "김 연구원은 …" speaks of the
    # story's company again, so the figures after it are the company's
    a = context_rag.ask("누리몰 작년 4분기 영업이익은?")
    assert not a.abstained and "90억원" in a.text


def test_이에_refers_to_the_figure_before_only_as_the_argument_of_its_verb():
    from rag.answer import _ANAPHORA

    assert _ANAPHORA.match("이에 해당하는 금액은 500억원이다.") and _ANAPHORA.match("이에 육박하는 500억원")
    assert _ANAPHORA.match("이는 전년 대비 10% 늘어난 수치다.")
    # "accordingly": a clause of its own, whose figures are its own
    assert not _ANAPHORA.match("이에 투자의견 ‘매수’, 목표주가 3만8000원을 유지했다.")
    assert not _ANAPHORA.match("이에 주가 전망은 '긍정적', 적정 주가는 2만 3000원을 제시했다.")
    assert not _ANAPHORA.match("이에 따라 매출은 늘었다.")


def test_money_a_deal_needed_is_not_its_price(tmp_path, config, embedder):
    """ "매각 성사를 위해 … 자금 220억원의 채권을 넘겼다": the money serves the sale; it is not what the buyer paid."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온골프, 사모펀드에 자회사 매각",
                "date": "2025-02-04",
                "body": "가온골프는 100% 지분을 보유하고 있던 자회사 다온레저를 누리파트너스에 매각했다. "
                "가온골프는 다온레저 매각 성사를 위해 다온레저에 대여해줬던 자금 220억원의 채권을 누리파트너스 측에 넘겼다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온골프가 다온레저를 판 매각가는?")
    assert a.abstained, a.text  # (what the briefings do say of it may follow, as related)


def test_a_figure_the_question_gives_picks_the_deal_it_asks_about(tmp_path, config, embedder):
    """ "…주식 2만9000주를 넘기는 가격은?": the sentence that restates 2만9000주 tells that deal, though it leaves
    out the buyer the question names; one of "50만주" or "29%" tells another deal of the same companies."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온화학, 인수한 회사 1년 만에 계열사에 매각",
                "date": "2025-02-05",
                "body": "가온화학은 작년 1월 다온전자 주식 50만주를 165억원에 인수했고, 11월에는 누리바이오 주식 "
                "50만주를 150억원에 사 최대주주가 됐다. 가온화학은 이달 4일 다온전자 주식 2만9000주를 누리바이오에 "
                "매각한다고 공시했다. 가온화학이 보유한 다온전자 주식 10만주 중 2만9000주를 48억원에 넘기는 "
                "내용이다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온화학이 다온전자 주식 2만9000주를 누리바이오에 넘기는 가격은?")
    assert not a.abstained and "48억원" in a.text.split("\n")[0] and "165억원" not in a.text, a.text


def test_the_figures_a_question_gives():
    from datetime import date

    from rag.aliases import Aliases
    from rag.answer import _given_quantities
    from rag.slots import parse_slots

    def given(q):
        return _given_quantities(q, parse_slots(q, Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6)))

    assert given("가온화학이 다온전자 주식 2만9000주를 넘기는 가격은?") == [(29000.0, "주")]
    assert given("가온화학 300억 달러 규모 회사채 금리는?") == [(30000000000.0, "달러")]
    assert (
        given("가온화학 주가가 10만원을 넘은 날 거래량은?") == []
    )  # a threshold crossed is no deal's figure
    assert (
        given("가온화학 주가는 10만원을 넘었나?") == []
    )  # in the asked measure's unit: a threshold, not context
    assert given("가온화학 3분기 영업이익은?") == []  # a period is no figure given
    assert given("가온화학 회사채 3년물 발행 금리는 몇 %야?") == []  # a tenor is a qualifier, no figure given


def test_a_measure_word_the_tagger_reads_as_a_name_leads_no_clause(tmp_path, config, embedder):
    """ "주당순이익(EPS)은 1.76달러로 …" in a story about the company: Kiwi may tag 주당순이익 and EPS as names,
    which are still no other company leading the sentence."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온미디어, 중장기 성장 모멘텀 주목",
                "date": "2025-02-08",
                "body": "가온미디어(GAON US)가 2025회계연도 1분기(10~12월) 컨센서스를 웃도는 실적을 내놨다. "
                "주당순이익(EPS)은 1.76달러로 시장 기대치를 24% 상회했다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온미디어 1분기 주당순이익(EPS)은?")
    assert not a.abstained and "1.76달러" in a.text, a.text


def test_an_english_name_the_briefings_never_write_is_the_story_name_it_sounds_like(
    tmp_path, config, embedder
):
    """ "Nurikers" is nowhere in the briefings; the story retrieved for the question writes 누리커스아웃도어,
    which it sounds like; the brands after "the maker of" are its products, not companies asked about;
    "objective response rate (ORR)" glosses the measure."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "'가온' 잘나가는데…누리커스아웃도어는 급락",
                "date": "2025-02-09",
                "body": "신발 브랜드 가온과 다온을 만드는 누리커스아웃도어 주가가 급락했다. "
                "한빛증권은 누리커스아웃도어 목표 주가를 267달러에서 287달러로 올려잡았다.",
            },
            {
                "title": "다온클론, 치료제 임상 2상 중간 결과 발표",
                "date": "2025-05-16",
                "body": "다온클론은 치료제 '네스페셀'의 임상 2상 중간 결과를 16일 발표했다. "
                "객관적 반응률(ORR)은 94%로 나타났다.",
            },
        ],
        "한빛증권: [Hanbit Securities]\n",
        config,
        embedder,
    )
    a = rag.ask("What price target did Hanbit Securities set for Nurikers, the maker of GAON and DAON?")
    assert not a.abstained and "287달러" in a.text, a.text
    b = rag.ask("What objective response rate (ORR) did DaonClon report from its phase 2 trial of NESPECEL?")
    assert not b.abstained and "94%" in b.text, b.text


def test_a_move_asked_either_way_is_answered_by_a_fall(tmp_path, config, embedder):
    """ "등락률은?" asks no way: "(-4.74%)" after the name in a market wrap answers it, a fall as a rise; the
    figure right after the name is its own, however many names the list holds, over a rounded "4%대"."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "코스피, 나흘 만에 하락 마감",
                "date": "2025-02-07",
                "body": "코스피가 나흘 만에 하락 마감했다. 누리텍(-0.13%), 가온제약(-4.74%), 나래바이오(-1.24%) 등 "
                "바이오주는 대체로 하락했고, 한빛로보(0.34%), 다온케미칼(9.61%) 등은 상승했다.",
            },
            {
                "title": "코스피 나흘만에 하락 마감…관망세",
                "date": "2025-02-07",
                "body": "코스피가 나흘만에 하락 마감했다. 가온제약은 4%대 하락 마감했다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("2월 7일 가온제약 등락률은?")
    assert not a.abstained and "4.74%" in a.text, a.text


def test_a_latin_name_in_a_korean_question_is_the_story_name_it_sounds_like(tmp_path, config, embedder):
    """ "Bob Mart" in a Korean question: the briefings write 밥마트 (too few consonants to find it among all
    names by sound), which the story retrieved for the question names."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "개미들 '2400억' 쏟아부은 곳",
                "date": "2025-05-17",
                "body": "홍콩 증시에 개인 투자자들이 몰렸다. 가람증권은 최근 신흥 소비주인 밥마트의 실적 개선이 기대된다며 "
                "목표주가를 204홍콩달러에서 224홍콩달러로 높였다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가람증권이 올려 잡은 Bob Mart 목표주가는?")
    assert not a.abstained and "224홍콩달러" in a.text, a.text


def test_a_sentence_opening_on_the_company_is_about_the_one_just_named(tmp_path, config, embedder):
    """ "다온투자증권도 흑자 전환에 성공했다. 회사는 … 95억원": "회사는" is 다온투자증권, in a story about many
    brokerages, and the 259억원 told of the one before is not its."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "중소형 증권사들 1분기 일제히 호실적",
                "date": "2025-05-16",
                "body": "중소형 증권사들이 1분기 호실적을 냈다. 가온증권은 5분기 만에 흑자 전환해 주목된다. "
                "회사는 올해 1분기 당기순이익 259억원을 거뒀다. 다온투자증권도 흑자 전환에 성공했다. "
                "회사는 올해 1분기 연결기준 당기순이익 95억원을 거두며 실적 반전했다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("다온투자증권 올해 1분기 당기순이익은?")
    assert not a.abstained and "95억원" in a.text and "259억원" not in a.text, a.text
    assert "다온투자증권도 흑자 전환에 성공했다." in a.text  # (whom "회사는" is told with it)


def test_a_rise_asked_since_the_year_began_is_not_a_days_move(tmp_path, config, embedder):
    """ "올해 들어 몇 % 올랐어": "같은 기간 … 125.5% 올랐다" after "올해 들어" tells it; "가온켐 주가는 올해
    최고 상승률인 8.8% 올랐다", newer, is one day's move."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온켐 주가 급등",
                "date": "2025-02-11",
                "body": "유리기판 관련주가 급등했다. 가온켐 주가는 올해 최고 상승률인 8.8% 올랐다.",
            },
            {
                "title": "유리기판주 강세",
                "date": "2025-02-10",
                "body": "유리기판 관련주가 연초 이후 크게 올랐다. 한빛옵틱스는 같은 기간 151.51%, 가온켐은 125.5% 올랐다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온켐 주가 올해 들어 몇 % 올랐어?")
    assert not a.abstained and "125.5%" in a.text and "8.8%" not in a.text, a.text


def test_an_english_name_with_a_corporate_word_is_found_written_apart(tmp_path, config, embedder):
    """ "Gaonsoft Cloud": the briefings write 가온소프트클라우드 and, in the answering sentence, 가온소프트
    클라우드; the tagger's 가온소프트 there is a piece of it, no other company."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온소프트클라우드, 홍콩 증시서 급등",
                "date": "2025-02-08",
                "body": "가온소프트클라우드는 딥시크 수혜주로 꼽힌다. "
                "8일 홍콩증권거래소에 따르면 전날 가온소프트 클라우드가 8.52홍콩달러에 장을 마감했다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("What was Gaonsoft Cloud's closing price in Hong Kong?")
    assert not a.abstained and "8.52홍콩달러" in a.text, a.text


def test_a_piece_of_the_asked_name_is_no_other_name_only_where_it_is_part_of_it():
    from rag.answer import _only_within

    asked = {"가온소프트클라우드", "가온소프트 클라우드"}
    assert _only_within("전날 가온소프트 클라우드가 8.52홍콩달러에 장을 마감했다.", "가온소프트", asked)
    assert not _only_within(
        "가온소프트는 가온소프트 클라우드의 모회사다.", "가온소프트", asked
    )  # on its own too
    assert not _only_within("다온은 올랐다.", "다온", asked)


def test_the_owner_in_an_appositive_description_leads_no_clause():
    """ "가온그룹의 자동차 부품 계열 기업인 누리모터스도 …": 가온그룹 describes the company the sentence is about."""
    from rag.answer import _leading

    text = "이날 가온그룹의 자동차 부품 계열 기업인 누리모터스도 1조5920억원의 주문을 받았다."
    facts = {"n": ["가온그룹", "누리모터스"], "s": ["가온그룹", "누리모터스"], "q": []}
    assert _leading(facts, text) == ["누리모터스"]
    text = "가온그룹의 영업이익은 늘었고, 누리모터스도 주문을 받았다."
    facts = {"n": ["가온그룹", "누리모터스"], "s": ["가온그룹", "누리모터스"], "q": []}
    assert _leading(facts, text) == ["가온그룹", "누리모터스"]


def test_a_company_in_a_counted_list_is_only_listed():
    """ "A, B, C(042660) 등 총 3개사의 … 6조2970억원": the group's sum, as in a bracketed list."""
    from rag.answer import _only_listed

    text = "한빛화학, 누리모터스, 세림해운(042660) 등 총 3개사의 수요예측에 총 6조2970억원의 주문이 들어왔다."
    assert _only_listed(text, ("누리모터스",))
    assert _only_listed(text, ("세림해운",))
    assert not _only_listed(
        "누리모터스는 한빛화학, 세림해운 등과 함께 1조원의 주문을 받았다.", ("누리모터스",)
    )


def test_a_list_sum_is_no_listed_companys_figure_whoever_else_leads(tmp_path, config, embedder):
    """Kiwi reads every name of "A, B, C, D(042660) 등 총 4개사의" as a subject: B is then one subject among
    others, and the sum is still not its figure."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "뜨거운 회사채…조단위 주문 몰려",
                "date": "2025-02-11",
                "body": "가온증권, 누리모터스, 한빛에너지터미널, 세림오션(042660) 등 총 4개사의 공모 회사채 "
                "발행을 위한 수요예측에 총 6조2970억원의 주문이 들어왔다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("누리모터스 회사채에 들어온 주문액은?")
    assert a.abstained and "6조2970억원" not in a.text.split("\n")[0], a.text


def test_a_name_in_a_list_of_names_each_with_its_figure_owns_the_figure_after_it(tmp_path, config, embedder):
    """ "A가 X원, B가 Y원, C가 Z원의 순이익을 냈다": each figure is the name's before it, whichever name the
    tagger reads as the sentence's subject; one name with a figure after it is no list (PAIRS_MIN)."""
    from news_index import indexed_news

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온금융 작년 순이익 9% 증가…역대 최대",
                "date": "2025-02-04",
                "body": "가온금융지주는 작년 순이익이 3조7388억원으로 9% 늘었다고 4일 밝혔다. "
                "계열사별로는 누리증권이 2251억원, 한빛카드가 2217억원, 세림캐피탈이 1163억원, "
                "다온자산신탁이 588억원의 순이익을 냈다.",
            },
            {  # (a story that names 세림캐피탈 alone: a company of the briefings, asked by its name)
                "title": "세림캐피탈, 신임 대표 선임",
                "date": "2025-02-03",
                "body": "세림캐피탈은 신임 대표로 김하늘 전 부사장을 선임했다. 세림캐피탈은 자동차 금융에 강점이 있다.",
            },
            {
                "title": "누리모터스, 부품사 인수",
                "date": "2025-02-04",
                "body": "누리모터스가 부품사 세림정공을 인수했다. 인수 대금은 세림정공이 1200억원을 요구한 "
                "끝에 누리모터스 주도로 정해졌다.",
            },
        ],
        "",
        config,
        embedder,
    )
    # (the tagger reads the other three as names, not 세림캐피탈: they lead the sentence)
    a = rag.ask("세림캐피탈 작년 순이익은 얼마야?")
    assert not a.abstained and "1163억원" in a.text, a.text
    a = rag.ask("한빛카드 작년 순이익은?")
    assert not a.abstained and "2217억원" in a.text, a.text
    from rag.answer import _own_in_pairs

    text = "인수 대금은 세림정공이 1200억원을 요구한 끝에 누리모터스 주도로 정해졌다."
    facts = {"q": [[1.2e11, "원", None, text.index("1200"), text.index("1200") + 7]]}
    assert not _own_in_pairs(text, facts, ("세림정공",))  # one pair: no list
    # figures in brackets after names may be their weights in a fund, not theirs to answer with
    text = "누리넷(26.09%), 가온톡(24.29%) 등에 집중 투자하는 한빛 소프트웨어 ETF는 지난주 7.43% 올랐다."
    facts = {
        "q": [
            [v, "%", None, text.index(f), text.index(f) + len(f)]
            for v, f in ((26.09, "26.09%"), (24.29, "24.29%"))
        ]
    }
    assert not _own_in_pairs(text, facts, ("가온톡",))


def test_the_first_figure_after_the_asked_name_written_first_is_its_own(tmp_path, config, embedder):
    """ "A의 누적 투자 유치금은 532억 원으로 이 중 105억 원을 투자한 B가 …": A's, though B leads a later clause;
    not when another name comes before the figure, nor, a year asked, from a sentence that names no period
    (the quarter its story reports)."""
    from news_index import indexed_news, slots_of

    from rag.answer import _first_figure_after_named

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "AI 경량화 스타트업 몸값 껑충",
                "date": "2025-02-12",
                "body": "온디바이스 AI 기업들이 투자를 잇달아 유치했다. "
                "가온노타의 누적 투자 유치금은 532억 원으로 이 중 105억 원을 투자한 누리벤처스가 지분 약 15%를 "
                "보유해 기관 투자자 중 최대 지분을 보유하고 있다.",
            },
            {  # (a story that names 가온노타 alone: a company of the briefings)
                "title": "가온노타, 신임 대표 선임",
                "date": "2025-02-03",
                "body": "가온노타는 신임 대표로 김하늘 전 부사장을 선임했다. 가온노타는 경량화 기술에 강점이 있다.",
            },
            {
                "title": "증권사 실적 희비…순위 바뀌었다",
                "date": "2025-05-16",
                "body": "증권사들의 1분기 실적이 엇갈렸다. "
                "한빛증권 영업이익은 3255억원으로 4% 감소했고 세림증권(3346억원)은 1% 증가율로 3위를 지켰다.",
            },
            {
                "title": "한빛증권, 신임 대표 선임",
                "date": "2025-02-03",
                "body": "한빛증권은 신임 대표로 김하늘 전 부사장을 선임했다. 한빛증권은 해외 법인을 늘린다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온노타 누적 투자 유치금은 얼마야?")
    assert not a.abstained and "532억 원" in a.text.split("\n")[0], a.text
    # a year asked: a sentence that names no period tells its story's quarter, not the year
    year = slots_of(rag, "한빛증권 2024년 영업이익은 얼마야?")
    for text, stated in (("한빛증권 영업이익은 3255억원으로 4% 감소했다.", False),
                         ("한빛증권 작년 영업이익은 3255억원으로 4% 감소했다.", True)):  # fmt: skip
        at = text.index("3255")
        facts = {"n": ["한빛증권"], "q": [[3.255e11, "원", "영업이익", at, at + 7]]}
        assert _first_figure_after_named(year, text, facts, [], date(2025, 2, 12)) is stated, text
    slots = slots_of(rag, "가온노타 누적 투자 유치금은 얼마야?")
    text = "세림투자에 따르면 가온노타의 누적 투자 유치금은 532억 원이다."
    facts = {"n": ["세림투자", "가온노타"], "q": [[5.32e10, "원", "투자", 27, 33]]}
    assert text[27:33] == "532억 원"
    assert not _first_figure_after_named(slots, text, facts, [], None)  # another name first
    alone = text[text.index("가온노타") :]  # the same sentence without the source before the name
    moved = [[5.32e10, "원", "투자", alone.index("532"), alone.index("532") + 6]]
    assert _first_figure_after_named(slots, alone, {"n": ["가온노타"], "q": moved}, [], None)
    # a clause about the asked name describing the sentence's topic: the topic's sentence
    text = "가온노타가 투자 유치금 532억 원을 넣은 누리벤처스는 작년 흑자를 냈다."
    at = text.index("532")
    facts = {"n": ["가온노타", "누리벤처스"], "q": [[5.32e10, "원", "투자", at, at + 6]]}
    assert not _first_figure_after_named(slots, text, facts, ["누리벤처스"], None)


def test_a_sentence_opening_on_what_the_one_before_told_is_of_the_company_it_named(
    tmp_path, config, embedder
):
    """ "가온링크는 … 유상증자와 전환사채(CB) 발행에 나섰다. 이를 통해 260억원을 조달하는데 성공했고 …": 가온링크
    raised it (``CONTINUES``): fact search finds the story by it and the answer quotes both sentences; the
    security asked (CB) is no company."""
    from news_index import indexed_news, slots_of

    from rag.fact_search import fact_hits

    rag = indexed_news(
        tmp_path,
        [
            {
                "title": '가온링크 부사장 "최고 품질 영구자석 생산할 것"',
                "date": "2025-02-11",
                "body": "희토류 영구자석 신사업을 추진하는 가온링크의 부사장은 공장을 확보했다고 밝혔다. "
                "가온링크는 최근까지 신사업 추진을 위해 유상증자와 전환사채(CB) 발행에 나섰다. "
                "이를 통해 260억원을 조달하는데 성공했고, 향후 유상증자를 통해 170억원을 추가로 조달할 예정이다.",
            },
            {
                "title": "유증 막히자 메자닌 발행 쑥",
                "date": "2025-02-11",
                "body": "상장사들의 전환사채 발행이 늘었다. 올해 누리전자는 CB 발행으로 500억원을 조달했다.",
            },
        ],
        "",
        config,
        embedder,
    )
    q = "가온링크가 유상증자와 CB 발행으로 조달한 자금은 얼마야?"
    slots = slots_of(rag, q)
    assert [s.name for s in slots.subjects] == ["가온링크"]
    found = fact_hits(rag._engine.retriever, slots, None, [])
    assert [h.chunk.title for h in found][:1] == ['가온링크 부사장 "최고 품질 영구자석 생산할 것"']
    a = rag.ask(q)
    assert not a.abstained and "260억원" in a.text and "500억원" not in a.text, a.text


def test_a_portion_or_a_price_per_share_is_no_total_asked():
    """ "조달한 자금 중 1000억원을 …, 나머지 550억원가량을 …" tells portions of the sum raised, "1주당 35만6433원에
    발행" a price per share: neither is the issue's size (``_PART_OF``, ``TOTALS``); the size itself is."""
    from rag.aliases import Aliases
    from rag.scope import measure_fit
    from rag.slots import parse_slots

    slots = parse_slots(
        "가온젠 상환전환우선주 발행 규모는 얼마야?", Aliases([["가온젠"]]), [], date(2025, 2, 10)
    )
    assert slots.measures == ("발행액",)

    def fit(text, *figures):
        q = [[0.0, "원", "발행액", text.index(f), text.index(f) + len(f)] for f in figures]
        return measure_fit(slots, text, {"q": q})

    assert (
        fit(
            "가온젠이 조달한 자금 중 1000억원을 운영자금으로 쓰고 나머지 550억원가량을 시설자금으로 쓴다.",
            "1000억원",
            "550억원",
        )
        < 2
    )
    assert fit("상환전환우선주 43만4848주를 1주당 35만6433원에 발행하는 것이 골자다.", "35만6433원") < 2
    assert fit("가온젠은 1550억원 규모의 상환전환우선주를 발행했다.", "1550억원") == 2
