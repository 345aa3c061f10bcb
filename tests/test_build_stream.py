"""Encoding while the build parses (index/encode_stream.py): the encoder starts before the last
document is parsed, each distinct text is encoded once, the vectors are those of one pass over all
texts, an interrupted build keeps its finished batches, and a build with nothing new opens no cache."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO
from test_embed_cache import FakeEmbedder

import index.sources
from index import build_index
from index.embed_cache import FILENAME, EmbeddingCache
from index.encode_stream import WINDOW_BATCHES, EncodeStream
from rag.config import load_config
from rag.embed import encode_passages


class ThreadedFake(FakeEmbedder):
    """Two workers, small batches; records which thread encoded each batch."""

    batch_tokens = 16
    workers = 2

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[str] = set()
        self.started = threading.Event()
        self.fail_after: int | None = None
        self.batches = 0
        self._lock = threading.Lock()

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            self.batches += 1
            if self.fail_after is not None and self.batches > self.fail_after:
                raise RuntimeError("encoder died")
            self.threads.add(threading.current_thread().name)
        self.started.set()
        return super().encode_batch(texts)

    def info(self) -> dict:
        return {**super().info(), "max_tokens": self.max_tokens, "query_prefix": "query: "}


def _records(n: int) -> str:
    lines = []
    for i in range(n):
        body = " ".join(
            f"가온전자{i}번 기사의 {j}번째 문장은 영업이익 {i * 10 + j}억원을 말했다." for j in range(6)
        )
        lines.append(
            json.dumps({"title": f"기사 {i}", "date": "2025-02-05", "body": body}, ensure_ascii=False)
        )
    return "\n".join(lines) + "\n"


def _config(cache: Path | str = "none"):
    return load_config(REPO / "config.yaml").replace(embedder={"cache": str(cache)})


def test_stream_matches_one_pass(tmp_path):
    texts = [f"문장 {i} " + "가" * (i % 17) for i in range(300)]
    e = ThreadedFake()
    with EncodeStream(e) as stream:
        for s in range(0, 300, 7):
            stream.add(texts[s : s + 7] + texts[:3])  # repeats are encoded once
        stats = stream.finish()
        got = stream.vectors(texts[::-1])
    assert (stats.hits, stats.misses) == (0, 300) and sorted(e.encoded) == sorted(texts)
    assert np.array_equal(got, encode_passages(FakeEmbedder(), texts[::-1]))
    assert [stream.token_count(t) for t in texts[:5]] == [e.token_count(t) for t in texts[:5]]
    assert e.threads <= {"encode_0", "encode_1"}  # the workers encode, not the caller


def test_batches_start_before_finish():
    e = ThreadedFake()
    with EncodeStream(e) as stream:
        stream.add([f"문장 {i}" for i in range(WINDOW_BATCHES * 4)])  # a window's worth of tokens, and more
        assert e.started.wait(10)  # encoding runs while the caller goes on, before finish()
        stream.finish()


def test_a_stream_nothing_was_added_to_finishes_with_nothing_encoded():
    e = ThreadedFake()  # a build whose sources are all unchanged adds nothing
    with EncodeStream(e) as stream:
        stats = stream.finish()
    assert (stats.hits, stats.misses, stats.encoded_chars) == (0, 0, 0) and e.batches == 0


def test_cache_hits_are_not_encoded(tmp_path):
    e = ThreadedFake()
    with EncodeStream(e, lambda: EmbeddingCache.open(tmp_path, e)) as stream:
        stream.add(["가", "나"])
        stream.finish()
    again = ThreadedFake()
    with EncodeStream(again, lambda: EmbeddingCache.open(tmp_path, again)) as stream:
        stream.add(["나", "다", "가"])
        stats = stream.finish()
        assert np.allclose(stream.vectors(["가"])[0], e.vector("가"))
    assert (stats.hits, stats.misses) == (2, 1) and again.encoded == ["다"]


def test_build_encodes_while_parsing(tmp_path, monkeypatch):
    """The last record is parsed only once the encoder has started: it waits for the first batch
    (a build that encodes after parsing would time out here)."""
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(_records(12), encoding="utf-8")
    e = ThreadedFake()
    seen: list[bool] = []
    parse = index.sources.parse_article

    def parse_article(text, *args, **kwargs):
        if "가온전자11번" in text:
            seen.append(e.started.wait(20))
        return parse(text, *args, **kwargs)

    monkeypatch.setattr(index.sources, "parse_article", parse_article)
    report = build_index([corpus], tmp_path / "ix", _config(), embedder=e, progress=False)
    assert seen == [True]
    assert report.cache_misses == len(set(e.encoded)) == len(e.encoded)  # each text once
    sents = np.load(tmp_path / "ix" / "sentences.npy")
    chunks = [json.loads(line) for line in (tmp_path / "ix" / "chunks.jsonl").read_text().splitlines()]
    assert len(chunks) >= 12 and sents.shape[0] == sum(len(c["sentences"]) for c in chunks)


def test_interrupted_build_keeps_finished_batches(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(_records(12), encoding="utf-8")
    e = ThreadedFake()
    e.fail_after = 20
    with pytest.raises(RuntimeError, match="encoder died"):
        build_index([corpus], tmp_path / "ix", _config(tmp_path / "cache"), embedder=e, progress=False)
    assert not (tmp_path / "ix" / "manifest.json").exists()
    again = ThreadedFake()
    report = build_index(
        [corpus], tmp_path / "ix", _config(tmp_path / "cache"), embedder=again, progress=False
    )
    # the 20 batches before the failure, but one that may still have been running beside it
    assert report.cache_hits >= 19 and report.cache_misses == len(again.encoded)
    assert report.cache_hits + report.cache_misses == len(set(e.encoded) | set(again.encoded))


def test_nothing_new_opens_no_cache(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(_records(2), encoding="utf-8")
    build_index([corpus], tmp_path / "ix", _config(), embedder=ThreadedFake(), progress=False)
    e = ThreadedFake()
    report = build_index([corpus], tmp_path / "ix", _config(tmp_path / "cache"), embedder=e, progress=False)
    assert report.unchanged and e.encoded == [] and not (tmp_path / "cache" / FILENAME).exists()


def test_a_failed_batch_keeps_the_finished_ones(tmp_path):
    """Batches that finished beside a failed one are cached before the failure is raised."""
    e = ThreadedFake()
    e.fail_after = 5
    texts = [f"{i:02d}" + "가" * 20 for i in range(30)]  # a batch each, a window's worth in all
    with pytest.raises(RuntimeError, match="encoder died"):
        with EncodeStream(e, lambda: EmbeddingCache.open(tmp_path, e)) as stream:
            stream.add(texts)
            while not all(f.done() for f in stream._pending):  # every batch ends before one is collected
                threading.Event().wait(0.01)
            stream.finish()
    again = ThreadedFake()
    with EncodeStream(again, lambda: EmbeddingCache.open(tmp_path, again)) as stream:
        stream.add(texts)
        assert stream.finish().hits == 5


def test_one_worker_fewer_while_parsing():
    """Until finish() (the caller is still parsing) one worker fewer encodes; then all of them."""

    class Slow(ThreadedFake):
        def __init__(self) -> None:
            super().__init__()
            self.now = self.most = 0

        def encode_batch(self, texts: list[str]) -> np.ndarray:
            with self._lock:
                self.now += 1
                self.most = max(self.most, self.now)
            threading.Event().wait(0.02)
            with self._lock:
                self.now -= 1
            return super().encode_batch(texts)

    e = Slow()
    texts = [f"{i:03d}" + "가" * 20 for i in range(120)]  # a batch each
    with EncodeStream(e) as stream:
        stream.add(texts[:60])
        while e.batches < 8:
            threading.Event().wait(0.01)
        assert e.most == 1
        stream.add(texts[60:])
        stream.finish()
    assert e.most == 2


def test_collecting_reads_the_finished_batches_not_every_pending_one():
    """Each add() collects what finished since the last one without walking the pending batches: a cold
    build of real news queues tens of thousands while it parses, and polling them all at each document
    made parsing quadratic (most of the parsing thread's time, profiled on the real-news corpus)."""

    class Walks(dict):
        walked = 0

        def __iter__(self):
            Walks.walked += 1
            return super().__iter__()

    class Held(ThreadedFake):
        def __init__(self) -> None:
            super().__init__()
            self.go = threading.Event()

        def encode_batch(self, texts: list[str]) -> np.ndarray:
            self.go.wait(10)
            return super().encode_batch(texts)

    e = Held()
    texts = [f"{i:03d}" + "가" * 20 for i in range(3 * WINDOW_BATCHES)]  # a batch each
    with EncodeStream(e) as stream:
        stream._pending = Walks()
        for t in texts:
            stream.add([t])
        assert len(stream._pending) >= 2 * WINDOW_BATCHES  # queued, none finished
        assert Walks.walked == 0
        e.go.set()
        stats = stream.finish()
    assert stats.misses == len(texts)
    assert not stream._pending
