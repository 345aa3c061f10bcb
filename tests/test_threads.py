"""FAISS's OpenMP thread count is set in the thread that searches (a chat worker, not start-up)."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import faiss
import numpy as np

from rag import threads
from rag.config import RetrievalConfig
from rag.retrieve import Retriever


def test_faiss_search_threads_set_in_the_searching_thread(monkeypatch):
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(
        faiss, "omp_set_num_threads", lambda n: calls.append((threading.current_thread().name, n))
    )
    vecs = np.eye(4, dtype=np.float32)
    index = faiss.IndexFlatIP(4)
    index.add(vecs)
    chunks = [SimpleNamespace(id=i, published=None) for i in range(4)]
    r = Retriever(SimpleNamespace(chunks=chunks, faiss_index=index, vectors=vecs), RetrievalConfig())  # type: ignore[arg-type]
    got: list = []
    t = threading.Thread(target=lambda: got.append(r.dense(vecs[2], 2, None)), name="chat-worker")
    t.start()
    t.join()
    assert got[0][0][0] == 2
    assert calls == [("chat-worker", threads.SEARCH_THREADS)] and threads.SEARCH_THREADS == 1


def test_ask_parses_the_slots_while_the_question_is_embedded(briefing_rag, monkeypatch):
    """RAG.ask parses the slots in another thread while the asking thread embeds the question: an
    embedding that waits for the parse to start still finishes (one after the other, it would time
    out), and it runs in the asking thread, right after the "search" stage, as before."""
    import rag.api as api

    parsing = threading.Event()
    seen: dict[str, str] = {}
    real_parse, real_embed = api.parse_slots, briefing_rag.embedder.embed_query

    def parse(*args, **kwargs):
        seen["parse"] = threading.current_thread().name
        parsing.set()
        return real_parse(*args, **kwargs)

    def embed(text):
        seen["embed"] = threading.current_thread().name
        assert parsing.wait(10), "the slots were parsed after the embedding, not beside it"
        return real_embed(text)

    monkeypatch.setattr(api, "parse_slots", parse)
    monkeypatch.setattr(briefing_rag.embedder, "embed_query", embed)
    answer = briefing_rag.ask("메타 채권 금리는?")
    here = threading.current_thread().name
    assert seen["embed"] == here and seen["parse"] != here
    assert set(answer.timings) == {"embed_ms", "retrieve_ms", "answer_ms", "total_ms"}


def test_ask_finds_bm25s_candidates_and_reads_for_the_fact_while_the_question_is_embedded(
    briefing_rag, monkeypatch
):
    """BM25's candidates and fact search's first reads need no question vector: they are found in the
    thread that parsed the slots, once, and the asking thread's search fuses them."""
    from rag.fact_search import FactLookup
    from rag.retrieve import Retriever

    calls: list[tuple[str, str]] = []
    real_lexical, real_warm = Retriever.lexical, FactLookup.warm

    def lexical(self, *args, **kwargs):
        calls.append(("lexical", threading.current_thread().name))
        return real_lexical(self, *args, **kwargs)

    def warm(self, *args, **kwargs):
        calls.append(("warm", threading.current_thread().name))
        return real_warm(self, *args, **kwargs)

    monkeypatch.setattr(Retriever, "lexical", lexical)
    monkeypatch.setattr(FactLookup, "warm", warm)
    answer = briefing_rag.ask("누리안 채권 금리는?")
    here = threading.current_thread().name
    assert [c for c, _ in calls] == ["lexical", "warm"] and all(t != here for _, t in calls), calls
    assert not answer.abstained
