"""rag/bm25_read.py returns what bm25s returns, on the fixture index and on random ones (bm25s wrote both)."""

from __future__ import annotations

import random
from pathlib import Path

import bm25s
import numpy as np
import pytest

from rag.bm25_read import Bm25Index, TermCache
from rag.korean import morphemes
from rag.store import load_store

FIXTURES = Path(__file__).parent / "fixtures" / "briefings"


def _same(
    ours: Bm25Index, theirs: bm25s.BM25, queries: list[list[str]], masks: list[np.ndarray | None]
) -> int:
    n = theirs.scores["num_docs"]
    compared = 0
    for terms in queries:
        for mask in masks:
            for k in sorted({1, 2, min(5, n), n}):
                want_ids, want_scores = theirs.retrieve(
                    [terms], k=k, show_progress=False, weight_mask=mask, n_threads=0
                )
                got_ids, got_scores = ours.retrieve(
                    [terms], k=k, show_progress=False, weight_mask=mask, n_threads=0
                )
                assert got_ids.tolist() == want_ids.tolist(), (terms, k)
                assert got_scores.dtype == want_scores.dtype and np.array_equal(got_scores, want_scores), (
                    terms,
                    k,
                )
                compared += 1
    return compared


def test_the_fixture_index_scores_as_bm25s_scores_it(briefing_index, tmp_path):
    # the index keeps raw term frequencies (rag/bm25_segments.py): bm25s indexes the fixture's chunk terms
    model = bm25s.BM25()
    model.index([x.terms or [""] for x in load_store(briefing_index).extras], show_progress=False)
    model.save(str(tmp_path / "bm25"), show_progress=False)
    theirs = bm25s.BM25.load(str(tmp_path / "bm25"), mmap=True, show_progress=False, verbosity=0)
    ours = Bm25Index.load(tmp_path / "bm25")
    assert ours.vocab_dict == theirs.vocab_dict
    assert all(np.array_equal(ours.scores[k], theirs.scores[k]) for k in ("data", "indices", "indptr"))
    rng = random.Random(7)
    vocab = sorted(set(theirs.vocab_dict) - {""})  # bm25s's vocabulary has "", without a column
    queries = [rng.sample(vocab, rng.randint(1, 6)) for _ in range(40)]
    queries += [["없는말"], [vocab[0], vocab[0], "없는말"]]  # unknown terms, a repeated term
    n = theirs.scores["num_docs"]
    masks = [None, np.ones(n, np.float32), np.array([i % 2 for i in range(n)], np.float32)]
    assert _same(ours, theirs, queries, masks) > 300
    with pytest.raises(ValueError):
        theirs.retrieve([[""]], k=1, show_progress=False)
    assert ours.retrieve([["", vocab[0]]], k=n)[1].tolist() == ours.retrieve([[vocab[0]]], k=n)[1].tolist()


@pytest.mark.parametrize("method", ["lucene", "bm25+"])
def test_random_indexes_score_as_bm25s_scores_them(tmp_path, method):
    """Many documents, few words: ties everywhere, where the top-k selection must match too."""
    rng = random.Random(11)
    words = [f"w{i}" for i in range(60)]
    corpus = [[rng.choice(words) for _ in range(rng.randint(1, 12))] for _ in range(700)]
    model = bm25s.BM25(method=method)
    model.index(corpus, show_progress=False)
    model.save(str(tmp_path / "bm25"), show_progress=False)
    theirs = bm25s.BM25.load(str(tmp_path / "bm25"), mmap=True, show_progress=False, verbosity=0)
    ours = Bm25Index.load(tmp_path / "bm25")
    queries = [rng.sample(words, rng.randint(1, 4)) for _ in range(15)]
    masks = [None, np.array([rng.random() < 0.3 for _ in range(700)], np.float32)]
    assert _same(ours, theirs, queries, masks) == 15 * 2 * 4


def _want_top(theirs: bm25s.BM25, terms: list[str], k: int, keep: np.ndarray | None) -> tuple[list, list]:
    """bm25s's positive scores (of the kept documents), by score descending then id, the first ``k``."""
    known = [t for t in terms if t in theirs.vocab_dict and t != ""]
    n = theirs.scores["num_docs"]
    s = theirs.get_scores(known) if known else np.zeros(n, np.float32)
    ranked = sorted((-float(v), i) for i, v in enumerate(s) if v > 0 and (keep is None or keep[i]))[:k]
    return [i for _, i in ranked], [s[i] for _, i in ranked]


def _same_top(ours: Bm25Index, theirs: bm25s.BM25, queries: list[list[str]], keeps: list) -> int:
    compared = 0
    n = theirs.scores["num_docs"]
    for terms in queries:
        for keep in keeps:
            for k in sorted({1, 2, min(5, n), 50, n}):
                want_ids, want_scores = _want_top(theirs, terms, k, keep)
                got_ids, got_scores = ours.top(terms, k, keep)
                assert got_ids.dtype == np.int64 and got_ids.tolist() == want_ids, (terms, k)
                assert got_scores.dtype == np.float32
                assert got_scores.tobytes() == np.asarray(want_scores, np.float32).tobytes(), (terms, k)
                compared += 1
    return compared


@pytest.mark.parametrize("dense_share", [0, 10**9])  # postings always few, always many (the two ways)
def test_top_is_bm25s_positive_scores_by_score_then_id(tmp_path, monkeypatch, dense_share):
    """bm25s over the Kiwi morphemes of the fixture briefings' lines (whatever the index's own format)."""
    monkeypatch.setattr("rag.bm25_read.DENSE_SHARE", dense_share)
    lines = [
        ln for f in sorted(FIXTURES.glob("*.txt")) for ln in f.read_text("utf-8").splitlines() if ln.strip()
    ]
    model = bm25s.BM25()
    model.index([morphemes(ln) or [""] for ln in lines], show_progress=False)
    model.save(str(tmp_path / "bm25"), show_progress=False)
    theirs = bm25s.BM25.load(str(tmp_path / "bm25"), mmap=True, show_progress=False, verbosity=0)
    ours = Bm25Index.load(tmp_path / "bm25")
    rng = random.Random(5)
    vocab = sorted(set(theirs.vocab_dict) - {""})
    queries = [rng.sample(vocab, rng.randint(1, 8)) for _ in range(40)]
    queries += [["없는말"], [vocab[0], vocab[0], "없는말"], ["", vocab[1]], []]
    n = theirs.scores["num_docs"]
    keeps = [None, np.ones(n, bool), np.array([i % 3 == 0 for i in range(n)]), np.zeros(n, bool)]
    assert _same_top(ours, theirs, queries, keeps) > 500


@pytest.mark.parametrize("dense_share", [0, 10**9])
def test_top_breaks_ties_by_id_on_an_index_full_of_them(tmp_path, monkeypatch, dense_share):
    """Few words over many documents: equal scores everywhere, cut at k among equals by id."""
    monkeypatch.setattr("rag.bm25_read.DENSE_SHARE", dense_share)
    rng = random.Random(3)
    words = [f"w{i}" for i in range(40)]
    corpus = [[rng.choice(words) for _ in range(rng.randint(1, 6))] for _ in range(900)]
    model = bm25s.BM25()
    model.index(corpus, show_progress=False)
    model.save(str(tmp_path / "bm25"), show_progress=False)
    theirs = bm25s.BM25.load(str(tmp_path / "bm25"), mmap=True, show_progress=False, verbosity=0)
    ours = Bm25Index.load(tmp_path / "bm25")
    queries = [rng.sample(words, rng.randint(1, 5)) for _ in range(20)]
    queries += [rng.sample(words, 30) for _ in range(4)]  # most documents score (cut in place)
    keeps = [None, np.array([rng.random() < 0.3 for _ in range(900)])]
    assert _same_top(ours, theirs, queries, keeps) == 24 * 2 * 5
    ids, scores = ours.top([words[0]], 900)
    assert len(set(scores.tolist())) < len(scores)  # ties were there to break


def test_top_with_an_absent_term_scoring(tmp_path):
    """bm25+ scores every document, those without a query term too: all of them rank."""
    corpus = [["a", "b"], ["b"], ["c"], ["c", "c"]]
    model = bm25s.BM25(method="bm25+")
    model.index(corpus, show_progress=False)
    model.save(str(tmp_path / "bm25"), show_progress=False)
    theirs = bm25s.BM25.load(str(tmp_path / "bm25"), mmap=True, show_progress=False, verbosity=0)
    ours = Bm25Index.load(tmp_path / "bm25")
    assert _same_top(ours, theirs, [["a"], ["b", "c"]], [None, np.array([1, 0, 1, 0], bool)]) == 2 * 2 * 4
    assert len(ours.top(["a"], 4)[0]) == 4
    with pytest.raises(ValueError):
        ours.top(["a"], 2, np.ones(3, bool))


def test_the_term_cache_keeps_recent_terms_within_its_postings(tmp_path):
    corpus = [["a", "b"], ["a"], ["a", "c"], ["b", "c"], ["d"]]  # postings: a 3, b 2, c 2, d 1
    model = bm25s.BM25()
    model.index(corpus, show_progress=False)
    model.save(str(tmp_path / "bm25"), show_progress=False)
    ours = Bm25Index.load(tmp_path / "bm25")
    made: list[str] = []

    def make(term: str):
        made.append(term)
        return ours.term_scores(term)

    cache = TermCache(limit=4)
    for term in ["a", "a", "b", "a", "c", "a", "b"]:
        docs, scores = cache.get(term, make)
        assert (docs.tolist(), scores.tolist()) == tuple(x.tolist() for x in ours.term_scores(term))
        assert not docs.flags.writeable and not scores.flags.writeable
    # each term asked anew takes the cache past 4 postings and drops the one asked before it
    assert made == ["a", "b", "a", "c", "a", "b"]
    made.clear()
    small = TermCache(limit=2)
    small.get("a", make), small.get("a", make)  # 3 postings: more than it keeps
    small.get("d", make), small.get("d", make)
    assert made == ["a", "a", "d"]


def test_top_reads_a_term_again_only_when_its_cache_dropped_it(tmp_path, monkeypatch):
    corpus = [["a", "b"], ["a"], ["b", "c"]]
    model = bm25s.BM25()
    model.index(corpus, show_progress=False)
    model.save(str(tmp_path / "bm25"), show_progress=False)
    ours = Bm25Index.load(tmp_path / "bm25")
    first = ours.top(["a", "b"], 3)
    read: list[str] = []
    real = Bm25Index.term_scores
    monkeypatch.setattr(Bm25Index, "term_scores", lambda self, t: read.append(t) or real(self, t))
    again = ours.top(["b", "c", "a"], 3)
    assert read == ["c"]
    assert ours.top(["a", "b"], 3)[0].tolist() == first[0].tolist()
    assert again[1].tolist() == sorted(again[1].tolist(), reverse=True)
