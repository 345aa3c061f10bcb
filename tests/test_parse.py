from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import REAL_BRIEFING, make_briefing

from index.parse import headings_match, parse_article

KST = timezone(timedelta(hours=9))


def test_real_briefing_sections_headings_dates_and_noise():
    text = REAL_BRIEFING.read_text(encoding="utf-8")
    article, sections = parse_article(text, str(REAL_BRIEFING))
    assert article.title.startswith("[글로벌 비즈 브리핑] 'AI 빚투' 시한폭탄")
    assert article.outlet == "SBS Biz"
    assert article.author == "임선우"
    assert article.published == datetime(2025, 11, 25, 4, 54, tzinfo=KST)
    assert article.modified == datetime(2025, 11, 25, 13, 8, tzinfo=KST)
    assert article.published.utcoffset() == timedelta(hours=9)
    assert len(article.headlines) == 6
    assert len(sections) == 6
    assert [s.heading for s in sections] == [
        "아마존, 美 정부 AI 인프라에 '뭉칫돈'...500억 달러 투자",
        "앤트로픽, 차세대 AI 공개...오픈AI와 정면승부",
        "'AI 빚투' 시한폭탄...\"월가, AI 채권 홍수에 긴장\"",
        "비트코인 ETF서 자금 줄줄이 이탈...이달 들어 5조 빠져나가",
        "노보노디스크, 알츠하이머 치료제 임상 실패...주가 '뚝'",
        "EU, 中 겨냥 외국인직접투자 규정 강화",
    ]
    for s in sections:
        assert text[s.span[0] : s.span[1]] == s.body
        assert "▲" not in s.body
    assert sections[2].body.startswith("인공지능, AI 기술 기업들이")
    last = sections[-1].body
    assert last.endswith("80% 늘어난 수치입니다.")
    joined = "".join(s.body for s in sections)
    assert "무단복제" not in joined and "다른기사" not in joined and "미스터리 랠리" not in joined


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


def test_plain_paragraphs_are_grouped():
    paras = [f"{i}번째 문단은 시장 소식을 전합니다. " * 8 for i in range(6)]
    text = "\n\n".join(paras)
    _, sections = parse_article(text, "plain.txt", group_chars=500)
    assert len(sections) >= 3
    for s in sections:
        assert text[s.span[0] : s.span[1]] == s.body
        assert len(s.heading) <= 60
