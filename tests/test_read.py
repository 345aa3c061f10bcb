from __future__ import annotations

import json

import pytest

from index.read import decode, discover, read_file
from rag.errors import SourceError

KOREAN = "메타가 300억 달러 규모의 채권을 발행했습니다.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_decodes_korean_encodings(encoding):
    text, _ = decode(KOREAN.encode(encoding))
    assert text == KOREAN


def test_crlf_normalised():
    text, _ = decode("가\r\n나\r\n".encode())
    assert text == "가\n나\n"


def test_binary_file_is_a_source_error(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(SourceError, match="binary"):
        read_file(p)


def test_missing_path_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        discover([tmp_path / "nope"])


def test_jsonl_articles_and_malformed_line(tmp_path):
    p = tmp_path / "a.jsonl"
    rec = {"title": "제목", "date": "2025-11-02", "body": "본문입니다.", "source": "연합", "url": "http://x"}
    p.write_text(json.dumps(rec, ensure_ascii=False) + "\n\n" + json.dumps(rec, ensure_ascii=False) + "\n")
    docs = read_file(p)
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["L1", "L3"]
    assert docs[0].meta["title"] == "제목"
    p.write_text(json.dumps(rec, ensure_ascii=False) + "\n{broken\n")
    with pytest.raises(SourceError, match="line 2"):
        read_file(p)


def test_html_headings_survive(tmp_path):
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><title>시장</title><script>alert(1)</script></head><body>"
        "<h2>유가</h2><p>유가가 올랐습니다.</p><h2>환율</h2><p>원화가 약세입니다.</p></body></html>",
        encoding="euc-kr",
    )
    (doc,) = read_file(p)
    assert "## 유가" in doc.text and "원화가 약세입니다." in doc.text and "alert" not in doc.text


def test_discover_skips_hidden_and_unsupported(tmp_path):
    (tmp_path / "a.txt").write_text("가")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("나")
    assert [p.name for p in discover([tmp_path])] == ["a.txt"]
