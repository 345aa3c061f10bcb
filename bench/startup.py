"""What one ``python -m rag ask`` call costs, cold, against Kiwi's default start, in one run.

    python bench/startup.py [--runs 7] [--before REV [--only PATH...]] [--after REV] [--corpus data/briefings]
        [--question "메타 채권 금리는?"] [--no-server]

Each round starts fresh processes, in this order, and takes the wall time of each:

* ``python``: ``python -c pass``, the interpreter's own start (the floor);
* ``kiwi_default``: ``from kiwipiepy import Kiwi; Kiwi().tokenize("")``, Kiwi's default start alone
  (its first call is where it finishes loading): the issue's yardstick;
* ``import_api``: ``import rag.api`` (what every entry point imports);
* ``cli``: ``python -m rag ask QUESTION --index IDX --json`` from this working tree, or from a copy of
  revision ``--after REV``;
* ``cli_server``: the same command while ``python -m rag serve`` of that tree runs for the index (started
  once before the rounds, its start time reported as ``server_start_s``; every answer must say
  ``"served_by": "server"``); the other CLI commands run with another ``RAG_RUNTIME_DIR``, where no
  server listens, so they answer in their own process. Left out with ``--no-server`` or when the tree
  has no ``rag serve``;
* ``cli_before`` (with ``--before REV``): the same command in a copy of the project at git revision
  ``REV``, on an index that copy built; with ``--only PATH...``, a copy of the ``cli`` tree with only
  those paths taken from ``REV`` (one change measured alone, whatever else was committed since).
  Copies come from ``git archive``: the repository and its working tree are not touched.

Rounds interleave the commands, so a change in the machine's load touches all of them; the report
gives medians, the ratios of the CLI (in-process and through the server) to Kiwi's default start and
to the ``--before`` CLI, the CLI's own ``timings`` (``load_ms``, ``kiwi_ms``, …; medians) and whether both trees gave the same answer
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


def _timed(cmd: list[str], cwd: Path, env_extra: dict[str, str] | None = None) -> tuple[float, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env_extra or {})}
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


def _start_server(tree: Path, index: Path, run_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], float]:
    """``python -m rag serve`` of ``tree`` for ``index``, and the seconds until it answers ``--status``."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "RAG_RUNTIME_DIR": str(run_dir)}
    status = [sys.executable, "-m", "rag", "serve", "--status", "--index", str(index)]
    t0 = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "rag", "serve", "--index", str(index)],
            cwd=tree,
            env=env,
            stdout=out,
            stderr=out,
        )
    while subprocess.run(status, cwd=tree, env=env, capture_output=True).returncode != 0:
        if proc.poll() is not None:
            raise SystemExit(f"rag serve failed:\n{log.read_text(encoding='utf-8')[-2000:]}")
        time.sleep(0.2)
    return proc, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="rounds (default: 7)")
    ap.add_argument("--before", metavar="REV", help="git revision whose CLI to compare with")
    ap.add_argument("--only", nargs="+", metavar="PATH", help="with --before: take only these paths from REV")
    ap.add_argument("--after", metavar="REV", help="measure this revision instead of the working tree")
    ap.add_argument("--corpus", type=Path, default=REPO / "data/briefings", help="what the indexes hold")
    ap.add_argument("--question", default="메타 채권 금리는?")
    ap.add_argument("--no-server", action="store_true", help="leave out the CLI through `rag serve`")
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
        no_server = {"RAG_RUNTIME_DIR": str(Path(tmp) / "run-none")}  # in-process: no server listens there
        envs = {name: no_server for name in commands}
        asks = list(trees)
        server, server_start = None, None
        if not args.no_server and (trees["cli"] / "rag" / "serve.py").exists():
            run_dir = Path(tmp) / "run-server"
            server, server_start = _start_server(
                trees["cli"], indexes["cli"], run_dir, Path(tmp) / "serve.log"
            )
            commands["cli_server"] = commands["cli"]
            envs["cli_server"] = {"RAG_RUNTIME_DIR": str(run_dir)}
            asks.append("cli_server")
        walls: dict[str, list[float]] = {name: [] for name in commands}
        timings: dict[str, list[dict[str, float]]] = {name: [] for name in asks}
        answers: dict[str, set[str]] = {name: set() for name in asks}
        served_by: dict[str, set[str]] = {name: set() for name in asks}
        try:
            for _ in range(args.runs):
                for name, (cmd, cwd) in commands.items():
                    wall, out = _timed(cmd, cwd, envs[name])
                    walls[name].append(wall)
                    if name in asks:
                        answer = json.loads(out)
                        timings[name].append(answer.get("timings", {}))
                        answers[name].add(answer["text"])
                        served_by[name].add(answer.get("served_by", "process"))
        finally:
            if server is not None:
                server.terminate()
                server.wait(60)
        if "cli_server" in asks and served_by["cli_server"] != {"server"}:
            raise SystemExit(f"cli_server was answered by {served_by['cli_server']}, not only the server")
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
        "served_by": {name: sorted(v) for name, v in served_by.items()},
        "server_start_s": round(server_start, 3) if server_start is not None else None,
        "cli_timings_median_ms": {
            name: {k: round(statistics.median(t.get(k, 0.0) for t in ts), 1) for k in ts[-1]}
            for name, ts in timings.items()
        },
        "ratios": {
            "cli / kiwi_default": round(med["cli"] / med["kiwi_default"], 3),
            "import_api / kiwi_default": round(med["import_api"] / med["kiwi_default"], 3),
        },
    }
    if "cli_server" in med:
        report["ratios"]["cli_server / kiwi_default"] = round(med["cli_server"] / med["kiwi_default"], 3)
        report["ratios"]["cli_server / cli"] = round(med["cli_server"] / med["cli"], 3)
        report["same_answer_server"] = answers["cli_server"] == answers["cli"] and len(answers["cli"]) == 1
    if args.before:
        report["ratios"]["cli / cli_before"] = round(med["cli"] / med["cli_before"], 3)
        report["ratios"]["cli_before / kiwi_default"] = round(med["cli_before"] / med["kiwi_default"], 3)
        report["same_answer"] = answers["cli"] == answers["cli_before"] and len(answers["cli"]) == 1
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
