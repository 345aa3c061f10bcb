"""What the bench scripts share: the repository on ``sys.path``, one argument parser with the common
options (``--corpus``, ``--config``, ``--json``), the config they name, ``.jsonl`` corpora cut to
their first records, and the JSON result printed and written.

A script in ``bench/`` imports it as ``from _common import ...`` (Python puts the script's own folder
first on ``sys.path``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SAMPLE = REPO / "data" / "briefings"


def parser(doc: str | None, corpus: bool = False, config: bool = False) -> argparse.ArgumentParser:
    """An argument parser described by the first paragraph of ``doc`` (the script's docstring), with
    ``--json OUT``, and ``--corpus`` (default: the sample briefings) / ``--config`` when asked."""
    ap = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    if corpus:
        ap.add_argument("--corpus", type=Path, default=SAMPLE, help="folder or file of briefings")
    if config:
        ap.add_argument("--config", type=Path, default=REPO / "config.yaml", help="config.yaml to use")
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the result here")
    return ap


def load(args: argparse.Namespace | None = None) -> Any:
    """The config ``--config`` names, else the repository's ``config.yaml``."""
    from rag.config import load_config

    path = getattr(args, "config", None) or REPO / "config.yaml"
    return load_config(path)


def first_records(paths: Sequence[Path], limit: int | None, tmp: Path) -> list[Path]:
    """``paths`` with each ``.jsonl`` file cut to its first ``limit`` non-empty records (a copy in
    ``tmp``); other paths as they are; all of them unchanged when ``limit`` is falsy."""
    if not limit:
        return list(paths)
    out = []
    for p in paths:
        if p.suffix.lower() != ".jsonl":
            out.append(p)
            continue
        cut = tmp / p.name
        with p.open(encoding="utf-8") as src, cut.open("w", encoding="utf-8") as dst:
            kept = 0
            for line in src:
                if kept >= limit:
                    break
                if line.strip():
                    dst.write(line if line.endswith("\n") else line + "\n")
                    kept += 1
        out.append(cut)
    return out


def emit(result: Any, out: Path | None) -> str:
    """Print ``result`` as indented JSON (Hangul as is) and write it to ``out`` too when given."""
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    return text


__all__ = ["REPO", "SAMPLE", "emit", "first_records", "load", "parser"]


def worker_round(p: Any) -> dict[str, Any]:
    """One round of a worker process the scripts start per tree (``subprocess.Popen``, text mode): sends
    ``round`` on its stdin, reads one JSON line of results from its stdout."""
    assert p.stdin is not None and p.stdout is not None
    p.stdin.write("round\n")
    p.stdin.flush()
    line = p.stdout.readline()
    if not line:
        raise SystemExit("a worker died (see its error above)")
    return json.loads(line)
