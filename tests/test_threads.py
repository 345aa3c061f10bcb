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


def test_ask_embeds_the_question_while_its_slots_are_parsed(briefing_rag, monkeypatch):
    """RAG.ask embeds in another thread while the asking thread parses the slots: an embedding that
    waits for the parse to start still finishes (run one after the other, this would time out)."""
    import rag.api as api

    parsing = threading.Event()
    seen: list[str] = []
    real_parse, real_embed = api.parse_slots, briefing_rag.embedder.embed_query

    def parse(*args, **kwargs):
        parsing.set()
        return real_parse(*args, **kwargs)

    def embed(text):
        seen.append(threading.current_thread().name)
        assert parsing.wait(10), "the question was embedded before its slots were parsed, not beside"
        return real_embed(text)

    monkeypatch.setattr(api, "parse_slots", parse)
    monkeypatch.setattr(briefing_rag.embedder, "embed_query", embed)
    answer = briefing_rag.ask("메타 채권 금리는?")
    assert seen and seen[0] != threading.current_thread().name
    assert set(answer.timings) == {"embed_ms", "retrieve_ms", "answer_ms", "total_ms"}
