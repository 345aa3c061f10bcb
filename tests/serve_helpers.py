"""A real ``python -m rag serve`` for tests: a subprocess on a socket in a folder of the test's own."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "config.yaml"  # given to servers and clients alike: the same config wherever pytest runs


@contextlib.contextmanager
def runtime_dir(path: Path) -> Iterator[Path]:
    """``RAG_RUNTIME_DIR`` set to ``path`` (where servers put their sockets) for the block."""
    old = os.environ.get("RAG_RUNTIME_DIR")
    os.environ["RAG_RUNTIME_DIR"] = str(path)
    try:
        yield path
    finally:
        if old is None:
            os.environ.pop("RAG_RUNTIME_DIR", None)
        else:
            os.environ["RAG_RUNTIME_DIR"] = old


def cli(*argv: str) -> tuple[int, str, str]:
    """``python -m rag ARGV`` run in this process: exit status, standard output, standard error."""
    from rag.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def running_server(
    index: Path, log: Path, *extra: str, sigint_ignored: bool = False
) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m rag serve --index INDEX`` until it greets (its socket in ``$RAG_RUNTIME_DIR``); stopped
    with SIGTERM after the block, when it still runs: it must then exit with 0 and remove its socket."""
    from rag import client

    path = Path(extra[extra.index("--socket") + 1]) if "--socket" in extra else client.socket_path(index)
    cmd = [sys.executable, "-m", "rag", "serve", "--index", str(index), "--config", str(CONFIG), *extra]
    with open(log, "wb") as out:
        ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, preexec_fn=ignore)
    try:
        deadline = time.monotonic() + 300
        while True:
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the server did not start in 300 s"
            with contextlib.suppress(client.NoServer):
                client.exchange(path, {"op": "status"})
                break
            time.sleep(0.1)
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            assert proc.wait(60) == 0 and not os.path.lexists(path), log.read_text(encoding="utf-8")
