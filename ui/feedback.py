"""👍/👎 on answers, appended to a JSONL log (``paths.feedback``): how evaluation sets grow.

One record a line: ``time`` (UTC ISO), ``rating`` (``up`` | ``down`` | ``cleared``), ``question`` (as
typed), ``asked`` (as completed for a follow-up), ``filters``, ``answer``, ``abstained``,
``confidence``, ``citations`` (``Citation.to_dict()``: title, heading, date, source, span, quote…) and
``index`` (path and update time). Each record is written with one ``write`` on a file opened for
appending, under a process lock and an exclusive ``flock``, so concurrent sessions (or processes)
never interleave partial lines.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_LOCK = threading.Lock()


def append_feedback(path: str | os.PathLike[str], record: dict[str, Any]) -> dict[str, Any]:
    """Append ``record`` (with ``time`` added when missing) as one JSON line; returns what was written."""
    record = {"time": datetime.now(UTC).isoformat(timespec="seconds"), **record}
    line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK, open(path, "a", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return record


def read_feedback(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rating(liked: Any) -> str:
    """Gradio's ``LikeData.liked`` as ``up`` / ``down`` / ``cleared``."""
    if liked is True:
        return "up"
    if liked is False:
        return "down"
    if isinstance(liked, str) and liked.strip():
        return {"like": "up", "dislike": "down"}.get(liked.strip().lower(), liked.strip())
    return "cleared"


__all__ = ["append_feedback", "read_feedback", "rating"]
