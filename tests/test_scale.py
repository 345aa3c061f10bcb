"""Memory at scale (issue 9, item 5): vectors memory-mapped, sentence vectors in float16, the FAISS kind
chosen by size and changed without encoding, filters as arrays and FAISS ID selectors."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import faiss
import numpy as np
import pytest
from conftest import FIXTURE_BRIEFINGS

from index import build_index
from index.dense_files import choose_kind, make_faiss
from rag import RAG
from rag import dense as dense_mod
from rag.config import IndexConfig, RetrievalConfig
from rag.errors import ConfigError
from rag.filters import SOURCE_CACHE, ChunkMeta, Filters
from rag.retrieve import Retriever
from rag.store import load_store
from rag.types import Chunk

# -- loading ------------------------------------------------------------------------------------


def test_vectors_and_faiss_codes_are_memory_mapped(briefing_index):
    store = load_store(briefing_index)
    assert isinstance(store.vectors, np.memmap) and isinstance(store.sentence_vectors, np.memmap)
    flat = faiss.downcast_index(getattr(store.faiss_index, "storage", store.faiss_index))
    assert not flat.codes.is_owned  # FAISS maps dense.faiss: no second copy of the vectors in memory


def test_sentence_vectors_are_float16_and_the_manifest_says_so(briefing_index):
    store = load_store(briefing_index)
    assert store.manifest["vectors"] == {"chunks": "float32", "sentences": "float16"}
    assert store.sentence_vectors.dtype == np.float16 and store.vectors.dtype == np.float32
    assert len(store.sentence_vectors) == store.manifest["counts"]["sentences"]


def test_filter_arrays_are_made_at_load(briefing_index):
    store = load_store(briefing_index)
    assert isinstance(store.__dict__.get("chunk_meta"), ChunkMeta)  # not left to the first question
    assert len(store.chunk_meta.days) == len(store.chunks)


# -- filters ------------------------------------------------------------------------------------


def _chunk(i: int, source: str, outlet: str | None, published: datetime | None) -> Chunk:
    return Chunk(i, f"a{i}", "제목", "소제목", "본문", 0, 0, (0, 2), source, published, outlet)


def _chunks(n: int = 300) -> list[Chunk]:
    outlets = ["연합뉴스", "SBS Biz", None]
    return [
        _chunk(
            i,
            f"/data/{['wire', 'tv', 'misc'][i % 3]}/day-{i % 11}.txt",
            outlets[i % 3],
            datetime(2025, 11, 1 + i % 28, 9, 30) if i % 7 else None,
        )
        for i in range(n)
    ]


def _loop_mask(f: Filters, chunks: list[Chunk]) -> np.ndarray:
    """The former Filters.mask: a Python loop over every chunk (the reference the arrays must match)."""
    keep = np.ones(len(chunks), dtype=bool)
    for i, c in enumerate(chunks):
        d = c.published.date() if c.published else None
        if f.date_from and (d is None or d < f.date_from):
            keep[i] = False
        elif f.date_to and (d is None or d > f.date_to):
            keep[i] = False
        elif f.source and f.source.lower() not in f"{c.source} {c.outlet or ''}".lower():
            keep[i] = False
    return keep


@pytest.mark.parametrize(
    "flt",
    [
        Filters(date_from=date(2025, 11, 10)),
        Filters(date_to=date(2025, 11, 10)),
        Filters(date(2025, 11, 5), date(2025, 11, 5)),
        Filters(source="sbs"),
        Filters(source="TV/DAY-3"),
        Filters(source="없는 매체"),
        Filters(date(2025, 11, 3), date(2025, 11, 20), "연합"),
        Filters(),
    ],
)
def test_filter_arrays_keep_what_a_loop_over_the_chunks_keeps(flt):
    chunks = _chunks()
    meta = ChunkMeta.of(chunks)
    for _ in range(2):  # the second time, a source filter's matches come from the few kept
        assert (meta.mask(flt) == _loop_mask(flt, chunks)).all()


def test_only_a_few_source_filters_matches_are_kept():
    meta = ChunkMeta.of(_chunks())
    for i in range(SOURCE_CACHE * 2 + 3):
        meta.mask(Filters(source=f"day-{i}"))
    assert 0 < len(meta._matching) <= SOURCE_CACHE
    assert (meta.mask(Filters(source="day-1")) == _loop_mask(Filters(source="day-1"), _chunks())).all()


def _unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _exact(x: np.ndarray, q: np.ndarray, mask: np.ndarray, n: int) -> list[int]:
    ids = np.flatnonzero(mask)
    return [int(ids[j]) for j in np.argsort(-(x[ids] @ q), kind="stable")[:n]]


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
@pytest.mark.parametrize("share", [0.03, 0.6])
def test_a_filtered_dense_search_is_the_exact_search_over_the_kept_chunks(kind, share):
    rng = np.random.default_rng(7)
    x = _unit(rng, 3000, 32)
    index = make_faiss(x, kind, 16, 64)
    mask = rng.random(len(x)) < share
    for i in range(5):
        q = x[i * 100] + 0.1 * _unit(rng, 1, 32)[0]
        got = dense_mod.search(index, q, 10, mask)
        assert [i for i, _ in got] == _exact(x, q, mask, 10)  # below EXACT_FILTERED_MAX: exact


def test_a_wide_filter_on_hnsw_walks_the_graph_and_keeps_only_filtered_chunks(monkeypatch):
    monkeypatch.setattr(dense_mod, "EXACT_FILTERED_MAX", 100)  # 1,500 kept chunks count as wide here
    exact_searches: list[object] = []
    monkeypatch.setattr(faiss, "downcast_index", lambda ix: exact_searches.append(ix) or ix)
    rng = np.random.default_rng(3)
    x = _unit(rng, 3000, 32)
    index = make_faiss(x, "hnsw", 16, 64)
    mask = rng.random(len(x)) < 0.5
    found = 0
    for i in range(10):
        q = x[i * 50] + 0.1 * _unit(rng, 1, 32)[0]
        got = [i for i, _ in dense_mod.search(index, q, 10, mask)]
        assert len(got) == 10 and all(mask[got])
        found += len(set(got) & set(_exact(x, q, mask, 10)))
    assert found >= 90  # the graph walk with the selector finds nearly all exact neighbours
    assert exact_searches == []  # never the exact search over the HNSW index's stored vectors


def test_a_filtered_search_copies_no_vectors():
    """The retriever's store has no ``vectors`` at all: a filtered search goes through FAISS alone."""
    chunks = _chunks(60)
    x = _unit(np.random.default_rng(1), len(chunks), 16)
    store = SimpleNamespace(chunks=chunks, faiss_index=make_faiss(x, "flat"), chunk_meta=ChunkMeta.of(chunks))
    r = Retriever(store, RetrievalConfig())  # type: ignore[arg-type]
    mask = Filters(source="SBS").mask(store)  # type: ignore[arg-type]
    got = r.dense(x[1], 5, mask)
    assert [i for i, _ in got] == _exact(x, x[1], mask, 5) and got[0][0] == 1
    assert r.dense(x[1], 5, np.zeros(len(chunks), dtype=bool)) == []


# -- the FAISS kind ---------------------------------------------------------------------------


def test_auto_is_flat_up_to_the_threshold_and_hnsw_above():
    cfg = IndexConfig()
    assert cfg.faiss == "auto" and cfg.flat_max_chunks == 50_000
    assert choose_kind(cfg, 50_000) == "flat" and choose_kind(cfg, 50_001) == "hnsw"
    assert choose_kind(IndexConfig(faiss="flat"), 10**7) == "flat"
    assert choose_kind(IndexConfig(faiss="hnsw"), 3) == "hnsw"
    with pytest.raises(ConfigError, match="index.faiss 'ivf' is not one of auto, flat, hnsw"):
        choose_kind(IndexConfig(faiss="ivf"), 3)


def _no_encoding(report) -> bool:
    # the tests run with the embedding cache off (conftest), so every text encoded is a miss
    return report.cache_misses == 0 and report.encoded_chars == 0 and report.embedded_chunks == 0


def test_a_change_of_faiss_kind_alone_rewrites_the_index_from_its_vectors(index_copy, config, embedder):
    first = load_store(index_copy)
    assert first.manifest["faiss"] == "flat" and isinstance(first.faiss_index, faiss.IndexFlatIP)
    vectors, sentences = np.array(first.vectors), np.array(first.sentence_vectors)

    def build(**index: object):
        return build_index(
            [FIXTURE_BRIEFINGS], index_copy, config.replace(index=index), embedder=embedder, progress=False
        )

    report = build(faiss="hnsw")
    store = load_store(index_copy)
    assert report.faiss == "hnsw" == store.manifest["faiss"] and _no_encoding(report)
    assert isinstance(store.faiss_index, faiss.IndexHNSWFlat) and store.faiss_index.ntotal == len(vectors)
    assert store.manifest["faiss_params"] == {
        "setting": "hnsw",
        "flat_max_chunks": 50_000,
        "hnsw_m": 32,
        "hnsw_ef_search": 128,
    }
    assert (np.array(store.vectors) == vectors).all()
    assert (np.array(store.sentence_vectors) == sentences).all()
    rag = RAG.load(index_copy, config=config, embedder=embedder)
    assert rag.ask("누리안 채권 금리는?").citations

    # auto with a threshold below the chunk count also asks for HNSW, built as it is: left alone
    updated = store.manifest["updated"]
    report = build(faiss="auto", flat_max_chunks=1)
    assert report.faiss is None and load_store(index_copy).manifest["updated"] == updated
    # another graph parameter is another HNSW index
    report = build(faiss="hnsw", hnsw_m=8)
    assert report.faiss == "hnsw" and load_store(index_copy).manifest["faiss_params"]["hnsw_m"] == 8
    # and back to the default: a small corpus gets the flat index again
    report = build()
    store = load_store(index_copy)
    assert report.faiss == "flat" == store.manifest["faiss"] and _no_encoding(report)
    assert isinstance(store.faiss_index, faiss.IndexFlatIP)
    assert store.manifest["faiss_params"]["setting"] == "auto"


# -- the scale bench's grown indexes ------------------------------------------------------------


def _bench():
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location("grow_index", REPO / "bench" / "grow_index.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_scale_bench_grows_a_loadable_index_from_real_vectors(briefing_index, tmp_path):
    bench = _bench()
    base = load_store(briefing_index)
    n = 12 * len(base.chunks) + 5
    bench.grow(briefing_index, tmp_path / "grown", n, "real")
    store = load_store(tmp_path / "grown")  # every consistency check of a real index passes
    assert len(store.chunks) == n and store.manifest["faiss"] == "flat"
    b = len(base.chunks)
    assert np.allclose(store.vectors[:b], base.vectors)  # the first replica keeps the real vectors
    cos = np.sum(store.vectors[b : 2 * b] * base.vectors, axis=1)
    assert 0.8 < cos.min() and cos.max() < 0.97  # later ones: the real vector plus noise, cosine ~0.89
    assert {c.outlet for c in store.chunks} == set(bench.OUTLETS)
    days = {c.published.date() for c in store.chunks if c.published}
    assert 300 <= (max(days) - min(days)).days <= 400  # the replicas span a year
    first = base.extras[0]
    rows = store.sentence_vectors[
        store.extras[b].sent_offset : store.extras[b].sent_offset + len(first.sentences)
    ]
    assert (rows == base.sentence_vectors[first.sent_offset : first.sent_offset + len(first.sentences)]).all()
    bench.hnsw_copy(tmp_path / "grown", tmp_path / "hnsw")
    hnsw = load_store(tmp_path / "hnsw")
    assert isinstance(hnsw.faiss_index, faiss.IndexHNSWFlat) and hnsw.manifest["faiss"] == "hnsw"
