"""Amounts: what kind of quantity a question asks for, and which kinds a sentence states.

"얼마에 마감했나?" asks for money, "몇 %" and 금리/확률/점유율 for a percentage, "몇 대/명/곳" for a count,
"언제/몇 월" for a time. A sentence stating the asked kind of amount answers better than one that
states another kind ("2.4% 올랐다" does not say at what price a stock closed).
"""

from __future__ import annotations

import re

# "924", "3,512억", "1만1천여" (a number in groups, "여": some more)
_NUM = r"\d[\d,.]*(?:\s*[만억조천백]\s*[\d,.]*)*\s*(?:여\s*)?"
KINDS: dict[str, re.Pattern[str]] = {
    "money": re.compile(_NUM + r"(?:달러|원|엔|위안|유로|파운드|센트|대만달러)"),
    "percent": re.compile(_NUM + r"(?:%|퍼센트|%포인트|포인트|bp)", re.I),
    "count": re.compile(_NUM + r"(?:대(?!만달러)|명|개|곳|건|배럴|톤|GW|MW|mg|kg|배|주|가구|척|기)", re.I),
    "time": re.compile(r"\d{1,4}\s*(?:년|월|일|분기|시|개월|주일|주)|[상하]반기|연말|연초"),
}
_ASKED: dict[str, re.Pattern[str]] = {
    "percent": re.compile(
        r"몇\s*(?:%|퍼센트)|비율|확률|금리|수익률|점유율|증가율|상승률|하락률|인상률|감소율|성장률|율은|"
        r"가산금리|what (?:share|percentage|rate|yield|probability)|by how much|percent",
        re.I,
    ),
    "money": re.compile(
        r"얼마|가격|주가|종가|금액|액수|값|(?<![가-힣])돈(?:은|이|을)?(?![가-힣])|how much|price|cost", re.I
    ),
    "count": re.compile(r"몇\s*(?:대|명|개|곳|건|배|척|가구|기)|how many", re.I),
    "time": re.compile(r"언제|몇\s*(?:월|년|일|분기)|시기|when", re.I),
}
_ANY = re.compile(r"얼마|몇|규모|how much|how many|how large|what (?:share|rate|price|amount)", re.I)


# a question that asks a reason ("금리 인하를 지지한 이유는?", "Why did …"): no amount, unless it says so
ASKS_REASON = re.compile(r"이유는|이유가|이유를|왜|까닭|원인은|배경은|^\s*why\b", re.I)


def asked_kinds(question: str) -> list[str]:
    """The kinds of amount the question asks for, most specific first; [] when it asks for none."""
    if ASKS_REASON.search(question) and not _ANY.search(question):
        return []  # "금리 인하를 지지한 이유는?": 금리 is what was decided, not a rate asked
    kinds = [k for k in ("percent", "count", "time", "money") if _ASKED[k].search(question)]
    if "percent" in kinds and "money" in kinds and re.search(r"몇\s*(?:%|퍼센트)|율", question):
        kinds.remove("money")  # "주가는 몇 % 올랐나?" asks for the percentage, not the price
    if kinds or _ANY.search(question):
        return kinds or ["money", "percent", "count"]
    return []


def stated_kinds(sentence: str) -> set[str]:
    if not _DIGIT.search(sentence):  # (no number: only a time word may be stated)
        return {"time"} if _TIME_WORD.search(sentence) else set()
    return {k for k, pat in KINDS.items() if pat.search(sentence)}


_DIGIT = re.compile(r"\d")
_TIME_WORD = re.compile(r"[상하]반기|연말|연초")


def amount_score(asked: list[str], stated: set[str]) -> float:
    """1 when the sentence states the first kind asked, 0.75 for another asked kind, 0.25 for an amount of
    a kind not asked, else 0."""
    if not asked or not stated:
        return 0.0
    if asked[0] in stated:
        return 1.0
    return 0.75 if stated & set(asked) else 0.25


__all__ = ["ASKS_REASON", "asked_kinds", "stated_kinds", "amount_score", "KINDS"]
