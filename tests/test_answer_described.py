"""A company the question describes instead of naming: read from the sentences that spell the
description out and said so in the answer, never guessed from a story that does not; a description by
what the company runs makes that thing's sentences the company's. Invented companies."""

import pytest
from news_index import indexed_news

ARTICLES = [
    {
        "title": "누리플릭스, 액면분할 첫날 2.4% 상승",
        "date": "2025-02-05",
        "body": "세계 최대 온라인동영상서비스(OTT) 업체 누리플릭스가 액면분할을 마친 뒤 첫 거래일에 상승 마감했다. "
        "누리플릭스 주가는 현지시간 4일 뉴욕증시에서 2.4% 오른 113.8달러에 거래를 마쳤다.",
    },
    {
        "title": "가람닷컴, 정부 클라우드 용량 확대",
        "date": "2025-02-06",
        "body": "가람닷컴은 자사 클라우드 서비스 GWS에 정부 고객을 위한 용량을 늘린다고 밝혔다. "
        "가람닷컴은 전 세계에 924곳의 데이터센터를 두고 있다. "
        "클라우드 1위 사업자인 GWS는 기관 1만1천여 곳을 고객으로 둔 주요 공급업체다. "
        "세림은 GWS를 쓴다고 밝혔다.",
    },
    {
        "title": "한빛제약·보람제약 신약 경쟁",
        "date": "2025-02-06",
        "body": "한빛제약과 보람제약이 비만 신약 경쟁에 나섰다. 두 회사의 주가는 이날 각각 3% 올랐다.",
    },
]
ARTICLES.append(
    {
        "title": "금융그룹 사상 최대 실적",
        "date": "2025-02-07",
        "body": "한빛금융 계열사들이 실적을 냈다. 국내 금융그룹들이 지난해 많게는 5조원이 넘는 순이익을 냈다.",
    }
)
ARTICLES.append(
    {
        "title": "가온게임즈, 영업익 '1조 클럽'…역대 최고",
        "date": "2025-02-11",
        "body": "가온게임즈가 인기 게임 '별의전쟁'(SOW) 시리즈의 흥행에 연간 영업이익이 처음 1조원을 넘었다. "
        "가온게임즈는 지난해 연간 영업이익 1조1825억원을 달성했다.",
    }
)
ALIASES = "누리플릭스: [Nuriflix]\n가람닷컴: [Garam.com]\nGWS: [가람웹서비스]\n한빛제약: [Hanbit Pharma]\n보람제약: [Boram Pharma]\n"


@pytest.fixture(scope="module")
def described_rag(tmp_path_factory, config, embedder):
    return indexed_news(tmp_path_factory.mktemp("described"), ARTICLES, ALIASES, config, embedder)


def test_a_description_no_story_spells_out_is_not_guessed_from_the_top_story(described_rag):
    a = described_rag.ask(
        "스트리밍 회사 주식을 쪼갠 첫날 주가는 얼마나 올랐어?"
    )  # 누리플릭스 is an "OTT 업체"
    assert a.abstained and "2.4%" not in a.text.split("\n")[0]


def test_a_description_found_in_a_story_is_read_and_said(described_rag):
    a = described_rag.ask("온라인동영상서비스 업체 주식을 쪼갠 첫날 주가는 얼마나 올랐어?")
    assert not a.abstained and "2.4%" in a.text
    assert a.text.endswith("(질문의 '온라인동영상서비스 업체'는 누리플릭스로 보고 답했습니다.)")


def test_a_company_described_by_what_it_runs_answers_with_that_things_sentence(described_rag):
    # 가람닷컴 and 세림 (a customer) each lead a sentence beside GWS: the company the alias file knows
    a = described_rag.ask("GWS를 운영하는 회사의 고객 기관은 몇 곳인가?")
    assert not a.abstained and "1만1천여 곳" in a.text and "924곳" not in a.text.split("\n")[0]
    assert a.text.endswith("(질문의 'GWS를 운영하는 회사'는 가람닷컴으로 보고 답했습니다.)")


def test_words_of_a_description_the_briefings_never_write_do_not_lower_the_confidence(described_rag):
    described = described_rag.ask("GWS를 운영하는 기업의 고객 기관은 몇 곳인가?")  # 기업, 운영하다: unseen
    named = described_rag.ask("가람닷컴의 고객 기관은 몇 곳인가?")
    assert described.confidence >= 0.9 * named.confidence


def test_a_financial_kind_asked_is_not_read_as_a_company_of_another_kind():
    from rag.described import _another_kind

    assert _another_kind("누리투자증권", ["은행"])  # "누리금융 계열 은행" is not its securities firm
    assert not _another_kind("누리은행", ["은행"]) and not _another_kind("누리전자", ["은행"])
    assert _another_kind("누리은행", ["증권사"]) and not _another_kind("누리투자증권", ["증권사"])
    assert not _another_kind("누리투자증권", ["업체"])  # a kind that is no financial one says nothing
    assert _another_kind("누리라이프", ["은행"])  # a life insurer


def test_a_description_no_name_is_read_from_answers_only_with_the_asked_figure_itself(described_rag):
    a = described_rag.ask("한빛금융 계열 은행이 작년에 번 순이익은?")  # no bank is named: no bound
    assert a.abstained and "5조원" not in a.text.split("\n")[0]


@pytest.mark.parametrize(
    "question", ["별의전쟁 만든 게임사 작년 영업이익은?", "'별의전쟁' 만든 게임사 작년 영업이익은?"]
)
def test_a_company_described_by_what_it_made_is_the_one_its_sentence_and_headline_open_on(
    described_rag, question
):
    # "가온게임즈가 인기 게임 '별의전쟁'(SOW) …" under "가온게임즈, 영업익 …": the maker, though Kiwi may not
    # tag it a name and SOW (the game's own name) stands nearer
    a = described_rag.ask(question)
    assert not a.abstained and "1조1825억원" in a.text
    assert a.text.endswith("(질문의 '별의전쟁 만든 게임사'는 가온게임즈로 보고 답했습니다.)")


def test_a_described_company_is_read_from_a_story_the_question_s_own_hits_miss(tmp_path, config, embedder):
    """Many stories about IPO prices outrank the one that writes the description: the stories that
    write the description's words are looked up too (rag/fact_search.py ``described_hits``)."""
    fillers = [
        {
            "title": f"교육 콘텐츠 기업 다온{i}에듀 공모가 확정",
            "date": "2025-02-10",
            "body": f"교육 콘텐츠 기업 다온{i}에듀가 공모가를 {i + 2}만원으로 확정했다. 교육 기업 공모가 흥행이 이어졌다.",
        }
        for i in range(40)
    ]
    story = {
        "title": "새내기주 주가 부진",
        "date": "2025-02-09",
        "body": "새내기주 주가가 부진하다. 한빛캠퍼스 운영사 가온러닝은 지난달 24일 상장 이후 "
        "공모가(1만3000원) 대비 주가가 약 45% 급락한 상태다.",
    }
    rag = indexed_news(tmp_path, [story, *fillers], "", config, embedder)
    a = rag.ask("한빛캠퍼스를 운영하는 교육 콘텐츠 기업의 공모가는 얼마였어?")
    assert not a.abstained and "1만3000원" in a.text and "가온러닝" in a.text, a.text


def test_a_sentence_that_holds_more_of_the_description_names_the_company_over_a_kind_before_a_name(
    tmp_path, config, embedder
):
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "누리시스, 사상 최대 실적",
                "date": "2025-02-14",
                "body": "이차전지 장비업체 누리시스는 지난해 영업이익이 593억원으로 52% 증가했다고 밝혔다.",
            },
            {
                "title": "다온엔티, 이차전지 진출 이후 최대 실적",
                "date": "2025-02-13",
                "body": "다온엔티는 지난해 영업이익이 60억원을 기록했다고 공시했다. "
                "다온엔티는 파우치 타입 배터리에 특화된 레이저 노칭 장비에서 높은 평가를 받고 있다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("파우치 배터리용 레이저 노칭 장비를 만드는 이차전지 장비업체의 작년 영업이익은?")
    assert not a.abstained and "60억원" in a.text.split("\n")[0] and "593억원" not in a.text, a.text


def test_a_brokerage_speaking_of_the_product_is_not_the_company_that_makes_it(tmp_path, config, embedder):
    # the firm leads the sentence that names the product; the maker is named as often: the alias file
    # knowing the firm does not make it the maker
    stories = [
        {
            "title": "누리주사 대박에 신고가 쓴 이 회사",
            "date": "2025-02-11",
            "body": "가온증권은 지난해 누리주사 연 매출이 약 1650억원을 달성했을 것으로 분석했다.",
        },
        {
            "title": "누리팜, 누리주사 호실적에 6% 급등",
            "date": "2025-02-11",
            "body": "누리팜은 누리주사 판매 호조에 지난해 4분기 매출액 1026억원을 기록했다.",
        },
    ]
    rag = indexed_news(tmp_path, stories, "가온증권: [Gaon Securities]\n", config, embedder)
    a = rag.ask("누리주사 만드는 회사의 작년 4분기 매출은 얼마였어?")
    assert "가온증권으로 보고" not in a.text and "1650억원" not in a.text.split("\n")[0], a.text


def test_a_company_described_by_a_clause_about_a_name_is_not_that_name(tmp_path, config, embedder):
    """ "누리플릭스에 6년간 콘텐츠를 공급하기로 한 지상파 방송사의 매출": 누리플릭스 is what the clause acts on;
    the broadcaster after the clause's verb is the company asked about."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "누리플릭스 품은 가온방송, 주가는 부진",
                "date": "2025-02-15",
                "body": "지상파 방송사 가온방송은 누리플릭스에 6년간 콘텐츠를 공급하기로 했다. "
                "가온방송은 지난해 4분기 매출액 2307억원을 기록했다.",
            },
            {
                "title": "누리플릭스, 4분기 매출 102억 달러",
                "date": "2025-02-14",
                "body": "누리플릭스는 지난해 4분기 매출 102억 달러를 기록했다.",
            },
        ],
        "누리플릭스: [Nuriflix]\n",
        config,
        embedder,
    )
    a = rag.ask("누리플릭스에 6년간 콘텐츠를 공급하기로 한 지상파 방송사의 작년 4분기 매출은?")
    assert not a.abstained and "2307억원" in a.text and "102억 달러" not in a.text, a.text


def test_the_words_of_a_clause_that_describes_the_company():
    from rag.aliases import Aliases
    from rag.subjects import described_by, description_words

    aliases = Aliases([["누리플릭스", "Nuriflix"]])
    q = "누리플릭스에 6년간 콘텐츠를 공급하기로 한 지상파 방송사의 작년 4분기 매출은?"
    assert described_by(q, aliases)[0] == "누리플릭스"
    assert description_words(q, aliases)[:4] == ("누리플릭스", "6년간", "콘텐츠", "지상파")
    assert description_words(q, aliases)[-1] == "방송사"
    assert described_by("누리플릭스가 인수한 회사의 매출은?", aliases) == ("누리플릭스",)
    assert (
        described_by("미국 누리플릭스와 소송 중인 웨어러블 인슐린 펌프 회사의 배상금은?", aliases)[0]
        == "누리플릭스"
    )
    assert described_by("누리플릭스가 투자한 금액은?", aliases) == ()  # no company after the clause
    # a clause ending in any adnominal verb ("있는", "가진", "낸"), a group's company ("… 계열 … 회사"), the
    # clause up to eight words long
    assert (
        described_by("누리플릭스가 2대 주주로 있는 디지털뱅킹 솔루션 업체의 매출은?", aliases)[0]
        == "누리플릭스"
    )
    # (not a name of several words: "누리플릭스 스포팅 굿즈가 … 인수하기로 한 회사" is described by the whole name)
    q = "누리플릭스 스포팅 굿즈가 24억 달러에 인수하기로 한 회사 주가는?"
    assert described_by(q, aliases)[:1] != ("누리플릭스",)
    assert described_by("누리플릭스 계열 AI 오디오 회사의 가입자는?", aliases) == ("누리플릭스",)
    q = "누리플릭스에 신약을 팔아 작년 첫 연간 흑자를 낸 제약사의 영업이익은?"  # (eight words up to the kind)
    assert described_by(q, aliases)[0] == "누리플릭스"
    assert described_by("누리플릭스 3분기 영업이익은?", aliases) == ()
    # (a Latin word opens a name of several words, not a noun phrase: "NRF PE가 … 사들인 … 업체" is PE's)
    latin = Aliases([["NRF", "NRF Partners"]])
    assert described_by("NRF PE가 2021년 경영권을 사들인 홈 인테리어 업체의 영업이익은?", latin)[0] != "NRF"


def test_a_group_described_by_three_words_is_read_from_the_sentence_that_says_it_is_one(
    tmp_path, config, embedder
):
    """ "세계 최대 명품 브랜드 그룹": a group described by the words before it (never a name's own "한빛차 그룹"),
    read where a sentence says a company is one ("… 그룹인 가온모엣도"), not from the word 세계 inside another
    company's name (신세계…)."""
    from rag.aliases import Aliases
    from rag.subjects import description_words

    aliases = Aliases()
    q = "세계 최대 명품 브랜드 그룹의 작년 4분기 매출은 얼마였어?"
    assert description_words(q, aliases)[-4:] == ("최대", "명품", "브랜드", "그룹")
    assert description_words("한빛차 그룹의 영업이익은?", aliases) == ()
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "명품 소비 늘어나니 명품ETF도 후끈",
                "date": "2025-02-16",
                "body": "명품 관련 ETF 수익률이 한 달 새 23% 올랐다. 세계 최대 명품 브랜드 그룹인 가온모엣도 4분기 매출이 "
                "전년 동기 대비 1% 늘어난 239억유로라고 밝혔다.",
            },
            {
                "title": "신세계누리 4분기 실적",
                "date": "2025-02-05",
                "body": "신세계누리 4분기 매출은 3823억원으로 2.6% 감소했다. 해외 명품 브랜드 수입 판매가 부진했다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask(q)
    assert not a.abstained and "239억유로" in a.text and "3823억원" not in a.text, a.text


def test_a_descriptions_first_word_is_one_a_story_must_write_not_a_verb_or_a_number():
    """described_by gives the word a story must mention: "추진 중인 터치 컨트롤러 전문기업" is 터치's, not 중인's
    (a word every story writes)."""
    from rag.aliases import Aliases
    from rag.subjects import described_by, description_words

    aliases = Aliases()
    assert described_by("경영권 매각을 추진 중인 터치 컨트롤러 전문기업, 작년 매출은 얼마였어?", aliases) == (
        "터치",
    )
    assert described_by("공모가를 웃돈 미용의료기기 업체의 공모가는?", aliases) == ("미용의료기기",)
    assert description_words("F-35 전투기를 만드는 방산회사의 배당금은?", aliases)[0] == "전투기"
    assert described_by("불닭볶음면 만드는 회사의 영업이익은?", aliases) == ("불닭볶음면",)
    # (a name the aliases know stays, however it ends: 신한 is no verb's form)
    assert described_by("신한 계열 카드사의 순이익은?", Aliases([["신한금융지주", "신한"]])) == ("신한",)


def test_a_company_described_by_another_it_is_not_found_for_is_no_answer(tmp_path, config, embedder):
    """A description that names another company ("가온페이가 2대 주주로 있는 … 업체") that no story spells
    out: the named company's stories say nothing of the one described, whatever figure they state."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "가온페이, 작년 매출 8000억원",
                "date": "2025-02-15",
                "body": "가온페이는 지난해 매출 8000억원을 기록했다. 가온페이 최대주주 지분율은 47%다.",
            },
            {
                "title": "간편결제 시장 커진다",
                "date": "2025-02-15",
                "body": "간편결제 업체들의 매출이 늘었다. 가온페이 2대 주주는 다온캐피탈이다. 다온캐피탈 매출은 320억원이다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온페이가 2대 주주로 있는 디지털뱅킹 솔루션 업체의 작년 매출액은?")
    assert a.abstained or not any(x in a.text.split("\n")[0] for x in ("8000억원", "320억원")), a.text
