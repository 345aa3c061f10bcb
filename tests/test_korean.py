"""Sentence splitting (rag.korean.sentence_spans) on crawled news whose paragraph breaks are lost."""

from __future__ import annotations

import pytest

from rag.korean import analyze, run_on_cuts, sentence_spans


def _sents(text: str) -> list[str]:
    spans = sentence_spans(text)
    for s, e in spans:  # offsets into the original text, no surrounding whitespace
        assert text[s:e] == text[s:e].strip() and text[s:e]
    return [text[s:e] for s, e in spans]


def test_run_together_sentences_split_after_korean_endings():
    text = "누리전자가 새 공장을 짓는다고 밝혔다.3일 누리전자는 투자 규모가 2조원이라고 했다.이어 증설을 검토한다."
    assert _sents(text) == [
        "누리전자가 새 공장을 짓는다고 밝혔다.",
        "3일 누리전자는 투자 규모가 2조원이라고 했다.",
        "이어 증설을 검토한다.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("매출이 늘었습니다.영업이익도 늘었습니다.", ["매출이 늘었습니다.", "영업이익도 늘었습니다."]),
        ("금리가 오를까요?9시 현재 채권값이 내렸어요.", ["금리가 오를까요?", "9시 현재 채권값이 내렸어요."]),
        ("쉽지 않죠.HBM 수요는 여전합니다.", ["쉽지 않죠.", "HBM 수요는 여전합니다."]),
        ("주가가 올랐다.(사진은 본사 전경)", ["주가가 올랐다.", "(사진은 본사 전경)"]),
    ],
)
def test_each_ending_ends_a_sentence(text, expected):
    assert _sents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "주가는 1.5% 올라 7만2000원에 마감했다.",
        "U.S. Steel과 Inc. 계열사 지분을 정리했다.",
        "사진은 2025.6.20 촬영된 본사 전경이다.",
        "코스피는 2,500.12에 마감했다.",
    ],
)
def test_decimals_abbreviations_and_dates_do_not_split(text):
    assert _sents(text) == [text]


def test_numbered_list_is_not_cut_at_its_numbers():
    text = "계획은 다음과 같다. 1. 매출 확대 2. 비용 절감 3. 배당 확대"
    sents = _sents(text)
    assert sents[0] == "계획은 다음과 같다."
    assert "".join(sents[1:]).replace(" ", "") == "1.매출확대2.비용절감3.배당확대"
    assert not any(s in ("1.", "2.", "3.") for s in sents)


def test_quoted_sentence_stays_with_its_reporting_verb():
    text = '그는 "실적이 좋다."고 말했다.이어 "내년도 좋다."라며 웃었다.'
    assert _sents(text) == ['그는 "실적이 좋다."고 말했다.', '이어 "내년도 좋다."라며 웃었다.']


def test_closing_quote_then_a_new_sentence():
    text = "“올해는 반등할 것입니다.”김하늘 대표는 3일 이같이 말했다."
    assert _sents(text) == ["“올해는 반등할 것입니다.”", "김하늘 대표는 3일 이같이 말했다."]
    text = '"실적이 바닥을 지났다."3일 회사는 이렇게 밝혔다.'
    assert _sents(text) == ['"실적이 바닥을 지났다."', "3일 회사는 이렇게 밝혔다."]


def test_straight_quote_opening_the_next_sentence():
    for gap in ("", " "):
        text = f"목표가를 낸 증권사는 없었다.{gap}'천만 개미'와 함께 오른 종목이다."
        assert _sents(text) == ["목표가를 낸 증권사는 없었다.", "'천만 개미'와 함께 오른 종목이다."]


def test_subheading_marks_start_a_sentence_and_paragraphs_end_one():
    text = "첫 문단입니다\n\n둘째 문단입니다.■수출 호조 지속반도체가 이끌었다."
    assert _sents(text) == ["첫 문단입니다", "둘째 문단입니다.", "■수출 호조 지속반도체가 이끌었다."]


def test_a_list_bullet_glued_to_the_item_before_starts_a_sentence_a_change_arrow_does_not():
    text = "△가온전자(123450)-장비 납품 성공 전망△다온코퍼레이션(036620)-1분기 영업이익 68억원 기록"
    assert _sents(text) == [
        "△가온전자(123450)-장비 납품 성공 전망",
        "△다온코퍼레이션(036620)-1분기 영업이익 68억원 기록",
    ]
    assert _sents("코스피는 2520(▲12.3)로 마감했다.") == ["코스피는 2520(▲12.3)로 마감했다."]


def test_run_on_cuts_offsets():
    text = "올랐다.3일 내렸다."
    assert run_on_cuts(text) == [4]
    assert run_on_cuts(text, 5) == []


@pytest.mark.parametrize(
    "text, name, subject",
    [
        # crawled bodies glue an adverb, an ending or a sentence-opening noun to a Latin-initial name
        ("반면LS머트리얼즈(417200)는 지난해 영업이익이 620억 원을 기록했다.", "ls머트리얼즈", True),
        ("업계에 따르면NH투자증권은 목표가를 올렸다.", "nh투자증권", True),
        ("또한SK하이닉스는 상승했다.", "sk하이닉스", True),
        # a Hangul name part before Latin letters stays: the name is the whole word
        ("삼성SDI는 하락했다.", "삼성sdi", True),
        ("현대차그룹 계열 HD현대일렉트릭은 올랐다.", "hd현대일렉트릭", True),
    ],
)
def test_a_word_glued_before_a_latin_name_is_not_part_of_it(text, name, subject):
    a = analyze(text)
    assert name in a.names
    assert (name in a.subjects) is subject
    assert not any(n.endswith(name) and n != name for n in a.names)
