"""Adding briefings from the browser: check, copy into the uploads folder, index, reload.

* Only the suffixes in ``ui.upload_types`` and files up to ``ui.max_upload_mb`` are accepted. The
  check is made here, not by Gradio's upload box, so a refusal reaches the page in Korean
  (:attr:`UploadError.notice`).
* Names are sanitized (no folders, no leading dots, letters/digits/``-_.`` and spaces only, at most
  100 characters) and never overwrite a different file: a clash gets ``-2``, ``-3``… A file whose
  bytes are already in the folder is not copied again.
* Files are written to ``paths.uploads`` (the corpus folder for browser uploads) through a
  temporary name and ``os.replace``; the resolved target is checked to lie inside that folder.
* The new files are indexed incrementally (``build_index(..., prune=False)``: nothing else is
  re-embedded or dropped), then :meth:`RAG.reload` swaps the new index in atomically. Files the
  indexer rejects are removed from the folder again and reported.
* One update at a time per process (a lock); another process building the same index is reported.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from rag.errors import RagError

Progress = Callable[[float, str], None]
_LOCK = threading.Lock()
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)
MAX_NAME = 100


class UploadError(RagError):
    """An uploaded file is refused (type, size, name). ``notice`` says why in Korean, for the page."""

    def __init__(self, message: str, notice: str = "") -> None:
        super().__init__(message)
        self.notice = notice or message


@dataclass
class UploadResult:
    saved: list[Path] = field(default_factory=list)  # files copied into the uploads folder
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason; Korean when refused here)
    added: list[str] = field(default_factory=list)  # indexed as new or changed
    unchanged: list[str] = field(default_factory=list)
    articles: int = 0
    chunks: int = 0
    seconds: float = 0.0


def sanitize_name(name: str, allowed: Iterable[str]) -> str:
    """A safe file name for ``name`` (a browser-supplied name, maybe with folders), or UploadError."""
    allowed = tuple(s.lower() for s in allowed)
    base = PurePosixPath(unicodedata.normalize("NFC", str(name)).replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = "." + suffix.lower() if suffix else ""
    if suffix not in allowed:
        raise UploadError(
            f"{base!r} has type {suffix or '(none)'!r}; allowed: {', '.join(allowed)} (ui.upload_types)",
            f"받지 않는 파일 형식입니다({suffix or '확장자 없음'}). 올릴 수 있는 형식: {', '.join(allowed)}",
        )
    stem = _UNSAFE.sub("_", stem)
    stem = re.sub(r"[\s_]+", lambda m: "_" if "_" in m.group(0) else " ", stem).strip(" ._-")
    stem = stem[: MAX_NAME - len(suffix)].rstrip(" ._-") or "briefing"
    return stem + suffix


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_upload(
    src: Path, name: str, folder: Path, max_bytes: int, allowed: Iterable[str]
) -> tuple[Path, bool]:
    """Copy ``src`` into ``folder`` as (a sanitized) ``name``; returns (path, copied)."""
    safe = sanitize_name(name, allowed)
    size = src.stat().st_size
    if size > max_bytes:
        raise UploadError(
            f"{safe} is {size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB (ui.max_upload_mb)",
            f"파일이 너무 큽니다({size / 2**20:.1f} MB). 파일당 최대 {max_bytes / 2**20:g} MB입니다.",
        )
    if size == 0:
        raise UploadError(f"{safe} is empty", "빈 파일입니다.")
    folder.mkdir(parents=True, exist_ok=True)
    data = src.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    stem, suffix = safe[: -len(PurePosixPath(safe).suffix)], PurePosixPath(safe).suffix
    n = 1
    while True:
        target = folder / (safe if n == 1 else f"{stem}-{n}{suffix}")
        if not _inside(target, folder) or target.is_symlink():
            raise UploadError(f"{safe} would be written outside {folder}", "저장할 수 없는 이름입니다.")
        if not target.exists():
            break
        if target.is_file() and _digest(target) == digest:
            return target, False  # same bytes already there
        n += 1
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target, True


def add_briefings(
    rag: Any,
    files: Iterable[str | os.PathLike[str]],
    progress: Progress | None = None,
    names: Iterable[str] | None = None,
) -> UploadResult:
    """Save ``files`` into ``rag.config.paths.uploads``, index them into ``rag``'s index, reload ``rag``."""
    from index import build_index  # the build side is needed only here

    cfg = rag.config
    folder = Path(cfg.paths.uploads)
    max_bytes = int(cfg.ui.max_upload_mb * 2**20)
    step = progress or (lambda f, d: None)
    files = [Path(f) for f in files]
    shown = list(names) if names is not None else [f.name for f in files]
    result = UploadResult()
    with _LOCK:
        step(0.05, "파일 확인 중")
        new: list[Path] = []
        for f, name in zip(files, shown, strict=True):
            try:
                path, copied = save_upload(f, name, folder, max_bytes, cfg.ui.upload_types)
            except UploadError as e:
                result.skipped.append((name, e.notice))
                continue
            except OSError as e:
                result.skipped.append((name, str(e)))
                continue
            result.saved.append(path)
            if copied:
                new.append(path)
        if not result.saved:
            return result
        step(0.2, f"색인 중 ({len(result.saved)}개 파일)")
        report = build_index(
            result.saved, rag.store.path, cfg, embedder=rag.embedder, prune=False, progress=False
        )
        for path, reason in report.failed:
            result.skipped.append((Path(path).name, reason))
            if Path(path) in new and _inside(Path(path), folder):
                Path(path).unlink(missing_ok=True)  # never keep a file the index cannot read
        result.added = [Path(p).name for p in report.added + report.updated]
        result.unchanged = [Path(p).name for p in report.unchanged]
        result.articles, result.chunks, result.seconds = report.articles, report.chunks, report.seconds
        step(0.9, "새 색인 불러오는 중")
        rag.reload()
        step(1.0, "완료")
    return result


__all__ = ["UploadError", "UploadResult", "add_briefings", "sanitize_name", "save_upload"]
