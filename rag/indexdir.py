"""Reading one version of an index directory while builds replace it.

A build writes a new directory beside the index and swaps it into place (index/write.py), then
deletes the old one. A reader that opened files by path could read the manifest and articles of one
version and the chunks and vectors of the next. :class:`IndexDir` holds one handle on the directory
and opens every file relative to it (``dir_fd``), so all it reads is of the version it opened; when
the build deletes that version under it, :func:`read_consistently` starts over on the new one.

Libraries that want a path (FAISS, bm25s) get ``/proc/self/fd/N/<name>``, which names a file of the
directory the handle holds; where there is no ``/proc``, they get the plain path and the read is
repeated when the directory was replaced meanwhile.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from .errors import IndexAccessError, IndexCorruptError, IndexNotFoundError, RagError

T = TypeVar("T")
ATTEMPTS = 25  # a read that a swap interrupted starts over; a missing index is awaited this often
PAUSE = 0.02  # seconds between attempts while the index is missing (a swap by two renames)
_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
PROC_FD = "/proc/self/fd"  # Linux: PROC_FD/N/<name> opens <name> in the directory fd N holds


def rebuild_hint(path: Path) -> str:
    """The fix for a damaged index: a build onto it refuses, so the command says ``--rebuild``."""
    return f"rebuild it with `python -m index build <briefings> --index {path} --rebuild`"


def damaged(path: Path, what: str) -> IndexCorruptError:
    """The one error for an index whose files are wrong: what is wrong, then the fix."""
    return IndexCorruptError(f"index at {path} is damaged: {what}: {rebuild_hint(path)}")


def one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= 200 else text[:197] + "..."


class IndexDir:
    """An open index directory; file names are relative to it (``bm25/params.index.json``)."""

    def __init__(self, path: Path, fd: int):
        self.path, self.fd = path, fd
        proc = f"{PROC_FD}/{fd}"
        self.pinned = os.path.isdir(proc)  # library paths name this very directory
        self._base = proc if self.pinned else str(path)

    @classmethod
    def open(cls, path: Path) -> IndexDir | None:
        """The directory at ``path``; None while a swap by renames has it aside (``<name>.old-*``)."""
        try:
            fd = os.open(path, _FLAGS | os.O_DIRECTORY)
        except FileNotFoundError:
            if _aside(path):
                return None
            raise IndexNotFoundError(
                f"no index at {path}: build one with `python -m index build data/briefings --index {path}`"
            ) from None
        except NotADirectoryError:
            raise IndexNotFoundError(
                f"{path} is a file, not an index folder: give the folder that "
                f"`python -m index build <briefings> --index DIR` wrote"
            ) from None
        except OSError as e:
            raise IndexAccessError(
                f"cannot open index folder {path} ({e.strerror}): give this user read access to it"
            ) from e
        return cls(path, fd)

    def close(self) -> None:
        os.close(self.fd)

    def _fd(self, name: str) -> int:
        try:
            return os.open(name, _FLAGS, dir_fd=self.fd)
        except FileNotFoundError:
            raise damaged(self.path, f"{name} is missing") from None
        except OSError as e:
            raise IndexAccessError(
                f"cannot read {self.path / name} ({e.strerror}): check the permissions of the index "
                "folder and its files"
            ) from e

    def open_fd(self, name: str) -> int:
        """A file descriptor on ``name`` of this version of the directory (the caller closes it): it
        keeps reading this version after a build replaced the directory."""
        return self._fd(name)

    def file(self, name: str) -> BinaryIO:
        return os.fdopen(self._fd(name), "rb")

    def read(self, name: str) -> bytes:
        with self.file(name) as fh:
            try:
                return fh.read()
            except OSError as e:
                raise IndexAccessError(f"cannot read {self.path / name} ({e.strerror})") from e

    def size(self, name: str) -> int:
        """Size of ``name``; opening it also proves it can be read."""
        fd = self._fd(name)
        try:
            return os.fstat(fd).st_size
        finally:
            os.close(fd)

    def exists(self, name: str) -> bool:
        try:
            os.stat(name, dir_fd=self.fd)
        except FileNotFoundError:
            return False
        except OSError:
            return True  # there, but not ours to stat: reading it says why
        return True

    def view(self, name: str) -> str:
        """A path to ``name`` for a library that opens files itself."""
        return f"{self._base}/{name}"

    def replaced(self) -> bool:
        """Whether ``path`` no longer names this directory (a build swapped another one in)."""
        mine = os.fstat(self.fd)
        try:
            now = os.stat(self.path)
        except OSError:
            return True
        return mine.st_nlink == 0 or (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino)


def _aside(path: Path) -> list[Path]:
    """Previous versions a swap by renames put aside (``<name>.old-<pid>``), newest last."""
    try:
        return sorted(p for p in path.parent.iterdir() if p.name.startswith(f"{path.name}.old-"))
    except OSError:
        return []


def read_consistently(path: Path, read: Callable[[IndexDir], T]) -> T:
    """``read(directory)`` on one version of the index at ``path``, started over when a build
    replaced that version during the read; errors of a version still in place are raised."""
    path = Path(path)
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1
        d = IndexDir.open(path)
        if d is None:
            if last:
                aside = [p.name for p in _aside(path)] or [f"{path.name}.old-*"]
                raise IndexNotFoundError(
                    f"no index at {path}: a build was interrupted while swapping it in ({aside[-1]} "
                    f"holds the previous one): run the build again to restore it, e.g. "
                    f"`python -m index build <briefings> --index {path}`"
                )
            time.sleep(PAUSE)
            continue
        try:
            result = read(d)
            if d.pinned or last or not d.replaced():
                return result
        except RagError:
            if last or not d.replaced():
                raise
        finally:
            d.close()
    raise AssertionError("unreachable")  # the last attempt returns or raises


__all__ = ["IndexDir", "read_consistently", "damaged", "rebuild_hint", "one_line"]
