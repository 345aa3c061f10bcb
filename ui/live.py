"""The chat's index as it is on disk: loaded in the background, re-read when a build replaced it.

``python -m ui`` serves the page first and loads the index (embedder, Kiwi, the index files) in a
thread: until it is ready the page says "색인을 불러오는 중…" and a question waits for it. Then,
before each question, :meth:`LiveIndex.refresh` compares the manifest on disk with the one loaded:
one ``stat`` of ``manifest.json`` (device, inode, mtime, size) when nothing changed; when the stat
differs the manifest is read and, if its content differs from the loaded one (another process ran
``python -m index build`` and swapped the directory), :meth:`rag.RAG.reload` swaps the new index in.
An upload made in the chat reloads by itself; the refresh after it then finds the manifest unchanged.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rag.errors import RagError
from rag.store import MANIFEST, read_manifest

log = logging.getLogger(__name__)
Fingerprint = tuple[int, int, int, int]
LOADING, READY, FAILED = "loading", "ready", "failed"


def fingerprint(index_dir: Path) -> Fingerprint | None:
    """What identifies the manifest file now (None while it is missing, e.g. mid-swap)."""
    try:
        st = os.stat(Path(index_dir) / MANIFEST)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


class LiveIndex:
    """A :class:`rag.RAG` over ``path``, made by ``load`` in a background thread (:meth:`start`).

    ``config`` is known before the index is loaded (the page is built from it). The functions in
    :attr:`on_ready` run in the loading thread once the index is loaded, before :attr:`state` says
    ready (the chat makes its example questions there, which also warms up the embedder and Kiwi).
    """

    def __init__(
        self,
        load: Callable[[], Any],
        config: Any,
        path: Path,
    ) -> None:
        self.config = config
        self.path = Path(path)
        self.seconds: float | None = None  # how long the load took
        self.on_ready: list[Callable[[Any], None]] = []
        self._load = load
        self._rag: Any = None
        self._error: RagError | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._seen: Fingerprint | None = None  # the manifest's fingerprint when last compared

    @classmethod
    def of(cls, rag: Any) -> LiveIndex:
        """An index that is already loaded."""
        live = cls(lambda: rag, rag.config, rag.store.path)
        live._rag = rag
        live._done.set()
        return live

    # -- loading --------------------------------------------------------------------------------
    def start(self) -> LiveIndex:
        threading.Thread(target=self._run, name="index-load", daemon=True).start()
        return self

    def _run(self) -> None:
        t0 = time.perf_counter()
        try:
            rag = self._load()
        except RagError as e:
            self._error = e
        except Exception as e:  # noqa: BLE001 - the page must say something, not wait forever
            self._error = RagError(f"the index could not be loaded: {type(e).__name__}: {e}")
        else:
            self._rag = rag
            self._ready(rag)
        self.seconds = time.perf_counter() - t0
        self._done.set()

    @property
    def state(self) -> str:
        if not self._done.is_set():
            return LOADING
        return FAILED if self._error is not None else READY

    @property
    def error(self) -> RagError | None:
        return self._error

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the first load to end (loaded or failed); False on timeout."""
        return self._done.wait(timeout)

    def get(self, timeout: float | None = None) -> Any:
        """The loaded RAG, waiting for the load; the load's RagError if it failed.

        A failed load is tried again here (in the calling thread): the index may have been rebuilt."""
        if self._rag is not None:
            return self._rag
        if not self._done.wait(timeout):
            raise TimeoutError(f"the index at {self.path} is still loading")
        if self._rag is not None:
            return self._rag
        with self._lock:
            if self._rag is None:
                try:
                    self._rag = self._load()
                except RagError as e:
                    self._error = e
                    raise
                self._error = None
                self._ready(self._rag)
        return self._rag

    def _ready(self, rag: Any) -> None:
        for fn in list(self.on_ready):
            try:
                fn(rag)
            except Exception:  # a warm-up that fails leaves the index usable
                log.exception("after loading the index")

    # -- keeping up with the disk -------------------------------------------------------------
    def changed(self) -> bool:
        """Whether the index on disk is not the one loaded (one stat when nothing changed)."""
        now = fingerprint(self.path)
        if now is None or now == self._seen:
            return False
        try:
            return bool(read_manifest(self.path) != self.get().store.manifest)
        except RagError:
            return True  # refresh() says what is wrong

    def refresh(self) -> bool:
        """Re-read the index when a build replaced it on disk; True when it did.

        Raises the RagError of a new index that cannot be read; the loaded one keeps answering and
        the next refresh tries again."""
        rag = self.get()
        now = fingerprint(self.path)
        if now is None or now == self._seen:
            return False
        with self._lock:  # one session reloads; the others then find the fingerprint seen
            if now == self._seen:
                return False
            stale = read_manifest(self.path) != rag.store.manifest
            if stale:
                rag.reload()
            self._seen = now  # a build swapped in after the stat: the next refresh sees it
            return stale


__all__ = ["LiveIndex", "fingerprint", "LOADING", "READY", "FAILED"]
