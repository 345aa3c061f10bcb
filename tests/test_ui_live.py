"""The chat shows what happens as it happens: the stages of a question, an index loading at start-up,
an index another process rebuilt (picked up without a restart), and a login that cannot be guessed at speed."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from ui_fixtures import (
    NEW_BRIEFING,
    NEW_HEADING,
    NEW_QUESTION,
    REPO,
    GatedEmbedder,
    free_port,
    fresh_rag,
    running,
)

QUESTION = "누리안 채권 금리는?"


def _stage(step) -> str | None:
    m = re.search(r'class="answer pending stage-(\w+)"', step[0][-1]["content"])
    return m.group(1) if m else None


@pytest.fixture
def gated(briefing_index, config, embedder, tmp_path):
    from rag import RAG

    rag = fresh_rag(briefing_index, tmp_path, config, embedder)
    events: list[str] = []
    spy = GatedEmbedder(embedder, events)
    return RAG.load(rag.store.path, config=rag.config, embedder=spy), spy, events


# -- the stages of a question ------------------------------------------------------------------------
def test_ask_reports_each_stage_when_it_starts(gated):
    rag, _, events = gated
    answer = rag.ask(QUESTION, k=10, on_stage=lambda name, n: events.append(f"{name} {n}"))
    sections = len({(h.chunk.article_id, h.chunk.section_order) for h in answer.hits})
    assert events == ["search 0", "embed", f"read {sections}"] and sections > 1
    assert not answer.abstained  # on_stage changes nothing of the answer
    assert rag.ask(QUESTION, k=10).text == answer.text


def test_the_chat_shows_a_stage_while_it_runs_not_after(gated):
    """The search stage is on the page while the question is still being encoded; the answer comes
    whole, once, when it exists (no pieces revealed after the fact)."""
    from ui.chat import Chat

    rag, spy, events = gated
    spy.gate.clear()
    steps = Chat(rag).respond(QUESTION, [], [], 5, None, None, None)
    first = next(steps)
    assert _stage(first) == "search" and events == ["embed"], "the stage shows while the work runs"
    assert "브리핑을 검색하는 중…" in first[0][-1]["content"]
    spy.gate.set()
    rest = list(steps)
    assert [_stage(s) for s in rest] == ["read", None]
    n = int(re.search(r">(\d+)개 섹션 읽는 중…<", rest[0][0][-1]["content"]).group(1))
    assert n > 1
    answer = rest[-1][2][0]["answer"]["text"]
    assert answer and all(answer[:12] not in s[0][-1]["content"] for s in [first, rest[0]])


def test_no_pause_is_added(chat_rag, monkeypatch):
    from ui.chat import Chat

    def no_sleep(seconds):
        raise AssertionError(f"the chat paused {seconds} s")

    monkeypatch.setattr(time, "sleep", no_sleep)
    steps = list(Chat(chat_rag).respond(QUESTION, [], [], 5, None, None, None))
    assert len(steps) == 3 and "[1]" in steps[-1][2][0]["answer"]["text"]


def test_a_failing_stage_is_an_error_line(gated):
    from ui.chat import Chat

    rag, spy, _ = gated
    spy.embed_query = lambda text: (_ for _ in ()).throw(RuntimeError("boom"))
    *_, (history, _, turns) = Chat(rag).respond(QUESTION, [], [], 5, None, None, None)
    assert "내부 오류: RuntimeError" in history[-1]["content"] and turns == []


@pytest.fixture
def chat_rag(briefing_index, config, embedder, tmp_path):
    return fresh_rag(briefing_index, tmp_path, config, embedder)


# -- an index rebuilt by another process ---------------------------------------------------------------
def _build(paths: list[Path], index: Path) -> None:
    cmd = [sys.executable, "-m", "index", "build", *map(str, paths), "--index", str(index), "-q"]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]


def test_the_chat_picks_up_an_index_rebuilt_by_another_process(chat_rag, tmp_path):
    from ui import build_app

    index = chat_rag.store.path
    demo = build_app(chat_rag)
    chat = demo.chat
    *_, (_, _, turns) = chat.respond(NEW_QUESTION, [], [], 5, None, None, None)
    assert turns[0]["answer"]["abstained"]
    loaded = chat_rag.store
    os.utime(index / "manifest.json")  # touched, same content: nothing to re-read
    assert not chat.index.changed() and not chat.index.refresh() and chat_rag.store is loaded

    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "new.txt").write_text(NEW_BRIEFING, encoding="utf-8")
    _build([tmp_path / "new"], index)  # `python -m index build` in another process swaps the directory
    steps = list(chat.respond(NEW_QUESTION, [], [], 5, None, None, None))
    assert _stage(steps[0]) == "reload" and "새 색인을 불러오는 중…" in steps[0][0][-1]["content"]
    turn = steps[-1][2][0]
    assert not turn["answer"]["abstained"] and "30억 달러" in turn["answer"]["text"]
    assert turn["answer"]["citations"][0]["heading"] == NEW_HEADING
    assert chat.status()["articles"] == 2

    # a page opened after a build shows the new index
    (tmp_path / "new" / "third.txt").write_text(
        NEW_BRIEFING.replace("한빛반도체", "세나반도체").replace("2025.11.26", "2025.11.27"), encoding="utf-8"
    )
    _build([tmp_path / "new"], index)
    line, outlets, examples = chat.index_view()
    assert "기사 <b>3</b>건" in line and "최신 브리핑 2025-11-27" in line
    assert examples[0].startswith("세나반도체") and "테스트경제" in outlets

    # the named API too: one more briefing, asked through HTTP
    with running(demo) as url:
        (tmp_path / "new" / "more.txt").write_text(
            NEW_BRIEFING.replace("한빛반도체", "두리반도체").replace("30억", "45억"), encoding="utf-8"
        )
        _build([tmp_path / "new"], index)
        from gradio_client import Client

        client = Client(url, verbose=False, analytics_enabled=False)
        result = client.predict("두리반도체 공장 투자 규모는?", api_name="/ask")
        assert not result["abstained"] and "45억 달러" in result["text"]
    assert chat.status()["articles"] == 4


def test_a_new_index_that_cannot_be_read_leaves_the_old_one_answering(chat_rag, tmp_path):
    from ui.chat import Chat

    chat = Chat(chat_rag)
    index = chat_rag.store.path
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    manifest["counts"]["chunks"] += 1
    damaged = tmp_path / "damaged"
    shutil.copytree(index, damaged)
    (damaged / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    aside = tmp_path / "aside"
    index.rename(aside)
    damaged.rename(index)
    *_, (history, _, turns) = chat.respond(QUESTION, [], [], 5, None, None, None)
    assert "색인이 바뀌었지만 읽지 못해 이전 색인으로 답합니다" in history[-1]["content"]
    assert not turns[0]["answer"]["abstained"] and "누리안" in turns[0]["answer"]["text"]
    shutil.rmtree(index)
    aside.rename(index)  # the loaded index is back on disk: the note goes
    *_, (history, _, _) = chat.respond(QUESTION, [], [], 5, None, None, None)
    assert "읽지 못해" not in history[-1]["content"]


# -- serving while the index loads ---------------------------------------------------------------------
def _component(config: dict, elem_id: str) -> dict:
    return next(c for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id)


def test_the_page_is_served_while_the_index_loads(chat_rag):
    from ui import build_app
    from ui.live import LiveIndex

    release = threading.Event()

    def load():
        assert release.wait(60)
        return chat_rag

    live = LiveIndex(load, chat_rag.config, chat_rag.store.path)
    demo = build_app(live)
    live.start()
    with running(demo) as url:
        with urllib.request.urlopen(f"{url}config", timeout=10) as r:
            config = json.loads(r.read())
        assert "색인을 불러오는 중…" in _component(config, "status")["props"]["value"]
        timer = next(c for c in config["components"] if c["type"] == "timer")
        assert timer["props"]["active"] is True  # the page asks until the index is ready
        steps = demo.chat.respond(QUESTION, [], [], 5, None, None, None)
        first = next(steps)  # a question asked meanwhile says so, then waits for the index
        assert _stage(first) == "loading" and "색인을 불러오는 중…" in first[0][-1]["content"]
        assert live.state == "loading"
        release.set()
        *_, (history, _, turns) = steps
        assert "[1]" in turns[0]["answer"]["text"]
        assert live.wait(60) and live.state == "ready"
        assert "기사 <b>1</b>건" in demo.chat.status_html()
        assert demo.chat.examples()  # made in the loading thread, before the state said ready


def test_a_load_that_fails_is_said_and_tried_again(chat_rag):
    from rag.errors import IndexCorruptError
    from ui.chat import Chat
    from ui.live import LiveIndex

    tries = []

    def load():
        tries.append(1)
        if len(tries) == 1:
            raise IndexCorruptError("index at X is damaged: test")
        return chat_rag

    live = LiveIndex(load, chat_rag.config, chat_rag.store.path).start()
    chat = Chat(live)
    assert live.wait(60) and live.state == "failed"
    assert "색인을 읽지 못했습니다: index at X is damaged: test" in chat.status_html()
    *_, (_, _, turns) = chat.respond(QUESTION, [], [], 5, None, None, None)  # the question tries again
    assert len(tries) == 2 and live.state == "ready" and "[1]" in turns[0]["answer"]["text"]


SLOW_LOAD = """
import sys, time
from pathlib import Path
import rag.api
load = rag.api.RAG.load.__func__
def slow(cls, *a, **k):
    while not Path(sys.argv[1]).exists():
        time.sleep(0.1)
    return load(cls, *a, **k)
rag.api.RAG.load = classmethod(slow)
from ui.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _post_login(url: str, user: str, password: str) -> int:
    data = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(f"{url}login", data=data), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_python_m_ui_serves_before_the_index_is_loaded(briefing_index, tmp_path):
    """``python -m ui`` answers on its port while RAG.load is held back, says it loads, then that it is
    ready; its login locks after repeated wrong passwords."""
    shutil.copytree(briefing_index, tmp_path / "index")
    (tmp_path / "c.yaml").write_text("paths:\n  uploads: up\n  feedback: fb.jsonl\n", encoding="utf-8")
    go, port = tmp_path / "go", free_port()
    cmd = [sys.executable, "-c", SLOW_LOAD, str(go), "--index", str(tmp_path / "index")]
    cmd += ["--config", str(tmp_path / "c.yaml"), "--port", str(port)]
    env = {**os.environ, "RAG_UI_USER": "analyst", "RAG_UI_PASSWORD": "s3cret", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(ln.decode("utf-8", "replace") for ln in proc.stdout)
    )
    reader.start()

    def read_until(text: str, seconds: float) -> None:
        deadline = time.time() + seconds
        while not any(text in ln for ln in lines) and time.time() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert any(text in ln for ln in lines), lines

    try:
        read_until("loading the index at", 120)
        url = f"http://127.0.0.1:{port}/"
        assert not any("index ready" in ln for ln in lines) and not go.exists()
        assert _post_login(url, "analyst", "s3cret") == 200
        t0 = time.perf_counter()
        codes = [_post_login(url, "analyst", f"guess{i}") for i in range(7)]
        assert codes[:5] == [400] * 5 and codes[5:] == [429, 429], codes
        assert time.perf_counter() - t0 >= 5  # each of the 5 wrong ones answered after 1 s
        assert _post_login(url, "analyst", "s3cret") == 429  # locked: the right one waits too
        go.touch()
        read_until("index ready: 1 articles", 120)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        reader.join(30)
    out = "".join(lines)
    assert out.index("starting the web server") < out.index("serving the chat") < out.index("index ready")


# -- the login ---------------------------------------------------------------------------------------
def test_login_guard_slows_then_locks_repeated_failures():
    from fastapi import HTTPException

    from ui.login import LoginGuard

    defaults = LoginGuard("u", "p")  # the README's numbers
    assert (defaults.free, defaults.delay, defaults.lock, defaults.max_lock) == (5, 1.0, 30.0, 900.0)
    now = [100.0]
    guard = LoginGuard("analyst", "s3cret", free=3, lock=30, max_lock=100, delay=0.05, clock=lambda: now[0])
    check = guard.check

    def attempt(password):
        try:
            return asyncio.run(check("analyst", password))
        except HTTPException as e:
            return e.status_code

    t0 = time.perf_counter()
    assert [attempt("x") for _ in range(3)] == [False, False, False]
    assert time.perf_counter() - t0 >= 0.15  # each wrong attempt is answered after the pause
    assert attempt("s3cret") == 429 and attempt("x") == 429  # locked, the right password too
    now[0] += 31
    assert attempt("x") is False and attempt("s3cret") == 429  # a wrong one after the lock: 60 s
    now[0] += 59
    assert attempt("s3cret") == 429
    now[0] += 2
    assert attempt("s3cret") is True and guard.failures == 0
    assert asyncio.run(check("someone", "s3cret")) is False  # the user name counts too
    for _ in range(10):
        attempt("x")
        now[0] += 1000
    assert guard.locked_until - now[0] <= 100  # capped at max_lock


def test_login_guard_behind_gradio(chat_rag):
    """Gradio awaits the guard (a coroutine function): 30 wrong passwords in a row, then the right one
    is refused until the lock ends."""
    from ui import build_app
    from ui.login import LoginGuard

    now = [0.0]
    guard = LoginGuard("analyst", "s3cret", delay=0, clock=lambda: now[0])
    with running(build_app(chat_rag), auth=guard.check) as url:
        codes = [_post_login(url, "analyst", f"guess{i}") for i in range(30)]
        assert codes.count(400) == 5 and codes.count(429) == 25
        assert _post_login(url, "analyst", "s3cret") == 429
        now[0] += 31
        assert _post_login(url, "analyst", "s3cret") == 200
