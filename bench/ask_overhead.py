"""``ask()`` against the query-embedding floor, for the working tree and (optionally) a git revision,
in one run.

    python bench/ask_overhead.py [--corpus data/briefings | --index DIR] [--dataset dev] [--rounds 5]
        [--before REV [--only PATH... [--isolate]] | --revert REV...] [--json OUT]

The floor is what no answer can avoid: embedding the question (``embedder.embed_query``, the
project's query threads). Every tree runs in its own process (``python -c`` in a copy from
``git archive``, so its own ``rag`` is imported), loads the same index once and warms up; then, round
by round, the trees take turns (the order alternating), each asking every question of the dataset
once, each ``ask()`` followed by the floor on the same question in the same process. Reported per
tree: p50/p95 of both and ``ask / floor`` (the p50s, and the median of the per-question ratios);
with ``--before``, ``ask`` of the working tree over that of the revision, and whether every answer
(text, citations) is the same. ``--only PATH...`` takes only those paths from REV; ``--revert REV...``
compares with the working tree without commit REV (its diff reversed in a copy): one change alone,
whatever else changed since. ``--before REV --only PATH... --isolate`` compares REV with REV plus the
working tree's PATHs: one's own uncommitted change alone, without others' edits in the shared tree.
The index is built once by the working tree (``--index`` skips that): both trees must read it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import REPO, SAMPLE, emit, load, parser, worker_round

# Runs inside each tree (its cwd): one JSON line per "round" line read, answers included.
WORKER = r"""
import json, sys, time
from rag import RAG
from rag.config import load_config
from rag.korean import kiwi
from eval.dataset import load_dataset

index, dataset = sys.argv[1], sys.argv[2]
rag = RAG.load(index, config=load_config("config.yaml"))
kiwi()
questions = [q.question for q in load_dataset(dataset)]
for q in questions[:5]:
    rag.ask(q)
    rag.embedder.embed_query(q)
print(json.dumps({"ready": len(questions)}), flush=True)
for line in sys.stdin:
    ask, floor, answers = [], [], []
    for q in questions:
        t = time.perf_counter()
        a = rag.ask(q)
        ask.append(time.perf_counter() - t)
        t = time.perf_counter()
        rag.embedder.embed_query(q)
        floor.append(time.perf_counter() - t)
        answers.append([a.text, [[c.marker, c.chunk.id, c.quote] for c in a.citations]])
    print(json.dumps({"ask": ask, "floor": floor, "answers": answers}, ensure_ascii=False), flush=True)
"""


def _export(rev: str, dest: Path, paths: list[str] | None = None, revert: list[str] | None = None) -> Path:
    """A copy of the working tree with ``rev`` (or only its ``paths``) over it, or with the commits
    ``revert`` reverted (newest first)."""
    dest.mkdir(parents=True)
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    for f in files:  # the working tree as it is (uncommitted edits included), without .index or .venv
        src = REPO / f
        if f and src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            (dest / f).write_bytes(src.read_bytes())
    if revert:
        for commit in reversed(revert):
            diff = subprocess.run(
                ["git", "diff", f"{commit}^", commit], cwd=REPO, capture_output=True, check=True
            ).stdout
            undone = subprocess.run(
                ["patch", "-R", "-p1", "-s", "-d", str(dest)], input=diff, capture_output=True
            )
            if undone.returncode != 0:
                raise SystemExit(f"{commit} does not revert cleanly:\n{undone.stdout.decode()}")
        return dest
    archive = subprocess.run(
        ["git", "archive", rev, *(paths or [])], cwd=REPO, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def _overlay(rev: str, dest: Path, paths: list[str]) -> Path:
    """Revision ``rev`` alone (``git archive``), with ``paths`` as they are in the working tree."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    for f in paths:
        (dest / f).parent.mkdir(parents=True, exist_ok=True)
        (dest / f).write_bytes((REPO / f).read_bytes())
    return dest


def _start(tree: Path, index: Path, dataset: str) -> subprocess.Popen[str]:
    p = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(index), dataset],
        cwd=tree,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert p.stdout is not None
    json.loads(p.stdout.readline())  # ready
    return p


def _summary(ask: list[float], floor: list[float]) -> dict[str, float]:
    def pct(xs: list[float], q: int) -> float:
        return round(statistics.quantiles(xs, n=100, method="inclusive")[q - 1] * 1000, 2)

    return {
        "ask_p50_ms": pct(ask, 50),
        "ask_p95_ms": pct(ask, 95),
        "floor_p50_ms": pct(floor, 50),
        "floor_p95_ms": pct(floor, 95),
        "ask / floor (p50s)": round(statistics.median(ask) / statistics.median(floor), 3),
        "ask / floor (median per question)": round(
            statistics.median(a / f for a, f in zip(ask, floor, strict=True)), 3
        ),
    }


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, corpus=True)
    ap.add_argument("--index", type=Path, help="an index both trees read (default: --corpus built)")
    ap.add_argument("--dataset", default="dev", help="questions (a bundled dataset's name or a JSONL file)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--before", metavar="REV", help="git revision to compare the working tree with")
    ap.add_argument("--only", nargs="+", metavar="PATH", help="with --before: only these paths from REV")
    ap.add_argument("--revert", nargs="+", metavar="REV", help="compare with the tree without these commits")
    ap.add_argument(
        "--isolate",
        action="store_true",
        help="with --before and --only: compare REV with REV plus the working tree's --only paths",
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ask-overhead-") as d:
        tmp = Path(d)
        index = args.index
        if index is None:
            from index import build_index

            index = tmp / "index"
            build_index([args.corpus or SAMPLE], index, load(), progress=False)
        trees = {"working_tree": REPO}
        if args.before and args.only and args.isolate:  # others' edits in the working tree are in neither
            trees["working_tree"] = _overlay(args.before, tmp / "after", args.only)
            trees["before"] = _overlay(args.before, tmp / "before", [])
        elif args.before or args.revert:
            trees["before"] = _export(args.before, tmp / "before", args.only, args.revert)
        procs = {name: _start(tree, index.resolve(), args.dataset) for name, tree in trees.items()}
        got: dict[str, dict[str, list[Any]]] = {n: {"ask": [], "floor": [], "answers": []} for n in trees}
        try:
            for r in range(args.rounds):
                for name in list(procs) if r % 2 == 0 else list(procs)[::-1]:
                    out = worker_round(procs[name])
                    for key in ("ask", "floor"):
                        got[name][key] += out[key]
                    got[name]["answers"] = out["answers"]
        finally:
            for p in procs.values():
                p.kill()
                p.wait()
    report: dict[str, Any] = {
        "index": str(args.index or args.corpus),
        "dataset": args.dataset,
        "rounds": args.rounds,
        "before": args.before or (f"working tree without {' '.join(args.revert)}" if args.revert else None),
        "only": args.only,
        "trees": {n: _summary(g["ask"], g["floor"]) for n, g in got.items()},
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    if args.before or args.revert:
        a, b = got["working_tree"], got["before"]
        report["ask p50: working tree / before"] = round(
            statistics.median(a["ask"]) / statistics.median(b["ask"]), 3
        )
        report["floor p50: working tree / before"] = round(
            statistics.median(a["floor"]) / statistics.median(b["floor"]), 3
        )
        report["same_answers"] = a["answers"] == b["answers"]
        report["answers_differing"] = sum(x != y for x, y in zip(a["answers"], b["answers"], strict=True))
    emit(report, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
