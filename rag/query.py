"""What a question says beyond its words: the briefing dates it names and the script it is written in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_KO = re.compile(r"(?:(20\d{2})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_ISO = re.compile(r"(20\d{2})[-./](\d{1,2})[-./](\d{1,2})")
_EN = re.compile(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.I)


def mentioned_dates(question: str, known: Iterable[date]) -> set[date]:
    """The dates among ``known`` (the briefings' publication dates) that the question names,
    as ``11월 14일``, ``2025-11-14`` or ``Nov 14``; a named year must match, a missing one matches any."""
    wanted: list[tuple[int | None, int, int]] = []
    for y, m, d in _KO.findall(question):
        wanted.append((int(y) if y else None, int(m), int(d)))
    for y, m, d in _ISO.findall(question):
        wanted.append((int(y), int(m), int(d)))
    for mon, d in _EN.findall(question):
        wanted.append((None, _MONTHS.index(mon[:3].lower()) + 1, int(d)))
    return {
        k for k in known for y, m, d in wanted if k.month == m and k.day == d and (y is None or k.year == y)
    }


# a Korean date with the "as of" after it ("2월 3일 기준", "2월 3일 현재"): the date's words, no name
_KO_AS_OF = re.compile(_KO.pattern + r"(?:\s*(?:기준|현재)(?:으로)?(?![가-힣]))?")


_ACCENTED = re.compile(r"[\u00c0-\u024f]")  # Latin-1 Supplement to Latin Extended-B: letters with marks


def _unmarked(m: re.Match[str]) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFKD", m.group(0)) if not unicodedata.combining(c))
    return bare if bare.isascii() else m.group(0)  # (ß, Ø, Æ have no plain letter inside: kept)


def fold_accents(question: str) -> str:
    """``question`` with its Latin letters' accents dropped ("Hermès" -> "Hermes", "Nestlé" -> "Nestle"):
    the briefings write a foreign company in Hangul, which is matched against its plain Latin spelling
    (:func:`rag.romanize.heard_as`), and an alias file lists it without marks. Hangul is left as it is."""
    return _ACCENTED.sub(_unmarked, question)


def strip_dates(question: str) -> str:
    """The question without its date expressions (they select briefings; they are not what is asked),
    "기준"/"현재" after a Korean date included."""
    for pat in (_KO_AS_OF, _ISO, _EN):
        question = pat.sub(" ", question)
    return question


def is_cross_lingual(question: str) -> bool:
    """True for a question mostly in Latin script (the briefings are Korean)."""
    letters = [ch for ch in question if ch.isalpha()]
    hangul = sum(1 for ch in letters if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e")
    return bool(letters) and hangul / len(letters) < 0.3


__all__ = ["mentioned_dates", "strip_dates", "is_cross_lingual"]
