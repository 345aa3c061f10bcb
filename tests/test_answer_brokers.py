"""A target price asked of a named brokerage ("하나증권이 올린 X 목표주가", "X LS증권 목표가", "What target
price did Meritz Securities set for X?") is that firm's: not another firm's figure in the same story, and
none when the firm gave none. Invented companies and firms."""

import pytest
from news_index import indexed_news

from rag.subjects import is_firm

ARTICLES = [
    {
        "title": "누리엔터 깜짝 실적에 목표가 줄상향",
        "date": "2025-02-11",
        "body": "누리엔터가 4분기 깜짝 실적을 냈다. "
        "11일 금융투자업계에 따르면 누리엔터 목표가를 올린 증권사는 한빛증권(10만→11만원), 가람증권(11만→12만원) 등이다. "
        "이화정 새봄투자증권 연구원은 누리엔터에 대한 투자의견 매수와 함께 목표주가를 13만원으로 11일 제시했다. "
        "다온증권은 누리엔터의 신인 데뷔 효과가 클 것으로 내다봤다.",
    },
    {
        "title": "누리전력기술, 구조적 성장 기대",
        "date": "2025-02-12",
        "body": "솔빛증권은 12일 누리전력기술의 목표주가를 기존 8만원에서 9만6000원으로 상향 조정했다. "
        "누리전력기술의 작년 영업이익은 540억원이다.",
    },
]


@pytest.fixture(scope="module")
def broker_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("brokers"),
        ARTICLES,
        "누리엔터: [Nuri Ent]\n새봄투자증권: [Saebom Investment & Securities]\n누리전력기술: [누리전기]\n",
        config,
        embedder,
    )


def lead(answer) -> str:
    return answer.text.split("\n")[0]


def test_a_firm_named_with_a_target_price_is_the_one_whose_price_is_asked(broker_rag):
    a = broker_rag.ask("한빛증권이 올린 누리엔터 목표주가는?")
    assert not a.abstained and "11만원" in lead(a) and "13만원" not in lead(a)


def test_a_firm_named_beside_the_company_asks_its_target_price(broker_rag):
    a = broker_rag.ask("누리전기 솔빛증권 목표가는?")
    assert not a.abstained and "9만6000원" in lead(a)


def test_an_english_question_names_the_firm_that_set_the_target(broker_rag):
    a = broker_rag.ask("What target price did Saebom Investment & Securities set for Nuri Ent?")
    assert not a.abstained and "13만원" in lead(a)


def test_a_firm_that_gave_no_target_price_gets_none_of_another_firms(broker_rag):
    a = broker_rag.ask("다온증권이 낮춘 누리엔터 목표주가는?")
    assert a.abstained, a.text


@pytest.mark.parametrize(
    ("name", "firm"),
    [
        ("NH투자증권", True),
        ("키움證", True),
        ("db금투", True),
        ("Meritz Securities", True),
        ("누리엔터", False),
    ],
)
def test_is_firm(name, firm):
    assert is_firm(name) is firm
