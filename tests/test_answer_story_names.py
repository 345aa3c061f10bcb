"""How stories and questions name a company, beyond its own name. A story whose headline names no company ("1억 넣었으면 3천만원 된 종목") is about the company its
sentences name most: its sentences that name no company tell that one's figures, as under a headline
naming it (rag/answer.py ``Answerer.story_lead``), and fact search finds them (rag/fact_search.py); a
group's Latin letters before a name write the same company (GC녹십자웰빙); a brokerage asked without the
투자 of its name is the one the briefings name with it (NH증권: NH투자증권). Invented companies."""

import pytest
from news_index import indexed_news

TEASER = {
    "title": "'주가 2배 가나 했더니'…1억 넣었으면 3천만원 된 종목",
    "date": "2025-05-16",
    "body": "가온뷰티는 색조 화장품을 만드는 회사다. "
    "가온뷰티 주가는 올해 들어 30% 넘게 내렸다. "
    "가온뷰티는 자회사 누리헬스를 통해 건강기능식품도 판다. "
    "해외 매출 비중은 일본 30%, 북미 20% 순이다. "
    "가온뷰티 제공다만 1분기 실적 부진으로 증권사는 보수적인 입장을 내놨다. "
    "김하늘 한빛증권 연구원은 “1분기 매출 812억원, 영업이익 12억원으로 컨센서스를 크게 밑돌았다”며 "
    "“경쟁 심화로 매출이 줄었다”고 분석했다.",
}
# the same story with two companies named as often: no company leads it
TIED = {
    "title": "'반도체 봄 오나'…개미들 몰린 두 종목",
    "date": "2025-05-16",
    "body": "다온칩스와 미르반도체가 나란히 올랐다. "
    "다온칩스는 장비를, 미르반도체는 소재를 만든다. "
    "다온칩스와 미르반도체 모두 수출 비중이 높다. "
    "박하늘 한빛증권 연구원은 “1분기 매출 510억원, 영업이익 41억원으로 예상을 웃돌았다”고 분석했다.",
}
# a group's name that several of its companies start with is no one company's short name
GROUP = {
    "title": "한빛과 계열사들, 강남 사옥 1000억에 매입",
    "date": "2025-05-16",
    "body": "한빛과 계열사들이 강남 사옥을 1000억원에 사들였다. "
    "한빛 시가총액 9조8000억원에는 신약 허가 기대감이 반영되어 있다. "
    "한빛바이오 또한 1조2000억원의 시가총액을 형성하고 있다. "
    "한빛바이오는 신약의 국내 판권을 가지고 있다. "
    "한빛제약, 한빛테라퓨틱스, 한빛글로벌도 매입에 참여했다. 한빛은 자금 여력이 충분하다고 밝혔다.",
}
# a company named in only two sentences leads no story (STORY_LEAD_MIN)
TWICE = {
    "title": "'이 종목 뭐길래'…개미들 몰려",
    "date": "2025-05-16",
    "body": "미르텍 주가가 올랐다. 미르텍은 반도체 장비를 만든다. 1분기 영업이익은 30억원이다.",
}
# a headline naming only a product the tagger reads as a name: the company the sentences name far more
PRODUCT = {
    "title": "쇳가루로 터보차저부터 카메라모듈까지…상장 앞둔 강자",
    "date": "2025-05-16",
    "body": "가온엠아이엠은 금속 분말로 부품을 만든다. 가온엠아이엠의 주력은 터보차저 부품이다. "
    "가온엠아이엠은 4월 상장을 앞두고 있다. 가온엠아이엠은 수출 비중이 높다. "
    "자동차 부품 수요는 꾸준하다. 매출액은 2022년 360억원, 2023년 380억원으로 늘었다.",
}
# a headline naming a brokerage (by its press short form) is about the brokerage, which no story lead is
FIRM_HEADED = {
    "title": "누리 금융 밸류업 시동…가온證 주주환원에 쏠리는 눈",
    "date": "2025-05-16",
    "body": "가온증권은 주주환원을 늘린다. 가온증권의 배당은 계열사 다온화재와 비교된다. "
    "다온화재는 배당을 늘렸다. 다온화재는 자사주도 샀다. 다온화재는 자본이 넉넉하다. "
    "다온화재는 올해도 배당을 늘릴 계획이다. 가온증권도 같은 길을 걸을지 주목된다.",
}
# the company asked without its group's letters, which its story writes
LETTERED = {
    "title": "ZX누리웰빙, 다온바이오 인수…톡신 시장 진출",
    "date": "2025-05-16",
    "body": "ZX누리웰빙은 현금 400억원으로 다온바이오 주식 127만주를 취득해 지분 21.35%를 확보할 예정이다. "
    "누리웰빙은 이번 인수로 톡신 시장에 진출한다.",
}
# a Hangul name written with a space inside it, beside another company's price
SPACED = {
    "title": "뉴욕증시, 헬스케어주 급락",
    "date": "2025-05-16",
    "body": "미국 법무부가 사기 혐의 조사에 나섰다는 보도가 나왔다. "
    "회사 측은 보도가 사실이 아니라고 해명했으나 유니온라이프 헬스의 주가는 이날 10.93% 급락하며 274.35달러를 기록했다. "
    "같은 업종의 다온메디컬도 2.1% 내린 50.12달러를 기록했다.",
}
# a Latin name the story glosses without the accent an English question writes
GLOSSED = {
    "title": "루미에르, 작년 순이익 12% 증가",
    "date": "2025-05-16",
    "body": "프랑스 명품 기업 루미에르(Lumiere)는 작년 순이익이 46억유로로 12% 늘었다고 밝혔다.",
}
# a fund's buys: each sentence names the company bought, the fund only in the story
FUND_BUYS = {
    "title": "변동성 커진 증시…큰손들은 '금융지주' 담았다",
    "date": "2025-05-16",
    "body": "미국 자산운용사 가온캐피털그룹은 KN금융 주식을 322만주 매입했다고 공시했다. "
    "가온캐피털그룹의 KN금융 지분율은 7.24%에서 8.06%로 늘었다. "
    "JN금융지주도 추가로 사들였다. JN금융지주 지분율은 5.7%에서 6.79%로 높아졌다. "
    "가온캐피털그룹은 지난해 KN금융 지분율 5%를 넘긴 데 이어 8%대까지 끌어올렸다.",
}
# a person named in full once, then by the surname and title
SURNAMED = {
    "title": "차남 측근 김영호도 한빛사이언스 떠났다",
    "date": "2025-05-16",
    "body": "장남인 박지훈 한빛사이언스 사내이사가 지분을 일부 매각했다. "
    "박 사내이사는 지난달 31일 한빛사이언스 주식 341만주를 매도했다. "
    "이번 매도로 박 사내이사의 한빛사이언스 지분은 11.79%에서 6.79%로 줄었다. "
    "신 회장의 한빛사이언스 지분은 12.1%로 늘었다.",
}
# a company's product named in one sentence, the company's share price in another
PRODUCT_NEWS = {
    "title": "가온모터스, 로보택시 안전요원 없앤다",
    "date": "2025-05-16",
    "body": "가온모터스는 로보택시 서비스를 연말까지 8개 도시로 확대한다. "
    "운전대와 페달이 없는 전용 로보택시 '누리캡'은 내년 2분기 텍사스 공장에서 양산에 들어간다. "
    "가온모터스 주가는 15일 1.8% 오른 408.9달러에 거래를 마쳤다.",
}
BROKER = [
    {
        "title": f"가람투자증권, {topic}",
        "date": "2025-05-16",
        "body": f"가람투자증권은 {topic} 소식을 전했다. 가람투자증권은 작년 당기순이익이 6866억원으로 24% 늘었다."
        if i == 0
        else f"가람투자증권은 {topic} 소식을 전했다.",
    }
    for i, topic in enumerate(("작년 순이익 24% 증가", "신임 대표 선임", "해외 법인 설립"))
]
OTHERS = [
    {
        "title": f"화장품 업계 {topic}",
        "date": "2025-05-16",
        "body": f"화장품 업계가 {topic}에 나섰다. 업계 관계자는 {topic}이 1분기 실적에 도움이 됐다고 말했다.",
    }
    for topic in ("해외 진출", "신제품 출시", "온라인 판매", "가격 인상", "매장 확대", "모델 교체")
]


@pytest.fixture(scope="module")
def news_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("lead"),
        [
            TEASER,
            TIED,
            GROUP,
            LETTERED,
            TWICE,
            PRODUCT,
            FIRM_HEADED,
            SPACED,
            GLOSSED,
            FUND_BUYS,
            PRODUCT_NEWS,
            SURNAMED,
            *BROKER,
            *OTHERS,
        ],
        "",
        config,
        embedder,
    )


def _chunk_of(rag, title):
    return next(c for c in rag._engine.store.chunks if c.title == title)


def test_a_headline_naming_no_one_is_led_by_the_company_the_story_names_most(news_rag):
    answerer = news_rag._engine.answerer
    assert answerer.story_lead(_chunk_of(news_rag, TEASER["title"]).id) == {"가온뷰티"}
    # (the subsidiary, the places and the analyst's firm are named less often, or are no company)
    assert answerer.story_lead(_chunk_of(news_rag, TIED["title"]).id) == frozenset()  # a tie leads none
    assert answerer.story_lead(_chunk_of(news_rag, TWICE["title"]).id) == frozenset()  # named twice: none


def test_a_headline_naming_only_what_the_story_names_far_less_is_led_by_its_company(news_rag):
    answerer = news_rag._engine.answerer
    assert answerer.story_lead(_chunk_of(news_rag, PRODUCT["title"]).id) == {"가온엠아이엠"}
    assert answerer.story_lead(_chunk_of(news_rag, FIRM_HEADED["title"]).id) == frozenset()  # a brokerage's
    a = news_rag.ask("가온엠아이엠 2023년 매출액은?")
    assert not a.abstained and "380억원" in a.text.split("\n")[0], a.text


def test_an_analysts_figures_in_such_a_story_answer_for_its_company(news_rag):
    a = news_rag.ask("가온뷰티 1분기 영업이익은 얼마야?")
    assert not a.abstained and "12억원" in a.text


def test_no_company_leads_a_story_that_names_two_as_often(news_rag):
    a = news_rag.ask("다온칩스 1분기 영업이익은 얼마야?")
    assert "41억원" not in a.text  # the analyst's figures may be either company's


def test_fact_search_finds_the_analysts_figures_of_the_company_leading_such_a_story(news_rag):
    from news_index import slots_of

    from rag.fact_search import fact_hits

    retriever, answerer = news_rag._engine.retriever, news_rag._engine.answerer
    slots = slots_of(news_rag, "가온뷰티 1분기 영업이익은 얼마야?")
    found = fact_hits(retriever, slots, None, [], story_lead=answerer.story_lead)
    assert [h.chunk.title for h in found] == [TEASER["title"]]
    assert fact_hits(retriever, slots, None, []) == []  # a headline naming no one leads no story alone


def test_a_name_several_companies_of_a_story_start_with_is_their_groups_not_one_short_name(news_rag):
    a = news_rag.ask("한빛바이오 시가총액은 얼마야?")
    assert not a.abstained and "1조2000억원" in a.text and "9조8000억원" not in a.text


def test_a_groups_letters_before_the_name_asked_write_the_same_company(news_rag):
    a = news_rag.ask("누리웰빙이 다온바이오 인수에 쓰는 돈은 얼마야?")
    assert not a.abstained and "400억원" in a.text


def test_a_brokerage_asked_without_the_투자_of_its_name(news_rag):
    from news_index import slots_of

    assert [s.name for s in slots_of(news_rag, "가람증권 작년 당기순이익 얼마였어?").subjects] == [
        "가람투자증권"
    ]
    a = news_rag.ask("가람증권 작년 당기순이익 얼마였어?")
    assert not a.abstained and "6866억원" in a.text


def test_a_hangul_name_written_with_a_space_inside_is_the_name_asked(news_rag):
    a = news_rag.ask("유니온라이프헬스 주가는 얼마에 마감했어?")
    assert not a.abstained and "274.35달러" in a.text and "50.12달러" not in a.text, a.text
    # (the word after the space must end the name: 유니온라이프 헬스의 is no 유니온라이프헬스케어)
    assert "274.35달러" not in news_rag.ask("유니온라이프헬스케어 주가는 얼마에 마감했어?").text


def test_an_english_question_writes_a_name_with_accents_the_briefings_leave_off(news_rag):
    a = news_rag.ask("What was Lumière's net profit last year?")
    assert not a.abstained and "46억유로" in a.text, a.text


def test_of_two_names_asked_the_one_a_sentence_leaves_to_its_story_is_still_asked(news_rag):
    # "…의 JN금융지주 지분율": the fund is named elsewhere in its story of buys; a sentence naming
    # another company bought ("…KN금융 지분율 5%를 넘긴") is not the one asked
    a = news_rag.ask("가온캐피털그룹의 JN금융지주 지분율은 몇 %까지 올라갔어?")
    assert not a.abstained and "6.79%" in a.text.split("\n")[0], a.text
    assert "8.06%" not in a.text and "5%를" not in a.text


def test_a_person_asked_is_named_by_the_surname_and_title_after_the_first_time(news_rag):
    a = news_rag.ask("박지훈 사내이사의 한빛사이언스 지분율은 주식을 판 뒤 몇 %로 줄었어?")
    assert not a.abstained and "6.79%" in a.text.split("\n")[0], a.text
    assert "12.1%" not in a.text  # (신 회장's: another person by the surname)


def test_a_sentence_naming_one_of_two_names_asked_the_other_only_in_its_story_is_not_plainly_of_both(
    news_rag,
):
    a = news_rag.ask("When will Gaon Motors start mass production of the Nuricab?")
    lead_sentence = a.text.split("[1]")[0]
    assert not a.abstained and "양산" in lead_sentence and "408.9달러" not in lead_sentence, a.text


def test_a_name_written_beside_the_asked_one_is_not_its_short_name(tmp_path, config, embedder):
    """ "한빛 자회사인 한빛머티리얼은": 한빛 is the parent, not the subsidiary's short name, so its price
    is no answer for the subsidiary."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "트럼프 관세 여파…희토류株 꿈틀",
                "date": "2025-02-10",
                "body": "이날 오전 9시50분께 한빛은 전 거래일 대비 310원(4.72%) 오른 6880원을 기록 중이다. "
                "같은 시간 한빛 자회사인 한빛머티리얼은 3% 안팎의 강세를 나타내고 있다. "
                "한빛과 한빛머티리얼은 페라이트 마그네트를 생산하는 회사다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("2월 10일 한빛머티리얼 주가는 얼마였어?")
    assert a.abstained or "6880원" not in a.text.split("\n")[0], a.text
    a = rag.ask("한빛 주가는 얼마야?")
    assert not a.abstained and "6880원" in a.text.split("\n")[0], a.text
