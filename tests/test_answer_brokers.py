"""A target price asked of a named brokerage ("하나증권이 올린 X 목표주가", "X LS증권 목표가", "What target
price did Meritz Securities set for X?") is that firm's: not another firm's figure in the same story, and
none when the firm gave none. Invented companies and firms."""

import pytest
from news_index import indexed_news

from rag.slots import parse_slots
from rag.subjects import firm_stem, firms_in, is_firm

ARTICLES = [
    {
        "title": '밸류알음 "누리텍, 해외 수주 수혜...목표가 95%↑"',
        "date": "2025-02-17",
        "body": "밸류알음은 17일 누리텍에 대해 국내 유일의 위성 인프라 업체이기 때문에 주목해야 한다고 진단했다. "
        "이에 주가 전망은 '긍정적', 적정 주가는 현 주가 대비 상승여력 95.4%를 더한 2만 3000원을 제시했다.",
    },
    {
        "title": "누리엔터 깜짝 실적에 목표가 줄상향",
        "date": "2025-02-11",
        "body": "누리엔터가 4분기 깜짝 실적을 냈다. "
        "11일 금융투자업계에 따르면 누리엔터 목표가를 올린 증권사는 한빛증권(10만→11만원), 가람증권(11만→12만원) 등이다. "
        "이화정 새봄투자증권 연구원은 누리엔터에 대한 투자의견 매수와 함께 목표주가를 13만원으로 11일 제시했다. "
        "다온증권은 누리엔터의 신인 데뷔 효과가 클 것으로 내다봤다.",
    },
    {
        "title": '"누리배터리, 올해 낙관적 가이던스…목표가 55만→40만" -DB금투',
        "date": "2025-01-31",
        "body": "DB금융투자가 누리배터리에 대한 목표주가를 55만원에서 40만원으로 하향했다. "
        "신한투자증권은 47만원에서 43만원으로 내려 잡았다.",
    },
    {
        "title": "누리젤, 실적 개선 기대에 목표가↑",
        "date": "2025-02-05",
        "body": "가람증권은 누리젤의 작년 실적이 기대치에 부합했다며 목표주가를 37만원에서 40만원으로 올렸다.",
    },
    {
        "title": "누리증권, 이익 감소에 목표가 하향",
        "date": "2025-02-06",
        "body": "누리증권의 4분기 순이익이 시장 예상을 밑돌았다. 박 연구원은 누리증권 목표가를 18만원에서 16만원으로 내렸다.",
    },
    {
        "title": "세림식품 목표가 줄상향",
        "date": "2025-02-12",
        "body": "세림식품 목표가를 올린 증권사는 누리증권(11만→12만원), 가람증권(10만→11만원) 등이다. "
        "누리증권은 12일 세림식품에 대해 실적이 개선될 것으로 전망하며 목표주가를 12만원으로 올렸다. "
        "목표가를 높인 곳은 누리증권(12만원→14만원), 가람증권(11만원→13만원) 등이다.",
    },
    {
        "title": "누리화학, 업황 먹구름…목표가·투자의견 하향",
        "date": "2025-02-04",
        "body": "김현수 한빛증권 연구원은 누리화학의 영업손실이 이어질 것이라고 말했다. "
        "이에 목표주가를 기존 26만7000원에서 14만7000원으로 낮추고 투자의견을 중립으로 낮췄다.",
    },
    {
        "title": "누리정비, 고배당에 해외 수주 기대",
        "date": "2025-02-03",
        "body": "누리정비는 작년 4분기 510억원의 영업이익을 기록했을 것이라고 한빛증권은 추정했다. "
        "누리정비의 배당 성향은 약 60%다.",
    },
    {
        "title": "누리전력기술, 구조적 성장 기대",
        "date": "2025-02-12",
        "body": "솔빛증권은 12일 누리전력기술에 대해 성장이 이어질 것으로 전망하고 목표주가를 기존 8만원에서 "
        "9만6000원으로 상향 조정했다. "
        "누리전력기술의 작년 영업이익은 540억원이다.",
    },
]


@pytest.fixture(scope="module")
def broker_rag(tmp_path_factory, config, embedder):
    return indexed_news(
        tmp_path_factory.mktemp("brokers"),
        ARTICLES,
        "누리배터리: [누배]\n누리정비: [Nuri KPS]\n누리화학: [Nuri Chem]\n세림식품: [Serim Foods]\n누리엔터: [Nuri Ent]\n새봄투자증권: [Saebom Investment & Securities]\n누리전력기술: [누리전기]\n",
        config,
        embedder,
    )


def lead(answer) -> str:
    return answer.text.split("\n")[0]


ANSWERED = [
    # (why, question, the figure the lead quotes, a figure it must not quote)
    (
        "a firm named with a target price is the one whose price is asked",
        "한빛증권이 올린 누리엔터 목표주가는?",
        "11만원",
        "13만원",
    ),
    # (the outlook the price is given with, "성장이 이어질 것으로 전망하고", does not make it a forecast)
    (
        "a firm named beside the company asks its target price",
        "누리전기 솔빛증권 목표가는?",
        "9만6000원",
        None,
    ),
    (
        "an English question names the firm that set the target",
        "What target price did Saebom Investment & Securities set for Nuri Ent?",
        "13만원",
        None,
    ),
    # 누리증권 is priced in one story and sets 세림식품's price in a newer one ("누리증권(11만→12만원)",
    # "누리증권은 세림식품에 대해 … 목표주가를 12만원으로"): its own target price is 16만원
    (
        "a brokerage asked about is the company priced, not the firm pricing another",
        "누리증권 목표주가는?",
        "16만원",
        "12만원",
    ),
    # "DB금투" in the question is "DB금융투자" in the story; "누배" is a short name the story never writes
    (
        "the firm leads the sentence that sets the company's target price",
        "누배 DB금투 목표가 얼마로 내렸어?",
        "40만원",
        "43만원",
    ),
    (
        "a company Kiwi does not tag after the firm that set its price is asked about",
        "가람증권이 올린 누리젤 목표주가는?",  # not 가람증권's own target price
        "40만원",
        None,
    ),
    # "이에 목표주가를 …으로 낮추고": "accordingly", not "this" pointing at a figure before it
    (
        "a price set accordingly is quoted on its own",
        "한빛증권이 낮춘 누리화학 목표주가는?",
        "14만7000원",
        None,
    ),
    # a research house is no brokerage by its name; "이에 … 전망은" opens a topic of its own
    (
        "the company after any estimator's 제시한 is asked, and 적정주가 is its target price",
        "밸류알음이 제시한 누리텍 적정주가는 얼마야?",
        "2만 3000원",
        None,
    ),
    (
        "a firm's estimate asked is answered by what the firm estimated",
        "한빛증권이 추정한 누리정비 작년 4분기 영업이익은?",
        "510억원",
        None,
    ),
]


@pytest.mark.parametrize(("why", "question", "figure", "not_figure"), ANSWERED, ids=[c[0] for c in ANSWERED])
def test_the_asked_firms_figure_about_the_asked_company_leads(broker_rag, why, question, figure, not_figure):
    a = broker_rag.ask(question)
    assert not a.abstained and figure in lead(a), a.text
    assert not_figure is None or not_figure not in lead(a), a.text


@pytest.mark.parametrize(
    ("index", "question"),
    [
        ("broker_rag", "다온증권이 낮춘 누리엔터 목표주가는?"),
        ("broker_rag", "누리정비 작년 4분기 영업이익은?"),
        ("broker_rag", "What target price did Garam Securities set for Daon Air?"),
        ("broker_rag", "폐암 신약을 개발한 제약사에 가람증권이 제시한 목표주가는?"),
        ("broker_rag", "가람증권이 제시한 누리켐칼 목표주가는?"),
        ("led_rag", "누리조선 목표주가는?"),
        ("led_rag", "한빛증권 작년 4분기 매출액은?"),
        ("led_rag", "DS투자증권이 제시한 세림전자 목표주가는?"),
    ],
    ids=[
        "a firm that gave no target price gets none of another firm's",
        "an estimate is no reported figure",
        # the firm (found from English words) set a price for 누리젤, not for a company the briefings never name
        "an English firm's price for a company the briefings never name is none",
        # 가람증권 priced 누리젤, 누리엔터 and 세림식품: none of them is the drug maker described
        "a described company's price is not one the firm set for another",
        "a company the briefings never name is none of those the firm priced",
        # the story leads with 다온항공: the price whose owner its sentence leaves out is not 누리조선's
        "a price told beside another company of the story is the story's company's",
        # "세림전자, …목표가↑-한빛": 한빛증권 (the story's 한빛) is who speaks in the story, its figures are 세림전자's
        "a brokerage a heading credits is not the company the story is about",
        # "DS투자증권은 … 다온케미칼에 대해 …. 목표주가도 …": the sentence goes on about the firm's view of another
        "the asked firm's price for another company is none of the asked one's",
    ],
)
def test_abstains(request, index, question):
    a = request.getfixturevalue(index).ask(question)
    assert a.abstained, a.text


# stories led by one company that name another, or credit a brokerage, in their headings
LED = [
    {
        "title": "누리증권, 이익 감소에 목표가 하향",
        "date": "2025-02-06",
        "body": "누리증권의 4분기 순이익이 시장 예상을 밑돌았다. 박 연구원은 누리증권 목표가를 18만원에서 16만원으로 내렸다.",
    },
    {
        "title": "다온항공, 호실적·누리조선 지분매입에 주가 급등",
        "date": "2025-02-11",
        "body": "다온항공이 지난해 사상 최대 실적을 냈다. "
        '김하늘 한빛증권 연구원은 "성장기에 있는 누리조선의 가치가 연결 실적으로 반영되는 효과가 있다"며 '
        '"목표주가를 기존 49만원에서 60만원으로 상향 조정한다"고 말했다.',
    },
    {
        "title": "세림전자, 기술 선점 수확 시기…목표가↑-한빛",
        "date": "2025-02-19",
        "body": "한빛증권은 19일 세림전자의 목표주가를 올렸다. "
        "양하준 한빛증권 연구원은 “작년 4분기 연결 매출액은 498억원으로 전년 동기 대비 3.6% 증가했다”며 "
        "“매출액은 당사 추정치를 소폭 상회했다”고 설명했다.",
    },
    {
        "title": '"진격 이어진다"... 목표가 오르는 이 종목',
        "date": "2025-02-20",
        "body": "이외에도 누리증권이 기존 14만원에서 15만원으로, 가람증권이 13만원에서 13만9000원으로 "
        "목표주가를 각각 올렸다.",
    },
]


LED.append(
    {
        "title": '2차전지 대장주였는데…"지금 살까?" 엇갈린 전망',
        "date": "2025-02-12",
        "body": "DS투자증권은 이날 다온케미칼에 대해 투자의견을 매수에서 중립으로 하향했다. "
        "목표주가도 기존의 19만원에서 12만원으로 내렸다.",
    }
)


LED.append(
    {
        "title": "누리바이오, 상업용 바이오 CMO 수주 증가 기대-솔빛",
        "date": "2025-02-03",
        "body": "솔빛증권은 3일 누리바이오(053030)에 대해 상업용 바이오 위탁생산(CMO) 수주 증가가 기대된다며 "
        "투자의견 매수와 목표주가 3만 4000원을 유지했다.",
    }
)


LED.append(
    {
        "title": "DX ENM, 시장 기대치 하회한 실적…증권가 엇갈려",
        "date": "2025-02-13",
        "body": "DX ENM은 지난해 4분기 영업이익 410억원을 기록했다. "
        "누리빙은 해외 진출을 준비 중으로 가입자 1500만명을 목표로 한다고 밝혔다. "
        "한빛증권(9만→8만원), 누리증권(10만→8만5000원)이 목표주가를 하향 조정했고, 가람증권, 다온증권, 대신, "
        "솔빛증권 등은 기존 목표가를 유지했다.",
    }
)


@pytest.fixture(scope="module")
def led_rag(tmp_path_factory, config, embedder):
    return indexed_news(tmp_path_factory.mktemp("led"), LED, "", config, embedder)


def test_a_term_glossed_in_brackets_is_no_company_leading_the_clause(led_rag):
    a = led_rag.ask("솔빛증권이 유지한 누리바이오 목표주가는?")  # "위탁생산(CMO) 수주 증가가": a term
    assert not a.abstained and "3만 4000원" in lead(a), a.text


@pytest.mark.parametrize(
    "question",
    ["누리증권이 제시한 DX ENM 목표주가는?", "What target price did Nuri Securities set for DX ENM?"],
)
def test_firms_listed_with_their_prices_set_the_story_company_s(led_rag, question):
    # "DX ENM" is one name (not DX and ENM); the firms' sentence after one about a subsidiary (누리빙) is
    # still about the story's company; "대신" beside brokerages is one of them
    a = led_rag.ask(question)
    assert not a.abstained and "8만5000원" in lead(a), a.text
    e = led_rag._engine
    slots = parse_slots(
        question, e.answerer.aliases, e.retriever.dates, e.retriever.dates[-1], {}, e.answerer.finder
    )
    assert [s.name for s in slots.subjects] == ["dxenm"]


def test_a_brokerage_s_own_target_price_is_not_one_it_set_for_another_company(led_rag):
    # the newest story has "누리증권이 기존 14만원에서 15만원으로 … 목표주가를 각각 올렸다": a price it set
    a = led_rag.ask("누리증권 목표주가는?")
    assert not a.abstained and "16만원" in lead(a) and "15만원" not in lead(a), a.text


@pytest.mark.parametrize(
    ("name", "stem"),
    [("DB금융투자", "db"), ("DB금투", "db"), ("키움證", "키움"), ("키움증권", "키움"), ("NH투자증권", "nh")],
)
def test_firm_stem(name, stem):
    assert firm_stem(name) == stem


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


def test_the_word_after_the_firm_that_set_the_price_is_a_name_the_headlines_write():
    from rag.aliases import Aliases
    from rag.subjects import find_subjects

    headline_words = {"누리젤": 1, "실적": 40, "가람증권": 2, **{f"w{i}": 1 for i in range(200)}}
    subjects = find_subjects("가람증권이 올린 누리젤 목표주가는?", Aliases([]), headline_words)
    assert "누리젤" in {s.name for s in subjects}
    headline_words["가온은행"] = 1
    subjects = find_subjects("가람증권이 추산한 가온은행 기말 배당수익률은?", Aliases([]), headline_words)
    assert "가온은행" in {s.name for s in subjects}  # an estimate (추산) the firm made of it
    headline_words["누리24"] = 2  # a name with a number after its Hangul, which Kiwi does not tag
    assert "누리24" in {
        s.name for s in find_subjects("누리24의 작년 4분기 매출액은?", Aliases([]), headline_words)
    }
    subjects = find_subjects("가람증권이 예상한 누리24의 4분기 영업이익은?", Aliases([]), headline_words)
    assert "누리24" in {s.name for s in subjects}


def test_a_short_name_the_stories_never_write_costs_no_confidence(broker_rag):
    # "누배" is found through the alias file: it is not a name the briefings lack
    short, full = broker_rag.ask("누배 목표주가는?"), broker_rag.ask("누리배터리 목표주가는?")
    assert not short.abstained and short.confidence >= 0.9 * full.confidence


@pytest.mark.parametrize(
    ("text", "firms"),
    [
        ("증권사는 한빛증권(10만→11만원), 가람증권(11만→12만원) 등이다.", ["한빛증권", "가람증권"]),
        ("2만7000원→2만1000원IBK투자증권은 31일", ["IBK투자증권"]),  # a crawled body that lost a space
        ("DB금투는 키움證의 전망과 달랐다", ["DB금투", "키움證"]),
        ("증권가에서는 금투세 폐지와 증권업계 전망을 말했다", []),
    ],
)
def test_firms_in(text, firms):
    assert firms_in(text) == firms


@pytest.mark.parametrize(
    ("heading", "asked", "led"),
    [
        ("한빛에어로, 호실적·누리조선 지분매입에 주가 급등", "누리조선", True),
        ("한빛에어로, 호실적·누리조선 지분매입에 주가 급등", "한빛에어로스페이스", False),  # its short name
        ("DX ENM, 시장 기대치 하회한 실적", "dxenm", False),  # Latin words before the comma, one name
        ("올해 첫 대어 DX CNS, 상장 첫날", "dxcns", False),
        ("DX 한빛닉스, 실적 호조", "dx한빛닉스", False),  # the lead inside the asked name
        ('LS證 "누리글로비스, 가이던스 보수적"', "누리글로비스", False),  # the firm only speaks
        ("한빛 4분기 실적", "누리", False),  # no comma: no lead
    ],
)
def test_a_heading_leads_with_the_company_before_its_comma(heading, asked, led):
    from rag.answer import _led_by_another

    assert _led_by_another(heading, {asked}) is led


def test_the_company_an_english_target_price_is_for_stays_asked_though_the_briefings_never_name_it(
    broker_rag,
):
    e = broker_rag._engine
    q = "To what level did Serim Foods cut its target price for Zentrix?"  # a name the briefings know, no firm
    slots = parse_slots(
        q, e.answerer.aliases, e.retriever.dates, e.retriever.dates[-1], {}, e.answerer.finder
    )
    evidence = e.answerer.evidence(q, broker_rag.embedder.embed_query(q), [], slots)
    assert "zentrix" in {s.name for s in evidence.slots.subjects}  # else 한빛증권's price for another
    assert broker_rag.ask(q).abstained


def test_a_name_is_counted_by_the_chunks_that_name_it(broker_rag):
    # "DB금융투자" is db + 금융투자 to the word index: its count there is none, its chunks' is the name's
    engine = broker_rag._engine
    naming = sum(
        "db금융투자" in {n for f in x.facts for n in f["n"]} | set(x.heading_names)
        for x in engine.store.extras
    )
    assert naming >= 1 and engine.answerer.finder.written("db금융투자") == naming
    assert engine.store.doc_freq.get("db금융투자", 0) == 0
    # and a name held as a word in more chunks than Kiwi tags it a name in: the word's count
    from rag.answer import written_count

    written = written_count({"현대중공업": 2, "kb증권": 40}, {"현대중공업": 138, "증권": 500})
    assert written("현대중공업") == 138 and written("kb증권") == 40 and written("없음") == 0


@pytest.mark.parametrize(
    ("heading", "forms", "credited"),
    [
        ("넥슨게임즈, 4Q 어닝쇼크에 목표가↓ -현대차", ("현대차",), True),  # 현대차증권's report
        ("티엘비, 기술 선점 수확 시기…목표가↑-메리츠", ("메리츠",), True),
        ("현대차, 4분기 매출 최대 -현대차", ("현대차",), False),  # named before the credit too
        ("누리전자 목표가 상향", ("누리전자",), False),
    ],
)
def test_a_name_only_in_a_headlines_closing_credit_is_the_firm_that_wrote_it(heading, forms, credited):
    from rag.answer import _only_credited

    assert _only_credited(heading, forms) == credited


def test_a_firms_estimate_is_not_its_own_result_nor_another_firms_price(tmp_path, config, embedder):
    """ "가온증권이 내다본 다온화학 올해 영업이익": not "가온증권 역시 영업이익이 948억 원으로 …" (the firm's
    own result); "씨티가 제시한 오클로 목표주가": not the price 나래증권 set before "…지만, 씨티는 …"."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "증권사 작년 실적 희비",
                "date": "2025-02-09",
                "body": "증권사들의 실적이 엇갈렸다. 가온증권(003470) 역시 영업이익이 948억 원으로 전년 대비 26.62% 감소했다.",
            },
            {
                "title": "다온화학, 3년 만에 흑자전환 전망",
                "date": "2025-02-09",
                "body": "가온증권은 다온화학에 대해 투자의견 매수를 제시했다. "
                "다온화학은 2025년 예상 영업이익이 801억원으로 흑자전환이 예상된다.",
            },
            {
                "title": "오클로 주가 급등",
                "date": "2025-02-09",
                "body": "나래증권 애널리스트들은 오클로 주식에 대한 목표가를 45달러로 상향 조정했지만, "
                "씨티는 오클로에 대한 '중립' 입장을 재확인했다.",
            },
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("가온증권이 내다본 다온화학 올해 영업이익은?")
    assert "948억" not in a.text.split("\n")[0], a.text
    b = rag.ask("씨티가 제시한 오클로 목표주가는?")
    assert b.abstained, b.text


def test_the_word_before_an_estimates_verb_is_the_estimator():
    from datetime import date

    from rag.aliases import Aliases

    s = parse_slots(
        "씨티가 제시한 오클로 목표주가는?", Aliases([["오클로"]]), [date(2025, 2, 9)], date(2025, 2, 9)
    )
    assert [x.name for x in s.subjects] == ["오클로"] and "씨티" in s.attributed


def test_a_sentence_opening_on_the_firm_with_no_estimate_is_its_own_result():
    from rag.answer import _the_firms_estimate
    from rag.slots import Slots
    from rag.subjects import Subject

    slots = Slots(
        subjects=(Subject("다온화학", frozenset({"다온화학"}), ("다온화학",)),), attributed=("가온증권",)
    )
    assert not _the_firms_estimate("가온증권(003470) 역시 영업이익이 948억 원으로 전년 대비 감소했다.", slots)
    assert _the_firms_estimate("가온증권은 올해 영업이익을 801억원으로 내다봤다.", slots)  # its estimate
    assert _the_firms_estimate("가온증권은 다온화학 영업이익이 801억원에 이를 것으로 봤다.", slots)


def test_a_firm_that_looked_ahead_is_the_estimate_s():
    from datetime import date

    from rag.aliases import Aliases

    aliases = Aliases([["다온화학"], ["가온증권"]])
    s = parse_slots(
        "가온증권이 내다본 다온화학 올해 영업이익은?", aliases, [date(2025, 2, 9)], date(2025, 2, 9)
    )
    assert [x.name for x in s.subjects] == ["다온화학"] and "가온증권" in s.attributed


def test_a_price_told_after_a_firms_analyst_spoke_is_that_firms(tmp_path, config, embedder):
    """ "박민수 한빛증권 연구원은 다온골프가 …. 목표주가를 … 8만5000원으로 낮췄습니다.": 한빛증권's price, though
    the story names 가람증권 too (for another company's report)."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": "주간 베스트리포트 3선",
                "date": "2025-02-02",
                "body": "이번 주 베스트리포트는 정민 가람증권 연구원이 세림푸드에 대해 쓴 보고서와 박민수 한빛증권 "
                "연구원이 다온골프에 대해 쓴 보고서입니다. "
                "박민수 한빛증권 연구원은 다온골프가 지난해 4분기 기대치를 밑도는 실적을 냈을 것으로 분석했습니다. "
                "목표주가를 기존 10만원에서 8만5000원으로 낮췄습니다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("한빛증권이 제시한 다온골프 목표주가는?")
    assert not a.abstained and "8만5000원" in lead(a), a.text
    a = rag.ask("가람증권이 제시한 다온골프 목표주가는?")
    assert a.abstained and "8만5000원" not in lead(a), a.text


def test_a_firm_a_headline_quotes_speaks_of_another_companys_story(tmp_path, config, embedder):
    """`한빛증권 "가온텔 목표 주가 6만원 유지"`: the story is 가온텔's; its figures are not the firm's."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": '올해는 다를까… 한빛증권 "가온텔 목표 주가 6만원 유지"',
                "date": "2025-02-14",
                "body": "한빛증권이 지난해 영업이익이 크게 줄어든 가온텔 목표 주가를 6만원으로 유지했다. "
                "지난해 4분기 가온텔 매출은 6조5760억원이다. "
                "연결기준 영업이익도 전년대비 51% 감소한 8095억원을 기록해 추정치를 3% 밑돌았다.",
            }
        ],
        "",
        config,
        embedder,
    )
    a = rag.ask("한빛증권 4분기 영업이익은 얼마였어?")
    assert "8095억원" not in lead(a), a.text


def test_a_firm_opening_a_sentence_on_a_company_turns_the_story_to_that_company(tmp_path, config, embedder):
    """ "한빛증권은 3일 가온홀딩스에 대해 …" opens on the firm, but speaks of 가온홀딩스: the target price the
    next sentence keeps with no name ("그러면서 목표주가 6만원 … 유지했다") is 가온홀딩스's."""
    rag = indexed_news(
        tmp_path,
        [
            {
                "title": '"가온홀딩스, 지배구조 개선 땐 최대 수혜"-한빛',
                "date": "2025-02-03",
                "body": "가온홀딩스 주요 상장 자회사. "
                "한빛증권은 3일 가온홀딩스에 대해 지배구조 개선 측면에서 지주회사가 가장 큰 수혜를 받을 것이라고 짚었다. "
                "그러면서 목표주가 6만원과 투자의견 '매수'를 유지했다. "
                '이 증권사 이상민 연구원은 "지주회사의 할인이 줄어들 것"이라고 말했다.',
            }
        ],
        "",
        config,
        embedder,
    )
    for question in ("가온홀딩스 목표주가는 얼마야?", "한빛증권이 제시한 가온홀딩스 목표주가는?"):
        a = rag.ask(question)
        assert not a.abstained and "6만원" in lead(a), (question, a.text)


# (the untagged name; the name before 에 대해; a word, no company: the firm stays; another company asked)
OPENINGS = [
    ("한빛증권은 3일 가온홀딩스에 대해 수혜를 볼 것이라고 짚었다.", "가온홀딩스", "가온홀딩스"),
    ("한빛증권은 누리금융의 4분기 실적에 대해 기대치를 하회했다고 전했다.", "누리금융", "누리금융"),
    ("한빛증권은 실적에 대해 기대치를 하회했다고 전했다.", "실적", "한빛증권"),
    ("한빛증권은 3일 가온홀딩스에 대해 수혜를 볼 것이라고 짚었다.", "누리", "한빛증권"),
]


@pytest.mark.parametrize(("sentence", "asked", "topic"), OPENINGS)
def test_a_firm_speaking_of_the_company_asked_opens_the_story_on_it(sentence, asked, topic):
    from index.facts import sentence_facts
    from rag.answer import _opening_topic

    assert _opening_topic(sentence_facts(sentence), sentence, frozenset({asked})) == frozenset({topic})
