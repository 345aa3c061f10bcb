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
    stray Latin tokens, so BM25 counts for less; when its companies were found as Hangul names the stories
    write (``named``), BM25 looks for those and counts in full."""
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
    retriever.search("What is Nuri's bond yield?", qvec, expand=["누리안"])
    assert seen[-1] == full * factor
    retriever.search("What is Nuri's bond yield?", qvec, expand=["누리안"], named=True)
    assert seen[-1] == full
    retriever.search("누리안 채권 금리는?", qvec)
    assert seen[-1] == full


def test_an_english_questions_names_count_as_found_only_when_the_stories_tag_them_names(briefing_rag):
    """``RAG.ask`` gives BM25 its full weight for an English question only when a subject was found as a
    Hangul name the stories tag as one in at least half the chunks that write it (not a word such as
    밸류에이션, which the tagger reads as a name now and then)."""
    from datetime import date

    from rag.api import _prepare
    from rag.romanize import NameFinder

    counts = {"누리안": (4, 4), "밸류에이션": (300, 80)}
    finder = NameFinder(counts, weight=lambda w: counts[w][0], tagged=lambda w: counts[w][1])
    assert finder.mostly_named("누리안", seen=1) and not finder.mostly_named("밸류에이션", seen=1)
    engine = briefing_rag._engine
    assert _prepare(engine, "What is Nurian's bond yield?", None, None, date(2025, 11, 26)).named
    assert not _prepare(engine, "What is Zentrix's bond yield?", None, None, date(2025, 11, 26)).named
    assert not _prepare(engine, "누리안 채권 금리는?", None, None, date(2025, 11, 26)).named  # (not English)
