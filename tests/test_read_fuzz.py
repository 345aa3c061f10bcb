"""Property-based fuzz of the reader and the parser: random bytes and random briefing-like text with
byte-order marks, control characters, terminal escapes and U+2028/U+0085 never raise anything but
SourceError, and every span the parser returns lies inside the text it stores."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.noise import clean_spans
from index.parse import parse_article
from index.read import read_records
from index.split import split_articles
from rag.errors import SourceError
from rag.korean import sentence_spans

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
KINDS = ["txt", "md", "html", "jsonl", "csv"]
PIECES = [
    "가온비즈",
    "[글로벌 비즈 브리핑] 누리안 채권 外",
    "가온비즈 정하린",
    "입력2025.11.25 05:12",
    "수정2025.11.25 11:47",
    "▲누리안 채권 발행",
    "▲금 ETF 유출",
    "누리안 채권 발행",
    "누리안이 250억 달러 규모 채권을 발행했습니다.",
    "금 ETF에서 42억 달러가 빠져나갔습니다.",
    "ⓒ 가온비즈 무단복제-재배포 금지",
    "Copyright 가온비즈. All rights reserved.",
    "정하린다른기사",
    "# 제목",
    "## 소제목",
    "(서울=가온뉴스) 정하린 기자 = ",
    "사진=가온뉴스",
    '{"title": 1, "body": "본문"}',
    '{"title": "제목", "date": "2025-11-25", "body": "본문입니다."}',
    "title,date,body",
    "<h2>유가</h2><p>올랐습니다.</p>&#27;]0;x&#7;",
    "\x1b]0;pwned\x07",
    "\x1b[31m",
    "\x00",
    "\x07",
    "\x85",
    "\u2028",
    "\u2029",
    "\r",
    "\r\n",
    "\x0b\x0c",
    "\ufeff",
    "\n",
    "\n\n",
    " ",
]
briefing_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)
encoded = st.tuples(briefing_text, st.sampled_from(["utf-8", "utf-16", "utf-16-be", "cp949", "utf-32"])).map(
    lambda t: t[0].encode(t[1], errors="replace")
)
raw = st.one_of(st.tuples(st.sampled_from(BOMS), st.binary(max_size=400)).map(b"".join), encoded)
BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def check_document(text: str, source: str, meta: dict) -> None:
    assert not any(c in BREAKS for c in text)  # the stored JSONL is read with splitlines()
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in text)
    parts = split_articles(text)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(s < e or len(parts) == 1 for s, e in parts)
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
    article, sections = parse_article(text, source, meta)
    assert article.text == text
    for sec in sections:
        s, e = sec.span
        assert 0 <= s <= e <= len(text) and text[s:e] == sec.body
        sents = [(s + a, s + b) for a, b in sentence_spans(sec.body)]
        for a, b in clean_spans(text, sents):
            assert s <= a <= b <= e


def read_and_parse(data: bytes, kind: str) -> None:
    try:
        docs, skipped = read_records(Path(f"/fuzz/input.{kind}"), data)
    except SourceError as err:
        assert "\n" not in str(err)  # one line, naming the file
        assert "/fuzz/input" in str(err)
        return
    assert all("\n" not in reason for reason in skipped)
    for doc in docs:
        check_document(doc.text, doc.source, doc.meta)


@SETTINGS
@given(raw, st.sampled_from(KINDS))
@example(b'"\x1e', "csv")  # a header cell that is a record separator: the message stays one line
def test_random_bytes_read_or_raise_source_error(data, kind):
    read_and_parse(data, kind)


@SETTINGS
@given(briefing_text)
def test_random_briefing_text_parses_with_spans_inside_it(text):
    read_and_parse(text.encode("utf-8"), "txt")
