"""Korean text handling, the only module that talks to Kiwi.

* :func:`morphemes` gives the terms BM25 and the answerer match on: nouns, foreign words, numbers,
  hanja, roots and verb/adjective stems; particles and endings are dropped.
* :func:`sentence_spans` splits text into sentences as ``(start, end)`` offsets into the text.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kiwipiepy import Kiwi

from .types import strip_span

_KEEP = {"NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "XR", "VV", "VA", "MAG"}
_STEM = {"VV", "VA"}
_lock = threading.Lock()
_kiwi: Kiwi | None = None
# Kiwi's default model ('cong', the lightest kiwipiepy_model ships) without its typo dictionary
# (internet-style endings such as 슴다 or 여 for 요, and a few misspelt stems): on the sample
# briefings, 300 news articles and both dev sets' questions it changed no analysis and no answer,
# and loading it is ~15% of Kiwi's start (bench/kiwi_options.py). The multiword dictionary stays:
# without it Kiwi starts in half the time but analyses names differently (제롬 파월, 노보노디스크).
KIWI_OPTIONS: dict[str, object] = {"load_typo_dict": False}


def kiwi() -> Kiwi:
    """The process-wide Kiwi (its start is most of a CLI call, so it is made once per process).

    Kiwi initialises lazily on its first analysis; that happens here, under the lock, so threads
    (the chat's queue) only ever share a fully built instance, which Kiwi supports.
    """
    global _kiwi
    with _lock:
        if _kiwi is None:
            k = Kiwi(**KIWI_OPTIONS)
            k.tokenize("")
            _kiwi = k
        return _kiwi


def normalize(text: str) -> str:
    """NFKC, lower case, collapsed whitespace: the form every comparison of terms uses."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


def _content_terms(toks) -> list[str]:  # noqa: ANN001 - kiwipiepy tokens
    out: list[str] = []
    for tok in toks:
        if tok.tag not in _KEEP:
            continue
        form = tok.form.lower()
        if tok.tag in _STEM:
            form += "다"
        if tok.tag == "MAG" and len(form) < 2:
            continue
        out.extend(form.split())
    return out


@lru_cache(maxsize=4096)
def _terms(text: str) -> tuple[str, ...]:
    return tuple(_content_terms(kiwi().tokenize(unicodedata.normalize("NFKC", text))))


def morphemes(text: str) -> list[str]:
    """Content morphemes of ``text`` (lower-cased; multiword proper nouns split on spaces)."""
    return list(_terms(text))


@lru_cache(maxsize=4096)
def _names(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for tok in kiwi().tokenize(unicodedata.normalize("NFKC", text)):
        if tok.tag in ("NNP", "SL"):
            out.extend(tok.form.lower().split())
    return tuple(out)


def names(text: str) -> list[str]:
    """Proper nouns and foreign words of ``text``: the names of what it is about (lower-cased)."""
    return list(_names(text))


# A sentence ending (다. 요. 죠. 까? …) that runs straight into the next sentence (…밝혔다.3일 …), as
# crawled news bodies do once their paragraph breaks are lost. Only a Hangul ending triggers it, so
# decimals (1.5%), dates (2025.6.20), abbreviations (U.S.) and numbered lists never do.
_RUN_ON = re.compile(r"(?<=[다요죠까])[.?!]{1,3}(?P<close>[\"'”’」』)\]]*)(?=\S)")
# Marks that open a sub-heading or a link line inside a crawled body (■ 소제목, ━ 소제목 ━, ▶ 관련기사).
_MARK = re.compile(r"(?<=\S)[■◆◇━▶☞]")
# a list item's bullet glued to the item before ("…수요 발생 전망△감성코퍼레이션(036620)-1분기 …"); never a
# change's arrow before a figure ("(▲12.3)", "2,520▲")
_BULLET = re.compile(r"(?<=[^\s(\[\d])[△▲▷●○◎](?=[가-힣A-Za-z])")
# What follows a closing quote when the quoted sentence is still part of the reporting one:
# …했다."고 말했다 / …했다."며 / …할까?"라는 질문에
_QUOTE_TAIL = frozenset(
    {"고", "며", "라고", "라며", "라는", "란", "라", "면서", "라면서", "하고", "하며", "하면서", "는", "고요"}
)
_STRAIGHT = "\"'"
_CLOSING = "\"'”’」』)]"


def run_on_cuts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets in ``(start, end)`` where a sentence begins with no space before it.

    That is after a Korean sentence ending (``…밝혔다.3일``) and before a sub-heading or link mark
    (``■ ◆ ◇ ━ ▶ ☞``) or a list item's bullet before a name (``…전망△감성코퍼레이션``). After a closing quote the cut comes after the quote, unless a quotative
    ending follows (``…했다."고 말했다``). A straight quote (``"`` or ``'``) closes only if an odd
    number of the same quote came before it in the sentence; otherwise it opens the next sentence
    and the cut is before it.
    """
    end = len(text) if end is None else end
    cuts: list[int] = []
    sent = start
    for m in _RUN_ON.finditer(text, start, end):
        close = m.group("close")
        cut = m.end()
        if close and close[0] in _STRAIGHT and text.count(close[0], sent, m.start("close")) % 2 == 0:
            cut = m.start("close")  # the quote opens the next sentence
        elif close:
            tail = re.match(r"[가-힣]+", text[m.end() : min(end, m.end() + 6)])
            if tail and tail.group(0) in _QUOTE_TAIL:
                continue
        if sent < cut < end:
            cuts.append(cut)
            sent = cut
    cuts.extend(m.start() for m in _MARK.finditer(text, start, end))
    cuts.extend(m.start() for m in _BULLET.finditer(text, start, end))
    return sorted(set(cuts))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as offsets into ``text``; whitespace between sentences is not included.

    Paragraph breaks (blank lines) always end a sentence; so do the run-together endings of
    :func:`run_on_cuts` (``…밝혔다.3일 한화비전은…``). Kiwi splits the pieces between them, except
    that a sentence never ends right after a quote that closes no sentence (``'1500만 개미'와``).
    """
    pieces: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        cuts = run_on_cuts(text, m.start(), m.end())
        pieces.extend(zip([m.start(), *cuts], [*cuts, m.end()], strict=True))
    spans: list[tuple[int, int]] = []
    for (base, _), sents in zip(pieces, kiwi().split_into_sents([text[a:b] for a, b in pieces]), strict=True):
        prev_end = -1
        for s in sents:
            start, end = strip_span(text, base + s.start, base + s.end)
            if end <= start:
                continue
            if spans and prev_end == start and _false_quote_end(text, start):
                # Kiwi took an opening quote for the end of the sentence before it: the sentence
                # ends at the last "다. '" before the quote, or else nowhere here
                first = spans[-1][0]
                opens = list(re.finditer(r"(?<=[.?!])\s+(?=[\"'“‘])", text[first:start]))
                if opens:
                    spans[-1] = (first, first + opens[-1].start())
                    spans.append((first + opens[-1].end(), end))
                else:
                    spans[-1] = (first, end)
            else:
                spans.append((start, end))
            prev_end = end
    return spans


def _false_quote_end(text: str, at: int) -> bool:
    """Kiwi ended a sentence at ``at`` right after a quote that closes a phrase, not a sentence."""
    return at >= 2 and text[at - 1] in _CLOSING and text[at - 2] not in ".?!…" and not text[at].isspace()


__all__ = [
    "has_hangul",
    "kiwi",
    "normalize",
    "morphemes",
    "names",
    "sentence_spans",
    "analyze",
    "Analysis",
    "name_key",
]


def has_hangul(text: str) -> bool:
    return any("가" <= ch <= "힣" for ch in text)


# -- names: what a text is about -------------------------------------------------------------------
# A name is the stem of a word (the run of letters between spaces and punctuation, particles and
# endings cut off by Kiwi) holding a proper noun, a Latin word or hanja: "삼성바이오로직스는" -> 삼성바이오로직스,
# "JP모건은" -> jp모건. Two such words in a row with no particle between ("LG CNS") also give the pair.
_NAME_TAGS = {"NNP", "SL", "SH"}
_CUT = ("J", "E", "VCP", "XSV", "XSA")  # particles, endings, copula, verb/adjective suffixes end a name
_SUBJECT_TAGS = {"JKS", "JX", "JKG"}  # 이/가, 은/는/도, 의: the word is what the clause is about
_WORD = re.compile(r"[\w&·.'’+-]+")
_PAREN_THEN = re.compile(r"\s*\([^()]{1,40}\)")


# a word's Hangul before Latin letters that is no part of a name: an adverb, a determiner, an
# interjection, a particle or an ending ("반면LS머트리얼즈는", "따르면NH투자증권은": crawled bodies glue words)
_GLUE_TAGS = ("M", "I", "J", "E")
_GLUE_NOUNS = frozenset(
    {"반면", "한편", "이후", "당시", "현재", "최근"}
)  # nouns that open a sentence as adverbs


def _words(norm: str, toks: list[Any]) -> Iterator[tuple[int, int]]:
    """The (start, end) of each word of ``norm``, a word glued to the one before at a change from Hangul to
    Latin letters split there when the Hangul part ends on a word that no name ends on (:data:`_GLUE_TAGS`);
    "삼성SDI", "LG엔솔" stay whole."""
    ends = {t.start + t.len: "M" if t.form in _GLUE_NOUNS else t.tag for t in toks}
    for m in _WORD.finditer(norm):
        start, end = m.start(), m.end()
        for at in range(start + 1, end):
            if (
                "가" <= norm[at - 1] <= "힣"
                and norm[at].isascii()
                and norm[at].isalpha()
                and ends.get(at, "N").startswith(_GLUE_TAGS)
            ):
                yield start, at
                start = at
        yield start, end


@dataclass(frozen=True)
class Analysis:
    terms: tuple[str, ...]  # as morphemes()
    names: tuple[str, ...]  # name keys (see name_key), in order, unique
    subjects: tuple[str, ...]  # names followed by a subject/topic/possessive particle


# the one-hanja short forms of the business press: 키움證 = 키움증권, 효성重 = 효성중공업, 현대百 = 현대백화점
_HANJA_SUFFIX = {
    "證": "증권",
    "重": "중공업",
    "電": "전자",
    "銀": "은행",
    "生": "생명",
    "百": "백화점",
    "車": "자동차",
}


_NAME_GAPS = re.compile(r"[\s·]+")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The form names are compared in: NFKC, lower case, no spaces or middle dots, a final 證/重/電
    spelled out. Memoised: the answerer keys the same few names for every sentence it reads."""
    key = _NAME_GAPS.sub("", unicodedata.normalize("NFKC", name)).lower()
    if len(key) > 1 and key[-1] in _HANJA_SUFFIX:
        key = key[:-1] + _HANJA_SUFFIX[key[-1]]
    return key


@lru_cache(maxsize=8192)
def analyze(text: str) -> Analysis:
    """Terms and names of ``text`` from one Kiwi pass (index builds analyse every sentence once)."""
    norm = unicodedata.normalize("NFKC", text)
    toks = kiwi().tokenize(norm)
    terms = _content_terms(toks)
    names: list[str] = []
    subjects: list[str] = []
    prev: tuple[str, int] | None = None  # (name, end) of the previous word when it had no particle
    bare: list[
        str
    ] = []  # names of the words since the last particle ("엔비디아 주가가": 엔비디아 leads the subject)
    ti = 0
    for start, end in _words(norm, toks):
        while ti < len(toks) and toks[ti].start < start:
            ti += 1
        stem_end, named, marker = end, False, None
        j = ti
        while j < len(toks) and toks[j].start < end:
            t = toks[j]
            if t.tag.startswith(_CUT):
                stem_end, marker = t.start, t.tag
                break
            named = named or t.tag in _NAME_TAGS
            j += 1
        if marker is None and (paren := _PAREN_THEN.match(norm, end)):  # "삼성바이오로직스(207940)는"
            after = paren.end()
            marker = next((t.tag for t in toks if t.start == after and t.tag.startswith("J")), None)
        stem = norm[start:stem_end].strip(".'’-")
        if not named or not stem or stem.isdigit():
            if marker is not None:
                if marker in _SUBJECT_TAGS and stem and not stem.isdigit():
                    subjects.extend(bare)
                bare = []
            prev = None
            continue
        key = name_key(stem)
        names.append(key)
        keys = [key]
        if prev is not None and norm[prev[1] : start].strip() == "":
            names.append(prev[0] + key)
            keys.append(prev[0] + key)
        if marker is None or marker == "JC":  # "현대차와 기아는": both lead the clause
            bare.extend(keys)
        else:
            if marker in _SUBJECT_TAGS:
                subjects.extend(bare + keys)
            bare = []
        prev = (key, stem_end) if marker is None and stem_end == end else None
    return Analysis(tuple(terms), tuple(dict.fromkeys(names)), tuple(dict.fromkeys(subjects)))
