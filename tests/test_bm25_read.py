"""rag/bm25_read.py returns what bm25s returns, on the fixture index and on random ones (bm25s wrote both)."""

from __future__ import annotations

import random

import bm25s
import numpy as np
import pytest

from rag.bm25_read import Bm25Index


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


def test_the_fixture_index_scores_as_bm25s_scores_it(briefing_index):
    theirs = bm25s.BM25.load(str(briefing_index / "bm25"), mmap=True, show_progress=False, verbosity=0)
    ours = Bm25Index.load(briefing_index / "bm25")
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
