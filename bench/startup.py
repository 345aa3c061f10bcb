"""What one ``python -m rag ask`` call costs, cold, against Kiwi's default start, in one run.

    python bench/startup.py [--runs 7] [--before REV [--only PATH...]] [--after REV] [--corpus data/briefings]
        [--question "메타 채권 금리는?"]

Each round starts fresh processes, in this order, and takes the wall time of each:

* ``python``: ``python -c pass``, the interpreter's own start (the floor);
* ``kiwi_default``: ``from kiwipiepy import Kiwi; Kiwi().tokenize("")``, Kiwi's default start alone
  (its first call is where it finishes loading): the issue's yardstick;
* ``import_api``: ``import rag.api`` (what every entry point imports);
* ``cli``: ``python -m rag ask QUESTION --index IDX --json`` from this working tree, or from a copy of
  revision ``--after REV``;
* ``cli_before`` (with ``--before REV``): the same command in a copy of the project at git revision
  ``REV``, on an index that copy built; with ``--only PATH...``, a copy of the ``cli`` tree with only
  those paths taken from ``REV`` (one change measured alone, whatever else was committed since).
  Copies come from ``git archive``: the repository and its working tree are not touched.

Rounds interleave the commands, so a change in the machine's load touches all of them; the report
gives medians, the ratios of the CLI to Kiwi's default start and to the ``--before`` CLI, the CLI's
own ``timings`` (``load_ms``, ``kiwi_ms``, …; medians) and whether both trees gave the same answer
text. Each tree's index is built first from ``--corpus`` into a temporary directory (passage vectors
come from the embedding cache when it has them). Prints JSON. Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} (in {cwd}) failed:\n{out.stderr[-2000:]}")
    return wall, out.stdout


def _export(rev: str, dest: Path, paths: list[str] | None = None) -> Path:
    """The project's files at ``rev`` (or only ``paths`` of them) under ``dest``."""
    archive = subprocess.run(
        ["git", "archive", rev, *(paths or [])], cwd=REPO, capture_output=True, check=True
    ).stdout
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def _copy_tree(src: Path, dest: Path) -> Path:
    ignore = shutil.ignore_patterns(".git", ".venv", ".index", "var", "__pycache__", "test-artifacts")
    shutil.copytree(src, dest, ignore=ignore)
    return dest


def _build(tree: Path, corpus: Path, index: Path) -> None:
    _timed([sys.executable, "-m", "index", "build", str(corpus), "--index", str(index), "-q"], tree)


def _which_rag(tree: Path) -> str:
    return _timed([sys.executable, "-c", "import rag; print(rag.__file__)"], tree)[1].strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="rounds (default: 7)")
    ap.add_argument("--before", metavar="REV", help="git revision whose CLI to compare with")
    ap.add_argument("--only", nargs="+", metavar="PATH", help="with --before: take only these paths from REV")
    ap.add_argument("--after", metavar="REV", help="measure this revision instead of the working tree")
    ap.add_argument("--corpus", type=Path, default=REPO / "data/briefings", help="what the indexes hold")
    ap.add_argument("--question", default="메타 채권 금리는?")
    args = ap.parse_args(argv)
    corpus = args.corpus.resolve()
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="startup-") as tmp:
        trees = {"cli": _export(args.after, Path(tmp) / "after") if args.after else REPO}
        if args.before and args.only:
            before = _copy_tree(trees["cli"], Path(tmp) / "before")
            trees["cli_before"] = _export(args.before, before, args.only)
        elif args.before:
            trees["cli_before"] = _export(args.before, Path(tmp) / "before")
        indexes = {}
        for name, tree in trees.items():
            if not _which_rag(tree).startswith(str(tree)):  # an installed copy would shadow the tree
                raise SystemExit(f"python -m rag in {tree} does not run that tree's rag")
            indexes[name] = Path(tmp) / f"index-{name}"
            _build(tree, corpus, indexes[name])
        commands: dict[str, tuple[list[str], Path]] = {
            "python": ([py, "-c", "pass"], REPO),
            "kiwi_default": ([py, "-c", "from kiwipiepy import Kiwi; Kiwi().tokenize('')"], REPO),
            "import_api": ([py, "-c", "import rag.api"], trees["cli"]),
        }
        for name, tree in trees.items():
            cmd = [py, "-m", "rag", "ask", args.question, "--index", str(indexes[name]), "--json"]
            commands[name] = (cmd, tree)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        timings: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        answers: dict[str, set[str]] = {name: set() for name in trees}
        for _ in range(args.runs):
            for name, (cmd, cwd) in commands.items():
                wall, out = _timed(cmd, cwd)
                walls[name].append(wall)
                if name in trees:
                    answer = json.loads(out)
                    timings[name].append(answer.get("timings", {}))
                    answers[name].add(answer["text"])
    med = {name: statistics.median(w) for name, w in walls.items()}
    report: dict[str, Any] = {
        "runs": args.runs,
        "before": args.before,
        "only": args.only,
        "after": args.after or "working tree",
        "question": args.question,
        "cpus": os.cpu_count(),
        "load_avg_after": [round(x, 2) for x in os.getloadavg()],
        "median_s": {k: round(v, 3) for k, v in med.items()},
        "min_s": {k: round(min(w), 3) for k, w in walls.items()},
        "cli_timings_median_ms": {
            name: {k: round(statistics.median(t.get(k, 0.0) for t in ts), 1) for k in ts[-1]}
            for name, ts in timings.items()
        },
        "ratios": {
            "cli / kiwi_default": round(med["cli"] / med["kiwi_default"], 3),
            "import_api / kiwi_default": round(med["import_api"] / med["kiwi_default"], 3),
        },
    }
    if args.before:
        report["ratios"]["cli / cli_before"] = round(med["cli"] / med["cli_before"], 3)
        report["ratios"]["cli_before / kiwi_default"] = round(med["cli_before"] / med["kiwi_default"], 3)
        report["same_answer"] = answers["cli"] == answers["cli_before"] and len(answers["cli"]) == 1
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
