"""Number-aware ``answer_contains``: "1조1천685억 원" is found in "1조 1,685억원", "5만4천t" in "54,000t".

A needle is found in an answer when its plain text is (NFKC, case- and whitespace-insensitive; a number
must not continue a longer one: "5%" is not in "25%", nor percent in percentage points), or,
failing that, when the needle states at least one quantity and every quantity it states is stated by
the answer too (same value and unit), and whatever text the needle holds outside its quantities
(e.g. "영업이익" in "영업이익 1조 원") is in the answer as plain text.

Quantities come from ``rag.numbers`` (``find_quantities(text)`` and ``same_quantity(a, b)``) when that
module exists; otherwise from the small parser below, which reads Korean numerals the same way:
groups of digits with 조/억/만 (and 천/백/십 inside a group), thousands separators, decimals, and a unit
right after the number. With either backend, a needle's quantity without a unit ("1천685억") matches
the same value in any unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .dataset import match_key

_BIG = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}
# a numeral: digit groups (separators, decimals) each closed by a magnitude word, maybe a space between
# ("1조 1,685억", "5만4천"), and maybe a last group without one ("4만 1,300"); plain digits alone
_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUMERAL = rf"{_DIGITS}\s?[조억만천백십](?:\s?{_DIGITS}\s?[조억만천백십])*(?:\s?{_DIGITS})?|{_DIGITS}"
# units, longest first; mapped to one spelling below. A unit may be followed by a Hangul particle
# ("1,685억원으로"), not by a Latin letter or digit ("t" is not the start of "tesla")
_UNITS = (
    "퍼센트포인트|%포인트|%p|퍼센트|%|bp|포인트|대만달러|달러|센트|원|엔|위안|유로|파운드|"
    "톤|t|배럴|명|대|개월|개|곳|건|배|주|년|월|일|분기|GW|MW|kg|mg"
)
_QUANTITY = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUMERAL})(?:\s?(?P<unit>{_UNITS}))?(?![A-Za-z0-9%])",
    re.I,
)
_GROUP = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s?([조억만천백십]?)")
_UNIT_ALIASES = {
    "퍼센트포인트": "%p",
    "%포인트": "%p",
    "%p": "%p",
    "퍼센트": "%",
    "톤": "t",
    "포인트": "포인트",
}


@dataclass(frozen=True)
class Quantity:
    """The fallback parser's quantity, with the fields ``rag.numbers.Quantity`` has."""

    value: float
    unit: str
    span: tuple[int, int]
    text: str


def korean_number(text: str) -> float | None:
    """The value of a Korean numeral such as "1조1천685억", "5만4천", "38억 4,000만", "1,685.5"."""
    groups = _GROUP.findall(text)
    if not groups:
        return None
    total, group = 0.0, 0.0
    for digits, word in groups:
        n = float(digits.replace(",", ""))
        if word in _SMALL:
            group += n * _SMALL[word]
        elif word in _BIG:
            total += (group + n) * _BIG[word]
            group = 0.0
        else:
            group += n
    return total + group


def _unit(raw: str | None) -> str:
    if not raw:
        return ""
    key = raw.lower()
    return _UNIT_ALIASES.get(key, key)


def fallback_find_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its value and unit ("" when none follows)."""
    out = []
    for m in _QUANTITY.finditer(text):
        value = korean_number(m.group("num"))
        if value is not None:
            out.append(Quantity(value, _unit(m.group("unit")), m.span(), m.group(0)))
    return out


def fallback_same_quantity(a: Any, b: Any) -> bool:
    """Equal values (to 1e-9 relative) and equal units, a missing unit on either side matching any."""
    if a.unit and b.unit and a.unit != b.unit:
        return False
    return bool(abs(a.value - b.value) <= 1e-9 * max(abs(a.value), abs(b.value), 1.0))


def _backend() -> tuple[Callable[[str], list[Any]], Callable[[Any, Any], bool], str]:
    try:
        from rag import numbers  # type: ignore[attr-defined]
    except ImportError:
        return fallback_find_quantities, fallback_same_quantity, "eval.figures"
    return numbers.find_quantities, numbers.same_quantity, "rag.numbers"


find_quantities, same_quantity, BACKEND = _backend()


def residue(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the given spans, in match form, punctuation dropped."""
    kept, last = [], 0
    for s, e in sorted(spans):
        kept.append(text[last:s])
        last = max(last, e)
    kept.append(text[last:])
    return re.sub(r"[^\w%]", "", match_key(" ".join(kept)))


def _continues(before: str) -> bool:
    """Do the (up to two) characters before a number make it the tail of a longer one: a digit, or a
    separator or magnitude word right after a digit ("11,400", "1.57", "76조1000억")?"""
    if before[-1].isdigit():
        return True
    return len(before) == 2 and before[0].isdigit() and before[1] in ".,조억만천백십"


def text_in(answer: str, needle: str) -> bool:
    """Plain containment in match form, except that a needle starting (ending) with a digit must not
    continue a number of the answer ("5%" is not in "25%", "1.5" is not in "1.57", "1000억원" is not in
    "76조1000억원"), and a percentage is not found in percentage points ("0.5%" is not in "0.5%p")."""
    n, a = match_key(needle), match_key(answer)
    if not n:
        return True
    for m in re.finditer(re.escape(n), a):
        before, after = a[max(m.start() - 2, 0) : m.start()], a[m.end() : m.end() + 2]
        if n[0].isdigit() and before and _continues(before):
            continue
        if n[-1].isdigit() and after and (after[0].isdigit() or after[:1] in ".," and after[1:].isdigit()):
            continue
        if n[-1] == "%" and (after.startswith("p") or a[m.end() :].startswith("포인트")):
            continue  # "0.5%" is not "0.5%p"
        return True
    return False


def _same(wanted: Any, stated: Any) -> bool:
    """``same_quantity``, except that a needle's quantity without a unit matches any unit."""
    if not wanted.unit:
        return fallback_same_quantity(wanted, stated)
    return bool(same_quantity(wanted, stated))


def figure_in(answer: str, needle: str) -> bool:
    """Is ``needle`` (an ``answer_contains`` string) in ``answer``, as text or as the same figures?"""
    if text_in(answer, needle):
        return True
    wanted = find_quantities(needle)
    if not wanted:
        return False
    stated = find_quantities(answer)
    if not all(any(_same(w, s) for s in stated) for w in wanted):
        return False
    rest = residue(needle, [tuple(w.span) for w in wanted])
    return not rest or rest in re.sub(r"[^\w%]", "", match_key(answer))


__all__ = [
    "figure_in",
    "text_in",
    "find_quantities",
    "same_quantity",
    "korean_number",
    "fallback_find_quantities",
    "fallback_same_quantity",
    "Quantity",
    "BACKEND",
]
