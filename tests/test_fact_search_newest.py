"""Fact search for the newest level asked with no day: a close is a sentence that tells one, a story headed
by the subject states it without naming it again, and the days after each newer one found are searched
too. Invented companies."""

import pytest
from news_index import indexed_news, slots_of

from rag.fact_search import fact_hits

ARTICLES = [
    {
        "title": "누리채 금리 소폭 상승",
        "date": "2025-02-03",
        "body": "누리채 3년물 금리는 전일 대비 1bp 오른 2.600%에 마감했다. 거래는 한산했다.",
    },
    {
        "title": "누리채 금리, 5bp 내외 하락",
        "date": "2025-02-05",
        "body": "채권 시장이 강세를 보였다. 오후 고시 금리 기준 3년물 금리는 4.3bp 내린 2.319%를 기록했다.",
    },
    {
        "title": "가온전자 강보합 마감",
        "date": "2025-02-04",
        "body": "가온전자는 이날 전 거래일 대비 0.2% 오른 21만7000원에 장을 마감했다.",
    },
    {
        "title": "소프트웨어 업종 강세",
        "date": "2025-02-10",
        "body": "소프트웨어 업종 시가총액이 늘었다. 이날 가온전자는 0.89% 상승한 22만7500원에 거래를 마쳤다.",
    },
    {
        "title": "가온전자 신사업 소식에 관련주 급등",
        "date": "2025-02-12",
        "body": "가온전자의 신사업 추진 소식이 관련주를 밀어올렸다. "
        "이날 코스닥 시장에서 씨아이이는 전일 대비 29.80% 뛴 5880원에 거래를 마쳤다.",
    },
    {
        "title": "가온전자, 연중 최고가 경신",
        "date": "2025-02-11",
        "body": "가온전자 주가는 장 초반 23만5500원까지 오르며 1년 중 가장 높은 주가를 기록했다.",
    },
]


@pytest.fixture(scope="module")
def newest_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("newest"),
        ARTICLES,
        "누리채: [Nuri Bond]\n가온전자: [Gaon Electronics]\n",
        config,
        embedder,
    )


_slots = slots_of


def _story(rag, title):
    e = rag._engine
    q = "가온전자 종가는?"
    return [h for h in e.retriever.search(q, rag.embedder.embed_query(q), k=10) if h.chunk.title == title]


def test_a_newer_days_level_in_a_story_headed_by_the_subject_is_the_latest(newest_rag):
    # the 5th's sentence does not name 누리채 (its headline does); the 3rd's names it: the 5th is newer news
    a = newest_rag.ask("누리채 3년물 금리는?")
    assert not a.abstained and "2.319%" in a.text.split("\n")[0] and "2.600%" not in a.text.split("\n")[0]


def test_a_price_told_no_close_is_not_where_the_newest_close_is_looked_for_from(newest_rag, monkeypatch):
    # the 11th tells a morning high, no close: the newest close is still looked for after the 4th's
    from rag import fact_search

    monkeypatch.setattr(fact_search, "FACT_HITS", 0)
    retriever = newest_rag._engine.retriever
    taken = _story(newest_rag, "가온전자 강보합 마감") + _story(newest_rag, "가온전자, 연중 최고가 경신")
    assert len(taken) == 2
    found = fact_hits(retriever, _slots(newest_rag, "가온전자 종가는?"), None, taken, newest=True)
    assert "소프트웨어 업종 강세" in [h.chunk.title for h in found]
    a = newest_rag.ask("가온전자 종가는?")
    # (nor is the newer close of a company the subject's story goes on to, "씨아이이는 …", whose name Kiwi
    # does not tag: a newer day's level is taken from a sentence whose topic is the measure)
    assert not a.abstained and "22만7500원" in a.text.split("\n")[0] and "5880원" not in a.text


def test_a_story_headed_by_the_subject_states_its_figure_without_naming_it_again(newest_rag, monkeypatch):
    from rag import fact_search

    monkeypatch.setattr(fact_search, "FACT_HITS", 0)
    e = newest_rag._engine
    q = "누리채 3년물 금리는?"
    taken = [
        h
        for h in e.retriever.search(q, newest_rag.embedder.embed_query(q), k=10)
        if h.chunk.title == "누리채 금리 소폭 상승"
    ]
    found = fact_hits(e.retriever, _slots(newest_rag, q), None, taken, newest=True)
    assert [h.chunk.title for h in found] == ["누리채 금리, 5bp 내외 하락"]
