"""A build that only adds sources appends a segment (index/append.py): the index it leaves holds
what one build of all the sources holds, answers the same, and costs what is added (the files of
the index it had are linked, not written again); a crash mid-append leaves the previous index."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import make_briefing

import index.write as write
from index import build_index
from index.bm25_files import write_bm25_segment
from index.segments import plan_fold
from rag import RAG
from rag.bm25_segments import Bm25Segments
from rag.dense import search as dense_search
from rag.errors import IndexWriteError
from rag.store import load_store

TOPICS = [  # invented companies and figures
    ("누리전자 영업이익 증가", "누리전자의 3분기 영업이익은 12조 원으로 1년 전보다 30% 늘었습니다."),
    ("해온코인 가격 하락", "해온코인 가격이 현지시간 9일 8만9천 달러까지 떨어졌습니다."),
    ("동해유 배럴당 61달러", "동해유 가격이 공급 과잉 우려로 배럴당 61달러로 내렸습니다."),
    ("가람은행 금리 동결", "가람은행이 기준금리를 연 3.5%로 동결했습니다. 시장은 이를 예상했습니다."),
    ("소리항공 노선 확대", "소리항공이 내년 유럽 노선을 12개로 늘린다고 밝혔습니다."),
    ("다솜식품 수출 증가", "다솜식품의 라면 수출이 10월 1억2천만 달러로 늘었습니다."),
    ("한울건설 수주", "한울건설이 중동에서 3조 원 규모의 공사를 수주했습니다."),
    ("별빛게임 신작 흥행", "별빛게임의 신작이 출시 첫 주에 300만 명을 모았습니다."),
]
QUESTIONS = [
    "누리전자 영업이익은?",
    "해온코인 가격은 얼마까지 떨어졌나?",
    "한울건설 수주 규모는?",
    "금리 동결",
]
ARRAYS = (
    "days chunk_article origin sent_offsets story story_chunks story_ptr article_keys article_order".split()
)


def _files(d: Path, days: range) -> list[Path]:
    d.mkdir(exist_ok=True)
    out = []
    for i in days:
        (h1, b1), (h2, b2) = TOPICS[(2 * i) % len(TOPICS)], TOPICS[(2 * i + 1) % len(TOPICS)]
        f = d / f"b-2025-11-{3 + i:02d}.txt"  # later days sort after earlier ones
        f.write_text(make_briefing(3 + i, h1, b1, h2, b2), encoding="utf-8")
        out.append(f)
    return out


def _same_index(a: Path, b: Path) -> None:
    """Everything ``a`` and ``b`` hold is equal but for their layout in segments and their times."""
    ma, mb = (json.loads((p / "manifest.json").read_text(encoding="utf-8")) for p in (a, b))
    skip = {"files", "segments", "next_segment", "created", "updated"}
    assert {k: v for k, v in ma.items() if k not in skip} == {k: v for k, v in mb.items() if k not in skip}
    assert (a / "summary.json").read_text(encoding="utf-8") == (b / "summary.json").read_text(
        encoding="utf-8"
    )
    for name in ARRAYS:
        assert np.array_equal(np.load(a / "arrays" / f"{name}.npy"), np.load(b / "arrays" / f"{name}.npy")), (
            name
        )
    sa, sb = load_store(a), load_store(b)
    assert list(sa.chunks) == list(sb.chunks) and list(sa.extras) == list(sb.extras)
    assert list(sa.articles.values()) == list(sb.articles.values())
    assert np.array_equal(np.asarray(sa.vectors), np.asarray(sb.vectors))
    assert np.array_equal(np.asarray(sa.sentence_vectors), np.asarray(sb.sentence_vectors))
    assert dict(sa.doc_freq) == dict(sb.doc_freq)
    for t in sb.doc_freq:
        assert np.array_equal(sa.bm25.get_scores([t]), sb.bm25.get_scores([t])), t
    q = np.asarray(sb.vectors[0])[None, :]
    for got, want in zip(sa.faiss_index.search(q, 5), sb.faiss_index.search(q, 5), strict=True):
        assert np.array_equal(got, want)


def _answers(path: Path, config, embedder) -> list[tuple[str, list[str], list[tuple[int, float]]]]:
    rag = RAG.load(path, config=config, embedder=embedder)
    out = []
    for q in QUESTIONS:
        a = rag.ask(q)
        out.append((a.text, [c.chunk.text for c in a.citations], [(h.chunk.id, h.score) for h in a.hits]))
    return out


def test_adding_sources_appends_what_one_build_writes(tmp_path, config, embedder):
    first, more = _files(tmp_path / "c", range(0, 3)), _files(tmp_path / "c", range(3, 5))
    build_index(first, tmp_path / "inc", config, embedder=embedder, progress=False)
    seg0 = os.stat(tmp_path / "inc" / "chunks.jsonl").st_ino
    report = build_index(first + more, tmp_path / "inc", config, embedder=embedder, progress=False)
    assert report.added == [str(f.resolve()) for f in more] and len(report.unchanged) == 3
    build_index(first + more, tmp_path / "full", config, embedder=embedder, progress=False)
    manifest = json.loads((tmp_path / "inc" / "manifest.json").read_text(encoding="utf-8"))
    assert [s["dir"] for s in manifest["segments"]] == ["", "segments/000001"]
    assert os.stat(tmp_path / "inc" / "chunks.jsonl").st_ino == seg0  # linked, not written again
    _same_index(tmp_path / "inc", tmp_path / "full")
    assert _answers(tmp_path / "inc", config, embedder) == _answers(tmp_path / "full", config, embedder)


def test_adds_merge_the_segments_they_outgrow(tmp_path, config, embedder):
    files = _files(tmp_path / "c", range(0, 6))
    for n in (1, 2, 3, 6):  # segments: [a], [a, b] -> [ab], [ab, c], [ab, c] + 3 -> [abcdef]
        build_index(files[:n], tmp_path / "inc", config, embedder=embedder, progress=False)
    build_index(files, tmp_path / "full", config, embedder=embedder, progress=False)
    manifest = json.loads((tmp_path / "inc" / "manifest.json").read_text(encoding="utf-8"))
    assert [s["dir"] for s in manifest["segments"]] == [""]
    _same_index(tmp_path / "inc", tmp_path / "full")


def test_plan_fold_keeps_segments_larger_than_the_new_one():
    segs = [
        {"dir": "", "chunks": 100},
        {"dir": "segments/000001", "chunks": 10},
        {"dir": "segments/000002", "chunks": 4},
    ]
    fold = plan_fold(segs, 5, 3)
    assert fold.kept == segs[:2] and fold.folded == segs[2:] and fold.dir == "segments/000003"
    fold = plan_fold(segs, 6, 3)  # 4 + 6 = 10: the 10 is absorbed too, not the 100
    assert fold.kept == segs[:1] and fold.dir == "segments/000003"
    assert plan_fold(segs, 200, 3).dir == ""  # everything merged: segment 0 again


def test_a_changed_source_rewrites_the_index(tmp_path, config, embedder):
    files = _files(tmp_path / "c", range(0, 3))
    build_index(files[:2], tmp_path / "ix", config, embedder=embedder, progress=False)
    build_index(files, tmp_path / "ix", config, embedder=embedder, progress=False)
    files[0].write_text(files[0].read_text(encoding="utf-8").replace("12조", "13조"), encoding="utf-8")
    build_index(files, tmp_path / "ix", config, embedder=embedder, progress=False)
    build_index(files, tmp_path / "full", config, embedder=embedder, progress=False)
    manifest = json.loads((tmp_path / "ix" / "manifest.json").read_text(encoding="utf-8"))
    assert [s["dir"] for s in manifest["segments"]] == [""]
    _same_index(tmp_path / "ix", tmp_path / "full")


def test_a_crash_mid_append_leaves_the_previous_index(tmp_path, config, embedder, monkeypatch):
    files = _files(tmp_path / "c", range(0, 3))
    build_index(files[:2], tmp_path / "ix", config, embedder=embedder, progress=False)
    shutil.copytree(tmp_path / "ix", tmp_path / "before")

    def crash(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "merge_segments", crash)
    with pytest.raises(IndexWriteError, match="previous index is unchanged"):
        build_index(files, tmp_path / "ix", config, embedder=embedder, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["before", "c", "ix"]
    _same_index(tmp_path / "ix", tmp_path / "before")
    monkeypatch.undo()
    build_index(files, tmp_path / "ix", config, embedder=embedder, progress=False)
    assert load_store(tmp_path / "ix").manifest["counts"]["articles"] == 3


def test_bm25_segments_score_as_bm25s_scores_all_the_documents(tmp_path, briefing_index):
    import bm25s

    docs = [x.terms for x in load_store(briefing_index).extras] * 3
    docs[1] = []  # a chunk of no terms
    theirs = bm25s.BM25()
    theirs.index([d or [""] for d in docs], show_progress=False)
    cut = [0, 2, 5, len(docs)]
    for i in range(3):
        write_bm25_segment(tmp_path / f"s{i}", docs[cut[i] : cut[i + 1]])
    ours = Bm25Segments.open([tmp_path / f"s{i}" for i in range(3)])
    vocab = sorted({t for d in docs for t in d})
    rng = np.random.default_rng(0)
    for _ in range(50):
        q = list(rng.choice(vocab, 3))
        assert np.array_equal(ours.get_scores(q), theirs.get_scores(q))
        got, want = ours.retrieve([q], k=5), theirs.retrieve([q], k=5, show_progress=False)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


def test_an_hnsw_index_appends_a_graph_and_a_new_faiss_kind_rewrites(tmp_path, config, embedder):
    files = _files(tmp_path / "c", range(0, 4))
    hnsw = config.replace(index={"faiss": "hnsw"})
    build_index(files[:3], tmp_path / "inc", hnsw, embedder=embedder, progress=False)
    build_index(files, tmp_path / "inc", hnsw, embedder=embedder, progress=False)
    build_index(files, tmp_path / "full", hnsw, embedder=embedder, progress=False)
    manifest = json.loads((tmp_path / "inc" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["segments"]) == 2 and manifest["faiss"] == "hnsw"
    assert (tmp_path / "inc" / "segments" / "000001" / "dense.faiss").is_file()  # a graph a segment
    _same_index(tmp_path / "inc", tmp_path / "full")  # a few vectors: the graph search is exact
    sa, sb = load_store(tmp_path / "inc"), load_store(tmp_path / "full")
    for seed in range(3):  # a filter reaches each segment's graph as its own rows
        mask = np.random.default_rng(seed).random(len(sb.chunks)) < 0.5
        q = np.asarray(sb.vectors[seed])
        got, want = dense_search(sa.faiss_index, q, 6, mask), dense_search(sb.faiss_index, q, 6, mask)
        # the same rows in the same order; a score may differ in its last bit (FAISS may compute a
        # distance four at a time in one graph and alone in the other: seen with faiss-cpu 1.15.1)
        assert [i for i, _ in got] == [i for i, _ in want]
        assert np.allclose([x for _, x in got], [x for _, x in want], rtol=1e-6, atol=0)
        assert all(mask[i] for i, _ in got)
    assert _answers(tmp_path / "inc", hnsw, embedder) == _answers(tmp_path / "full", hnsw, embedder)
    # auto: the add crosses flat_max_chunks, so the FAISS index changes kind: the whole index is written
    n = load_store(tmp_path / "inc").manifest["counts"]["chunks"]
    auto = config.replace(index={"faiss": "auto", "flat_max_chunks": n})
    build_index(files[:3], tmp_path / "auto", auto, embedder=embedder, progress=False)
    report = build_index(files, tmp_path / "auto", config.replace(index={"flat_max_chunks": n - 1}),
                         embedder=embedder, progress=False)  # fmt: skip
    manifest = json.loads((tmp_path / "auto" / "manifest.json").read_text(encoding="utf-8"))
    assert report.faiss == "hnsw" == manifest["faiss"] and [s["dir"] for s in manifest["segments"]] == [""]


def test_an_append_copies_where_the_file_system_has_no_hard_links(tmp_path, config, embedder, monkeypatch):
    files = _files(tmp_path / "c", range(0, 3))
    build_index(files[:2], tmp_path / "ix", config, embedder=embedder, progress=False)

    def no_links(*_a, **_k):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    build_index(files, tmp_path / "ix", config, embedder=embedder, progress=False)
    build_index(files, tmp_path / "full", config, embedder=embedder, progress=False)
    _same_index(tmp_path / "ix", tmp_path / "full")
