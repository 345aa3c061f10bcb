from datetime import date

from rag.query import fold_accents, is_cross_lingual, mentioned_dates, strip_dates

KNOWN = [date(2025, 11, 14), date(2025, 11, 21), date(2024, 11, 14)]


def test_mentioned_dates():
    assert mentioned_dates("11월 14일 브리핑에서 비트코인은?", KNOWN) == {
        date(2025, 11, 14),
        date(2024, 11, 14),
    }
    assert mentioned_dates("2025년 11월 14일 비트코인", KNOWN) == {date(2025, 11, 14)}
    assert mentioned_dates("2025-11-21 기준 금리", KNOWN) == {date(2025, 11, 21)}
    assert mentioned_dates("What did the Nov 21 briefing say?", KNOWN) == {date(2025, 11, 21)}
    assert mentioned_dates("12월 1일 금리는?", KNOWN) == set()
    assert mentioned_dates("메타 채권 금리는?", KNOWN) == set()


def test_strip_dates_and_script():
    assert strip_dates("11월 21일 브리핑에서 엔비디아").split() == ["브리핑에서", "엔비디아"]
    # "기준"/"현재" after a date is the date's ("as of"), not a word of what is asked
    assert strip_dates("2월 3일 기준 한빛 종가는?").split() == ["한빛", "종가는?"]
    assert strip_dates("2월 3일 현재 한빛 주가").split() == ["한빛", "주가"]
    assert strip_dates("2월 3일 기준금리는?").split() == ["기준금리는?"]  # a word of its own
    assert is_cross_lingual("What yield did Meta's bond carry?")
    assert not is_cross_lingual("메타 채권 금리는?")
    assert not is_cross_lingual("AI 빚투 채권은?")


def test_fold_accents_drops_latin_marks_only():
    assert (
        fold_accents("What was Hermès' net profit? Nestlé, L'Oréal")
        == "What was Hermes' net profit? Nestle, L'Oreal"
    )
    assert (
        fold_accents("에르메스 순이익은?") == "에르메스 순이익은?"
    )  # Hangul decomposes under NFKD: untouched
    assert fold_accents("Ørsted, Straße") == "Ørsted, Straße"  # no plain letter inside: kept as written
