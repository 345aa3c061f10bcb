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
