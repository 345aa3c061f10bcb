"""``python -m rag serve`` and ``rag ask`` through it (issue 9, start-up): real servers, real sockets.

Each server is a ``python -m rag serve`` subprocess on a socket in a folder of the test's own
(``RAG_RUNTIME_DIR``); ``rag ask`` runs in this process (tests/serve_helpers.py: ``cli``), through the
server and with ``--no-server``, and the two outputs are compared.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURE_BRIEFINGS
from serve_helpers import CONFIG, cli, running_server, runtime_dir
from ui_fixtures import NEW_BRIEFING

from rag import client
from rag.errors import RagError
from rag.serve import prepare_socket

QUESTION = "누리안 채권 금리는?"
NEW_QUESTION = "한빛반도체가 텍사스 공장에 투자하는 금액은?"  # only NEW_BRIEFING tells it
ASKS = [
    (QUESTION,),
    (QUESTION, "-k", "2"),
    (QUESTION, "--mode", "bm25"),
    ("금 ETF에서 빠져나간 돈은?", "--date-from", "2025-11-01", "--date-to", "2025-11-30", "--source", "gaon"),
    ("What did Nurian pay on its new bonds?",),
    ("화성 기지의 건설 비용은?",),  # the briefings do not say: an abstention
]
REFUSED = [
    (QUESTION, "--date-from", "2030-01-01"),  # nothing in the index matches
    (QUESTION, "--date-from", "2025-13-40"),  # not a date
    ("   ",),  # no question
]


def _ask(index: Path, *argv: str) -> list[str]:
    return ["ask", *argv, "--index", str(index), "--config", str(CONFIG)]


def _status(index: Path) -> dict:
    return client.exchange(client.socket_path(index), {"op": "status"})[1]


def _same_json(via_server: str, in_process: str) -> None:
    a, b = json.loads(via_server), json.loads(in_process)
    assert (a.pop("served_by"), b.pop("served_by")) == ("server", "process")
    ta, tb = a.pop("timings"), b.pop("timings")
    assert list(ta) == list(tb)  # the same keys in the same order, only the times differ
    assert (ta["load_ms"], ta["kiwi_ms"]) == (0.0, 0.0)  # the server paid both at its start
    assert a == b


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    with runtime_dir(tmp_path_factory.mktemp("run")) as d:
        yield d


@pytest.fixture(scope="module")
def server(briefing_index, run_dir, tmp_path_factory):
    with running_server(briefing_index, tmp_path_factory.mktemp("log") / "serve.log") as proc:
        yield proc


def test_the_server_answers_as_the_process_does_in_text_and_json(briefing_index, server):
    texts, hits = [], []
    for argv in ASKS:
        before = _status(briefing_index)["answered"]
        code, text, err = cli(*_ask(briefing_index, *argv))
        assert (code, err) == (0, "") and _status(briefing_index)["answered"] == before + 1, argv
        assert (code, text, err) == cli(*_ask(briefing_index, *argv), "--no-server"), argv
        texts.append(text)
        code, via_server, _ = cli(*_ask(briefing_index, *argv, "--json"))
        _, in_process, _ = cli(*_ask(briefing_index, *argv, "--json", "--no-server"))
        _same_json(via_server, in_process)
        hits.append(len(json.loads(via_server)["hits"]))
    assert hits[:2] == [5, 2]  # retrieval.k, then -k 2
    assert "6.05%" in texts[0] and "  [1] " in texts[0] and "[1]" not in texts[-1]  # an answer, an abstention


def test_the_server_refuses_what_the_process_refuses_with_the_same_line(briefing_index, server, monkeypatch):
    import rag.cli

    def no_fallback(*a):
        raise AssertionError("answered in-process, not by the server")

    for argv in REFUSED:
        before = _status(briefing_index)["refused"]
        with monkeypatch.context() as m:
            m.setattr(rag.cli, "ask_in_process", no_fallback)
            via_server = cli(*_ask(briefing_index, *argv))
        assert _status(briefing_index)["refused"] == before + 1, argv
        assert via_server == cli(*_ask(briefing_index, *argv, "--no-server")), argv
        assert via_server[0] == 2 and via_server[2].startswith("error: ") and via_server[1] == "", argv


def test_questions_asked_at_once_are_each_answered_by_the_server(briefing_index, server, config):
    from concurrent.futures import ThreadPoolExecutor

    from rag.cli import ask_server

    questions = [argv[0] for argv in ASKS if len(argv) == 1] * 2
    none: dict[str, str | None] = {"date_from": None, "date_to": None, "source": None}
    before = _status(briefing_index)["answered"]
    with ThreadPoolExecutor(len(questions)) as pool:
        answers = list(pool.map(lambda q: ask_server(briefing_index, config, q, None, None, none), questions))
    assert _status(briefing_index)["answered"] == before + len(questions)
    texts = [a["text"] for a in answers if a is not None]
    assert len(texts) == len(questions) and texts[: len(questions) // 2] == texts[len(questions) // 2 :]


def test_another_config_or_other_code_is_answered_in_process(briefing_index, server, monkeypatch):
    before = _status(briefing_index)["answered"]
    monkeypatch.setenv("RAG__RETRIEVAL__K", "2")  # this client's settings differ from the server's
    out = json.loads(cli(*_ask(briefing_index, QUESTION, "--json"))[1])
    assert out["served_by"] == "process" and len(out["hits"]) == 2
    monkeypatch.delenv("RAG__RETRIEVAL__K")
    monkeypatch.setattr(client, "code_stamp", lambda: "edited-since")  # the code changed under the server
    assert json.loads(cli(*_ask(briefing_index, QUESTION, "--json"))[1])["served_by"] == "process"
    monkeypatch.undo()
    assert json.loads(cli(*_ask(briefing_index, QUESTION, "--json"))[1])["served_by"] == "server"
    assert _status(briefing_index)["answered"] == before + 1


def test_a_server_for_another_index_is_not_asked(briefing_index, server, tmp_path, config, embedder):
    """A socket that leads to the server of another index (as after a hash collision, or a moved index)."""
    from index import build_index

    (tmp_path / "new.txt").write_text(NEW_BRIEFING, encoding="utf-8")
    other = tmp_path / "other"
    build_index([tmp_path / "new.txt"], other, config, embedder=embedder, progress=False)
    client.socket_path(other).symlink_to(client.socket_path(briefing_index))
    before = _status(briefing_index)["answered"]
    answer = cli(*_ask(other, NEW_QUESTION, "--json"))[1]
    assert json.loads(answer)["served_by"] == "process" and "30억 달러" in json.loads(answer)["text"]
    assert _status(briefing_index)["answered"] == before
    code, line, _ = cli("serve", "--status", "--index", str(other), "--config", str(CONFIG))
    assert (
        code == 0
        and f"not used by `rag ask` here: it is for index {client.index_key(briefing_index)}" in line
    )


def test_after_a_rebuild_or_an_alias_edit_the_server_answers_from_the_new_files(
    index_copy, tmp_path, config, embedder, monkeypatch
):
    from index import build_index

    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(config.paths.aliases.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("RAG__PATHS__ALIASES", str(aliases))  # the server's and the client's
    with runtime_dir(tmp_path / "run"), running_server(index_copy, tmp_path / "serve.log") as proc:
        first = json.loads(cli(*_ask(index_copy, NEW_QUESTION, "--json"))[1])
        assert first["served_by"] == "server" and "30억 달러" not in first["text"]
        (tmp_path / "new.txt").write_text(NEW_BRIEFING, encoding="utf-8")
        build_index(
            [FIXTURE_BRIEFINGS, tmp_path / "new.txt"], index_copy, config, embedder=embedder, progress=False
        )
        via_server = cli(*_ask(index_copy, NEW_QUESTION, "--json"))[1]
        _same_json(via_server, cli(*_ask(index_copy, NEW_QUESTION, "--json", "--no-server"))[1])
        assert "30억 달러" in json.loads(via_server)["text"]
        assert _status(index_copy)["reloads"] == 1
        assert "reloaded" in (tmp_path / "serve.log").read_text(encoding="utf-8")
        question = "NRN테크 채권 금리는?"  # a name the alias file does not know yet
        before = json.loads(cli(*_ask(index_copy, question, "--json"))[1])
        with aliases.open("a", encoding="utf-8") as f:
            f.write("누리안: [NRN테크]\n")
        via_server = cli(*_ask(index_copy, question, "--json"))[1]
        _same_json(via_server, cli(*_ask(index_copy, question, "--json", "--no-server"))[1])
        assert _status(index_copy)["reloads"] == 2 and json.loads(via_server)["text"] != before["text"]
        proc.send_signal(signal.SIGINT)  # Ctrl-C: the server stops and removes its socket
        assert proc.wait(30) == 0 and not os.path.lexists(client.socket_path(index_copy))


def test_ctrl_c_stops_a_server_started_with_sigint_ignored(briefing_index, tmp_path):
    """A background job of a script, or a child of a parent that ignores SIGINT, starts with it ignored;
    Ctrl-C (SIGINT) still stops the server, which removes its socket."""
    with (
        runtime_dir(tmp_path / "run"),
        running_server(briefing_index, tmp_path / "serve.log", sigint_ignored=True) as proc,
    ):
        proc.send_signal(signal.SIGINT)
        assert proc.wait(30) == 0 and not os.path.lexists(client.socket_path(briefing_index))


def test_a_stale_socket_is_answered_in_process_then_replaced_by_a_private_server(briefing_index, tmp_path):
    with runtime_dir(tmp_path / "run"):
        path = client.socket_path(briefing_index)
        path.parent.mkdir(mode=0o755)
        dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        dead.bind(str(path))  # the socket of a server that was killed: the file stays, nobody listens
        dead.close()
        out = json.loads(cli(*_ask(briefing_index, QUESTION, "--json"))[1])
        assert out["served_by"] == "process"
        with running_server(briefing_index, tmp_path / "serve.log") as proc:
            assert (
                stat.S_IMODE(path.stat().st_mode) == 0o600
                and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
            )
            assert json.loads(cli(*_ask(briefing_index, QUESTION, "--json"))[1])["served_by"] == "server"
            with pytest.raises(RagError, match="already listens"):
                prepare_socket(path, private_dir=True)  # a second server for the index refuses
            status = cli("serve", "--status", "--index", str(briefing_index), "--config", str(CONFIG))
            assert status[0] == 0 and "used by `rag ask` for this index" in status[1]
            stop = cli("serve", "--stop", "--index", str(briefing_index), "--config", str(CONFIG))
            assert stop[0] == 0 and f"pid {proc.pid}" in stop[1]
            assert proc.wait(30) == 0 and not os.path.lexists(path)
        status = cli("serve", "--status", "--index", str(briefing_index), "--config", str(CONFIG))
        assert status[0] == 1 and status[1].startswith("no server")


def _listener(path: Path, greet: dict | None, stop: threading.Event) -> list[int]:
    """A socket that accepts, greets with ``greet`` (None: says nothing) and never answers."""
    accepted: list[int] = []
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.listen()

    def run() -> None:
        conns = []
        sock.settimeout(0.05)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            conns.append(conn)
            if greet is not None:
                conn.sendall(json.dumps(greet).encode() + b"\n")
        for c in [*conns, sock]:
            c.close()

    threading.Thread(target=run, daemon=True).start()
    return accepted


def test_a_server_that_does_not_greet_or_answer_is_given_up_on_in_time(briefing_index, tmp_path, config):
    stop = threading.Event()
    try:
        silent = tmp_path / "silent.sock"
        _listener(silent, None, stop)
        t0 = time.monotonic()
        with pytest.raises(client.NoServer, match="in time"):
            client.exchange(silent, {"op": "status"}, connect_timeout=0.3)
        assert time.monotonic() - t0 < 0.3 + 1.0
        identity = client.Identity.of(briefing_index, config)
        mute = tmp_path / "mute.sock"
        hello = {"protocol": client.PROTOCOL, "pid": 1, **vars(identity)}
        _listener(mute, hello, stop)
        t0 = time.monotonic()
        with pytest.raises(client.NoServer, match="in time"):
            client.exchange(mute, {"op": "ask"}, identity, connect_timeout=0.3, answer_timeout=0.5)
        assert 0.5 <= time.monotonic() - t0 < 0.3 + 0.5 + 1.0
        # rag ask on a socket of the index that says nothing: in-process, after CONNECT_TIMEOUT (1 s)
        import rag.cli

        started: list[float] = []
        in_process = rag.cli.ask_in_process

        def timed_fallback(*a):
            started.append(time.monotonic())
            return in_process(*a)

        with runtime_dir(tmp_path / "run"), pytest.MonkeyPatch.context() as m:
            m.setattr(rag.cli, "ask_in_process", timed_fallback)
            client.socket_path(briefing_index).parent.mkdir()
            accepted = _listener(client.socket_path(briefing_index), None, stop)
            t0 = time.monotonic()
            out = json.loads(cli(*_ask(briefing_index, QUESTION, "--json"))[1])
            assert out["served_by"] == "process" and accepted == [1]
            assert client.CONNECT_TIMEOUT == 1.0 and 1.0 <= started[0] - t0 < 1.0 + 1.5
    finally:
        stop.set()


def test_sockets_live_in_the_users_runtime_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("RAG_RUNTIME_DIR", str(tmp_path / "mine"))
    assert client.runtime_dir() == tmp_path / "mine"
    monkeypatch.delenv("RAG_RUNTIME_DIR")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert client.runtime_dir() == tmp_path / "briefing-rag"
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert client.runtime_dir() == tmp_path / "home" / ".cache" / "briefing-rag" / "run"
    # one socket per index directory, however the directory is named
    (tmp_path / "ix").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "ix")
    assert client.socket_path(tmp_path / "ix") == client.socket_path(tmp_path / "link")
    assert client.socket_path(tmp_path / "ix") != client.socket_path(tmp_path / "other")


def test_without_unix_sockets_rag_ask_answers_itself(briefing_index, monkeypatch):
    monkeypatch.delattr(socket, "AF_UNIX")
    with pytest.raises(client.NoServer, match="no Unix sockets"):
        client.exchange(client.socket_path(briefing_index), {"op": "status"})
    assert json.loads(cli(*_ask(briefing_index, QUESTION, "--json"))[1])["served_by"] == "process"
