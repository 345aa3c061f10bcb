"""News furniture (index.noise): bylines, captions, credits and copyright lines are never quoted.

Every text here is made up in the style of Korean news pages (outlets, people and e-mails invented).
"""

from __future__ import annotations

import json

import pytest

from index.noise import clean_sentence, is_noise, lead_start, strip_series_tag


def _clean(text: str) -> str | None:
    span = clean_sentence(text, (0, len(text)))
    return None if span is None else text[span[0] : span[1]]


@pytest.mark.parametrize(
    ("sentence", "story"),
    [
        ("(서울=가온뉴스) 정하늘 기자 = 누리전자가 4분기 영업이익 6조원을 기록했다.", "누리전자가"),
        ("[한빛경제 정하늘 기자] 코스피가 2% 넘게 올랐다.", "코스피가"),
        ("[누리일보=정하늘 기자] 두리차 주가가 하락했다.", "두리차"),
        ("[뉴욕=한빛경제 정하늘 특파원] 뉴욕증시가 혼조세로 마감했다.", "뉴욕증시가"),
        ("[가온 = 정하늘 기자] 공모주 청약이 몰렸다.", "공모주"),
        ("(뉴욕=가온뉴스) 정 하 가온인포 통신원 = 국채 금리가 올랐다.", "국채"),
        ("[가온경제]누리제과(000123)가 지난해 영업이익 증가율을 기록했다.", "누리제과"),
        ("영업이익 220억원 기록매출 3%↑[가온경제]누리제과가 사상 최대 실적을 냈다.", "누리제과가"),
        ("두리증권 사옥 전경. 두리증권 제공[한빛뉴스] 두리증권은 7일 목표주가를 높였다.", "두리증권은"),
        ("(사진=두리증권)두리증권은 새 서비스를 출시한다고 밝혔다.", "두리증권은"),
        ("본사 사옥 /사진=가온뉴스중국 AI 기업의 모델 공개에 주가가 올랐다.", "중국"),
        (
            "누리 대표 /사진=(워싱턴 AFP=가온뉴스) 정하늘 기자미국 관세 충격에 급락했던 증시가 반등한다.",
            "미국",
        ),
        (
            "2025.2.11/가온뉴스 ⓒ 가온 정하늘 기자(서울=가온뉴스) 이바다 기자 = 두리차 주가가 강세다.",
            "두리차",
        ),
        ("밀레이 대통령<AP 가온뉴스>밀레이 대통령도 탄핵 위기에 처했다.", "밀레이 대통령도"),
        ("<앵커> 오늘 증시 상황을 짚어보겠습니다.", "오늘"),
        ("누리증권 본사 전경 /사진=누리증권누리증권이 해외주식 이체 고객이 늘었다고 밝혔다.", "누리증권이"),
        ("주가 추이/그래픽=가온S 정하늘 기자누리증권과 두리증권은 격차가 줄었다.", "누리증권과"),
        ("2025.02.10 정하늘 기자이날 오전 코스피는 0.6% 내렸다.", "이날"),
        (
            "[그래픽] 은행 연체율 추이(서울=가온뉴스) 정하늘 기자 haneul@gaon.example2일 연체율이 올랐다.",
            "2일",
        ),
        ('▶ 인터뷰 : 정하늘 / 가온증권 연구원- "반도체 업황이 바닥을 지났습니다."', '"반도체'),
    ],
)
def test_leading_byline_caption_or_credit_is_trimmed(sentence, story):
    out = _clean(sentence)
    assert out is not None and out.startswith(story)
    assert sentence.endswith(out)


@pytest.mark.parametrize(
    "sentence",
    [
        "사진=가온뉴스",
        "누리증권CI(사진=누리증권 제공) *재판매 및 DB 금지",
        "2025.6.20 haneul@gaon.example",
        "haneul@gaon.example",
        "정하늘기자 haneul@gaon.example",
        "▶ 관련기사 누리전자 신고가",
        "☞ '[단독] 두리차, 새 공장 착공'",
        "[ⓒ 가온경제TV, 무단 전재 및 재배포 금지]",
        "Copyright (C) 가온뉴스. All rights reserved. 무단 전재 및 재배포 금지.",
        "[사진=가온이미지뱅크]",
        "(사진=누리증권)",
        "[누리증권 제공]",
        "서울 여의도 한 증권사 딜링룸 모습./가온뉴스 ⓒ 가온 정하늘 기자",
        "#누리전자 #반도체",
        "[표] 주요 기업 4분기 실적(단위: 억원)",
        "사진은 기사 내용과 무관함.",
        "[정하늘 기자]",
        "[정하늘 기자 / 이바다 기자]",
    ],
)
def test_furniture_only_sentence_is_none(sentence):
    assert _clean(sentence) is None
    assert is_noise(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "목표주가를 5만원에서 6만원으로 올렸다.",
        "10년물 금리는 3bp(1bp=0.01%포인트) 내렸다.",
        "정하늘 대표(55·사진)는 올해 흑자 전환을 자신했다.",
        "원/달러 환율은 1,450원에 마감했다.",
        "누리전자(005930)는 3일 자사주 3조원어치를 소각한다고 밝혔다.",
        "지금은 달라졌죠.",
        "가온통신은 5일 이사회를 열어 배당을 늘리기로 했다.",
        "신규 시스템 TGV(Through-Glass Via) 검사도 가능합니다.",
        '연합체는 "공정한 경쟁"을 요구했다.',
    ],
)
def test_story_sentence_is_kept_whole(sentence):
    assert _clean(sentence) == sentence


def test_trailing_email_is_trimmed_not_the_sentence():
    text = "두리차 관계자는 재고를 줄이겠다고 말했다 haneul@gaon.example"
    assert _clean(text) == "두리차 관계자는 재고를 줄이겠다고 말했다"


def test_sub_titles_and_caption_before_the_opening_byline_are_not_story():
    body = (
        "수출 호조에 실적 개선 기대배당 확대도 검토"  # sub-titles run together
        "누리전자 본사 전경. 2025.2.3 haneul@gaon.example"  # a photo caption and its credit
        "(서울=가온뉴스) 정하늘 기자 = 누리전자 주가가 3일 5% 올랐다. 외국인이 순매수했다."
    )
    lead = lead_start(body)
    assert body[lead:].startswith("누리전자 주가가")
    caption = body.index("누리전자 본사")
    assert clean_sentence(body, (0, caption)) is None
    assert clean_sentence(body, (caption, caption + len("누리전자 본사 전경."))) is None
    first = body.index("(서울=")
    end = body.index("올랐다.") + len("올랐다.")
    assert clean_sentence(body, (first, end)) == (lead, end)


def test_photo_caption_with_its_own_byline_then_the_story_byline():
    body = (
        "[서울=가온뉴스] 이바다 기자 = 서울 여의도 증권사 딜링룸에 지수가 표시되고 있다. "
        "코스피는 2% 내린 2,400에 마감했다. 2024.08.27. photo@gaon.example *재판매 및 DB 금지"
        "[서울=가온뉴스] 정하늘 기자 = 누리전자가 신제품을 공개했다고 11일 밝혔다."
    )
    assert body[lead_start(body) :].startswith("누리전자가 신제품을")
    stale = body.index("코스피는")
    assert clean_sentence(body, (stale, body.index("마감했다.") + 5)) is None  # an old caption's figure


def test_credit_after_paragraphs_of_prose_does_not_swallow_them():
    body = (
        "누리전자가 올랐다. 반도체 업황 개선 기대가 반영됐다. 외국인은 사흘째 순매수했다. "
        "누리전자 사옥 [사진=가온이미지] 증권가는 목표가를 잇달아 올리고 있다."
    )
    assert lead_start(body) == 0
    assert clean_sentence(body, (0, body.index("올랐다.") + 4)) == (0, body.index("올랐다.") + 4)


def test_byline_at_the_end_is_a_signature_not_an_opening():
    body = "누리전자가 신고가를 경신했다. 반도체 수요가 견조하다는 분석이다.[정하늘 기자]"
    assert lead_start(body) == 0


@pytest.mark.parametrize(
    ("title", "bare"),
    [
        ("[투자360] 누리전자, 신고가", "누리전자, 신고가"),
        ("누리차 주가 ‘경고등’ [투자360]", "누리차 주가 ‘경고등’"),
        ("코인시장 뒤흔든 밈코인[가온코인]", "코인시장 뒤흔든 밈코인"),
        ("[속보] 누리은행, 기준금리 동결", "누리은행, 기준금리 동결"),
        ("[단독][마켓뷰] 두리차, 인도 공장 증설", "두리차, 인도 공장 증설"),
        ("가온시스템, 영업익 52.6%↓(종합)", "가온시스템, 영업익 52.6%↓"),
        ("글로벌 무역 갈등 속 기회 [AI 프리즘*주간", "글로벌 무역 갈등 속 기회"),
        ("누리전자(005930) 상승", "누리전자(005930) 상승"),
        ("[속보]", "[속보]"),
    ],
)
def test_strip_series_tag(title, bare):
    assert strip_series_tag(title) == bare


def test_index_quotes_no_furniture(tmp_path, config, embedder):
    """Build: a chunk's sentences skip bylines and captions and keep trimmed spans; its text stays whole."""
    from index import build_index
    from rag.store import load_store

    body = (
        "누리전자 본사 전경. 2025.2.3 haneul@gaon.example"
        "(서울=가온뉴스) 정하늘 기자 = 누리전자가 3일 4분기 영업이익 6조원을 기록했다고 밝혔다."
        "누리전자 반도체 공장.(사진=누리전자 제공)매출은 75조원으로 늘었다.haneul@gaon.example"
    )
    corpus = tmp_path / "news.jsonl"
    rec = {"title": "[실적360] 누리전자, 4분기 영업이익 6조", "date": "2025-02-03", "body": body}
    corpus.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    build_index([corpus], tmp_path / "index", config, embedder=embedder, progress=False)
    store = load_store(tmp_path / "index")
    (chunk,) = store.chunks
    assert chunk.heading == "누리전자, 4분기 영업이익 6조"
    assert chunk.text == body
    quoted = [body[s:e] for s, e in store.extras[0].sentences]
    assert quoted == ["누리전자가 3일 4분기 영업이익 6조원을 기록했다고 밝혔다.", "매출은 75조원으로 늘었다."]


def test_copyright_notice_cut_at_the_outlets_dot_is_furniture():
    text = "Copyright 가온비즈. All rights reserved.\n누리안이 채권을 발행했습니다."
    assert clean_sentence(text, (0, 15)) is None  # "Copyright 가온비즈." as the sentence splitter cuts it
    line = "Copyright 침해 소송에서 법원은 원고의 손을 들어줬다."
    assert clean_sentence(line, (0, len(line))) == (0, len(line))  # a story sentence about copyright
