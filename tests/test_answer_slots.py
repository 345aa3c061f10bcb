"""The answerer quotes only sentences about what was asked (issue 7), on a corpus the test writes."""

import pytest
from news_index import indexed_news

from rag import RAG

ARTICLES = [
    {
        "title": "누리게임즈, 4Q 어닝쇼크에 목표가↓ -한빛차",
        "date": "2025-02-06",
        "body": "누리게임즈의 목표주가가 내려갔다. 김 연구원은 “4분기 매출액은 전년 동기 대비 17.3% 증가한 483억원, "
        "영업손실은 21억원”이라고 말했다.",
    },
    {
        "title": "누리택시, 무인 택시 서비스 확대",
        "date": "2025-02-05",
        "body": "누리택시는 연말까지 무인 택시 서비스 지역을 8개 도시로 넓힐 계획이다.",
    },
    {
        "title": "가온메디, 자본잠식에도 상장 강행",
        "date": "2025-02-05",
        "body": "가온메디가 코스닥 상장을 추진한다. 여기에 이번 기업공개(IPO)를 통해 유입될 약 167억원의 공모금을 "
        "통해 재무구조를 개선할 수 있을 것이라는 입장이다.",
    },
    {
        "title": "누리소프트 2대주주 가온엠티, 경영권 인수 제안",
        "date": "2025-02-05",
        "body": "계약조건은 대표 등 5인(현 최대주주)의 보유 주식 123만주(지분율 9.39%)를 가온엠티가 전량 인수한다는 "
        "것이 골자다. 한편 가온엠티는 누리소프트 주식 132만주를 보유 중이다. 지분율은 10.07%다.",
    },
    {
        "title": "누리바이오, 9000억원 규모 기술수출",
        "date": "2025-02-05",
        "body": "누리바이오의 기술수출 규모는 9000억원이라고 5일 밝혔다. "
        "미국 제약사와 맺은 이 계약으로 누리바이오는 주가가 급등했다. "
        "달러로 환산한 누리바이오의 기술수출 규모는 6억3000만달러다.",
    },
    {
        "title": "한빛자동차, 3분기 영업이익 1조1천685억 원",
        "date": "2025-02-05",
        "body": "한빛자동차는 3분기 영업이익이 1조1천685억 원으로 집계됐다고 5일 밝혔다.3분기 매출은 42조 3,000억 원이다."
        "회사는 하반기 신차 출시로 판매가 늘었다고 설명했다.",
    },
    {
        "title": "누리모터스 3분기 영업이익 8천억 원",
        "date": "2025-02-05",
        "body": "누리모터스의 3분기 영업이익은 8천억 원이었다. 누리모터스는 관세 부담이 커졌다고 밝혔다.",
    },
    {
        "title": "누리모터스 주가 급락",
        "date": "2025-02-03",
        "body": "관세 우려가 커졌다. 그러나 AI 고평가 우려가 다시 불거지며 5.1% 내린 3만 2,000원에 마감했다.",
    },
    {
        "title": "소재주 실적 전망",
        "date": "2025-02-04",
        "body": '김하늘 ZX증권 연구원은 "미래소재는 4분기 영업이익 900억 원을 낼 것"이라고 내다봤다.',
    },
    {
        "title": "자동차 관세 부담",
        "date": "2025-02-04",
        "body": "한빛자동차와 누리모터스 두 곳이 낸 관세는 모두 700억 원이다. 한빛자동차는 관세 300억 원을 냈다.",
    },
    {
        "title": "가온전지, 4분기 적자 전환",
        "date": "2025-02-05",
        "body": "가온전지는 4분기 영업손실 312억 원을 기록해 적자로 돌아섰다. 가온전지 주가는 4.1% 하락했다.",
    },
    {
        "title": "한빛자동차 주가 사흘째 상승",
        "date": "2025-02-06",
        "body": "한빛자동차 주가는 6일 3.1% 오른 21만 5,000원에 마감했다. 외국인이 사흘 연속 순매수했다.",
    },
    {
        "title": "한빛자동차 주가 반락",
        "date": "2025-02-07",
        "body": "한빛자동차 주가는 7일 2.0% 내린 21만 700원에 마감했다. 차익 실현 매물이 나왔다.",
    },
    {
        "title": "가온일렉트릭 작년 영업이익 두 배",
        "date": "2025-02-03",
        "body": "가온일렉트릭은 지난해 연간 영업이익이 6690억원으로 112% 늘었다고 밝혔다. 수주가 늘었다.",
    },
    {
        "title": "화학 업계 실적 부진",
        "date": "2025-02-06",
        "body": "지난해 연간으로는 영업이익 9168억원을 기록했다. 업황이 나빴다.",
    },
    {
        "title": "누리넷 자회사 누리넷헬스케어, 매출 170% 늘어",
        "date": "2025-02-05",
        "body": "누리넷이 5일 발표한 2024년 실적에 따르면 누리넷헬스케어는 전년대비 170% 늘어난 120억원의 매출을 "
        "기록했다. 누리넷헬스케어는 누리넷의 자회사다.",
    },
    {
        "title": "누리증권, RCPS 발행",
        "date": "2025-02-06",
        "body": "누리증권은 상환전환우선주(RCPS) 775억원 규모를 발행했다고 6일 밝혔다.",
    },
    {
        "title": "반도체 장비 기업 누리엠티이, 공모가 확정",
        "date": "2025-02-04",
        "body": "누리엠티이가 공모가를 희망범위 상단인 1만1400원에 확정했다고 4일 공시했다. 청약은 다음 주다.",
    },
]


@pytest.fixture(scope="module")
def news_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("news"),
        ARTICLES,
        "한빛자동차: [한빛차, Hanbit Motor]\n누리넷: [Nuri Net]\n누리넷헬스케어: [Nuri Net Healthcare]\n",
        config,
        embedder,
    )


def test_the_asked_company_figure_by_alias(news_rag):
    a = news_rag.ask("한빛차 3분기 영업이익은?")
    assert not a.abstained
    assert "1조1천685억 원" in a.text and "8천억" not in a.text
    assert "2월 5일 브리핑 기준" in a.text


def test_another_company_figure_is_never_the_answer(news_rag):
    a = news_rag.ask("누리모터스 3분기 매출은?")  # only 한빛자동차's 매출 is stated
    assert a.abstained
    assert a.text.startswith("브리핑에서 누리모터스의 3분기 매출은 찾지 못했습니다.")
    assert "42조" not in a.text


def test_another_period_is_not_the_answer(news_rag):
    a = news_rag.ask("한빛차 4분기 영업이익은?")
    assert a.abstained and "1조1천685억" not in a.text.split("\n")[0]


def test_newest_day_unless_a_day_is_asked(news_rag):
    a = news_rag.ask("한빛자동차 주가는?")
    assert not a.abstained and "21만 700원" in a.text and "2월 7일 브리핑 기준" in a.text
    b = news_rag.ask("2월 6일 한빛자동차 주가는?")
    assert "21만 5,000원" in b.text and "21만 700원" not in b.text


def test_several_days_one_line_each_newest_first(news_rag):
    a = news_rag.ask("2월 6일과 2월 7일 한빛자동차 주가는?")
    lines = a.text.split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("2월 7일 브리핑 기준") and lines[1].startswith("2월 6일 브리핑 기준")


def test_english_question_by_alias(news_rag):
    a = news_rag.ask("What was Hanbit Motor's third-quarter operating profit?")
    assert not a.abstained and "1조1천685억 원" in a.text


def test_one_marker_per_story_and_spans_are_the_quoted_sentences(news_rag):
    a = news_rag.ask("한빛차 3분기 영업이익과 매출은?")
    assert len({(c.chunk.article_id, c.chunk.section_order) for c in a.citations}) == len(a.citations)
    for c in a.citations:
        text = news_rag.store.articles[c.chunk.article_id].text
        assert " ".join(text[s:e] for s, e in c.sentence_spans) == c.quote  # nothing unquoted in between


def test_calibration_is_read_per_embedder(news_rag, config, embedder):
    strict = config.replace(
        paths={"aliases": news_rag.config.paths.aliases},
        answer={"calibration": {f"{embedder.backend}/{embedder.model}": {"min_confidence": 0.999}}},
    )
    r = RAG.load(news_rag.store.path, config=strict, embedder=embedder)
    assert r._engine.answerer.min_confidence == 0.999
    assert r.ask("한빛차 3분기 영업이익은?").abstained
    other = config.replace(answer={"calibration": {"other/model": {"min_confidence": 0.999}}})
    assert (
        RAG.load(news_rag.store.path, config=other, embedder=embedder)._engine.answerer.min_confidence == 0.11
    )


def test_a_loss_answers_for_the_profit_asked(news_rag):
    a = news_rag.ask("가온전지 4분기 영업이익은?")
    assert not a.abstained and "영업손실 312억 원" in a.text


def test_the_most_specific_measure_asked_leads(news_rag):
    # asks the fall: the 4.1% fall answers, not a level; a rise never answers a fall
    a = news_rag.ask("가온전지 주가는 얼마나 떨어졌나?")
    assert not a.abstained and "4.1% 하락" in a.text
    b = news_rag.ask("한빛자동차 주가는 7일 얼마나 올랐나?")
    assert b.abstained and "2.0% 내린" not in b.text.split("\n")[0]  # shown below only as what they say


def test_a_generic_term_leading_a_clause_is_not_another_company(news_rag):
    a = news_rag.ask(
        "누리모터스 주가는 얼마에 마감했나?"
    )  # the story's figure, its clause led by "AI … 우려가"
    assert not a.abstained and "3만 2,000원" in a.text


def test_an_analysts_firm_is_not_the_subject(news_rag):
    # only the ZX증권 analyst's view of another company is in the corpus
    a = news_rag.ask("ZX증권 4분기 영업이익은?")
    assert a.abstained and "900억" not in a.text.split("\n")[0]


def test_a_name_kiwi_does_not_know_is_the_subject_when_headlines_write_it(news_rag):
    # 가온전지 is no proper noun to Kiwi; the headline "가온전지, 4분기 적자 전환" makes it a name
    a = news_rag.ask("가온전지 4분기 매출은?")
    assert a.abstained and a.text.startswith("브리핑에서 가온전지의 4분기 매출은 찾지 못했습니다.")


def test_a_figure_of_the_subject_alone_beats_one_shared_with_others(news_rag):
    a = news_rag.ask("한빛차 관세는 얼마야?")
    assert not a.abstained and "300억 원" in a.text and "700억" not in a.text


def test_a_name_kiwi_reads_apart_in_the_question_is_still_the_briefings_name(news_rag):
    # "누리엠티이 확정": Kiwi reads 누리엠티 + 이 (a word the briefings never write); the subject is found
    # whole, so the question's piece of it is no sign that the briefings cannot answer
    a = news_rag.ask("누리엠티이 확정 공모가는 얼마야?")
    assert not a.abstained and "1만1400원" in a.text.split("\n")[0]
    whole = news_rag.ask("누리엠티이의 확정 공모가는 얼마야?")  # (read whole)
    assert a.confidence == pytest.approx(whole.confidence, abs=0.15)


def test_a_short_name_nobody_knows_is_still_whose_figure_is_asked(news_rag):
    # "가온일렉": neither Kiwi nor the aliases know it; the question opens on it, so a sentence must write it
    # (inside 가온일렉트릭), not just any company's 영업이익
    from rag.slots import parse_slots

    e = news_rag._engine
    slots = parse_slots(
        "가온일렉 작년 연간 영업이익은?", e.answerer.aliases, e.retriever.dates, e.retriever.dates[-1]
    )
    assert not slots.subjects and slots.qualifiers == ("가온일렉",)
    a = news_rag.ask("가온일렉 작년 연간 영업이익은?")
    lead = a.text.split("\n")[0]
    assert "9168억원" not in lead and (a.abstained or "6690억원" in lead)


def test_the_company_whose_report_tells_a_figure_does_not_own_it(news_rag):
    # "누리넷이 발표한 실적에 따르면 누리넷헬스케어는 …": the subsidiary's figure, told by its parent's report
    a = news_rag.ask("누리넷 작년 매출은?")
    assert "120억원" not in a.text.split("\n")[0]
    a = news_rag.ask("누리넷헬스케어 작년 매출은?")
    assert not a.abstained and "120억원" in a.text.split("\n")[0]


def test_an_english_question_about_a_company_the_briefings_never_name_abstains(news_rag):
    # no company of the briefings is called anything like "Zorvex": another's 영업이익 is no answer
    a = news_rag.ask("What was Zorvex's operating profit in the third quarter?")
    assert a.abstained and "1조1천685억" not in a.text.split("\n")[0]
    assert not news_rag.ask("What was Hanbit Motor's operating profit in the third quarter?").abstained


def test_an_english_questions_owner_the_briefings_never_name_is_still_whose_figure_is_asked(news_rag):
    # RCPS is in the briefings (누리증권's); "Zorvex's" RCPS is not
    a = news_rag.ask("How large is Zorvex's RCPS issuance?")
    assert a.abstained and "775억원" not in a.text.split("\n")[0]


def test_a_name_the_briefings_know_is_the_subject_wherever_the_question_puts_it(news_rag):
    # "…기사 기준 누리모터스의 …": not the question's first word, and there Kiwi tags it a common noun;
    # without a subject any company's figure would answer
    from news_index import slots_of

    q = "2월 5일 기사 기준 누리모터스의 직전 3분기 영업이익은 얼마였어?"
    assert [s.name for s in slots_of(news_rag, q).subjects] == ["누리모터스"]
    a = news_rag.ask(q)
    assert not a.abstained and "8천억 원" in a.text and "1조1천685억" not in a.text


def test_a_currency_asked_is_the_one_the_answer_states(news_rag):
    # the deal is told in won first, then in dollars: asked in dollars, the dollar figure
    a = news_rag.ask("누리바이오 기술수출 규모는 달러로 얼마야?")
    assert not a.abstained and "6억3000만달러" in a.text.split("\n")[0]
    assert "9000억원" not in a.text.split("\n")[0]


def test_a_currency_asked_with_no_measure_is_the_one_the_answer_states(news_rag):
    from news_index import slots_of

    q = "누리바이오 계약은 달러로 얼마야?"
    assert slots_of(news_rag, q).measures == ()
    a = news_rag.ask(q)
    line = a.text.split("\n")[0]  # (the story's other sentences may follow the one that answers)
    assert not a.abstained and "6억3000만달러" in line and line.find("6억3000만달러") < line.find("9000억원")


def test_a_stake_the_company_buys_is_not_its_own(news_rag):
    a = news_rag.ask("누리소프트 2대주주 가온엠티의 지분율은?")
    assert not a.abstained and "10.07%" in a.text and "9.39%" not in a.text.split("\n")[0]
    bought = news_rag.ask("가온엠티가 인수하는 지분율은?")  # (asked what it buys: that stake)
    assert not bought.abstained and "9.39%" in bought.text.split("\n")[0]


def test_a_deal_to_come_is_answered_by_what_it_is_to_bring(news_rag):
    # "…유입될 167억원의 공모금을 통해 … 개선할 수 있을 것": told as what is to come, as the question asks
    a = news_rag.ask("가온메디가 이번 IPO로 조달할 공모금 규모는?")
    assert not a.abstained and "167억원" in a.text


def test_a_count_asked_in_one_unit_may_be_told_in_another(news_rag):
    # "몇 곳으로": "8개 도시로" answers (only a currency asked holds the answer to its unit)
    a = news_rag.ask("누리택시 무인 택시 서비스는 연말까지 몇 곳으로 넓어지나?")
    assert not a.abstained and "8개 도시" in a.text


def test_a_company_named_only_in_a_headlines_closing_credit_is_not_the_storys(news_rag):
    # "-한빛차" credits the brokerage that wrote the report (a short name of 한빛차증권)
    a = news_rag.ask("한빛차 4분기 매출은?")
    assert "483억원" not in a.text.split("\n")[0]


def test_a_count_of_shares_asked_is_not_answered_by_a_percentage(tmp_path, config, embedder):
    """ "…주식은 몇 주야?" with no measure word: only a sentence stating a number of shares answers, not the
    stake's share in % (COUNTED_UNITS)."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온글라스, 계열 분리 막바지",
                "date": "2025-02-05",
                "body": "가온글라스의 자사주 비중은 0.17%에 불과하다. "
                "가온글라스와 가온케미칼 간 계열 분리를 위한 지분 정리가 막바지에 들어섰다는 평가다.",
            },
            {
                "title": "누리산업, 한빛글라스 지분 전량 처분",
                "date": "2025-02-05",
                "body": "누리산업은 작년 말 보유하던 한빛글라스 주식 2만4021주를 전량 처분했다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온글라스 주식은 몇 주야?")
    assert "0.17%" not in a.text.split("\n")[0], a.text
    a = rag.ask("누리산업이 작년 말 처분한 한빛글라스 주식은 몇 주야?")
    assert not a.abstained and "2만4021주" in a.text, a.text
