"""A figure told in passing in a story about something else is found when the question names the
company and the measure (rag/fact_search.py). Invented companies."""

import pytest
from news_index import indexed_news, slots_of

from rag.fact_search import fact_hits, fact_terms

TOPICS = [
    "신제품 공개",
    "공장 증설",
    "대표 인터뷰",
    "해외 진출",
    "채용 확대",
    "특허 취득",
    "노조 협상",
    "주주총회",
]
ARTICLES = [
    {
        "title": f"한솔테크 {topic}",
        "date": "2025-02-05",
        "body": f"한솔테크가 {topic} 소식을 전했다. 한솔테크는 이번 {topic}이 한솔테크 성장에 도움이 된다고 밝혔다. "
        f"한솔테크 관계자는 {topic}으로 지난해 영업이익이 개선될 것이라고 말했다.",
    }
    for topic in TOPICS
] + [
    {
        "title": "코스피 1% 상승 마감",
        "date": "2025-02-05",
        "body": "코스피가 외국인 매수에 1.2% 올라 2,520에 마감했다. 원·달러 환율은 1,447원을 기록했다. "
        "장 마감 뒤 한솔테크는 지난해 영업이익이 3120억원으로 18% 늘었다고 공시했다. "
        "코스닥은 0.8% 상승했다.",
    },
]


@pytest.fixture(scope="module")
def news_rag(tmp_path_factory, config, embedder):
    cfg = config.replace(retrieval={"rerank_depth": 2, "k": 1})
    return indexed_news(tmp_path_factory.mktemp("facts"), ARTICLES, "한솔테크: [한솔]\n", cfg, embedder)


_slots = slots_of


def test_the_story_that_states_the_fact_in_passing_joins_the_hits(news_rag):
    q = "한솔테크 작년 영업이익은?"
    retriever = news_rag._engine.retriever
    qvec = news_rag.embedder.embed_query(q)
    ranked = [h.chunk.title for h in retriever.search(q, qvec, k=len(ARTICLES))]
    assert ranked.index("코스피 1% 상승 마감") >= 6  # below the pool an undated question reads (2 x 3)
    slots = _slots(news_rag, q)
    assert {"한솔테크", "한솔", "영업", "이익"} <= set(fact_terms(slots))
    found = fact_hits(retriever, slots, None, [])
    assert [h.chunk.title for h in found] == ["코스피 1% 상승 마감"]  # the others state no such figure
    assert fact_hits(retriever, slots, None, found) == []  # already among the hits
    a = news_rag.ask(q)
    assert not a.abstained and "3120억원" in a.text


def test_no_fact_search_without_a_company_and_a_measure(news_rag):
    retriever = news_rag._engine.retriever
    assert fact_hits(retriever, _slots(news_rag, "영업이익은?"), None, []) == []
    assert fact_hits(retriever, _slots(news_rag, "한솔테크 소식은?"), None, []) == []


@pytest.mark.parametrize(
    "measures, text, q",
    [
        (("영업이익",), "영업손실은 500억원이다.", [5e10, "원", "영업손실", 6, 12]),  # a twin
        (("가격",), "비트코인은 9만8000달러에 거래되고 있다.", [98000.0, "달러", None, 6, 13]),  # no owner
        (("종가",), "누리전자는 1만원에 마감했다.", [10000.0, "원", "주가", 6, 9]),
    ],
)
def test_the_facts_read_first_keep_every_figure_measure_fit_rates_best(measures, text, q):
    from rag.scope import figure_owners, measure_fit
    from rag.slots import Slots

    slots = Slots(measures=measures)
    assert measure_fit(slots, text, {"n": [], "s": [], "q": [q]}) == 2 and q[2] in figure_owners(slots)


CLOSES = [
    {
        "title": f"누리지수 {day}일 마감",
        "date": f"2025-02-0{day}",
        "body": f"누리지수 종가는 {value}다. 누리지수는 이날 종가 기준 {value}에 마감했다. 누리지수 종가가 주목된다."
        + (
            " 누리지수 종가 흐름은 누리지수 종가 추이로 본다. 마감 직전 누리지수 마감 흐름도 본다."
            if day == 6
            else ""
        ),
    }
    for day, value in ((5, "2,510.12"), (6, "2,530.34"))
] + [
    {
        "title": "외국인 열 달 만에 돌아와",
        "date": "2025-05-16",
        "body": "외국인이 열 달 만에 순매수로 돌아섰다. 반도체와 조선주가 올랐다. "
        "이날 누리지수는 전 거래일보다 5.51포인트 오른 2626.87에 거래를 마무리했다.",
    },
]


@pytest.fixture(scope="module")
def closes_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("closes"), CLOSES, "누리지수: [Nuri Index]\n", config, embedder
    )


def test_the_newest_day_that_states_the_fact_is_looked_for_past_bm25s_pool(closes_rag, monkeypatch):
    # among months of daily closes the newest day's story, which tells the close in passing, ranks
    # below every other day's: fact search looks at the days after the newest that states it alone
    from rag import fact_search

    monkeypatch.setattr(fact_search, "FACT_HITS", 0)
    monkeypatch.setattr(fact_search, "FACT_POOL", 2)
    retriever, slots = closes_rag._engine.retriever, _slots(closes_rag, "누리지수 종가는?")
    pool = [c for c, _ in retriever.bm25(fact_terms(slots), 2, None)]
    assert {retriever.store.chunks[c].title for c in pool} == {"누리지수 5일 마감", "누리지수 6일 마감"}
    qvec = closes_rag.embedder.embed_query("누리지수 종가는?")
    taken = [h for h in retriever.search("누리지수 종가는?", qvec, k=3) if h.chunk.id in pool]  # both days
    found = fact_hits(retriever, slots, None, taken, newest=True)
    assert [h.chunk.title for h in found] == ["외국인 열 달 만에 돌아와"]


def test_a_day_asked_reads_its_own_stories_before_those_of_the_days_after(closes_rag, monkeypatch):
    # the 6th's story ranks first for the words, but the 5th's close is asked: its own story is picked
    from datetime import date

    import numpy as np

    from rag import fact_search

    monkeypatch.setattr(fact_search, "FACT_HITS", 1)
    retriever = closes_rag._engine.retriever
    slots = _slots(closes_rag, "2월 5일 누리지수 종가는?")
    assert slots.days == (date(2025, 2, 5),)
    days = np.asarray(retriever.store.chunk_meta.days)
    mask = (days >= date(2025, 2, 5).toordinal()) & (days <= date(2025, 2, 6).toordinal())
    best = retriever.bm25(fact_terms(slots), 1, mask)[0][0]
    assert retriever.store.chunks[best].title == "누리지수 6일 마감"
    found = fact_hits(retriever, slots, mask, [])
    assert [h.chunk.title for h in found] == ["누리지수 5일 마감"]


def test_a_close_asked_looks_for_the_words_that_tell_one(closes_rag):
    # "…에 거래를 마쳤다" writes neither 종가 nor 주가: BM25 must still find the story by its verb
    assert {"마감", "마치다"} <= set(fact_terms(_slots(closes_rag, "누리지수 종가는?")))
    assert "마치다" not in fact_terms(_slots(closes_rag, "누리지수 상승폭은?"))


MANY_NEWER = (
    CLOSES[:2]
    + [
        {
            "title": f"누리지수 편입 종목 소식 {i}",
            "date": "2025-05-17",
            "body": f"누리지수 구성 종목 {i}곳이 바뀐다. 누리지수 추종 자금도 늘었다.",
        }
        for i in range(25)
    ]
    + [CLOSES[2]]
)


@pytest.fixture(scope="module")
def many_newer_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("newer"), MANY_NEWER, "누리지수: [Nuri Index]\n", config, embedder
    )


def test_the_newest_close_is_read_past_many_newer_stories_that_tell_none(many_newer_rag, monkeypatch):
    # 25 stories of the newest day name the index and tell no close; the day before's wrap-up does
    from rag import fact_search

    monkeypatch.setattr(fact_search, "FACT_HITS", 0)  # (the newest day's path alone)
    retriever, slots = many_newer_rag._engine.retriever, _slots(many_newer_rag, "누리지수 종가는?")
    qvec = many_newer_rag.embedder.embed_query("누리지수 종가는?")
    taken = [h for h in retriever.search("누리지수 종가는?", qvec, k=2) if "마감" in h.chunk.title]
    assert taken  # a story of February that states the close
    found = fact_hits(retriever, slots, None, taken, newest=True)
    assert "외국인 열 달 만에 돌아와" in [h.chunk.title for h in found]
    a = many_newer_rag.ask("누리지수 종가는?")
    assert not a.abstained and "2626.87" in a.text.split("\n")[0]


def test_fact_search_reads_ahead_until_told_to_stop_and_finds_the_same(news_rag):
    """``FactLookup.read_ahead`` reads BM25's candidates (newest first) until its event is set; what it
    read is what ``fact_hits`` would have read, so the stories found are the same."""
    import threading

    from rag.fact_search import FactLookup

    retriever = news_rag._engine.retriever
    slots = _slots(news_rag, "한솔테크 작년 영업이익은?")
    stop = threading.Event()
    stop.set()
    assert FactLookup(retriever, slots, None).read_ahead(stop) == 0
    ahead = FactLookup(retriever, slots, None)
    assert ahead.read_ahead(threading.Event()) == len(ahead.found) > 0
    assert fact_hits(retriever, slots, None, [], newest=True, lookup=ahead) == fact_hits(
        retriever, slots, None, [], newest=True
    )
