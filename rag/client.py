"""The client side of ``python -m rag serve``: where a server's socket is, what it must match, one request.

A server (rag/serve.py) keeps one index, its embedder and Kiwi loaded, and listens on a Unix socket
named after the index directory, in a directory only the user can open. ``python -m rag ask`` asks it
first and answers in its own process when there is no answer to be had: no socket, a stale one, a
server for another index, another config, other code, or one that does not greet within
``CONNECT_TIMEOUT`` seconds (or answer within ``ANSWER_TIMEOUT``).

This module is what the CLI imports before it knows whether a server answers, so it imports only the
standard library: no numpy, FAISS, bm25s, Kiwi or model (tests/test_startup.py holds the CLI to that).

The protocol is one JSON object a line: the server greets with its identity (``hello``), the client
sends one request, the server sends one reply and closes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config

PROTOCOL = 1
CONNECT_TIMEOUT = 1.0  # seconds to connect and be greeted: a live server greets in milliseconds
ANSWER_TIMEOUT = 60.0  # seconds a greeting server has to answer (it may be reloading a rebuilt index)
RUNTIME_ENV = "RAG_RUNTIME_DIR"  # where sockets live (default: $XDG_RUNTIME_DIR/briefing-rag, else ~/.cache)
MAX_LINE = 64 * 1024 * 1024  # bytes; a reply longer than this is not a reply


def runtime_dir() -> Path:
    """The directory of the servers' sockets: ``$RAG_RUNTIME_DIR``, else ``$XDG_RUNTIME_DIR/briefing-rag``,
    else ``~/.cache/briefing-rag/run``."""
    if os.environ.get(RUNTIME_ENV):
        return Path(os.environ[RUNTIME_ENV])
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isdir(xdg):
        return Path(xdg) / "briefing-rag"
    return Path.home() / ".cache" / "briefing-rag" / "run"


def index_key(index_dir: str | os.PathLike[str]) -> str:
    """The index directory as a server and its clients name it: the absolute path, links resolved."""
    return str(Path(index_dir).resolve())


def socket_path(index_dir: str | os.PathLike[str]) -> Path:
    """The socket of the server for ``index_dir`` (one per index directory)."""
    digest = hashlib.sha256(index_key(index_dir).encode()).hexdigest()[:16]
    return runtime_dir() / f"{digest}.sock"


def code_stamp() -> str:
    """The code that answers: names, sizes and modification times of this package's modules.

    A server started before the code was changed answers as the old code would: the client then
    answers itself."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(here.glob("*.py")):
        st = p.stat()
        h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:16]


def config_stamp(cfg: Config) -> str:
    """The settings that shape an answer: the whole config except where it was read from and the
    paths no answer reads (the alias file's path stays; its content is in :func:`index_stamp`)."""
    paths = cfg.paths
    blank = Path()
    kept = dataclasses.replace(paths, index=blank, corpus=blank, feedback=blank, uploads=blank)
    return hashlib.sha256(repr(dataclasses.replace(cfg, paths=kept, source=None)).encode()).hexdigest()[:16]


def _stat(path: Path, content: bool = True) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns] if content else [st.st_dev, st.st_ino]


def index_stamp(index_dir: str | os.PathLike[str], aliases: Path) -> list[Any]:
    """What changes when the index is rebuilt (a build swaps in a new directory, with a new manifest)
    or the alias file is edited: a server whose loaded stamp differs reloads."""
    d = Path(index_dir)
    return [_stat(d, content=False), _stat(d / "manifest.json"), _stat(aliases)]


@dataclass(frozen=True)
class Identity:
    """What a server must share with a client to answer for it."""

    index: str
    code: str
    config: str

    @classmethod
    def of(cls, index_dir: str | os.PathLike[str], cfg: Config) -> Identity:
        return cls(index_key(index_dir), code_stamp(), config_stamp(cfg))

    def differs(self, hello: dict[str, Any]) -> str | None:
        """Why a server that greeted with ``hello`` cannot answer for this identity (None: it can)."""
        if hello.get("protocol") != PROTOCOL:
            return f"protocol {hello.get('protocol')!r}, not {PROTOCOL}"
        for name in ("index", "code", "config"):
            if hello.get(name) != getattr(self, name):
                return f"another {name}" if name != "index" else f"index {hello.get('index')}"
        return None


class NoServer(Exception):
    """No server answered; ``str()`` says why. The caller answers in its own process."""


def _read_line(sock: socket.socket, deadline: float) -> dict[str, Any]:
    buf = bytearray()
    while not buf.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise NoServer("the server did not reply in time")
        sock.settimeout(left)
        try:
            part = sock.recv(1 << 16)
        except TimeoutError as e:
            raise NoServer("the server did not reply in time") from e
        if not part:
            raise NoServer("the server closed the connection")
        buf += part
        if len(buf) > MAX_LINE:
            raise NoServer("the server's reply is too long")
    try:
        msg = json.loads(buf)
    except ValueError as e:
        raise NoServer("the server's reply is not JSON") from e
    if not isinstance(msg, dict):
        raise NoServer("the server's reply is not a JSON object")
    return msg


def exchange(
    path: Path,
    request: dict[str, Any],
    identity: Identity | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
    answer_timeout: float = ANSWER_TIMEOUT,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Send ``request`` to the server at ``path``; its greeting and its reply.

    Raises :class:`NoServer` when there is none to be had: no socket, nobody listening (a stale
    socket), no greeting within ``connect_timeout``, a greeting from a server that differs from
    ``identity``, or no reply within ``answer_timeout``. Never waits longer than the two together."""
    if not hasattr(socket, "AF_UNIX"):  # Windows: no server to be had, rag ask answers itself
        raise NoServer("this system has no Unix sockets")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(connect_timeout)
        try:
            sock.connect(str(path))
        except FileNotFoundError as e:
            raise NoServer(f"{path} does not exist") from e
        except ConnectionRefusedError as e:
            raise NoServer(f"nobody listens on {path} (a stale socket)") from e
        except OSError as e:  # a timeout, a path that is not a socket, permissions
            raise NoServer(f"cannot connect to {path} ({e})") from e
        hello = _read_line(sock, time.monotonic() + connect_timeout)
        why = identity.differs(hello) if identity else None
        if why:
            raise NoServer(f"the server on {path} is for {why}")
        sock.settimeout(connect_timeout)
        try:
            sock.sendall(json.dumps(request, ensure_ascii=False).encode() + b"\n")
        except OSError as e:
            raise NoServer(f"the server on {path} stopped listening ({e})") from e
        reply = _read_line(sock, time.monotonic() + answer_timeout)
        return hello, reply
    finally:
        sock.close()


def stop_or_status(path: Path, identity: Identity, stop: bool) -> int:
    """``serve --status`` / ``serve --stop``: one line about the server on ``path``; 0 when one ran.
    (Here, not in rag/serve.py: neither needs the index loaded.)"""
    try:
        hello, reply = exchange(path, {"op": "stop" if stop else "status"})
    except NoServer as e:
        print(f"no server for {identity.index}: {e}")
        return 1
    if stop:
        deadline = time.monotonic() + 10
        while os.path.lexists(path) and time.monotonic() < deadline:
            time.sleep(0.05)
        print(f"stopped the server (pid {hello.get('pid')}) for {hello.get('index')}")
        return 0
    why = identity.differs(hello)
    used = f"not used by `rag ask` here: it is for {why}" if why else "used by `rag ask` for this index"
    print(
        f"server pid {reply.get('pid')} on {path} for {reply.get('index')}: up {reply.get('uptime_s')} s, "
        f"{reply.get('answered')} questions answered, {reply.get('reloads')} reloads; {used}"
    )
    return 0


__all__ = [
    "ANSWER_TIMEOUT",
    "CONNECT_TIMEOUT",
    "Identity",
    "NoServer",
    "PROTOCOL",
    "code_stamp",
    "config_stamp",
    "exchange",
    "index_key",
    "index_stamp",
    "runtime_dir",
    "socket_path",
    "stop_or_status",
]
