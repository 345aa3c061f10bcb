"""What a figure is of is told in its own clause: the period written before it (not one a later clause
names), the inner sentence of a run-together quote that states it (not a forecast in the one before), the
figure a question gives (not what it asks), and a qualifier as a word of its own (not the tail of another
word). Invented companies."""

import pytest
from news_index import indexed_news

from rag.measures import find_measures, question_measures
from rag.quantity import asked_kinds

ARTICLES = [
    {
        "title": "누리바이오, 가온랩 완전 자회사 편입 승인",
        "date": "2025-02-14",
        "body": "누리바이오는 검체분석 전문기업 가온랩의 포괄적 주식교환을 승인했다고 14일 밝혔다. "
        "가온랩은 2023년 매출액 146억원, 영업이익 7억원을 기록한 흑자회사로 올해 2분기부터 연결 실적에 반영된다.",
    },
    {
        "title": "다온철강, 목표주가 하향",
        "date": "2025-02-13",
        "body": "다온철강의 4분기 실적이 부진했다. "
        '이도현 연구원은 "영업적자는 일회성 충당금이 반영된 영향이다. 일회성 요인이 사라지는 2025년 1분기부터 흑자 전환은 '
        '어렵지 않을 것"이라며 "연결 자회사인 다온소재는 이익이 매 분기 성장하면서 연간 영업이익 177억원을 기록하고 있다. '
        '향후 안정적인 이익 기여가 가능할 것"이라고 설명했다.',
    },
    {
        "title": "상장 2년 만에 경영권 내놓는 새봄켐",
        "date": "2025-02-17",
        "body": "새봄켐이 경영권 매각에 나섰다. 당시 새봄켐은 상장 2년 후인 2024년 매출 1000억원을 목표로 "
        "내걸었으나 실제 2024년 3분기 누적 매출은 226억원에 그치며 전년 동기(368억원) 대비 역성장했다. "
        '한 연구원은 "수주가 늘어날 것으로 기대된다"며 새봄켐 목표주가를 3만5000원으로 상향했다.',
    },
    {
        "title": "뻥튀기 상장 논란 가온칩, 검찰 송치",
        "date": "2025-02-14",
        "body": "반도체 설계 기업 가온칩은 연간 예상 매출액을 1203억 원으로 제시했지만 상장 이후 분기 매출이 "
        "5900만 원을 기록하면서 뻥튀기 상장 논란에 휩싸인 바 있다.",
    },
    {
        "title": "누리전자, 올해 사상 최대 실적 기대",
        "date": "2025-02-17",
        "body": "누리전자의 올해 영업이익은 1조2000억원에 달하며 사상 최대를 기록할 것으로 예상된다.",
    },
    {
        "title": "누리웰빙, 다온랩 인수…톡신 시장 진출",
        "date": "2025-02-12",
        "body": "누리웰빙은 현금 400억원으로 다온랩 주식 127만250주를 취득해 지분 21.35%를 확보할 예정이다. "
        "구주를 주당 2만7000원, 신주를 주당 3만5000원에 인수하는 계약이다.",
    },
    {
        "title": "테마주 급등에 대주주들 지분 매도",
        "date": "2025-02-07",
        "body": "한빛스타 박승제 대표는 다음 달 7일부터 100만 주를 매도할 계획이다. "
        "한빛스타의 박 대표도 앞서 38만 4470주를 주당 455원에 취득한 바 있다.",
    },
    {
        "title": "한결테크, 새봄머티리얼 지분 인수",
        "date": "2025-02-03",
        "body": "한결테크가 새봄머티리얼과 업무협약을 맺었다고 3일 밝혔다. "
        "한결테크 관계자는 “한결테크는 새봄머티리얼 지분 10%를 50억원에 인수하고, 새봄머티리얼은 100억원 상당의 "
        "유상증자로 한결테크 지분을 취득하기로 한 협약에 따라 양 사는 관계회사로 자리매김하게 될 것”이라고 말했다.",
    },
]


@pytest.fixture(scope="module")
def clause_rag(tmp_path_factory, config, embedder):
    return indexed_news(tmp_path_factory.mktemp("clauses"), ARTICLES, "", config, embedder)


def lead(answer) -> str:
    return answer.text.split("\n")[0]


def test_the_period_written_before_a_figure_is_its_own_not_one_a_later_clause_names(clause_rag):
    a = clause_rag.ask("가온랩 2023년 매출액은?")
    assert not a.abstained and "146억원" in lead(a), a.text
    a = clause_rag.ask("가온랩 2024년 매출액은?")  # (the year before the figure is another)
    assert "146억원" not in lead(a), a.text


def test_a_forecast_in_one_sentence_of_a_quote_does_not_make_the_next_ones_figure_a_forecast(clause_rag):
    a = clause_rag.ask("다온소재 연간 영업이익은 얼마야?")
    assert not a.abstained and "177억원" in lead(a), a.text


def test_a_forecast_in_a_clause_before_the_figures_or_across_a_contrast_is_not_the_figures(clause_rag):
    # "…을 목표로 내걸었으나 실제 … 226억원에 그치며": the target is another clause's
    a = clause_rag.ask("새봄켐 작년 3분기 누적 매출은 얼마야?")
    assert not a.abstained and "226억원" in lead(a), a.text
    # a forecast in the clause a figure leads into is still the figure's ("…에 달하며 … 것으로 예상된다")
    a = clause_rag.ask("누리전자 올해 영업이익은?")
    assert a.abstained or "1조2000억원" not in lead(a), a.text
    # … nor a clause that names no period asked (a quarter's figure is no year's)
    a = clause_rag.ask("가온칩의 2024년 연간 매출은 얼마야?")
    assert a.abstained or "5900만 원" not in lead(a), a.text
    a = clause_rag.ask("누리전자 올해 예상 영업이익은?")
    assert not a.abstained and "1조2000억원" in lead(a), a.text


def test_a_total_asked_is_not_a_price_per_share(clause_rag):
    a = clause_rag.ask("누리웰빙이 다온랩 지분 인수에 쓰는 돈은 얼마야?")
    assert not a.abstained and "400억원" in lead(a).split("[1]")[0], a.text
    # no total told: a price per share is no answer
    a = clause_rag.ask("박승제 한빛스타 대표가 지분 매도로 받을 금액은 얼마야?")
    assert a.abstained or "455원" not in lead(a), a.text


def test_a_figure_the_question_gives_is_not_the_measure_asked(clause_rag):
    question = "한결테크가 새봄머티리얼 지분 10%를 사들이는 데 드는 돈은?"
    assert asked_kinds(question) == ["money"]
    assert "지분율" not in question_measures(question)
    a = clause_rag.ask(question)
    assert not a.abstained and "50억원" in lead(a), a.text
    assert "지분율" in question_measures("한결테크가 가진 새봄머티리얼 지분은 몇 %야?")


@pytest.mark.parametrize(
    ("text", "ranked"),
    [
        ("한결손보가 발행한 후순위채 5000억원", False),
        ("선순위 대출", False),
        ("시총 순위 3위", True),
        ("순위는 2위", True),
    ],
)
def test_a_bonds_seniority_is_no_ranking(text, ranked):
    assert ("순위" in [m for m, _ in find_measures(text)]) is ranked


def test_a_qualifier_only_the_tail_of_a_headings_longer_word_is_not_named(tmp_path, config, embedder):
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "누리 관세 발언에…비트코인, 한때 9.5만달러 하회",
                "date": "2025-02-12",
                "body": "12일 가상자산 시장이 약세를 보였다. 가격이 9만5000달러선을 하회한 것은 지난 3일 이후 8일 만이다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("누리 코인 가격은 얼마였어?")  # (누리's own coin: bitcoin's price is not its)
    assert "9만5000달러" not in lead(a), a.text


def test_with_no_measure_word_asked_a_figure_joined_to_the_noun_asked_answers(tmp_path, config, embedder):
    """ "연구개발비는 얼마야?" names no measure word the answerer knows: a figure told joined to 연구개발비 ("350억원의
    연구개발비를") answers before another figure of a sentence about the company alone."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온바이오-누리젠, 치료제 공동개발 계약",
                "date": "2025-01-31",
                "body": "가온바이오는 지난해 12월 특허 3종의 소유권을 54억원에 확보했다. "
                "이번 계약에 따라 가온바이오는 350억원의 연구개발비를 지원하고 누리젠은 연구인력 230여명을 투입한다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온바이오가 치료제 공동개발에 대는 연구개발비는 얼마야?")
    assert not a.abstained and "350억원" in lead(a), a.text


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("가온의 연구개발비는 350억원이다.", True),  # the noun as the figure's topic
        ("연구개발비 350억원을 쓴다.", True),
        ("350억원의 연구개발비를 지원한다.", True),  # the figure before it
        ("매출 350억원, 연구개발 인력 230명.", False),
    ],
)
def test_a_figure_is_joined_to_the_noun_asked_before_or_after_it(text, joined):
    from index.facts import sentence_facts
    from rag.answer import _joined_noun

    assert _joined_noun(text, sentence_facts(text), ("연구개발비",)) is joined
