"""A figure answers only for the scope asked: the whole company (not a segment or an affiliate whose
name extends it), the unit asked, the measure asked (not the context measure beside it), a value (not
a band), and aliases learned from the text only when they are unambiguous. Invented companies."""

from datetime import date

import pytest
from news_index import indexed_news

from rag.aliases import Aliases, trusted_pairs
from rag.slots import parse_slots

ARTICLES = [
    {
        "title": "누리모빌리티 로보택시",
        "date": "2025-02-05",
        "body": "김도윤 누리모빌리티 CEO는 현지시간 4일 엑스를 통해 로보택시를 운행하겠다고 밝혔습니다. "
        "누리모빌리티 주가는 4일 1.8% 오른 408.9달러에 거래를 마쳤습니다.",
    },
    {
        "title": "제과 시장",
        "date": "2025-02-05",
        "body": "한빛과자 인기가 이어졌다. 누리제과는 4분기 영업이익이 500억원이라고 밝혔다.",
    },
    {
        "title": "누리식품 실적",
        "date": "2025-02-05",
        "body": "한결라면 제조사 누리식품은 지난해 영업이익이 3442억원이라고 밝혔다. 해외 매출 비중도 커졌다.",
    },
    {
        "title": "보람제약, 임상 3상 실패",
        "date": "2025-02-04",
        "body": "보람제약의 치매 신약 임상 3상이 실패했다. 이 소식에 보람제약 주가는 장중 10% 급락했다.",
    },
    {
        "title": "보람제약 신약 승인",
        "date": "2025-02-06",
        "body": "보람제약이 비만 신약 승인을 받았다. 보람제약 주가는 올해 들어 45% 떨어진 상태다.",
    },
    {
        "title": "[보람코인] 비트코인 약세 이어져",
        "date": "2025-02-05",
        "body": "5일 비트코인은 오전 10시 기준 2.45% 하락한 9만8472달러에 거래되고 있다.",
    },
    {
        "title": "가상자산 시황",
        "date": "2025-02-05",
        "body": "비트코인 가격은 5일 오후 9만7100달러에 거래됐다. 비트코인 시세는 연일 약세를 보였다.",
    },
    {
        "title": "보람전자 주가 흐름",
        "date": "2025-02-07",
        "body": "보람전자 주가는 1월 2일 1만원으로 출발해 24일 1만4000원까지 올랐지만 지난달 31일 1만2000원으로 하락했다.",
    },
    {
        "title": "보람전자에 외국인 매수세",
        "date": "2025-02-08",
        "body": "외국인 자금 유입이 이어졌다. 8일 한국거래소에 따르면 보람전자는 6거래일 동안 총 24.48% 뛰었다.",
    },
    {
        "title": "보람전자 반등",
        "date": "2025-02-06",
        "body": "6일 한국거래소에 따르면 보람전자는 전일 대비 500원 오른 1만3500원에 거래를 마쳤다.",
    },
    {
        "title": "다온유통 4분기 실적",
        "date": "2025-02-05",
        "body": "다온유통의 4분기 매출은 1조 2천억원으로 5% 늘었다. 백화점 부문 영업이익은 900억원으로 7% 감소했다. "
        "다온유통인터내셔널의 4분기 영업이익은 3억원으로 98% 줄었다. 베트남에서는 매출 700억원, 영업이익 80억원을 기록했다. "
        "다온유통리빙은 매출은 500억원으로 늘었고, 영업이익은 12억원으로 흑자로 전환했다. "
        "다온유통 전체 4분기 영업이익은 1천61억원이다.",
    },
    {
        "title": "다온유통 목표주가 상향",
        "date": "2025-02-04",
        "body": "가람증권은 다온유통의 4분기 영업이익이 1천100억원이라고 봤다. 가람증권은 목표주가를 5만원으로 올렸다.",
    },
    {
        "title": "세운전지 회사채 수요예측",
        "date": "2025-02-05",
        "body": "세운전지는 8000억원 규모 회사채 발행을 위한 수요예측에서 3조원의 주문을 받았다. "
        "세운전지는 최대 1조6000억원의 증액 발행을 검토하고 있다.",
    },
    {
        "title": "원화 약세",
        "date": "2025-02-05",
        "body": "미중 관세 소식에 원·달러 환율이 1440원대에서 움직였다. "
        "오후 3시 30분 기준 원·달러 환율은 1,447.7원이다.",
    },
    {
        "title": "한결은행 실적",
        "date": "2025-02-05",
        "body": "한결은행의 충당금적립전영업이익이 840억원으로 9.8% 감소했다. 한결은행은 지난해 25억원의 순익을 기록했다.",
    },
]


@pytest.fixture(scope="module")
def scope_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("scope"), ARTICLES, "다온유통: [다온]\n가람증권: [가람證]\n", config, embedder
    )


def evidence_of(rag, q, today, k=10):
    """The question's slots (as of ``today``) and the answerer's evidence over its top ``k`` hits."""
    engine = rag._engine
    slots = parse_slots(q, engine.answerer.aliases, engine.retriever.dates, today)
    qvec = rag.embedder.embed_query(q)
    return slots, engine.answerer.evidence(q, qvec, engine.retriever.search(q, qvec, k=k), slots)


def test_the_whole_company_not_a_segment_or_an_affiliate(scope_rag):
    a = scope_rag.ask("다온유통 4분기 영업이익은 얼마였어?")
    assert not a.abstained
    assert "1천61억원" in a.text
    assert "900억원" not in a.text and "3억원" not in a.text and "80억원" not in a.text
    assert "12억원" not in a.text  # 다온유통리빙: a name that extends the subject is an affiliate


def test_a_segment_answers_when_the_question_names_it(scope_rag):
    a = scope_rag.ask("다온유통 백화점 영업이익은?")
    assert not a.abstained and "900억원" in a.text


def test_the_measure_asked_not_the_context_beside_it(scope_rag):
    a = scope_rag.ask("세운전지 회사채 발행 금리는 몇 %로 확정됐어?")
    assert a.abstained  # no rate is stated; the issue size is not the answer
    assert "1조6000억원의 증액 발행을 검토" not in a.text.split("\n")[0]
    assert "3조원" in scope_rag.ask("세운전지 회사채 수요예측 주문 규모는?").text


def test_a_value_is_preferred_to_a_band(scope_rag):
    q = "원·달러 환율은 얼마야?"
    a = scope_rag.ask(q)
    assert not a.abstained and "1,447.7원" in a.text
    _, evidence = evidence_of(scope_rag, q, date(2025, 2, 5), k=5)
    fit = {s.text: s.fit for s in evidence.sentences}
    assert fit["오후 3시 30분 기준 원·달러 환율은 1,447.7원이다."] == 2
    assert fit["미중 관세 소식에 원·달러 환율이 1440원대에서 움직였다."] == 1  # "1440원대": a band


def test_a_compound_measure_is_not_the_measure_it_ends_with(scope_rag):
    a = scope_rag.ask("한결은행 작년 영업이익은?")
    assert a.abstained  # 충당금적립전영업이익 is not 영업이익
    assert "840억원" not in a.text.split("\n")[0]


def test_learned_pairs_that_would_chain_companies_are_dropped():
    pairs = [
        ["가온전지", "AA"],  # a rating pairs with many issuers
        ["세운전지", "AA"],
        ["세운전지", "A1"],  # a rating seen once
        ["다온유통", "Daon Retail"],
        ["한결은행", "HB"],
        ["한빛자동차", "HB"],  # an abbreviation two companies share
        ["누리모터스", "Hanbit"],  # would join two groups of the alias file
        ["주당순이익", "EPS"],  # a measure and its abbreviation
        ["SKC", "주"],  # "SKC(주)": the mark of a company's form (주식회사), not another name
    ]
    file = Aliases([["한빛자동차", "Hanbit"], ["누리모터스", "누리차"]])
    assert trusted_pairs(pairs, file) == [("다온유통", "Daon Retail")]
    merged = file.merged(trusted_pairs(pairs, file))
    assert merged.canonical("Daon Retail") == "다온유통"
    assert merged.canonical("누리차") == "누리모터스" and merged.canonical("Hanbit") == "한빛자동차"


def test_a_close_answers_for_the_price_and_the_rate():
    from rag.measures import question_measures

    assert question_measures("원·달러 환율 종가는?")[0] == "환율"  # 종가 is the close of the asked rate
    assert question_measures("한빛차 종가는?") == ["종가"]
    assert question_measures("한빛차 주가는 하루에 몇 % 폭락했어?")[0] == "하락폭"


def test_the_newest_fact_is_as_of_the_day_a_sentence_names(scope_rag):
    a = scope_rag.ask("보람전자 종가는?")  # the 7 February story tells of 31 January
    assert not a.abstained and "1만3500원" in a.text and "1만2000원" not in a.text


def test_a_described_company_is_answered_only_from_a_story_that_mentions_the_description(scope_rag):
    a = scope_rag.ask("보람볶음면 만드는 회사의 4분기 영업이익은?")  # no story mentions 보람볶음면
    assert a.abstained and "1천61억원" not in a.text


def test_a_newer_days_story_joins_the_hits_of_an_undated_question():
    from datetime import datetime

    from rag.api import _with_newer_days
    from rag.types import Chunk, Hit

    def hit(i, day):
        c = Chunk(i, f"a{i}", "t", "h", "t", 0, 0, (0, 1), "s", published=datetime(2025, 2, day))
        return Hit(c, 1.0 / (i + 1), i + 1)

    pool = [hit(0, 5), hit(1, 5), hit(2, 4), hit(3, 6), hit(4, 7), hit(5, 6), hit(6, 3)]
    got = _with_newer_days(pool, 3)
    assert [h.chunk.id for h in got] == [0, 1, 2, 3, 4]  # the best of the 6th and of the 7th added


def test_a_day_asked_is_the_day_of_the_fact_unless_asked_by_briefing(scope_rag):
    a = scope_rag.ask("보람전자 6일 종가는?")
    assert not a.abstained and "1만3500원" in a.text
    b = scope_rag.ask("보람전자 5일 종가는?")  # the story of the 6th tells the 6th's close, not the 5th's
    assert b.abstained and "1만3500원" not in b.text.split("\n")[0]
    c = scope_rag.ask("2월 6일 브리핑에서 보람전자 종가는?")
    assert "1만3500원" in c.text and "1만2000원" not in c.text


def test_an_estimate_is_quoted_only_from_a_story_that_names_the_firm(scope_rag):
    q = "가람증권이 본 다온유통 4분기 영업이익은?"
    a = scope_rag.ask(q)
    assert not a.abstained and "1천100억원" in a.text and "1천61억원" not in a.text
    slots, evidence = evidence_of(scope_rag, q, date(2025, 2, 7))
    assert slots.attributed and [s.name for s in slots.subjects] == ["다온유통"]
    leads = scope_rag._engine.answerer.leads(evidence)
    assert leads and all("가람증권" in scope_rag.store.articles[s.hit.chunk.article_id].text for s in leads)
    assert "1천61억원" in scope_rag.ask("다온유통 4분기 영업이익은?").text


def test_a_generic_measure_asked_alone_takes_the_price_however_worded_but_not_a_bound():
    from rag.scope import approximate

    assert approximate("10만 달러 아래로 떨어졌다", [10.0, "달러", None, 0, 6])
    assert approximate("8000억원을 돌파했다", [8e11, "원", None, 0, 6])
    assert approximate("8000억원(지난 4일 기준)을 돌파했다", [8e11, "원", None, 0, 6])  # an aside between
    assert not approximate("9만8450달러에 거래됐다", [98450.0, "달러", None, 0, 8])
    assert not approximate("1440원 대비 3원 올랐다", [1440.0, "원", None, 0, 5])


def test_a_story_is_its_section_not_the_whole_briefing(briefing_rag):
    engine = briefing_rag._engine
    q = "한울로직 데이터센터 투자 규모는?"
    qvec = briefing_rag.embedder.embed_query(q)
    evidence = engine.answerer.evidence(q, qvec, engine.retriever.search(q, qvec, k=10))
    s = next(x for x in evidence.sentences if "420억 달러(약 61조 원)" in x.text)
    assert engine.answerer._story_mentions(s, ("아일랜드",))  # later in the same story
    assert not engine.answerer._story_mentions(s, ("아스터",))  # the next story of the briefing


def test_a_units_definition_holds_no_figure_of_the_measure():
    from rag.scope import measure_fit
    from rag.slots import Slots

    asked = Slots(measures=("금리",), units=frozenset({"%", "%p"}))
    text = "한빛은 민평금리 기준 ±30bp(1bp=0.01%포인트)의 밴드를 제시해 3년물은 0bp에 채웠다."
    facts = {
        "n": [],
        "s": [],
        "q": [[30.0, "bp", "금리", 15, 19], [0.01, "%p", "금리", 24, 32], [0.0, "bp", "금리", 45, 48]],
    }
    assert measure_fit(asked, text, facts) == 0  # 0.01%p defines a bp; no rate in % is told


def test_a_move_asked_either_way_fits_a_fall_as_well_as_a_rise():
    from rag.scope import measure_fit
    from rag.slots import Slots

    either = Slots(measures=("상승폭", "하락폭", "주가"))
    fell = {"n": [], "s": [], "q": [[4.74, "%", "하락폭", 8, 13]]}
    assert measure_fit(either, "반면 한빛제약(-4.74%)은 약세 마감했다.", fell) == 2
    rose = Slots(measures=("상승폭", "주가"), direction=1)
    assert measure_fit(rose, "반면 한빛제약(-4.74%)은 약세 마감했다.", fell) == 0


def test_a_bare_figure_is_a_price_only_where_a_price_is_spoken_of():
    from rag.scope import measure_fit
    from rag.slots import Slots

    price = Slots(measures=("가격",))
    fact = {"n": [], "s": [], "q": [[98000.0, "달러", None, 5, 12]]}
    assert measure_fit(price, "비트코인은 9만8000달러에 거래되고 있다.", fact) == 2
    cap = {"n": [], "s": [], "q": [[3.21e14, "원", None, 5, 11]]}
    assert measure_fit(price, "빅2 삼성전자(321조원)다.", cap) == 0
    assert measure_fit(Slots(measures=("종가",)), "비트코인은 9만8000달러에 거래되고 있다.", fact) == 0
    # the level a move reached is where it stands; a range's ends are a band, not where it stands
    moved = "가온코인은 24시간 전 대비 0.83% 내린 2673.14달러를 기록 중이다."
    level = {"n": [], "s": [], "q": [[0.83, "%", "하락폭", 16, 21], [2673.14, "달러", None, 25, 35]]}
    assert measure_fit(price, moved, level) == 2
    band = "가온코인도 지난 4일 이후 2500~2800달러 사이에서 거래되고 있다."
    ends = {"n": [], "s": [], "q": [[2500.0, "달러", None, 15, 19], [2800.0, "달러", None, 20, 26]]}
    assert measure_fit(price, band, ends) == 0
    # a share's price where it trades ("…오른 4640원에 거래되고 있다"): the 주가 asked, though no word names it
    share = {"n": [], "s": [], "q": [[910.0, "원", "상승폭", 13, 17], [4640.0, "원", None, 25, 30]]}
    said = "한빛인베스트먼트는 전일 대비 910원 오른 4640원에 거래되고 있다."
    assert measure_fit(Slots(measures=("주가",)), said, share) == 2
    hour = {"n": [], "s": [], "q": [[27.0, "일", None, 5, 8], [87350.0, "달러", None, 18, 25]]}
    assert measure_fit(price, "누리코인은 한국시간 27일 오전 5시 기준 8만7350달러로 올랐다.", hour) == 2


def test_the_money_a_bond_sale_raised_is_the_issues_size():
    from rag.scope import measure_fit
    from rag.slots import Slots

    issue = {"n": [], "s": [], "q": [[1.8e10, "달러", "발행액", 8, 15]]}
    raised = Slots(measures=("조달액", "발행액"))  # "How much did it raise in its bond sale?"
    assert measure_fit(raised, "누리전자는 180억 달러 규모의 채권을 발행했다.", issue) == 2


def test_a_question_that_says_recently_takes_the_newest_fact(scope_rag):
    a = scope_rag.ask("보람전자 주가는 최근 얼마나 올랐어?")
    assert not a.abstained and "24.48%" in a.text and "2월 8일 브리핑 기준" in a.text


def test_a_place_asked_alone_is_named_inside_a_word_too(scope_rag):
    from rag.slots import Slots
    from rag.subjects import Subject

    answerer = scope_rag._engine.answerer
    us = Slots(subjects=(Subject("미국", frozenset({"미국"}), ("미국",)),))
    facts = {"n": [], "s": [], "q": []}
    assert answerer._about(us, "미국채 10년물 금리가 4.49%에 마감했다.", facts, "", set()) == 2
    # … but not inside a company's name ("세계" in "신세계푸드"): that company's figure is not the place's
    world = Slots(subjects=(Subject("세계", frozenset({"세계"}), ("세계",)),))
    assert answerer._is_qualifier("세계")
    named = {"n": ["신세계푸드"], "s": [], "q": []}
    assert answerer._about(world, "신세계푸드 4분기 매출은 3823억원이다.", named, "", set()) == 0


def test_a_source_the_question_names_is_the_story_quoted(scope_rag):
    a = scope_rag.ask("2월 5일 보람코인 기사 기준 비트코인 시세는?")  # a column tag of the titles
    assert not a.abstained and "9만8472달러" in a.text and "9만7100달러" not in a.text
    assert scope_rag._engine.answerer.venues_named("비트코인 시세는?") == set()


def test_a_bound_answers_a_question_about_crossing():
    from rag.scope import measure_fit
    from rag.slots import Slots

    fact = {"n": [], "s": [], "q": [[8e11, "원", "자산", 6, 11]]}
    text = "순자산이 8000억원을 돌파했다."
    assert measure_fit(Slots(measures=("자산",)), text, fact) == 1  # a bound, not the value
    assert measure_fit(Slots(measures=("자산",), crossing=True), text, fact) == 2


def test_a_move_tied_to_news_is_quoted_from_a_story_of_that_news(scope_rag):
    q = "보람제약 주가는 임상 실패 소식에 얼마나 떨어졌나?"
    a = scope_rag.ask(q)
    assert not a.abstained and "10% 급락" in a.text and "45%" not in a.text
    slots, evidence = evidence_of(scope_rag, q, date(2025, 2, 7))
    assert slots.event == ("임상", "실패")
    leads = scope_rag._engine.answerer.leads(evidence)
    assert leads and all("실패" in scope_rag.store.articles[s.hit.chunk.article_id].text for s in leads)


def test_an_english_question_is_scored_on_its_slots_in_korean():
    from rag.answer import _korean_slots
    from rag.periods import Period
    from rag.slots import Slots
    from rag.subjects import Subject

    s = Slots(
        subjects=(Subject("nuri", frozenset({"nuri", "누리모터스"}), ("Nuri", "누리모터스")),),
        measures=("매출",),
        period=Period(quarter=3),
    )
    assert _korean_slots(s) == "누리모터스 매출 3분기"


def test_a_described_company_is_found_from_the_sentences_that_mention_the_description(scope_rag):
    a = scope_rag.ask("한결라면 만드는 회사가 작년에 낸 영업이익은?")
    assert not a.abstained and "3442억원" in a.text
    b = scope_rag.ask("한결라면 만드는 회사의 4분기 매출은?")  # found, and said so: no such figure
    assert b.abstained and b.text.startswith("브리핑에서 누리식품의 4분기 매출은 찾지 못했습니다.")


def test_an_english_question_about_a_company_the_briefings_never_name_abstains(scope_rag):
    a = scope_rag.ask("What was Zentrix's net income last year?")
    assert a.abstained and "25억원" not in a.text.split("\n")[0]
    # two words of a name none of which the briefings write, no possessive: still the company asked
    b = scope_rag.ask("How much net income did DX Zentrix report last year?")
    assert b.abstained and "25억원" not in b.text.split("\n")[0]


def test_a_described_company_not_found_is_never_answered_by_a_company_that_leads_the_clause(scope_rag):
    a = scope_rag.ask("한빛과자 만드는 회사의 4분기 영업이익은?")  # no name stands next to 한빛과자
    assert a.abstained and "500억원" not in a.text.split("\n")[0]


def test_a_person_described_company_is_the_one_next_to_the_name_not_the_title_or_the_platform(scope_rag):
    a = scope_rag.ask("김도윤이 이끄는 회사의 주가는?")
    assert not a.abstained and "408.9달러" in a.text


def test_a_question_of_no_word_abstains(briefing_rag):
    for q in ("a\x00b\u2028c", "???", "ㅋ"):
        assert briefing_rag.ask(q).abstained, q


def test_a_quoted_analyst_and_firm_do_not_make_a_figure_theirs(scope_rag):
    from rag.scope import speakers
    from rag.slots import Slots
    from rag.subjects import Subject

    assert speakers("최정욱 가람증권 연구원은 “순익은 4730억 원”이라고 밝혔다") >= {"최정욱", "가람증권"}
    assert speakers("다온유통 주가가 올랐다") == set()
    answerer = scope_rag._engine.answerer
    daon = Slots(subjects=(Subject("다온유통", frozenset({"다온유통"}), ("다온유통",)),))
    named = {"n": ["박", "다온유통"], "s": ["박"], "q": []}
    assert (
        answerer._about(daon, "박 연구원은 다온유통 목표가를 6만원에서 5만원으로 내렸다.", named, "", set())
        == 2
    )
    quoted = {"n": ["최정욱", "가람증권", "pf"], "s": ["최정욱", "가람증권", "최정욱가람증권", "pf"], "q": []}
    text = "최정욱 가람증권 연구원은 “4분기 순익은 4730억 원을 시현했고 PF 충당금이 늘었다”고 말했다."
    assert answerer._about(daon, text, quoted, "다온유통 실적", {"다온유통"}) == 1  # the story's company
    other = {"n": ["가람증권"], "s": ["가람증권"], "q": []}
    assert (
        answerer._about(
            daon, "가람증권은 순익이 4730억 원이라고 밝혔다.", other, "다온유통 실적", {"다온유통"}
        )
        == 0
    )


def test_a_part_owns_a_figure_only_when_named_close_before_it():
    from rag.scope import segment

    part = "다온유통 백화점 부문 영업이익은 900억원으로 7% 감소했다."
    assert segment(part, [part.index("900")]) and segment(part)
    whole = "다온유통은 AI 부문에서 그룹과의 시너지 효과로 지난해 매출액 5조원, 영업이익 5129억원 등 최대 실적을 냈다."
    assert not segment(whole, [whole.index("5129")])
    assert segment("베트남에서는 매출 700억원, 영업이익 80억원을 기록했다.", [17])  # a place leads it


def test_a_sentence_that_names_no_company_continues_the_last_one_named(scope_rag):
    from rag.slots import Slots
    from rag.subjects import Subject

    answerer = scope_rag._engine.answerer
    daon = Slots(subjects=(Subject("다온유통", frozenset({"다온유통"}), ("다온유통",)),))
    facts = {"n": [], "s": [], "q": [[7.66e9, "달러", "매출", 8, 16]]}
    text = "4분기 매출은 76억 6천만 달러로 예상을 상회했다."
    about = [
        answerer._about(daon, text, facts, "다온유통 실적", {"다온유통"}, frozenset(topic))
        for topic in ((), ("다온유통",), ("가람전자",))
    ]
    assert about == [1, 1, 0]  # "[가람전자] 가람전자도 실적을 발표했죠. 4분기 매출은 …": 가람전자's


def test_a_change_asked_of_a_measure_is_not_another_measures_change():
    from rag.scope import measure_fit
    from rag.slots import Slots

    asked = Slots(measures=("상승폭", "순이익"))
    other = {"n": [], "s": [], "q": [[1e12, "원", "영업이익", 5, 9], [408.0, "%", "상승폭", 14, 18]]}
    assert measure_fit(asked, "영업이익이 1조원으로 408% 증가했다.", other) == 1
    own = {"n": [], "s": [], "q": [[1e12, "원", "순이익", 5, 9], [903.9, "%", "상승폭", 13, 19]]}
    assert measure_fit(asked, "순이익은 1조원으로 903.9% 늘었다.", own) == 2
    bare = {"n": [], "s": [], "q": [[3.0, "%", "상승폭", 5, 7]]}
    assert (
        measure_fit(Slots(measures=("상승폭", "주가")), "누리전자는 3% 올랐다.", bare) == 2
    )  # no measure named


def test_a_story_turns_to_another_company_only_in_a_sentence_that_opens_on_it():
    from rag.answer import _opening_topic

    def facts(*names):
        return {"n": list(names), "s": list(names), "q": []}

    assert _opening_topic(facts("amd"), "[AMD]AMD도 실적을 발표했죠.") == {"amd"}
    assert _opening_topic(facts("누리전자"), "7일 누리전자는 신제품을 내놨다.") == {"누리전자"}
    assert (
        _opening_topic(facts("가람", "누리"), "가람 모기업 누리가 채권을 발행했다.") == set()
    )  # a description
    assert _opening_topic(facts("블룸버그", "누리"), "블룸버그에 따르면 누리는 채권을 발행했다.") == set()
    assert _opening_topic(facts("가람", "누리"), "가람과 누리 등 대형 기업들이 매출의 절반을 냈다.") == set()


def test_a_carmakers_shipments_answer_for_its_sales():
    from rag.scope import measure_fit
    from rag.slots import Slots

    fact = {"n": [], "s": [], "q": [[41300.0, "대", "출하량", 20, 27], [36.0, "%", "하락폭", 40, 43]]}
    text = "누리차가 10월 상하이 공장에서 출하한 차량이 4만 1,300대로, 지난해보다 36% 감소했다."
    assert measure_fit(Slots(measures=("하락폭", "판매량")), text, fact) == 2


def test_a_news_outlet_that_reports_a_figure_does_not_make_it_its_own(scope_rag):
    from rag.slots import Slots
    from rag.subjects import Subject

    answerer = scope_rag._engine.answerer
    daon = Slots(subjects=(Subject("다온유통", frozenset({"다온유통"}), ("다온유통",)),))
    facts = {"n": ["가람통신", "다온유통"], "s": ["가람통신", "다온유통"], "q": []}
    text = "가람통신은 12일 다온유통의 CDS 프리미엄이 111bp로 올랐다고 보도했다."
    assert answerer._about(daon, text, facts, "", set()) == 2


def test_a_loss_asked_is_not_answered_by_a_profit_that_tells_no_loss():
    from index.facts import sentence_facts
    from rag.scope import measure_fit
    from rag.slots import Slots

    loss, profit = Slots(measures=("영업손실",)), Slots(measures=("영업이익",))
    base = "전년 동기에는 매출액 4377억원·영업이익 39억원이었다."
    red = "누리소프트는 4분기 영업이익 -79억원으로 적자 전환했다."
    told = "누리소프트는 4분기 영업손실 79억원을 기록했다."
    assert measure_fit(loss, base, sentence_facts(base)) == 0
    assert measure_fit(profit, base, sentence_facts(base)) == 2
    assert (
        measure_fit(loss, red, sentence_facts(red)) == 2
        and measure_fit(loss, told, sentence_facts(told)) == 2
    )
    assert measure_fit(profit, told, sentence_facts(told)) == 2  # a loss is the profit asked, below zero


def test_a_firm_named_only_as_the_analyst_s_employer_is_attributed_under_any_of_its_forms():
    """A short form inside the long one ("한빛" in "한빛증권 연구원") is that writing, not another one."""
    from rag.scope import only_attributed

    said = "양하준 한빛증권 연구원은 “작년 4분기 매출액은 498억원”이라고 말했다."
    assert only_attributed(said, ("한빛증권", "한빛"))
    assert not only_attributed("한빛은 " + said, ("한빛증권", "한빛"))  # the company itself leads too
    assert not only_attributed("매출액은 498억원이다.", ("한빛증권", "한빛"))  # not named at all


def test_a_price_per_share_asked_is_not_the_deals_total(tmp_path, config, embedder):
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온생명 지분 되사와",
                "date": "2025-02-09",
                "body": "한결 회장은 지난 7일 누리캐피탈로부터 가온생명 지분 5.33% 전량을 주당 19만8000원에 다시 사들였다.",
            },
            {
                "title": "누리캐피탈, 가온생명 지분 정리",  # newer, and closer in words: the deal's total
                "date": "2025-02-10",
                "body": "누리캐피탈은 한결 회장에게 풋옵션을 행사해 보유 중인 가온생명 지분 5.33%를 2162억원에 정리했다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온생명 지분을 되사온 주당 가격은?")
    assert not a.abstained and "19만8000원" in a.text.split("\n")[0], a.text


def test_a_stake_is_told_as_a_share_of_the_shares():
    from index.facts import sentence_facts
    from rag.scope import measure_fit
    from rag.slots import Slots

    stake = Slots(measures=("지분율",))
    bought = "누리는 가온바이오의 주식 51.9%를 취득하기로 결정했다."
    assert measure_fit(stake, bought, sentence_facts(bought)) == 2
    rose = "누리 주가는 51.9% 올랐다."  # (a change of price is no stake)
    assert measure_fit(stake, rose, sentence_facts(rose)) < 2


def test_a_share_price_asked_is_the_price_a_move_reached():
    """rag/measures.py reads "2.50% 하락한 12.48달러" as the price the move reached (가격): a share's price."""
    from index.facts import sentence_facts
    from rag.scope import measure_fit
    from rag.slots import Slots

    text = "누리모터스는 2.50% 하락한 12.48달러를, 가온모터스는 2.08% 하락한 2.83달러를 각각 기록했다."
    facts = sentence_facts(text)
    assert "가격" in [q[2] for q in facts["q"]]
    assert measure_fit(Slots(measures=("주가",)), text, facts) == 2
    # (the move told with its % in brackets, at an hour "께")
    text = "이날 오전 9시50분께 누리소재는 전 거래일 대비 310원(4.72%) 오른 6880원을 기록 중이다."
    facts = sentence_facts(text)
    assert measure_fit(Slots(measures=("주가",)), text, facts) == 2
