from __future__ import annotations

import json

import pytest

from index.read import decode, discover, read_file, read_records
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
    docs, skipped = read_records(p)  # a broken line is reported and skipped; the rest is indexed
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["L1"]
    assert skipped == [
        f"{p} line 2 is not valid JSON (Expecting property name enclosed in double quotes at column 2): row skipped"
    ]
    p.write_text("{broken\n")
    with pytest.raises(SourceError, match="line 1 is not valid JSON"):
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


def test_csv_news_export_indexes_like_jsonl(tmp_path):
    p = tmp_path / "news.csv"
    p.write_text(
        "\ufefftitle,url,press,time,content\n"
        '[마켓뷰] 누리전자 신고가,http://n/1,가온경제,2025-02-03 09:10,"누리전자가 올랐다.\n\n'
        '외국인이 ""사자""에 나섰다."\n'
        "두리차 반등,http://n/2,한빛일보,2025.02.04,두리차가 반등했다.\n",
        encoding="utf-8",
    )
    docs = read_file(p)
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["L2", "L5"]  # the line each row starts on
    assert docs[0].text == '누리전자가 올랐다.\n\n외국인이 "사자"에 나섰다.'
    assert docs[0].kind == "csv"
    assert docs[0].meta == {
        "title": "[마켓뷰] 누리전자 신고가",
        "date": "2025-02-03 09:10",
        "url": "http://n/1",
        "source": "가온경제",
    }
    assert docs[1].meta["date"] == "2025.02.04"
    assert p.resolve() in discover([tmp_path])


def test_csv_columns_come_from_config(tmp_path):
    from rag.config import Config

    cfg = Config().replace(reading={"csv_columns": {"title": ["헤드라인"], "body": "기사"}})
    p = tmp_path / "a.csv"
    p.write_text(
        "헤드라인,기사,매체\n누리전자 실적,누리전자가 최대 실적을 냈다.,가온경제\n", encoding="utf-8"
    )
    (doc,) = read_file(p, columns=cfg.reading.csv_columns)
    assert doc.meta == {"title": "누리전자 실적", "source": "가온경제"}
    with pytest.raises(SourceError, match="no body column .*reading.csv_columns.body"):
        read_file(p)  # the default names do not include 기사


def test_csv_bad_rows_are_reported_and_skipped(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text(
        "title,date,body\n좋은 행,2025-02-03,본문입니다.\n칸이 모자란 행,2025-02-03\n빈 본문,2025-02-03,\n"
    )
    docs, skipped = read_records(p)
    assert [d.meta["title"] for d in docs] == ["좋은 행"]
    assert len(skipped) == 2
    assert "line 3 has 2 fields" in skipped[0] and "line 4 has no body text" in skipped[1]


def test_jsonl_number_where_text_belongs_is_reported_and_skipped(tmp_path, caplog):
    p = tmp_path / "a.jsonl"
    good = {"title": "제목", "date": "2025-11-02", "body": "본문입니다."}
    bad = {"title": 12345, "date": "2025-11-02", "body": "본문입니다."}
    listed = {"title": "제목", "date": "2025-11-02", "body": ["본문", "조각"]}
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (good, bad, listed)) + "\n")
    docs, skipped = read_records(p)
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["L1"]
    assert skipped[0] == f"{p} line 2 has int 12345 in 'title' where text belongs: row skipped"
    assert "line 3 has list" in skipped[1]
    with caplog.at_level("WARNING"):
        assert len(read_file(p)) == 1
    assert "line 2" in caplog.text
    p.write_text(json.dumps(bad) + "\n")
    with pytest.raises(SourceError, match="line 1 has int"):
        read_file(p)


def test_jsonl_fields_by_their_export_names(tmp_path):
    p = tmp_path / "a.jsonl"
    rec = {"title": "제목", "time": "2025-02-03", "content": "본문입니다.", "press": "가온경제"}
    p.write_text(json.dumps(rec, ensure_ascii=False) + "\n")
    (doc,) = read_file(p)
    assert doc.text == "본문입니다." and doc.meta == {
        "title": "제목",
        "date": "2025-02-03",
        "source": "가온경제",
    }
