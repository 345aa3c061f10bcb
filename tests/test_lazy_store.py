"""The lazily read store (issue 9, item 5): loading parses no record, a record is read by row when
asked for (checked then), and what the answerer needs of all chunks comes from build-time files."""

from __future__ import annotations

import json
import shutil
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from index.store_files import write_rows
from index.write import swap_into_place
from rag import RAG, rows
from rag.aliases import Aliases, trusted_pairs
from rag.errors import IndexCorruptError
from rag.retrieve import Retriever, index_scope
from rag.rows import CACHE_ROWS, Cache, RowFile
from rag.store import FORMAT_VERSION, load_store
from rag.venues import venues_of


def _grow_module():
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location("grow_index", REPO / "bench" / "grow_index.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _grown(base: Path, out: Path, n: int) -> Path:
    """``base`` repeated to ``n`` chunks by bench/grow_index.py."""
    _grow_module().grow(base, out, n, "real")
    return out


@pytest.fixture(scope="module")
def grown(briefing_index, tmp_path_factory) -> Path:
    """The fixture index repeated to 600 chunks: 100 copies of each article over a year, 4 outlets."""
    return _grown(briefing_index, tmp_path_factory.mktemp("grown") / "index", 600)


def test_loading_and_starting_to_answer_read_no_record(grown, config, embedder, monkeypatch):
    """RAG.load (store, retriever, answerer) reads no line of chunks.jsonl or articles.jsonl: its
    cost does not grow with the records. The first question reads only the rows it touches."""
    index = grown
    read: list[tuple[str, int]] = []
    real = RowFile.record

    def counting(self, i):
        read.append((self.name, i))
        return real(self, i)

    def no_scan(self):
        raise AssertionError(f"{self.name} read whole")

    monkeypatch.setattr(RowFile, "record", counting)
    monkeypatch.setattr(RowFile, "records", no_scan)
    rag = RAG.load(index, config=config, embedder=embedder)
    assert read == []
    answer = rag.ask("한울로직 데이터센터 투자 규모는?")
    assert read and answer.hits
    chunks_read = {i for name, i in read if name == "chunks.jsonl"}
    assert {h.chunk.id for h in answer.hits} <= chunks_read and len(chunks_read) < len(rag.store.chunks) / 3


def test_rows_are_read_and_cached_by_row(index_copy):
    store = load_store(index_copy)
    whole = [json.loads(x) for x in (index_copy / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [c.id for c in store.chunks] == list(range(len(whole)))
    for i in (0, len(whole) - 1, -1):
        c = store.chunks[i]
        assert c.text == whole[i]["text"] and store.extras[i].terms == whole[i]["terms"]
        assert store.chunks[i] is c  # cached
    assert store.chunks[1:3] == [store.chunks[1], store.chunks[2]]
    with pytest.raises(IndexError):
        store.chunks[len(whole)]
    assert list(store.chunks) == [store.chunks[i] for i in range(len(whole))]  # in order, read in blocks
    assert [x.sent_offset for x in store.extras] == [store.extras[i].sent_offset for i in range(len(whole))]


def test_a_line_longer_than_a_read_block_is_read_whole(tmp_path, monkeypatch):
    recs = [{"i": i, "text": "가" * (50 if i % 2 else 3000)} for i in range(7)]
    table = write_rows(tmp_path / "x.jsonl", recs)
    monkeypatch.setattr(rows, "READ_BLOCK", 1000)
    import os

    fd = os.open(tmp_path / "x.jsonl", os.O_RDONLY)
    f = RowFile(fd, "x.jsonl", table, tmp_path)
    assert list(f.records()) == recs
    assert [f.record(i) for i in range(7)] == recs
    assert int(table[3, 2]) == zlib.crc32(json.dumps(recs[3], ensure_ascii=False).encode("utf-8"))


def test_the_cache_keeps_the_last_rows_only():
    made: list[int] = []
    cache: Cache[int] = Cache(lambda i: made.append(i) or i * 2, size=3)
    for i in (1, 2, 3, 1, 4, 2):
        cache.get(i)
    assert made == [1, 2, 3, 4, 2]  # 1 was kept (used again), 2 was dropped for 4
    assert CACHE_ROWS <= 10_000  # bounded memory: a few MB of parsed rows


def test_articles_are_found_by_id_without_a_table_in_memory(index_copy):
    store = load_store(index_copy)
    ids = [
        json.loads(x)["id"] for x in (index_copy / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert sorted(store.articles) == sorted(ids) and len(store.articles) == len(ids)
    for a in ids:
        assert store.articles[a].id == a and a in store.articles
    assert (
        ids[0][:-1] not in store.articles
        and "no-such-article" not in store.articles
        and store.articles.get("x" * 500) is None
    )
    with pytest.raises(KeyError):
        store.articles["no-such-article"]


def test_a_loaded_index_keeps_reading_its_own_version_after_a_build_replaced_it(index_copy, tmp_path):
    store = load_store(index_copy)
    before = [
        json.loads(x)["text"] for x in (index_copy / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    other = tmp_path / "other"
    shutil.copytree(index_copy, other)
    lines = (other / "chunks.jsonl").read_bytes().replace("한울로직".encode(), "다른회사".encode())
    (other / "chunks.jsonl").write_bytes(lines)  # what the next build wrote (its checks aside)
    swap_into_place(other, index_copy)  # the old directory is deleted
    assert "다른회사" in (index_copy / "chunks.jsonl").read_text(encoding="utf-8")
    assert [c.text for c in store.chunks] == before and any("한울로직" in t for t in before)


@pytest.mark.parametrize("which", ["fixture", "grown"])
def test_the_summary_says_what_a_scan_of_every_record_said(briefing_index, grown, which):
    """summary.json and the BM25 document frequencies are what the answerer computed from every
    chunk before (the same scans, here over the lazily read records)."""
    store = load_store(briefing_index if which == "fixture" else grown)
    chunks, extras, articles = list(store.chunks), list(store.extras), list(store.articles.values())
    s = store.summary
    assert s.chunk_days == tuple(sorted({c.published.date() for c in chunks if c.published}))
    assert s.pairs == tuple(dict.fromkeys(tuple(p) for x in extras for p in x.pairs))
    aliases = Aliases()
    assert trusted_pairs(s.pairs, aliases) == list(
        dict.fromkeys(trusted_pairs((p for x in extras for p in x.pairs), aliases))
    )
    assert s.names == {n for x in extras for f in x.facts for n in f["n"]} | {
        n for x in extras for n in x.heading_names
    }
    named = [{n for f in x.facts for n in f["n"]} | set(x.heading_names) for x in extras]
    assert s.name_chunks == dict(Counter(n for ns in named for n in ns))  # each name: the chunks naming it
    assert set(s.headings) == {c.heading for c in chunks}
    venues = Counter(v for c in chunks for v in venues_of(c) if len(v) >= 2)
    assert s.venues == dict(venues) and s.venues
    assert s.venue_words == {v: sum(v in c.text.lower() for c in chunks) for v in venues}
    df: Counter[str] = Counter()
    for x in extras:
        df.update(set(x.terms))
    assert dict(store.doc_freq.items()) == dict(df) and "" not in store.doc_freq
    outlets = sorted({a.outlet or Path(a.source).name for a in articles})
    days = [a.published.date() for a in articles if a.published]
    assert index_scope(store) == (outlets, min(days), max(days))


def test_a_story_is_its_chunks_by_position(grown, config):
    store = load_store(grown)
    stories: dict[tuple[str, int], list[int]] = {}
    for c in store.chunks:
        stories.setdefault((c.article_id, c.section_order), []).append(c.id)
    for ids in stories.values():
        want = sorted(ids, key=lambda i: store.chunks[i].position)
        for i in ids:
            assert [c.id for c in store.story(i)] == want
    retriever = Retriever(store, config.retrieval)
    day = retriever.dates[-1]
    assert sorted(retriever.on_days({day})) == [
        c.id for c in store.chunks if c.published and c.published.date() == day
    ]


def test_an_index_of_the_previous_format_says_rebuild(index_copy):
    m = json.loads((index_copy / "manifest.json").read_text())
    m["format_version"] = FORMAT_VERSION - 1
    for newer in ("segments", "next_segment"):  # what the previous format's manifest did not have
        m.pop(newer, None)
    (index_copy / "manifest.json").write_text(json.dumps(m))
    want = rf"format {FORMAT_VERSION - 1}, this version reads {FORMAT_VERSION}: rebuild.*--rebuild"
    with pytest.raises(IndexCorruptError, match=want) as e:
        load_store(index_copy)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    "what, named",
    [
        ("rows cut", "chunks.rows.npy|chunks.jsonl"),
        ("offsets", "sent_offsets|sentences"),
        ("story", "story"),
        ("origin", "origin"),
        ("summary", "summary.json"),
    ],
)
def test_a_damaged_array_is_named_at_load(index_copy, what, named):
    m = json.loads((index_copy / "manifest.json").read_text())
    m.pop("files")  # as if the sizes did not tell
    (index_copy / "manifest.json").write_text(json.dumps(m))
    if what == "rows cut":
        np.save(index_copy / "chunks.rows.npy", np.load(index_copy / "chunks.rows.npy")[:-1])
    elif what == "offsets":
        off = np.load(index_copy / "arrays/sent_offsets.npy")
        off[3] = off[4] + 1
        np.save(index_copy / "arrays/sent_offsets.npy", off)
    elif what == "story":
        np.save(index_copy / "arrays/story_ptr.npy", np.load(index_copy / "arrays/story_ptr.npy")[:-1])
    elif what == "origin":
        o = np.load(index_copy / "arrays/origin.npy")
        o[0] = 99
        np.save(index_copy / "arrays/origin.npy", o)
    else:
        (index_copy / "summary.json").write_text("{}")
    with pytest.raises(IndexCorruptError, match=named) as e:
        load_store(index_copy)
    assert "\n" not in str(e.value) and "--rebuild" in str(e.value)


def test_a_record_that_disagrees_with_its_article_is_named_when_read(index_copy):
    path = index_copy / "chunks.jsonl"
    lines = path.read_text(encoding="utf-8").split("\n")
    rec = json.loads(lines[2])
    rec["span"] = [rec["span"][0] + 1, rec["span"][1] + 1]
    lines[2] = json.dumps(rec, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")
    table = write_rows(index_copy / "chunks.jsonl", [json.loads(x) for x in lines if x])  # rows agree again
    np.save(index_copy / "chunks.rows.npy", table)
    m = json.loads((index_copy / "manifest.json").read_text())
    m.pop("files")
    (index_copy / "manifest.json").write_text(json.dumps(m))
    store = load_store(index_copy)
    with pytest.raises(IndexCorruptError, match="chunk 2's text is not at its span"):
        store.chunks[2]


def _rec(i: int, article: str, section: int, position: int, text: str, outlet: str) -> dict:
    return {
        "id": i, "article_id": article, "title": f"[코인브리핑] 제목 {article}", "heading": f"소제목 {section}",
        "text": text, "section_order": section, "position": position, "span": [0, len(text)],
        "source": f"/d/{article}.txt", "published": f"2025-11-0{1 + section % 3}T06:00:00", "outlet": outlet,
        "sentences": [[0, len(text)]], "terms": ["단어"], "sentence_terms": [["단어"]],
        "facts": [{"n": [f"이름{i}"], "s": [], "q": []}], "heading_names": [], "pairs": [["Acme", "에이크미"]],
    }  # fmt: skip


def test_the_build_gathers_stories_by_position_and_counts_venues_as_words(tmp_path):
    """Unit test of index/store_files.py: chunks written out of position order come back in order;
    a venue's use as a word counts every chunk (also repeated texts); pairs are kept once."""
    from rag.records import Stories, Summary

    recs = [
        _rec(0, "a", 1, 1, "본문 둘", "한빛일보"),
        _rec(1, "a", 1, 0, "본문 하나 한빛일보에 따르면", "한빛일보"),
        _rec(2, "b", 1, 0, "다른 기사 코인브리핑 얘기", "다른일보"),
        _rec(3, "b", 2, 0, "다른 기사 코인브리핑 얘기", "다른일보"),
    ]
    arts = [
        {"id": a, "title": "t", "text": "x", "source": f"/d/{a}.txt", "outlet": None, "published": None}
        for a in ("a", "b")
    ]
    (tmp_path / "ix").mkdir()
    from index.store_files import write_chunk_files

    assert write_chunk_files(tmp_path / "ix", arts, recs) == {"articles": 2, "chunks": 4, "sentences": 4}
    arr = {
        n: np.load(tmp_path / "ix" / "arrays" / f"{n}.npy") for n in ("story", "story_chunks", "story_ptr")
    }
    stories = Stories(arr["story"], arr["story_chunks"], arr["story_ptr"])
    assert stories.of(0) == stories.of(1) == [1, 0] and stories.of(2) == [2] and stories.of(3) == [3]
    summary = Summary.of(json.loads((tmp_path / "ix" / "summary.json").read_text(encoding="utf-8")))
    assert summary.venues == {"한빛일보": 2, "다른일보": 2, "코인브리핑": 4}
    assert summary.venue_words == {"한빛일보": 1, "다른일보": 0, "코인브리핑": 2}
    assert summary.pairs == (("Acme", "에이크미"),) and summary.names == {f"이름{i}" for i in range(4)}
    assert summary.outlets == ("a.txt", "b.txt") and summary.first_day is None


def test_a_dropped_store_closes_its_files(briefing_index):
    import gc
    import os

    def fds() -> int:
        return len(os.listdir("/proc/self/fd"))

    gc.collect()
    before = fds()
    stores = [load_store(briefing_index) for _ in range(5)]
    assert fds() >= before + 10  # two JSONL files held open per loaded index
    assert [s.chunks[0].id for s in stores] == [0] * 5
    del stores
    gc.collect()
    assert fds() == before


@pytest.mark.parametrize("fast", [True, False], ids=["orjson", "json"])
def test_json_is_read_alike_with_or_without_orjson(fast, monkeypatch):
    if not fast:
        monkeypatch.setattr(rows, "_orjson_loads", None)
    doc = {"q": [[27000000000.0, "달러", "발행액", 43, 50]], "s": "\u2028 줄"}
    assert rows.loads(json.dumps(doc, ensure_ascii=False).encode("utf-8")) == doc
    for bad in (b"{", b'"\xff"'):
        with pytest.raises(ValueError):
            rows.loads(bad)


def test_the_grown_index_is_what_the_real_writer_makes_of_its_records(briefing_index, grown, tmp_path):
    """bench/grow_index.py streams blocks and builds BM25 from token ids: the same BM25 results as
    bm25s over the chunks' terms (what index/write.py does), the same vectors whatever the block."""
    import bm25s

    store = load_store(grown)
    real = bm25s.BM25()
    real.index([x.terms or [""] for x in store.extras], show_progress=False)
    for terms in (["한울로직", "투자"], ["채권"], ["ai", "데이터센터", "달러"]):
        want_ids, want = real.retrieve([terms], k=20, show_progress=False)
        got_ids, got = store.bm25.retrieve([terms], k=20)
        assert np.allclose(got, want) and (got_ids == want_ids).all()
    mod = _grow_module()
    mod.BLOCK = 37
    mod.grow(briefing_index, tmp_path / "small-blocks", 600, "real")
    for name in ("vectors.npy", "sentences.npy", "chunks.jsonl", "arrays/sent_offsets.npy"):
        assert (tmp_path / "small-blocks" / name).read_bytes() == (grown / name).read_bytes(), name


@pytest.mark.parametrize("which", ["fixture", "grown"])
def test_an_articles_chunks_and_the_newest_articles_need_no_scan(briefing_index, grown, which, monkeypatch):
    """What the web chat shows at start (newest date, outlets, example questions from the newest
    articles' sections) comes from the arrays and summary.json, as the scans of every record gave it."""
    store = load_store(briefing_index if which == "fixture" else grown)
    articles, chunks = list(store.articles.values()), list(store.chunks)
    newest = sorted(
        articles, key=lambda a: (a.published.isoformat() if a.published else "", a.id), reverse=True
    )
    for n in (1, 3, 32, 40):
        assert store.newest_articles(n) == newest[:n]
    for a in newest[:5]:
        assert store.article_chunks(a.id) == [c for c in chunks if c.article_id == a.id]
    assert store.article_chunks("no-such-article") == []
    s = store.summary
    assert s.last_day == max(a.published.date() for a in articles if a.published)
    assert s.outlet_names == tuple(sorted({a.outlet for a in articles if a.outlet}))
    monkeypatch.setattr(RowFile, "records", lambda self: (_ for _ in ()).throw(AssertionError("a scan")))
    assert store.newest_articles(3) == newest[:3] and store.article_chunks(newest[0].id)
