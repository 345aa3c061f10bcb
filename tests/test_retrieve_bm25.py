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


def test_an_english_questions_bm25_weight_is_cut_unless_its_names_were_found_in_hangul(
    briefing_rag, monkeypatch
):
    """``retrieval.cross_lingual_bm25_factor``: an English question's own words match Korean text only on
    stray Latin tokens, so BM25 counts for less; the Hangul names its companies were found under
    (``expand``) are what BM25 then looks for, and it counts in full."""
    import rag.retrieve as retrieve

    retriever = briefing_rag._engine.retriever
    factor = retriever.cfg.cross_lingual_bm25_factor
    assert factor < 1
    seen: list[float] = []
    real = retrieve.rrf

    def spy(rankings, weights, k):
        seen.append(weights["bm25"])
        return real(rankings, weights, k)

    monkeypatch.setattr(retrieve, "rrf", spy)
    qvec = briefing_rag.embedder.embed_query("What is Nuri's bond yield?")
    full = retriever.cfg.bm25_weight
    retriever.search("What is Nuri's bond yield?", qvec)
    assert seen[-1] == full * factor
    retriever.search("What is Nuri's bond yield?", qvec, expand=["Nuri"])
    assert seen[-1] == full * factor
    retriever.search("What is Nuri's bond yield?", qvec, expand=["누리안"])
    assert seen[-1] == full
    retriever.search("누리안 채권 금리는?", qvec)
    assert seen[-1] == full
