"""Bytes to text: byte-order marks, UTF-16, Korean legacy encodings, and control characters.

A file is decoded by its byte-order mark when it has one (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE), as
UTF-16 when it has none but its NUL bytes fall where UTF-16 puts them in text (a NUL byte in the
first 4 KiB of anything else: a binary file), else as UTF-8, else
cp949 (a superset of euc-kr), else by whatever charset-normalizer is confident about. Bytes that do
not decode under their mark, binary files and text that is mostly control characters raise
:class:`SourceError`, with the file's name and the reason on one line.

Every text that reaches the parser goes through :func:`clean_text` (``decode`` calls it; the reader
calls it again on what HTML entities and JSON escapes produce): line breaks of every kind become
``\\n``, terminal escape sequences (``\\x1b]0;…\\x07``, ``\\x1b[31m``) are removed whole, and any
other control character except ``\\n`` and ``\\t`` is removed, over the whole text. The parser's
spans are offsets into this cleaned text, which is the text the index stores.
"""

from __future__ import annotations

import re

from rag.errors import SourceError

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
# OSC (…BEL or …ESC \) and DCS/SOS/PM/APC strings on one line, CSI sequences, any other escape;
# an unterminated string loses only its introducer, never the text after it
_ESCAPE = re.compile(
    r"\x1b\][^\x07\x1b\n]{0,512}(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b\n]{0,512}\x1b\\"
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
)
# every character str.splitlines() breaks at, besides \n: the stored JSONL is read line by line
_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
MAX_CONTROL_SHARE = 0.01  # more control characters than this (and more than 8): a binary file


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """``(text, encoding)``: the cleaned text (see :func:`clean_text`) and the encoding it was read in."""
    for bom, enc, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(enc)
            except UnicodeDecodeError as e:
                raise SourceError(
                    f"{name} starts with a {label} byte-order mark but byte {e.start + len(bom)} is not "
                    f"{label} ({e.reason}): re-save it as UTF-8"
                ) from None
            return _checked(text, name), enc if enc != "utf-8" else "utf-8-sig"
    if b"\x00" in data[:4096]:  # later NUL bytes count as control characters (see _checked)
        guessed = _utf16_without_bom(data)
        if guessed is None:
            raise SourceError(
                f"{name} looks binary (NUL bytes), not a text briefing: remove it or export it as text"
            )
        return _checked(guessed[0], name), guessed[1]
    text, enc = _decode_guess(data, name)
    return _checked(text, name), enc


def clean_text(text: str) -> str:
    """``text`` with every line break as ``\\n`` and no control characters but ``\\n`` and ``\\t``."""
    text = _BREAKS.sub("\n", text)
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE.sub("", text)
    return _CONTROL.sub("", text)


def _checked(text: str, name: str) -> str:
    """``text`` cleaned, or SourceError when control characters make up more of it than text does."""
    bad = len(_CONTROL.findall(_BREAKS.sub("\n", text)))
    if bad > max(8, MAX_CONTROL_SHARE * len(text)):
        raise SourceError(
            f"{name} looks binary ({bad} control characters in {len(text)}), not a text briefing: "
            "remove it or export it as text"
        )
    return clean_text(text)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` when ``data`` reads as UTF-16 text without a mark, else None.

    Text in UTF-16 has a NUL byte beside every ASCII character (spaces, digits, line breaks): at odd
    offsets in little-endian, even ones in big-endian. The decoded text must then be mostly ASCII,
    Hangul, CJK and their punctuation; binary data decodes to code points scattered over the plane.
    """
    if len(data) % 2:
        return None
    for enc, zero in (("utf-16-le", 1), ("utf-16-be", 0)):
        if data[zero::2].count(0) < max(1, len(data) // 20):
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        ascii_text = sum(ch.isprintable() or ch in "\n\r\t" for ch in text if ch < "\x80")
        usual = sum(_usual(ch) for ch in text)
        if ascii_text >= max(1, len(text) // 20) and usual >= 0.95 * len(text) and "\x00" not in text:
            return text, enc
    return None


def _usual(ch: str) -> bool:
    """A character a Korean or English briefing is made of."""
    o = ord(ch)
    return (
        (0x20 <= o < 0x7F or ch in "\n\r\t")
        or 0xA0 <= o <= 0x24F  # Latin-1 and Latin Extended
        or 0x1100 <= o <= 0x11FF  # Hangul Jamo
        or 0x2000 <= o <= 0x27BF  # punctuation, symbols, arrows, shapes (▲ ⓒ ※)
        or 0x3000 <= o <= 0x33FF  # CJK punctuation, compatibility Jamo, enclosed CJK
        or 0x4E00 <= o <= 0x9FFF  # CJK ideographs (漢字: 外, 中)
        or 0xAC00 <= o <= 0xD7A3  # Hangul syllables
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
    )


def _decode_guess(data: bytes, name: str) -> tuple[str, str]:
    for enc in ("utf-8", "cp949"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise SourceError(
            f"{name} is neither UTF-8 nor cp949/euc-kr and its encoding cannot be detected: re-save it as UTF-8"
        )
    return str(best), best.encoding


__all__ = ["clean_text", "decode"]
