"""The unit vocabulary of rag.numbers: canonical units, their surface forms, and the units by kind.

A user who meets a unit the parser does not know adds its forms to ``UNIT_TABLE`` (and its canonical
spelling to the kind it belongs to), nothing else.
"""

from __future__ import annotations

MONEY_UNITS = frozenset(
    "원 달러 엔 위안 유로 파운드 센트 루피 루블 프랑 크로네 크로나 페소 레알 리라 "
    "홍콩달러 대만달러 호주달러 캐나다달러 싱가포르달러".split()
)
FX_UNITS = frozenset(f"{u}/달러" for u in MONEY_UNITS - {"달러", "센트"})
RATE_UNITS = frozenset({"%", "%p", "bp"})
PERCENT_UNITS = frozenset({"%", "%p"})  # a rate or a change of one in percent (not bp)
COUNT_UNITS = frozenset("대 명 개 곳 건 주 가구 척 개사 개국 종목 계약 회 차례 번 번째 차 위 배".split())
PHYSICAL_UNITS = frozenset("t kg 배럴 온스 MW GW kW GWh MWh kWh TWh ㎡ 평 nm GB TB".split())
TIME_UNITS = frozenset("년 월 일 분기 반기 개월 주일 주년 년물 거래일 영업일 시간 시 분".split())

# (canonical unit, class, surface forms). Classes: "money"/"sym": a space may precede; "count"/"time":
# glued to the number (a count may follow "만 " or "여 ": "27만 명"). Hangul-final units must be
# followed by a non-Hangul character or a particle-like syllable (_FOLLOW); Latin-final ones by no
# Latin letter or digit.
UNIT_TABLE: tuple[tuple[str, str, str], ...] = (
    ("원", "money", "원"),
    ("달러", "money", "달러 달러화 dollars dollar"),
    ("엔", "money", "엔 엔화 yen"),
    ("위안", "money", "위안 위안화 yuan"),
    ("유로", "money", "유로 유로화 euros euro"),
    ("파운드", "money", "파운드 pounds"),
    ("센트", "money", "센트 cents cent"),
    ("원", "money", "won"),
    ("홍콩달러", "money", "홍콩달러"),
    ("대만달러", "money", "대만달러"),
    ("호주달러", "money", "호주달러"),
    ("캐나다달러", "money", "캐나다달러"),
    ("싱가포르달러", "money", "싱가포르달러"),
    ("루피", "money", "루피"),
    ("루블", "money", "루블"),
    ("프랑", "money", "프랑"),
    ("크로네", "money", "크로네"),
    ("크로나", "money", "크로나"),
    ("페소", "money", "페소"),
    ("레알", "money", "레알"),
    ("리라", "money", "리라"),
    ("%p", "sym", "%포인트 %p %pt 퍼센트포인트 percentage_points percentage_point pp ppt"),
    ("%", "sym", "% 퍼센트 percent per_cent pct"),
    ("bp", "sym", "bp bps 베이시스포인트 basis_points basis_point"),
    ("포인트", "sym", "포인트 p pt points"),
    ("t", "sym", "t 톤 tons tonnes"),
    ("배럴", "sym", "배럴 bbl barrels"),
    ("온스", "sym", "온스 oz"),
    ("주", "sym", "shares"),
    ("대", "sym", "vehicles cars units"),
    ("명", "sym", "people employees workers"),
    ("kg", "sym", "kg"),
    ("㎡", "sym", "㎡"),
    ("nm", "sym", "nm 나노미터"),
    ("GB", "sym", "GB"),
    ("TB", "sym", "TB"),
    ("MW", "sym", "MW 메가와트"),
    ("GW", "sym", "GW 기가와트"),
    ("kW", "sym", "kW 킬로와트"),
    ("GWh", "sym", "GWh"),
    ("MWh", "sym", "MWh"),
    ("kWh", "sym", "kWh"),
    ("TWh", "sym", "TWh"),
    ("대", "count", "대"),
    ("명", "count", "명"),
    ("개", "count", "개"),
    ("곳", "count", "곳"),
    ("건", "count", "건"),
    ("주", "count", "주"),
    ("배", "count", "배"),
    ("가구", "count", "가구"),
    ("척", "count", "척"),
    ("개사", "count", "개사"),
    ("개국", "count", "개국"),
    ("종목", "count", "종목"),
    ("계약", "count", "계약"),
    ("회", "count", "회"),
    ("차례", "count", "차례"),
    ("번째", "count", "번째"),
    ("번", "count", "번"),
    ("차", "count", "차"),
    ("위", "count", "위"),
    ("평", "count", "평"),
    ("년", "time", "년 years"),
    ("년물", "time", "년물"),
    ("월", "time", "월"),
    ("일", "time", "일 days"),
    ("분기", "time", "분기"),
    ("반기", "time", "반기"),
    ("개월", "time", "개월 months"),
    ("주일", "time", "주일 주간 weeks"),
    ("주년", "time", "주년"),
    ("주일", "time", "주차"),
    ("거래일", "time", "거래일"),
    ("영업일", "time", "영업일"),
    ("시간", "time", "시간 hours"),
    ("시", "time", "시"),
    ("분", "time", "분"),
)


__all__ = [
    "PERCENT_UNITS",
    "UNIT_TABLE",
    "MONEY_UNITS",
    "FX_UNITS",
    "RATE_UNITS",
    "COUNT_UNITS",
    "PHYSICAL_UNITS",
    "TIME_UNITS",
]
