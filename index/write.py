"""Writing an index directory atomically: everything goes to a temporary sibling, which is then
swapped into place in one step, so a crash at any moment leaves the previous index intact.

The index path is resolved first (a symbolic link is followed: the index is built where it points,
the link stays), and what is there must be an index or an empty folder: a file, or a folder holding
other files, is never replaced (IndexPathError). The manifest lists every file with its size, for
rag/store.py to verify; index/store_files.py writes the records and the arrays that index them. A
write that fails (a full disk, a read-only folder) is an IndexWriteError and the previous index is
untouched.

:func:`write_index` writes a whole index (one segment); :func:`append_index` (index/append.py
decides when) writes a new version whose old segments are hard links to the current version's files
(never written in place, so both versions stay whole), plus the new segment (its records, vectors,
BM25 postings, and HNSW graph), the whole-index arrays and summary, a flat FAISS index with the new
vectors added (rag/store.py: ``dense_files``), and the manifest: the same temporary folder and swap,
so a crash leaves the previous index as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import re
import shlex
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag import store as fmt
from rag.errors import IndexLockedError, IndexPathError, IndexWriteError

from .bm25_files import write_bm25_segment
from .dense_files import write_faiss
from .segments import Fold, link_segments, merge_segments
from .store_files import Base, write_chunk_files


def index_target(index_dir: Path | str) -> Path:
    """Where an index at ``index_dir`` lives: absolute, symbolic links followed (also a link to a
    folder not made yet), so a link and its target share one lock and one swap."""
    return Path(index_dir).resolve()


def foreign_entries(index_dir: Path) -> list[str]:
    """Entries of the folder ``index_dir`` that are not an index's: the standard names, and any its
    manifest lists. An index is only ever written over a folder for which this is empty."""
    known = {*fmt.REQUIRED, fmt.SEGMENTS}
    with contextlib.suppress(OSError, ValueError, AttributeError, TypeError):
        files = json.loads((index_dir / fmt.MANIFEST).read_text(encoding="utf-8")).get("files") or {}
        known |= {str(name).split("/")[0] for name in files}
    return sorted(name for name in os.listdir(index_dir) if name not in known)


def check_target(index_dir: Path, paths: Sequence[Path | str] = ()) -> None:
    """Raise IndexPathError unless ``index_dir`` (resolved) is missing, an empty folder or an index."""
    if not index_dir.exists() and not index_dir.is_symlink():
        return
    given = " ".join(shlex.quote(str(p)) for p in paths) or "<briefings>"
    fix = f"`python -m index build {given} --index {shlex.quote(str(_free_name(index_dir)))}`"
    if not index_dir.is_dir():
        raise IndexPathError(f"{index_dir} is a file, not an index folder: give a folder, e.g. {fix}")
    try:
        foreign = foreign_entries(index_dir)
    except OSError as e:
        raise IndexPathError(
            f"cannot list {index_dir} ({e.strerror}): give another folder, e.g. {fix}"
        ) from e
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise IndexPathError(
            f"{index_dir} holds files that are not an index's ({shown}) and is never written over: "
            f"give a new folder, e.g. {fix}"
        )


def _free_name(index_dir: Path) -> Path:
    """A sibling of ``index_dir`` that does not exist yet, for the error's example command."""
    stem = index_dir.stem if index_dir.is_file() else index_dir.name
    for n in range(1, 100):
        p = index_dir.with_name(f"{stem}-index" + (f"-{n}" if n > 1 else ""))
        if not p.exists() and not p.is_symlink():
            return p
    return index_dir.with_name(f"{stem}-index-new")


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """An exclusive lock on ``<index>.lock`` beside the index (resolved: one lock for a symbolic link
    and its target) so two builds, in any processes, never write the same index at once. The file is
    removed when the build ends, failed or not (a killed build leaves it; the next one reuses it)."""
    index_dir = index_target(index_dir)
    try:
        index_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise IndexWriteError(f"cannot make the folder {index_dir.parent} ({e.strerror})") from e
    lock_path = index_dir.with_name(index_dir.name + ".lock")
    fd = _acquire(lock_path, index_dir)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)  # still held: a build that opened this file finds it gone and retries
        os.close(fd)


def _acquire(lock_path: Path, index_dir: Path) -> int:
    locked = IndexLockedError(f"another build is writing {index_dir}: wait for it to finish")
    for _ in range(20):
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as e:
            raise IndexWriteError(
                f"cannot create the lock file {lock_path} ({e.strerror}): check that its folder is writable"
            ) from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise locked from None
        # the previous holder may have removed the file after we opened it: a lock on that file is
        # no lock (the next build creates a new one), so take the one the path names now
        mine = os.fstat(fd)
        try:
            now = os.stat(lock_path)
            if (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)
    raise locked


def list_files(directory: Path) -> dict[str, dict[str, Any]]:
    """The manifest's ``files``: every file of an index directory but the manifest, by path relative
    to it, with its size (rag/store.py compares them at load; each JSONL line has its own CRC-32)."""
    out: dict[str, dict[str, Any]] = {}
    for p in sorted(directory.rglob("*")):
        name = p.relative_to(directory).as_posix()
        if p.is_file() and name != fmt.MANIFEST:
            out[name] = {"bytes": p.stat().st_size}
    return out


def _fsync_tree(root: Path) -> None:
    """fsync every file and folder of ``root``, but the files linked from the previous version (more
    than one link: synced when that version was written)."""
    for p in [*root.rglob("*"), root]:
        if not p.is_dir() and p.stat().st_nlink > 1:
            continue
        flags = os.O_RDONLY | (os.O_DIRECTORY if p.is_dir() else 0)
        fd = os.open(p, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_index(
    index_dir: Path,
    manifest: dict[str, Any],
    articles: list[dict[str, Any]],
    chunks: list[dict[str, Any]],
    vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    faiss_kind: str = "flat",
    hnsw_m: int = 32,
    hnsw_ef_search: int = 128,
) -> None:
    """Write an index directory at ``index_dir`` (see the module docstring); IndexPathError when the
    path is not an index's, IndexWriteError when the disk refuses (the previous index stays)."""
    index_dir = index_target(index_dir)
    check_target(index_dir)

    def write(tmp: Path) -> dict[str, Any]:
        counts = write_chunk_files(tmp, articles, chunks)
        np.save(tmp / fmt.VECTORS, vectors.astype(np.float32))
        sentence_dtype = manifest.get("vectors", {}).get("sentences", "float32")  # index/dense_files.py
        np.save(tmp / fmt.SENTENCE_VECTORS, sentence_vectors.astype(sentence_dtype))
        dim = int(manifest["embedder"]["dim"])
        write_faiss(tmp / fmt.FAISS, vectors.reshape(-1, dim), faiss_kind, hnsw_m, hnsw_ef_search)
        write_bm25_segment(tmp / fmt.BM25_DIR, (c["terms"] for c in chunks))
        return dict(manifest, segments=[{"dir": "", **counts}], next_segment=1)

    _write_version(index_dir, write)


def append_index(
    index_dir: Path,
    base: Base,
    manifest: dict[str, Any],
    articles: list[dict[str, Any]],
    chunks: list[dict[str, Any]],
    vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    fold: Fold,
) -> None:
    """Write a new version of the index at ``index_dir`` with ``articles``/``chunks`` (ids after
    ``base``'s) and their vectors as a new segment, ``fold``'s tail segments merged into it (see the
    module docstring); ``manifest`` is the new one but for its segments and files (its
    ``next_segment``: the number ``fold`` named a new segment folder with)."""
    import faiss

    index_dir = index_target(index_dir)
    check_target(index_dir)

    def write(tmp: Path) -> dict[str, Any]:
        link_segments(index_dir, tmp, fold.kept, manifest["faiss"] == "hnsw")
        new = f"{fmt.SEGMENTS}/.new"
        counts = write_chunk_files(tmp, articles, chunks, new, base)
        np.save(tmp / new / fmt.VECTORS, vectors.astype(np.float32))
        sentence_dtype = manifest.get("vectors", {}).get("sentences", "float32")
        np.save(tmp / new / fmt.SENTENCE_VECTORS, sentence_vectors.astype(sentence_dtype))
        write_bm25_segment(tmp / new / fmt.BM25_DIR, (c["terms"] for c in chunks))

        dim = int(manifest["embedder"]["dim"])
        graphs = manifest["faiss"] == "hnsw"  # one graph a segment; a flat index is the whole index's

        def graph(path: Path, vecs: np.ndarray) -> None:
            params = manifest["faiss_params"]
            write_faiss(path, vecs.reshape(-1, dim), "hnsw", params["hnsw_m"], params["hnsw_ef_search"])

        if graphs:
            graph(tmp / new / fmt.FAISS, vectors)
        srcs = [index_dir / s["dir"] for s in fold.folded] + [tmp / new]
        merge_segments(srcs, tmp / fold.dir, index_dir, graph if graphs else None)
        if (tmp / new).exists():  # merged with folded segments (else moved into place)
            shutil.rmtree(tmp / new)
        with contextlib.suppress(OSError):
            (tmp / fmt.SEGMENTS).rmdir()  # every segment merged into segment 0: none left there
        if not graphs:  # the flat index read whole, the new vectors added (O(N) bytes, up to flat_max_chunks)
            flat = faiss.read_index(str(index_dir / fmt.FAISS))
            if len(vectors):
                flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
            faiss.write_index(flat, str(tmp / fmt.FAISS))
        merged = {k: sum(s[k] for s in fold.folded) + counts[k] for k in ("articles", "chunks", "sentences")}
        segments = [*fold.kept, {"dir": fold.dir, **merged}]
        return dict(manifest, segments=segments, next_segment=int(manifest["next_segment"]) + 1)

    _write_version(index_dir, write)


def _write_version(index_dir: Path, write: Callable[[Path], dict[str, Any]]) -> None:
    """``write(tmp)`` fills a temporary sibling of ``index_dir`` and returns its manifest (but for
    ``files``); the folder is then synced and swapped into place."""
    tmp = index_dir.with_name(f"{index_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        manifest = write(tmp)
        manifest = dict(manifest, files=list_files(tmp))
        (tmp / fmt.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_tree(tmp)
        swap_into_place(tmp, index_dir)
    except (OSError, RuntimeError) as e:  # RuntimeError: FAISS's own write errors
        raise write_error(index_dir, e) from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_error(index_dir: Path, e: BaseException) -> IndexWriteError:
    """One line for a failed write: the reason, that nothing changed, and what to do."""
    code = getattr(e, "errno", None)
    reason = getattr(e, "strerror", None) or " ".join(str(e).split())[:160]
    full = code in (errno.ENOSPC, errno.EDQUOT) or (code is None and "written" in reason)
    fix = "free some disk space and build again" if full else "check that its folder is writable"
    return IndexWriteError(
        f"cannot write the index {index_dir} ({reason}): the previous index is unchanged; {fix}"
    )


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE) where the OS has it."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd = -100
    rc = fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), _RENAME_EXCHANGE)
    return rc == 0


def swap_into_place(new: Path, target: Path) -> None:
    """Make ``new`` become ``target``; the old ``target`` (if any, a folder: never a file or a
    symbolic link, which write_index resolved) is removed afterwards."""
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    if target.is_symlink() or not target.is_dir():
        raise IndexPathError(f"{target} is not a folder: an index is never swapped in over it")
    if _exchange(new, target):  # now `new` holds the old index
        shutil.rmtree(new, ignore_errors=True)
        return
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)  # put the old index back
        raise
    shutil.rmtree(old, ignore_errors=True)


def clean_stale(index_dir: Path) -> None:
    """Remove the ``<index>.tmp-<pid>`` / ``.old-<pid>`` folders a killed build left behind (and
    symbolic links earlier versions left there); restore an index caught mid-swap. A regular file
    with such a name is left alone: it may be a user's."""
    parent = index_dir.parent
    if not parent.is_dir():
        return
    pattern = re.compile(re.escape(index_dir.name) + r"\.(tmp|old)-\d+")
    stale = sorted(p for p in parent.iterdir() if pattern.fullmatch(p.name))
    olds = [p for p in stale if ".old-" in p.name and p.is_dir() and not p.is_symlink()]
    if olds and not index_dir.exists() and not index_dir.is_symlink():
        os.rename(olds[-1], index_dir)
        stale.remove(olds[-1])
    for p in stale:
        if p.is_symlink():
            p.unlink()
        elif p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
