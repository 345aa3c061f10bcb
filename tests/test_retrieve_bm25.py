"""Retriever.bm25: the chunks with the best positive BM25 scores (the index's own ``get_scores``, which
tests/test_bm25_read.py holds to bm25s's), equal scores in id order, a filter's mask applied."""

from __future__ import annotations

import numpy as np

from rag.korean import morphemes


def test_bm25_hits_are_the_index_scores_ranked_by_score_then_id(briefing_rag):
    retriever = briefing_rag._engine.retriever
    bm25 = retriever.store.bm25
    n = len(retriever.store.chunks)
    masks = [None, np.arange(n) % 2 == 0, np.zeros(n, bool)]
    questions = ["누리안 채권 금리는?", "코스피 종가와 외국인 순매수", "환율", "없는말 없는말"]
    compared = 0
    for q in questions:
        terms = morphemes(q)
        s = bm25.get_scores(terms)
        for mask in masks:
            for k in (1, 3, 50):
                want = sorted((-float(v), i) for i, v in enumerate(s) if v > 0 and (mask is None or mask[i]))
                got = retriever.bm25(terms, k, mask)
                assert [i for i, _ in got] == [i for _, i in want[:k]], (q, k)
                assert [v for _, v in got] == [float(s[i]) for _, i in want[:k]]
                assert all(type(i) is int and type(v) is float for i, v in got)
                compared += 1
    assert compared == len(questions) * len(masks) * 3
    assert retriever.bm25(morphemes("누리안 채권 금리는?"), 50, None)  # the fixture has them
