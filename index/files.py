"""The files to index: discovery, reading without ever blocking, and duplicates by content.

A FIFO, socket or device among the inputs would block a plain ``read_bytes()`` for ever; a broken
symbolic link would be dropped in silence by a directory walk. Here both are listed and then refused
by name (:class:`SourceError`), so the builder reports them and goes on with the other files.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from rag.errors import SourceError

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".csv")


def discover(paths: list[Path]) -> list[Path]:
    """Files to index under ``paths`` (files as given; directories recursively, sorted).

    Entries that are not regular files (a FIFO, a socket, a broken symbolic link) are listed too, so
    that :func:`read_bytes` reports them by name instead of their being dropped in silence.
    """
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if not p.exists() and not p.is_symlink():
            raise SourceError(f"{p} does not exist: pass an existing file or folder of briefings")
        if p.is_dir():
            out.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.suffix.lower() in SUFFIXES
                and not f.is_dir()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            out.append(p)
    return list(dict.fromkeys(_resolved(f) for f in out))


def _resolved(path: Path) -> Path:
    """``path`` resolved; a broken or looping symbolic link keeps its own name (that is what to fix)."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return path.absolute()


_KINDS = (
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file at ``path`` (a symbolic link to one is fine), else SourceError.

    A FIFO, socket or device is refused before it is opened: reading one would wait for a writer
    that never comes.
    """
    path = Path(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            kind = next((k for test, k in _KINDS if test(st.st_mode)), "special file")
            raise SourceError(f"{path} is a {kind}, not a regular file: only files are indexed")
        return path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            raise SourceError(
                f"{path} is a broken symbolic link (to {os.readlink(path)}): fix or remove it"
            ) from None
        raise SourceError(f"{path} does not exist (any more): it was moved or deleted") from None
    except OSError as e:
        fix = "check its permissions" if isinstance(e, PermissionError) else "fix or remove it"
        raise SourceError(f"{path} cannot be read ({e.strerror or e}): {fix}") from None


def content_hash(data: bytes) -> str:
    """The sha256 of a file's bytes, as the index manifest records it per source."""
    return hashlib.sha256(data).hexdigest()


def duplicate_sources(files: list[Path], indexed: dict[str, str], keep_indexed: bool) -> dict[str, str]:
    """``{file: the source it repeats}`` for each file of ``files`` whose bytes another source holds.

    ``indexed`` maps the index's sources to their content hashes; with ``keep_indexed`` (no prune)
    they all stay, else only those among ``files``. Of files with equal bytes the one already
    indexed with them is kept, else the first in ``files``; a file that is itself indexed with the
    same bytes is never a duplicate (it is unchanged). Files that cannot be read are left to the
    caller to report.
    """
    names = {str(f) for f in files}
    holder: dict[str, str] = {}
    for key, sha in sorted(indexed.items()):
        if keep_indexed or key in names:
            holder.setdefault(sha, key)
    hashes: dict[str, str] = {}
    for f in files:
        try:
            hashes[str(f)] = content_hash(read_bytes(f))
        except SourceError:
            continue
    dup: dict[str, str] = {}
    for key, sha in hashes.items():
        first = holder.setdefault(sha, key)
        if first != key and indexed.get(key) != sha:
            dup[key] = first
    return dup


__all__ = ["SUFFIXES", "content_hash", "discover", "duplicate_sources", "read_bytes"]
