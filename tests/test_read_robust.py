"""Input that used to abort, hang or mislead a build (issue 8): each file is reported by name and skipped,
or read properly, and the other files are indexed."""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

import pytest
from conftest import make_briefing

from index import build_index
from index.read import decode, discover, read_bytes, read_file, read_records
from index.split import split_articles
from rag.errors import SourceError
from rag.store import load_store

STORY = "누리안이 현지시간 2일 250억 달러 규모 채권을 발행했습니다. 30년 만기물 금리는 연 6.05%입니다."


def briefing(day: int = 3, h1: str = "누리안, 초대형 채권 발행", b1: str = STORY) -> str:
    return make_briefing(
        day, h1, b1, "금 ETF 자금 유출", "금 ETF에서 이달 들어 42억 달러가 빠져나갔다고 집계됐습니다."
    )


def build(tmp_path: Path, config, embedder, *paths: Path, **kw):
    return build_index(list(paths), tmp_path / "index", config, embedder=embedder, progress=False, **kw)


def failed(report) -> dict[str, str]:
    return dict(report.failed)


# -- 1. encodings ---------------------------------------------------------------------------------


def test_bom_over_invalid_utf8_is_one_line_naming_the_file(tmp_path, config, embedder):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xef\xbb\xbf" + "가나다".encode() + b"\xff\xfe\x80 more")
    with pytest.raises(SourceError) as e:
        read_file(bad)
    msg = str(e.value)
    assert "\n" not in msg and str(bad) in msg and "UTF-8 byte-order mark" in msg and "byte 12" in msg
    good = tmp_path / "good.txt"
    good.write_text(briefing(), encoding="utf-8")
    report = build(tmp_path, config, embedder, good, bad)  # the build goes on with the other file
    assert report.added == [str(good.resolve())]
    assert "UTF-8 byte-order mark" in failed(report)[str(bad.resolve())]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_read_not_called_binary(tmp_path, encoding):
    text = briefing()
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding] + data
    p = tmp_path / "w.txt"
    p.write_bytes(data)
    (doc,) = read_file(p)
    assert doc.text == text and doc.encoding.startswith(encoding[:6])


def test_utf16_bom_is_what_tells_text_without_ascii_apart():
    text = "가나다라마바사아자차카타파하" * 3  # no space or digit: nothing for the guess without a BOM
    assert decode(text.encode("utf-16")) == (text, "utf-16-le")
    with pytest.raises(SourceError, match="binary"):
        decode(text.encode("utf-16-le"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(encoding):
    text, enc = decode(briefing().encode(encoding))
    assert text == briefing() and enc == encoding


def test_utf16_bom_over_a_lone_surrogate_is_a_source_error():
    with pytest.raises(SourceError, match="UTF-16 byte-order mark but byte 4"):
        decode(b"\xff\xfe" + "가".encode("utf-16-le") + b"\x00\xd8" + "나".encode("utf-16-le"), "x.txt")


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02binary\xff\xfe" * 50, b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256))]
)
def test_binary_with_nul_bytes_is_still_binary(data):
    with pytest.raises(SourceError, match="binary"):
        decode(data, "x.txt")


# -- 2. control characters ------------------------------------------------------------------------

ESCAPE = "\x1b]0;pwned\x07\x1b[31m"


def test_terminal_escapes_anywhere_are_removed_and_spans_point_at_the_stored_text(tmp_path, config, embedder):
    long_story = "누리안 채권 시장은 조용했습니다. " * 300  # past the first 4,096 characters
    body = long_story + f"{ESCAPE}누리안 회사채 금리는 연 6.05%입니다.\x07\x00\x7f\x9b2J 끝났습니다."
    p = tmp_path / "e.txt"
    p.write_text(briefing(b1=body), encoding="utf-8")
    assert len(p.read_text(encoding="utf-8").split(ESCAPE)[0]) > 4096
    (doc,) = read_file(p)
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in doc.text)
    assert "pwned" not in doc.text and "[31m" not in doc.text
    assert "누리안 회사채 금리는 연 6.05%입니다. 끝났습니다." in doc.text
    build(tmp_path, config, embedder, p)
    store = load_store(tmp_path / "index")
    (article,) = store.articles.values()
    assert "\x1b" not in article.text and "\x07" not in article.text
    for c in store.chunks:
        assert article.text[c.span[0] : c.span[1]] == c.text and "\x1b" not in c.text


def test_control_characters_from_json_escapes_and_html_entities_are_removed(tmp_path):
    j = tmp_path / "a.jsonl"
    rec = {
        "title": "제목\u001b]0;x\u0007",
        "date": "2025-11-02",
        "body": "본문\u001b[2J입니다.\u2028다음 줄\u0085끝",
    }
    j.write_text(json.dumps(rec) + "\n")
    (doc,) = read_file(j)
    assert doc.text == "본문입니다.\n다음 줄\n끝" and doc.meta["title"] == "제목"
    h = tmp_path / "a.html"
    h.write_text("<html><body><h2>유가</h2><p>유가가&#27;]0;x&#7; 올랐습니다.</p></body></html>")
    (doc,) = read_file(h)
    assert "\x1b" not in doc.text and "\x07" not in doc.text and "유가가 올랐습니다." in doc.text


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r", "\r\n", "\x1c"])
def test_every_line_break_becomes_newline(brk):
    text, _ = decode(f"가{brk}나".encode())
    assert text == "가\n나" and text.splitlines() == ["가", "나"]


def test_text_that_is_mostly_control_characters_is_refused():
    with pytest.raises(SourceError, match=r"x.txt looks binary \(20 control characters"):
        decode(("가" * 20 + "\x01" * 20).encode(), "x.txt")


# -- 3. files that are not regular files ----------------------------------------------------------


def _in_thread(fn, timeout: float = 20.0):
    """``fn()``, or its exception, failing the test if it has not returned within ``timeout``."""
    out: list = []

    def run():
        try:
            out.append(fn())
        except BaseException as e:  # noqa: BLE001 - handed to the test thread
            out.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "hung"
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def test_fifo_and_socket_are_skipped_with_a_message_not_waited_on(tmp_path, config, embedder):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(briefing(), encoding="utf-8")
    fifo = corpus / "pipe.txt"
    os.mkfifo(fifo)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus / "sock.md"))
    try:
        assert {p.name for p in discover([corpus])} == {"good.txt", "pipe.txt", "sock.md"}
        with pytest.raises(SourceError, match=r"pipe.txt is a FIFO \(named pipe\), not a regular file"):
            _in_thread(lambda: read_bytes(fifo))
        report = _in_thread(lambda: build(tmp_path, config, embedder, corpus, fifo))
    finally:
        sock.close()
    assert [Path(p).name for p in report.added] == ["good.txt"]
    reasons = failed(report)
    assert "is a FIFO" in reasons[str(fifo)] and "is a socket" in reasons[str(corpus / "sock.md")]


def test_symlink_to_a_file_is_read_and_a_broken_one_is_a_one_line_skip(tmp_path, config, embedder):
    corpus = tmp_path / "c"
    corpus.mkdir()
    real = tmp_path / "real.txt"
    real.write_text(briefing(), encoding="utf-8")
    (corpus / "link.txt").symlink_to(real)
    broken = corpus / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    assert discover([corpus]) == [broken, real]  # listed, so that it is reported
    assert discover([broken]) == [broken]  # given by name: a skip, not "does not exist" for the build
    report = build(tmp_path, config, embedder, corpus)
    assert report.added == [str(real)]
    (reason,) = failed(report).values()
    assert reason == f"{broken} is a broken symbolic link (to {tmp_path / 'gone.txt'}): fix or remove it"


def test_symlink_loop_is_a_one_line_skip(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert discover([tmp_path]) == [loop]
    with pytest.raises(SourceError) as e:
        read_bytes(loop)
    assert str(e.value) == f"{loop} cannot be read (Too many levels of symbolic links): fix or remove it"


def test_unreadable_file_is_reported_by_name(tmp_path, config, embedder, monkeypatch):
    good, locked = (tmp_path / "good.txt").resolve(), (tmp_path / "locked.txt").resolve()
    good.write_text(briefing(), encoding="utf-8")
    locked.write_text(briefing(4), encoding="utf-8")
    real_read = Path.read_bytes

    def deny(path):  # root reads every file: play the kernel's refusal for this one
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", deny)
    report = build(tmp_path, config, embedder, good, locked)
    assert report.added == [str(good)]
    assert failed(report) == {
        str(locked): f"{locked} cannot be read (Permission denied): check its permissions"
    }


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_its_mode(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text("가")
    p.chmod(0)
    with pytest.raises(SourceError, match=f"{p} cannot be read \\(Permission denied\\)"):
        read_file(p)


# -- 4. headers, footers, several briefings in one file -------------------------------------------


def test_copyright_first_line_keeps_the_briefing_and_an_empty_file_is_a_warning(tmp_path, config, embedder):
    p = tmp_path / "c.txt"
    p.write_text("Copyright 테스트경제. All rights reserved.\n" + briefing(), encoding="utf-8")
    hollow = tmp_path / "hollow.txt"
    hollow.write_text("Copyright 테스트경제. All rights reserved.\nⓒ 테스트경제 무단복제-재배포 금지\n")
    report = build(tmp_path, config, embedder, p, hollow)
    assert report.added == [str(p)] and report.chunks >= 2
    assert failed(report) == {
        str(hollow): f"{hollow} yields no article text to index (only headers, footers or furniture)"
    }


def test_concatenated_briefings_become_one_article_each(tmp_path, config, embedder):
    first, second = (
        briefing(3),
        briefing(4, "벨로크 신용부도스와프 급등", "벨로크의 CDS 프리미엄이 한 달 새 45bp 뛰었습니다."),
    )
    third = "Copyright 테스트경제. All rights reserved.\n" + briefing(
        5, "토리안 채권 가격 하락", "토리안클라우드 채권이 액면가 1달러당 89센트에 거래됐습니다."
    )
    text = first + "\n" + second + "\n\n" + third
    starts = [0, text.index(second), text.index(third) + third.index("\n") + 1]  # each at its outlet line
    assert split_articles(text) == list(zip(starts, [*starts[1:], len(text)], strict=True))
    p = tmp_path / "all.txt"
    p.write_text(text, encoding="utf-8")
    docs = read_file(p)
    assert [d.source for d in docs] == [f"{p}#L{text.count(chr(10), 0, s) + 1}" for s in starts]
    assert [d.text for d in docs] == [text[s:e] for s, e in split_articles(text)]
    report = build(tmp_path, config, embedder, p)
    store = load_store(tmp_path / "index")
    assert report.articles == 3 and report.added == [str(p)]
    days = sorted(a.published.day for a in store.articles.values())
    assert days == [3, 4, 5]
    headings = {c.heading for c in store.chunks}
    assert {"누리안, 초대형 채권 발행", "벨로크 신용부도스와프 급등", "토리안 채권 가격 하락"} <= headings


def test_one_briefing_is_not_split_by_its_other_articles_list():
    text = briefing() + "관련 기사\n입력2025.11.04 10:00\n"  # a stamp in the links, no story after it
    assert split_articles(text) == [(0, len(text))]
    plain = "첫 기사의 본문입니다.\nⓒ 무단 전재 금지\n다음 기사의 본문은 머리글 없이 이어지는 문장입니다.\n"
    assert split_articles(plain) == [(0, len(plain))]  # no header of its own: not a new briefing


# -- 5. news records ------------------------------------------------------------------------------


def test_jsonl_wrong_types_and_missing_body_are_skipped_by_line(tmp_path, config, embedder):
    p = tmp_path / "n.jsonl"
    rows = [
        {"title": "좋은 기사", "date": "2025-11-02", "body": STORY, "source": "가온경제"},
        {"title": 123, "date": "2025-11-02", "body": STORY},
        {"title": "출처가 숫자", "date": "2025-11-02", "body": STORY, "source": 5},
        {"title": "본문 없음", "date": "2025-11-02"},
    ]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n[1, 2\n", encoding="utf-8")
    docs, skipped = read_records(p)
    assert [d.source for d in docs] == [f"{p}#L1"]
    assert [s.split(" line ")[1].split(" ")[0] for s in skipped] == ["2", "3", "4", "5"]
    assert "int 123 in 'title'" in skipped[0] and "int 5 in 'source'" in skipped[1]
    assert "no body text" in skipped[2] and "not valid JSON" in skipped[3]
    report = build(tmp_path, config, embedder, p)
    assert report.articles == 1 and report.added == [str(p)]


# -- 6. the same bytes under several names --------------------------------------------------------


def test_same_bytes_under_nine_names_index_once(tmp_path, config, embedder):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(9):
        (corpus / f"copy{i}.txt").write_text(briefing(), encoding="utf-8")
    report = build(tmp_path, config, embedder, corpus)
    assert report.articles == 1 and report.added == [str(corpus / "copy0.txt")]
    reasons = failed(report)
    assert len(reasons) == 8
    assert reasons[str(corpus / "copy5.txt")].endswith(
        f"holds the same bytes as {corpus / 'copy0.txt'}: not indexed twice"
    )
    later = tmp_path / "later.txt"
    later.write_text(briefing(), encoding="utf-8")
    report = build(tmp_path, config, embedder, later)  # a copy of what the index already holds
    assert report.added == [] and str(corpus / "copy0.txt") in failed(report)[str(later)]
    report = build(tmp_path, config, embedder, corpus)  # nothing changed: still one article
    assert report.articles == 1 and report.unchanged == [str(corpus / "copy0.txt")]
    report = build(tmp_path, config, embedder, later, prune=True)  # renamed: the new name is indexed
    assert report.added == [str(later)] and report.removed == [str(corpus / "copy0.txt")]


def test_uploading_the_same_bytes_under_nine_names_adds_one_article(tmp_path, config, embedder):
    from ui_fixtures import ui_config

    from rag import RAG
    from ui.upload import add_briefings

    src = tmp_path / "src.txt"
    src.write_text(briefing(), encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(
        briefing(6, "아리온바이오 임상 실패", "아리온바이오 주가가 장중 23% 떨어졌습니다."), encoding="utf-8"
    )
    build(tmp_path, config, embedder, other)
    rag = RAG.load(tmp_path / "index", config=ui_config(config, tmp_path), embedder=embedder)
    result = add_briefings(rag, [src] * 9, names=[f"브리핑{i}.txt" for i in range(9)])
    assert result.added == ["브리핑0.txt"] and result.articles == 2
    assert len(result.skipped) == 8 and all("same bytes" in r for _, r in result.skipped)
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["브리핑0.txt"]


# -- 7. dates of markdown notes -------------------------------------------------------------------


def test_markdown_date_in_its_title_or_none(tmp_path):
    from index.parse import parse_article

    body = "\n\n## 유가\n\n국제 유가가 배럴당 90달러를 넘었습니다. 공급 우려가 커졌습니다.\n"
    for title, day in [("2025년 11월 25일 시장 정리", 25), ("시장 정리 (2025.11.7)", 7), ("시장 정리", None)]:
        article, _ = parse_article(f"# {title}" + body, str(tmp_path / "notes.md"))
        assert (article.published.day if article.published else None) == day, title
