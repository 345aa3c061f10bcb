from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import BRIEFING, make_briefing

from index.parse import headings_match, parse_article

KST = timezone(timedelta(hours=9))


def test_fixture_briefing_sections_headings_dates_and_noise():
    text = BRIEFING.read_text(encoding="utf-8")
    article, sections = parse_article(text, str(BRIEFING))
    assert article.title.startswith("[글로벌 비즈 브리핑] 'AI 빚투' 경고등")
    assert article.outlet == "가온비즈"
    assert article.author == "정하린"
    assert article.published == datetime(2025, 11, 25, 5, 12, tzinfo=KST)
    assert article.modified == datetime(2025, 11, 25, 11, 47, tzinfo=KST)
    assert article.published.utcoffset() == timedelta(hours=9)
    assert len(article.headlines) == 6  # the ▲ list is split by blank lines
    assert len(sections) == 6
    assert [s.heading for s in sections] == [
        "한울로직, 유럽 AI 데이터센터에 ‘통 큰’ 베팅…420억 달러 투자",  # its ▲ line: straight quotes and ...
        "세린AI, 추론 모델 '아스터 3' 공개...기업가치 1,200억 달러로 껑충",
        "'AI 빚투' 경고등...\"채권시장, 빅테크 회사채 물량에 몸살\"",
        "금 ETF서 자금 썰물...이달 들어 42억 달러 빠져나가",
        "아리온바이오, 파킨슨병 치료제 임상 3상 실패...주가 23% '급락'",
        "EU, 역외 투자기업에 '현지 고용·기술 이전' 요구 추진",
    ]
    for s in sections:
        assert text[s.span[0] : s.span[1]] == s.body
        assert "▲" not in s.body
    assert sections[2].body.startswith("인공지능 설비를 늘리려는")
    last = sections[-1].body
    assert last.endswith("35% 늘어난 규모입니다.")
    joined = "".join(s.body for s in sections)
    assert "무단복제" not in joined and "다른기사" not in joined and "롤러코스터" not in joined


def test_heading_matches_despite_quotes_ellipsis_and_spacing():
    assert headings_match("'AI 빚투' 시한폭탄…\"월가 긴장\"", "‘AI빚투’ 시한폭탄...“월가 긴장”")
    assert headings_match("EU, 中 겨냥  규정 강화", "EU, 中 겨냥 규정 강화")
    assert not headings_match("오라클 주가 급락", "엔비디아 실적 발표")


def test_made_up_variant_heading_differs_from_headline():
    text = make_briefing(
        3,
        "메타, '초대형' 채권 발행...금리 5.1%",
        "메타가 현지시간 2일 250억 달러 규모 채권을 발행했습니다. 금리는 연 5.1%입니다.",
        "엔비디아 실적 발표",
        "엔비디아는 분기 매출 570억 달러를 기록했습니다.",
        h1_body_heading="메타, “초대형” 채권 발행 … 금리 5.1%",
    )
    article, sections = parse_article(text, "/x/2025-11-03.txt")
    assert [s.heading for s in sections] == ["메타, “초대형” 채권 발행 … 금리 5.1%", "엔비디아 실적 발표"]
    assert sections[1].body == "엔비디아는 분기 매출 570억 달러를 기록했습니다."
    assert article.published.day == 3


def test_headline_list_split_by_blank_lines_and_no_footer():
    text = (
        "[브리핑] 하나 外\n입력2025.11.05 07:00\n\n▲하나 소식\n\n\n▲둘 소식\n\n하나 소식\n\n"
        + "첫 번째 이야기의 본문입니다. " * 5
        + "\n\n둘 소식\n\n"
        + "두 번째 이야기의 본문입니다. " * 5
    )
    _, sections = parse_article(text, "a.txt")
    assert [s.heading for s in sections] == ["하나 소식", "둘 소식"]
    assert sections[1].body.endswith("본문입니다.")


def test_markdown_headings_become_sections():
    text = (
        "# 주간 시장 정리\n\n## 유가 급등\n\n"
        + "국제 유가가 배럴당 90달러를 넘었습니다. " * 3
        + "\n\n## 엔화 약세\n\n"
        + ("엔화 가치가 달러당 155엔까지 떨어졌습니다. " * 3)
    )
    article, sections = parse_article(text, "notes-2025-11-07.md")
    assert article.title == "주간 시장 정리"
    assert [s.heading for s in sections] == ["유가 급등", "엔화 약세"]
    assert article.published.date().isoformat() == "2025-11-07"


def test_plain_text_without_headings_is_one_story_headed_by_its_first_line():
    paras = [f"{i}번째 문단은 시장 소식을 전합니다. " * 8 for i in range(6)]
    text = "오늘의 시장 정리\n\n" + "\n\n".join(paras)
    article, sections = parse_article(text, "plain.txt", group_chars=500)  # group_chars no longer groups
    assert article.title == "오늘의 시장 정리"
    assert [s.heading for s in sections] == ["오늘의 시장 정리"]
    (story,) = sections
    assert text[story.span[0] : story.span[1]] == story.body
    assert story.body.startswith("0번째 문단은") and story.body.endswith("5번째 문단은 시장 소식을 전합니다.")


def test_plain_text_opening_with_a_sentence_takes_its_file_name_as_title():
    text = "코스피가 2% 올랐습니다. 외국인이 순매수했습니다.\n\n환율은 1,400원에 마감했습니다."
    article, sections = parse_article(text, "/notes/market-2025-11-07.txt")
    assert article.title == "market-2025-11-07"
    assert [(s.heading, s.span) for s in sections] == [("market-2025-11-07", (0, len(text)))]


def test_news_record_is_one_story_headed_by_its_title_without_series_tag():
    body = (
        "신용 점수 개편 기대감 커져사진=가온뉴스[한빛경제 정하늘 기자] 누리은행이 새 신용평가 모형을 도입한다고 3일 밝혔다."
        + "새 모형은 통신비와 공과금 납부 이력을 반영한다. " * 40
        + '누리은행 관계자는 "중저신용자 대출이 늘어날 것"이라고 말했다.hanul@gaon.example'
    )
    meta = {"title": "[금융톡톡] 누리은행, 새 신용평가 모형 도입", "date": "2025-02-03", "source": "한빛경제"}
    article, sections = parse_article(body, "news.jsonl#L1", meta)
    assert article.title == "[금융톡톡] 누리은행, 새 신용평가 모형 도입"
    assert [s.heading for s in sections] == ["누리은행, 새 신용평가 모형 도입"]
    assert sections[0].span == (0, len(body))  # the chunker splits a long story, not the parser
    assert article.published.date().isoformat() == "2025-02-03"


def test_file_opening_with_copyright_line_is_not_all_footer():
    text = (
        "Copyright 2025 가온리서치. All rights reserved.\n\n"
        "반도체 수출 동향\n\n"
        "지난달 반도체 수출은 120억 달러로 전년보다 15% 늘었습니다. 메모리 가격 회복이 이끌었습니다.\n\n"
        "ⓒ 가온리서치 무단전재 및 재배포 금지\n"
    )
    article, sections = parse_article(text, "report.txt")
    assert article.title == "반도체 수출 동향"
    (story,) = sections
    assert story.heading == "반도체 수출 동향"
    assert story.body.startswith("지난달 반도체 수출은")
    assert story.body.endswith("이끌었습니다.")  # the closing copyright line is still footer


def test_credit_line_is_not_a_title_or_heading():
    text = (
        "사진=가온뉴스\n\n원화 약세 계속\n\n원·달러 환율이 1,450원을 넘었습니다. 수입 물가 부담이 커졌습니다."
    )
    article, sections = parse_article(text, "fx.txt")
    assert article.title == "원화 약세 계속"
    assert sections[0].heading == "원화 약세 계속"
    assert sections[0].body.startswith("원·달러 환율이")
