"""Korean text handling, the only module that talks to Kiwi.

* :func:`morphemes` gives the terms BM25 and the answerer match on: nouns, foreign words, numbers,
  hanja, roots and verb/adjective stems; particles and endings are dropped.
* :func:`sentence_spans` splits text into sentences as ``(start, end)`` offsets into the text.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from kiwipiepy import Kiwi

from .types import strip_span

_KEEP = {"NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "XR", "VV", "VA", "MAG"}
_STEM = {"VV", "VA"}
_lock = threading.Lock()
_kiwi: Kiwi | None = None


def kiwi() -> Kiwi:
    """The process-wide Kiwi (loading it takes ~1 s, so it is loaded once).

    Kiwi initialises lazily on its first analysis; that happens here, under the lock, so threads
    (the chat's queue) only ever share a fully built instance, which Kiwi supports.
    """
    global _kiwi
    with _lock:
        if _kiwi is None:
            k = Kiwi()
            k.tokenize("")
            _kiwi = k
        return _kiwi


def normalize(text: str) -> str:
    """NFKC, lower case, collapsed whitespace: the form every comparison of terms uses."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


@lru_cache(maxsize=4096)
def _terms(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for tok in kiwi().tokenize(unicodedata.normalize("NFKC", text)):
        if tok.tag not in _KEEP:
            continue
        form = tok.form.lower()
        if tok.tag in _STEM:
            form += "다"
        if tok.tag == "MAG" and len(form) < 2:
            continue
        out.extend(form.split())
    return tuple(out)


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


def morphemes_batch(texts: list[str]) -> list[list[str]]:
    return [morphemes(t) for t in texts]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as offsets into ``text``; whitespace between sentences is not included.

    Kiwi splits inside a paragraph; paragraph breaks (blank lines) always end a sentence.
    """
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        para = m.group(0)
        base = m.start()
        for s in kiwi().split_into_sents(para):
            start, end = strip_span(text, base + s.start, base + s.end)
            if end > start:
                spans.append((start, end))
    return spans


__all__ = ["kiwi", "normalize", "morphemes", "names", "morphemes_batch", "sentence_spans"]
