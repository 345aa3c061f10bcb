"""A question about an event (a price's first crossing of a level) is answered from the sentence that
tells the event, not from the newest restatement of the figure; the newest figure is a value, from the
newest briefing that tells it; a sentence that names no company is about the one the story last turned
to. Invented companies."""

from dataclasses import replace

import pytest
from news_index import indexed_news, slots_of

from rag.slots import parse_slots

ARTICLES = [
    {
        "title": "누리테크 100달러 돌파",
        "date": "2025-02-05",
        "body": "AI 열풍에 누리테크 주가는 지난해 17달러에서 58달러로 올랐다. "
        "4일(현지시간) 누리테크는 전 거래일 대비 23.99% 오른 103.83달러에 장을 마감하며 처음으로 100달러를 돌파했다.",
    },
    {
        "title": "채권 금리 흐름",
        "date": "2025-02-09",
        "body": "올 초 미국 10년물 국채금리는 5%를 바라보는 4.76%까지 상승했다가, 최근 4.4%대까지 하락했다. "
        "시장은 다음 주 물가 지표를 기다리고 있다.",
    },
    {
        "title": "주간 채권 시황",
        "date": "2025-02-09",
        "body": "미국채 금리는 한 주간 10년물 금리가 5bp 하락한 4.49%에 마감했다. 2년물 금리는 9bp 오른 4.29%였다.",
    },
    {
        "title": "누리테크 강세 이어져",
        "date": "2025-02-07",
        "body": "7일(현지시간) 누리테크 종가는 전날보다 9.29% 오른 111.28달러로 마감했다. 누리테크는 올해 들어 60% 올랐다.",
    },
    {
        "title": "가람전자 실적 호조, 계열사도 선전",
        "date": "2025-02-05",
        "body": "가람전자는 지난해 매출이 늘었다고 밝혔다. 가람화학은 4분기 영업이익이 50억원이라고 밝혔다. "
        "이처럼 가람전자는 좋은 성적을 거뒀다. 4분기 영업이익은 300억원이었다.",
    },
    {
        "title": "제과 업계 4분기 실적",
        "date": "2025-02-05",
        "body": "한결쿠키 만드는 회사는 실적을 따로 밝히지 않았지만 업계 4분기 영업이익은 900억원으로 늘었다. "
        "누리제과의 4분기 영업이익은 500억원이다.",
    },
    {
        "title": "누리금융 실적 발표",
        "date": "2025-02-07",
        "body": "누리금융은 지난해 순이익 3조원을 냈다고 7일 밝혔다. "
        "이 같은 성과를 바탕으로 이날 누리금융 이사회는 주당 660원의 결산 배당을 결의했다.",
    },
    {
        "title": "누리화학 실적",
        "date": "2025-02-06",
        "body": "누리화학은 2020년 순이익 10억원을 냈다. 누리화학은 이후 신사업에 진출했다. "
        "누리화학의 지난해 순이익은 300억원이다.",
    },
    {
        "title": "누리테크 주간 동향",
        "date": "2025-02-08",
        "body": "반도체 업종 전반의 실적 기대와 외국인 매수세, 환율 하락이 겹친 가운데 지난 7일(현지시간) "
        "누리테크 종가는 111.28달러였다고 시장 관계자들이 전했다. "
        "이번 주 누리테크 주가는 18% 올랐다.",
    },
]


@pytest.fixture(scope="module")
def events_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("events"),
        ARTICLES,
        "누리테크: [Nuritech]\n가람전자: [가람일렉트릭]\n가람화학: [가람케미칼]\n누리금융: [누리금융지주]\n누리화학: [누리케미칼]\n",
        config,
        embedder,
    )


@pytest.mark.parametrize(
    "question",
    [
        "누리테크 주가가 처음 100달러를 넘어선 날 종가는?",
        "At what price did Nuritech close when it first topped $100?",
    ],
)
def test_a_crossing_is_answered_from_the_sentence_that_tells_it(events_rag, question):
    e = events_rag._engine
    assert parse_slots(question, e.answerer.aliases, e.retriever.dates, e.retriever.dates[-1]).crossing
    a = events_rag.ask(question)
    assert not a.abstained and "103.83달러" in a.text and "111.28달러" not in a.text


def test_without_a_crossing_the_newest_figure_answers_from_the_newest_briefing_that_tells_it(events_rag):
    q = "누리테크 종가는?"  # the close of the 7th, told on the 7th and again on the 8th
    a = events_rag.ask(q)
    assert not a.abstained and "111.28달러" in a.text and a.text.startswith("2월 8일 브리핑 기준")
    answerer = events_rag._engine.answerer
    qvec = events_rag.embedder.embed_query(q)
    evidence = answerer.evidence(
        q, qvec, events_rag._engine.retriever.search(q, qvec, k=10), _slots(events_rag, q)
    )
    told = {s.day.day: s for s in answerer.leads(evidence) if "111.28달러" in s.text}
    first, again = replace(told[7], score=1.0), replace(told[8], score=0.9)  # the restatement scores lower
    assert answerer._newest([first, again], first) is again


def test_the_newest_value_is_a_value_not_a_band_and_its_story_comes_first(events_rag):
    a = events_rag.ask("미국 10년물 국채 금리는 지금 몇 %야?")
    assert not a.abstained and a.text.startswith("2월 9일 브리핑 기준: 미국채 금리는")  # 미국채 is 미국's
    assert a.citations[0].chunk.title == "주간 채권 시황"


_slots = slots_of


def test_a_sentence_that_names_no_company_is_about_the_one_the_story_last_turned_to(events_rag):
    a = events_rag.ask("가람전자 4분기 영업이익은?")  # 가람화학 opened a sentence, then 가람전자 came back
    assert not a.abstained and "300억원" in a.text and "50억원" not in a.text


def test_a_described_company_not_found_gets_no_other_companys_sentence_beside_the_answer(events_rag):
    a = events_rag.ask("한결쿠키 만드는 회사의 4분기 영업이익은?")
    assert "500억원" not in a.text.split("\n")[0]  # 누리제과's, in the same story


def test_a_sentence_that_opens_on_this_or_that_may_answer_when_it_names_the_company(events_rag):
    a = events_rag.ask(
        "누리금융 주주는 결산배당으로 한 주에 얼마를 받아?"
    )  # "이 같은 성과를 바탕으로 누리금융 …"
    assert not a.abstained and "660원" in a.text


def test_the_answer_opens_on_the_sentence_that_answers_not_on_its_storys_context(events_rag):
    a = events_rag.ask("누리화학 순이익은?")  # the 2020 figure is context, quoted after the answer
    assert a.text.startswith("2월 6일 브리핑 기준: 누리화학의 지난해 순이익은 300억원이다.")
