"""The embedding cache: hits after misses, what the key holds, two writers, damage never fails a build."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO, make_briefing

from index import build_index
from index.embed_cache import FILENAME, EmbeddingCache, cache_dir, encode_cached
from rag.config import load_config
from rag.embed import make_embedder


class FakeEmbedder:
    """Deterministic vectors from a text's hash; records every text it encodes."""

    backend = "fake"
    dim = 8
    max_tokens = 512
    batch_tokens = 64
    workers = 1

    def __init__(self, model: str = "fake-a", prefix: str = "passage: ") -> None:
        self.model, self.passage_prefix = model, prefix
        self.encoded: list[str] = []

    def token_count(self, text: str) -> int:
        return len(text) + 2

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        self.encoded.extend(texts)
        return np.stack([self.vector(t) for t in texts])

    def vector(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256((self.model + self.passage_prefix + text).encode()).digest()[:4])
        v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        raise AssertionError("the cache encodes through encode_passages")

    def embed_query(self, text: str) -> np.ndarray:
        return self.vector(text)

    def info(self) -> dict:
        return {
            "backend": self.backend,
            "model": self.model,
            "dim": self.dim,
            "passage_prefix": self.passage_prefix,
        }


def test_hit_after_miss(tmp_path):
    e = FakeEmbedder()
    cache = EmbeddingCache.open(tmp_path, e)
    v1, s1 = encode_cached(e, ["가", "나", "가"], cache)
    assert (s1.hits, s1.misses) == (0, 2) and e.encoded == ["가", "나"]  # a repeated text is encoded once
    cache.close()
    e.encoded.clear()
    cache = EmbeddingCache.open(tmp_path, e)  # a later build, a new connection
    v2, s2 = encode_cached(e, ["나", "가", "다"], cache)
    assert (s2.hits, s2.misses) == (2, 1) and e.encoded == ["다"]
    assert np.array_equal(v2[0], v1[1]) and np.array_equal(v2[1], v1[0])
    assert np.allclose(v2[2], e.vector("다"))


@pytest.mark.parametrize("other", [FakeEmbedder(model="fake-b"), FakeEmbedder(prefix="")])
def test_key_holds_model_and_prefix(tmp_path, other):
    first = FakeEmbedder()
    encode_cached(first, ["메타 채권"], EmbeddingCache.open(tmp_path, first))
    _, stats = encode_cached(other, ["메타 채권"], EmbeddingCache.open(tmp_path, other))
    assert (stats.hits, stats.misses) == (0, 1) and other.encoded == ["메타 채권"]


def test_off_and_paths():
    assert cache_dir("none") is None and cache_dir("") is None and cache_dir(None) is None
    assert cache_dir("~/x") == Path.home() / "x"
    assert cache_dir("rel/c", Path("/base")) == Path("/base/rel/c")
    cfg = load_config(REPO / "config.yaml", env={"RAG__EMBEDDER__CACHE": "none"})
    assert cfg.embedder.cache == "none"
    assert load_config(REPO / "config.yaml", env={}).embedder.cache  # on by default


_WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path[:0] = [{repo!r}, {tests!r}]
    while time.time() < float(sys.argv[2]):  # both open the new file at the same moment
        time.sleep(0.001)
    from pathlib import Path
    from test_embed_cache import FakeEmbedder
    from index.embed_cache import EmbeddingCache, encode_cached
    e = FakeEmbedder()
    texts = [f"{{sys.argv[1]}} 문장 {{i}}" for i in range(400)] + [f"공통 문장 {{i}}" for i in range(400)]
    cache = EmbeddingCache.open(Path({path!r}), e)
    vecs, stats = encode_cached(e, texts, cache)
    assert cache.warning is None, cache.warning
    print(stats.misses)
    """
)


def test_two_processes_write_at_once(tmp_path):
    script = _WRITER.format(repo=str(REPO), tests=str(REPO / "tests"), path=str(tmp_path))
    start = str(time.time() + 3)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, name, start],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("갑", "을")
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0 and "unusable" not in err, err
    e = FakeEmbedder()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning: the file is whole
        _, stats = encode_cached(
            e,
            [f"{w} 문장 {i}" for w in ("갑", "을") for i in range(400)] + ["공통 문장 7"],
            EmbeddingCache.open(tmp_path, e),
        )
    assert stats.misses == 0 and e.encoded == []


def test_bad_rows_are_misses(tmp_path):
    e = FakeEmbedder()
    cache = EmbeddingCache.open(tmp_path, e)
    encode_cached(e, ["짧은", "무한"], cache)
    with sqlite3.connect(tmp_path / FILENAME) as c:
        c.execute("UPDATE vectors SET vec = ? WHERE key = ?", (b"\0" * 5, cache.key("짧은")))
        c.execute(
            "UPDATE vectors SET vec = ? WHERE key = ?",
            (np.full(8, np.nan, "<f4").tobytes(), cache.key("무한")),
        )
    e.encoded.clear()
    v, stats = encode_cached(e, ["짧은", "무한"], cache)
    assert stats.misses == 2 and np.isfinite(v).all()
    e.encoded.clear()
    assert encode_cached(e, ["짧은", "무한"], cache)[1].hits == 2  # rewritten whole


def _corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "b-2025-11-03.txt").write_text(
        make_briefing(
            3,
            "메타, 채권 250억 달러 발행",
            "메타가 현지시간 2일 250억 달러 규모의 회사채를 발행했습니다. 금리는 연 5.1%입니다. "
            "만기는 최장 40년입니다.",
            "엔비디아 분기 매출 570억 달러",
            "엔비디아의 3분기 매출은 570억 달러로 시장 예상을 웃돌았습니다.",
        ),
        encoding="utf-8",
    )
    return d


def test_damaged_cache_file_falls_back_to_encoding(tmp_path, config, embedder):
    cdir = tmp_path / "cache"
    cdir.mkdir()
    (cdir / FILENAME).write_bytes(b"this is not a database, it is " * 200)
    cfg = config.replace(embedder={"cache": str(cdir)})
    with pytest.warns(RuntimeWarning, match="unusable") as caught:
        report = build_index([_corpus(tmp_path)], tmp_path / "ix", cfg, embedder=embedder, progress=False)
    assert len([w for w in caught if "unusable" in str(w.message)]) == 1  # warned once
    assert report.chunks == 2 and report.cache is None and report.cache_hits == 0 and report.cache_misses > 0


def test_rebuild_after_chunking_change_encodes_nothing_seen(tmp_path, config, embedder):
    corpus = _corpus(tmp_path)
    cfg = config.replace(embedder={"cache": str(tmp_path / "cache")}, chunking={"chunk_vectors": "pooled"})
    first = build_index([corpus], tmp_path / "ix", cfg, embedder=embedder, progress=False)
    assert first.cache_hits == 0 and first.cache_misses > 0 and first.encoded_chars > 0
    assert first.cache == str(tmp_path / "cache" / FILENAME)
    small = make_embedder(dataclasses.replace(cfg.embedder, max_tokens=24))  # sections split differently now
    again = build_index([corpus], tmp_path / "ix", cfg, embedder=small, progress=False, rebuild=True)
    assert again.chunks > first.chunks
    assert again.cache_misses == 0 and again.encoded_chars == 0 and again.cache_hits == first.cache_misses
    d = again.to_dict()  # what `python -m index build --json` prints
    assert d["cache_hits"] == again.cache_hits and d["cache_misses"] == 0


class Interrupted(FakeEmbedder):
    """Stops (as Ctrl-C would) when asked for its third batch."""

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        if len(self.encoded) >= 2 * 3:
            raise KeyboardInterrupt
        return super().encode_batch(texts)


def test_interrupted_encoding_keeps_finished_batches(tmp_path):
    texts = [f"문장{i:02d}" for i in range(12)]  # 6 tokens each: 3 texts a batch of 18 tokens
    e = Interrupted()
    e.batch_tokens = 18
    with pytest.raises(KeyboardInterrupt):
        encode_cached(e, texts, EmbeddingCache.open(tmp_path, e))
    done = set(e.encoded)
    assert len(done) == 6
    again = FakeEmbedder()
    _, stats = encode_cached(again, texts, EmbeddingCache.open(tmp_path, again))
    assert stats.hits == 6 and set(again.encoded) == set(texts) - done


def test_damage_inside_the_file_falls_back_to_encoding(tmp_path):
    e = FakeEmbedder()
    texts = [f"기사 문장 {i}" for i in range(3000)]
    encode_cached(e, texts, EmbeddingCache.open(tmp_path, e))
    path = tmp_path / FILENAME
    with sqlite3.connect(path) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    assert len(data) > 64 * 1024
    data[8192:-4096] = b"\xa5" * (len(data) - 8192 - 4096)  # the header page survives, the rows do not
    path.write_bytes(bytes(data))
    e.encoded.clear()
    cache = EmbeddingCache.open(tmp_path, e)
    with pytest.warns(RuntimeWarning, match="unusable"):
        vecs, stats = encode_cached(e, texts[:50], cache)
    assert stats.misses == 50 and len(e.encoded) == 50 and np.allclose(vecs[3], e.vector(texts[3]))
    assert not cache.enabled


class CountingTokens(FakeEmbedder):
    """Records every text whose tokens it counts."""

    def __init__(self) -> None:
        super().__init__()
        self.counted: list[str] = []

    def token_count(self, text: str) -> int:
        self.counted.append(text)
        return super().token_count(text)

    def info(self) -> dict:
        return dict(super().info(), max_tokens=self.max_tokens)


def test_a_build_counts_each_text_it_encodes_once(tmp_path, config):
    """Batching and pooling share one token count per sentence (chunking counts its windows apart)."""
    from collections import Counter

    from index.read import discover
    from index.sources import parse_file

    corpus = _corpus(tmp_path)
    cfg = config.replace(embedder={"cache": "none"}, chunking={"chunk_vectors": "pooled"})
    e = CountingTokens()
    for f in discover([corpus]):
        parse_file(f, f.read_bytes(), cfg, e)  # what the build's parse counts (the chunk windows)
    parsing = Counter(e.counted)
    e.counted.clear()
    build_index([corpus], tmp_path / "ix", cfg, embedder=e, progress=False)
    after_parse = Counter(e.counted) - parsing
    assert set(after_parse) == set(e.encoded)
    assert set(after_parse.values()) == {1}
