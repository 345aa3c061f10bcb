"""``python -m rag serve``: one index, its embedder and Kiwi kept loaded, answering ``rag ask`` over a socket.

The socket is a Unix socket named after the index directory (rag/client.py: ``socket_path``), made
with permission 0600 in a directory of permission 0700, so only the user who started the server can
ask it. Each connection is greeted with the server's identity (the index, the code, the config it
answers with); a client whose identity differs answers in its own process. Before each question the
server looks at the index directory and the alias file: after a rebuild (a new manifest) or an edit
of the aliases it loads them again, so it never answers from an index that is no longer there.
"""

from __future__ import annotations

import os
import signal
import socketserver
import threading
import time
from pathlib import Path
from typing import Any

from .api import RAG
from .client import PROTOCOL, Identity, NoServer, exchange, index_stamp
from .config import Config
from .errors import RagError
from .korean import kiwi

REQUEST_TIMEOUT = 30.0  # seconds a greeted client has to send its request
WARM_UP = "금리는?"  # asked once at start: the first question's one-off costs are paid there


class Service:
    """The loaded index and what it answers; shared by the connections' threads."""

    def __init__(self, index_dir: Path, cfg: Config) -> None:
        self.index_dir = index_dir
        self.cfg = cfg
        self.identity = Identity.of(index_dir, cfg)
        self.stamp = self._disk_stamp()  # before the load: a swap during it makes the next question reload
        self.rag = RAG.load(index_dir, config=cfg)
        kiwi()
        self.started = time.time()
        self.answered = 0  # questions answered
        self.refused = 0  # questions refused with the user's error (a bad date, an empty question, …)
        self.reloads = 0
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        try:
            self.rag.ask(WARM_UP)
        except RagError:
            pass

    def _disk_stamp(self) -> list[Any]:
        return index_stamp(self.index_dir, self.cfg.paths.aliases)

    def hello(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "pid": os.getpid(),
            "index": self.identity.index,
            "code": self.identity.code,
            "config": self.identity.config,
        }

    def refresh(self) -> RAG:
        """The loaded index, loaded again first when the directory or the alias file changed."""
        with self._lock:
            now = self._disk_stamp()
            if now != self.stamp:
                rag = RAG.load(self.index_dir, config=self.cfg, embedder=self.rag.embedder)
                self.rag, self.stamp = rag, now
                self.reloads += 1
                print(f"reloaded {self.index_dir} (the index or the alias file changed)", flush=True)
            return self.rag

    def status(self) -> dict[str, Any]:
        return {
            **self.hello(),
            "status": "ok",
            "uptime_s": round(time.time() - self.started, 1),
            "answered": self.answered,
            "refused": self.refused,
            "reloads": self.reloads,
        }

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if op == "status":
            return self.status()
        if op == "stop":
            self.stopping.set()
            return {"status": "stopping", "pid": os.getpid()}
        if op != "ask":
            return {"status": "failed", "message": f"unknown op {op!r}"}
        try:
            rag = self.refresh()
        except RagError as e:  # the index is gone or damaged: the client's own load says so
            return {"status": "mismatch", "why": str(e)}
        if request.get("stamp") != self.stamp:  # the client saw another version of the index
            return {"status": "mismatch", "why": "another version of the index"}
        from .cli import answer_dict

        try:
            answer = answer_dict(
                rag, request["question"], request.get("k"), request.get("mode"), request["filters"]
            )
        except RagError as e:
            self.refused += 1
            return {"status": "error", "message": str(e)}
        self.answered += 1
        return {"status": "ok", "answer": answer}


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        service = self.server.service
        self.connection.settimeout(REQUEST_TIMEOUT)
        try:
            self._send(service.hello())
            line = self.rfile.readline(1 << 20)
            if not line:
                return
            try:
                reply = service.handle(_json_loads(line))
            except Exception as e:  # a bug, not the user's error: the client answers in its own process
                reply = {"status": "failed", "message": f"{type(e).__name__}: {e}"}
            self._send(reply)
        except OSError:  # the client went away or timed out
            return
        if service.stopping.is_set():
            threading.Thread(target=self.server.shutdown, daemon=True).start()

    def _send(self, msg: dict[str, Any]) -> None:
        import json

        self.wfile.write(json.dumps(msg, ensure_ascii=False).encode() + b"\n")
        self.wfile.flush()


def _json_loads(line: bytes) -> dict[str, Any]:
    import json

    msg = json.loads(line)
    if not isinstance(msg, dict):
        raise ValueError("a request is a JSON object")
    return msg


class _Server(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, service: Service) -> None:
        self.service = service
        old = os.umask(0o177)  # the socket is made 0600: nobody else may ask (or stop) this server
        try:
            super().__init__(str(path), _Handler)
        finally:
            os.umask(old)
        os.chmod(path, 0o600)
        st = path.stat()
        self.inode = (st.st_dev, st.st_ino)


def prepare_socket(path: Path, private_dir: bool) -> None:
    """Make ``path``'s directory (0700 when ``private_dir``); clear a stale socket; refuse a live one."""
    if private_dir:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = path.parent.stat()
        if st.st_uid != os.getuid():
            raise RagError(f"{path.parent} belongs to another user: set RAG_RUNTIME_DIR to a folder of yours")
        if st.st_mode & 0o077:
            os.chmod(path.parent, 0o700)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    if not os.path.lexists(path):
        return
    if not path.is_socket():
        raise RagError(f"{path} exists and is not a socket: remove it or give another --socket")
    try:
        hello, _ = exchange(path, {"op": "status"})
    except NoServer:
        path.unlink()  # a server that died without removing its socket
        return
    raise RagError(
        f"a server (pid {hello.get('pid')}) already listens on {path} for {hello.get('index')}: "
        "stop it with `python -m rag serve --stop` first"
    )


def serve(index_dir: Path, cfg: Config, path: Path, private_dir: bool = True) -> int:
    """Load ``index_dir`` and answer on ``path`` until stopped (``--stop``, SIGTERM or Ctrl-C)."""
    prepare_socket(path, private_dir)
    service = Service(index_dir, cfg)
    server = _Server(path, service)

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    # Ctrl-C stops it too, even when started with SIGINT ignored (a background job of a script, or a
    # parent that ignores it: Python then leaves it ignored and no KeyboardInterrupt ever comes)
    signal.signal(signal.SIGINT, stop)
    print(
        f"serving {service.identity.index} on {path} (pid {os.getpid()}); "
        "`python -m rag ask` uses it; stop with `python -m rag serve --stop`",
        flush=True,
    )
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        try:
            st = path.stat()
            if (st.st_dev, st.st_ino) == server.inode:  # not a socket another server made since
                path.unlink()
        except OSError:
            pass
    print("stopped", flush=True)
    return 0


__all__ = ["serve", "Service", "prepare_socket"]
