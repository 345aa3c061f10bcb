"""``ask()`` on grown indexes, the working tree against a revision, rounds interleaved in one run.

    python bench/ask_scale_before.py DIR... --before REV [--only PATH... [--isolate]] [--queries 40]
        [--rounds 2] [--variants hnsw/none,hnsw/date_30d,flat/none,flat/date_30d] [--json OUT]

Each DIR is a grown flat index whose HNSW copy is DIR with ``-flat`` replaced by ``-hnsw`` (what
``bench/ask_scale.py --workdir W --keep`` leaves: ``W/n1000000-flat`` and ``W/n1000000-hnsw``; see
bench/grow_index.py). Each tree (the working tree; REV, or with ``--only`` the working tree with only
those paths from REV: see bench/ask_overhead.py; with ``--isolate``, REV against REV with the
working tree's ``--only`` paths, so that others' uncommitted edits are in neither) runs in its own process, loads the index once and
warms up; then, round by round, the trees take turns (the order alternating), each asking every
question (chunk headings of the index, as bench/ask_scale.py asks) under every variant, the variants'
order rotated per question (after the first variant, BM25 reads the question's terms from
rag/bm25_read.py's term cache: a question asked again costs less). Reported per tree and variant: ``ask()`` p50/p95 and the p50 of
``Answer.timings`` (``embed_ms``, ``retrieve_ms``, ``answer_ms``); the working tree's p50 over the
revision's; the answers (text and cited chunk ids) that differ; and the load average at each round.
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

from _common import REPO, emit, parser, worker_round
from ask_overhead import _export, _overlay

VARIANTS = "hnsw/none,hnsw/date_30d,flat/none,flat/date_30d"

# Runs inside each tree (its cwd): one JSON line per "round" line read.
WORKER = r"""
import dataclasses, json, sys, time
from datetime import timedelta
from pathlib import Path
import faiss
from rag import RAG
from rag.config import load_config
from rag.embed import make_embedder
from rag.korean import morphemes
from rag.store import load_store

flat, hnsw, queries, variants = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
cfg = load_config("config.yaml")
embedder = make_embedder(cfg.embedder)
morphemes("워밍업 문장입니다")
store = load_store(flat)
ix = faiss.read_index(str(hnsw / "dense.faiss"), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
rags = {"flat": RAG(cfg, embedder, store), "hnsw": RAG(cfg, embedder, dataclasses.replace(store, faiss_index=ix))}
questions = sorted({c.heading for c in store.chunks[:2000] if c.heading})
questions = (questions * (queries // max(1, len(questions)) + 1))[:queries]
newest = max(rags["flat"]._engine.retriever.dates)
filters = {
    "none": None,
    "date_30d": {"date_from": newest - timedelta(days=29), "date_to": newest},
    "date_240d": {"date_from": newest - timedelta(days=239), "date_to": newest},
    "source": {"source": "SBS"},
}
for q in questions[:3]:
    for v in variants:
        kind, name = v.split("/")
        rags[kind].ask(q, filters=filters[name])
print(json.dumps({"ready": len(questions)}), flush=True)
for line in sys.stdin:
    out = {v: {"ask": [], "embed": [], "retrieve": [], "answer": [], "answers": []} for v in variants}
    for i, q in enumerate(questions):
        for v in variants[i % len(variants):] + variants[: i % len(variants)]:
            kind, name = v.split("/")
            t = time.perf_counter()
            a = rags[kind].ask(q, filters=filters[name])
            got = out[v]
            got["ask"].append((time.perf_counter() - t) * 1000)
            for key in ("embed", "retrieve", "answer"):
                got[key].append(a.timings[key + "_ms"])
            got["answers"].append([a.text, [c.chunk.id for c in a.citations]])
    print(json.dumps(out, ensure_ascii=False), flush=True)
"""


def _start(tree: Path, flat: Path, queries: int, variants: str) -> subprocess.Popen[str]:
    hnsw = flat.with_name(flat.name.replace("-flat", "-hnsw"))
    p = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(flat), str(hnsw), str(queries), variants],
        cwd=tree,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert p.stdout is not None
    line = p.stdout.readline()
    if not line:
        raise SystemExit(f"the worker in {tree} died before it was ready")
    return p


def _p(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(q * len(xs)))] if q != 0.5 else statistics.median(xs), 2)


def compare(flat: Path, trees: dict[str, Path], queries: int, rounds: int, variants: str) -> dict[str, Any]:
    """Both trees on one grown index (see the module docstring)."""
    procs = {name: _start(tree, flat, queries, variants) for name, tree in trees.items()}
    got: dict[str, dict[str, dict[str, list[Any]]]] = {}
    loads = []
    try:
        for r in range(rounds):
            for name in list(procs) if r % 2 == 0 else list(procs)[::-1]:
                out = worker_round(procs[name])
                for v, row in out.items():
                    mine = got.setdefault(name, {}).setdefault(v, {})
                    for key, xs in row.items():
                        mine[key] = xs if key == "answers" else mine.get(key, []) + xs
                loads.append([round(x, 2) for x in os.getloadavg()])
    finally:
        for p in procs.values():
            p.kill()
            p.wait()
    report: dict[str, Any] = {"load_average_per_turn": loads, "trees": {}}
    for name, by_v in got.items():
        report["trees"][name] = {
            v: {"ask_p50_ms": _p(row["ask"], 0.5), "ask_p95_ms": _p(row["ask"], 0.95)}
            | {f"{key}_p50_ms": _p(row[key], 0.5) for key in ("embed", "retrieve", "answer")}
            for v, row in by_v.items()
        }
    if "before" in got:
        a, b = got["working_tree"], got["before"]
        report["ask p50: working tree / before"] = {
            v: round(statistics.median(a[v]["ask"]) / statistics.median(b[v]["ask"]), 3) for v in a
        }
        report["retrieve p50: working tree / before"] = {
            v: round(statistics.median(a[v]["retrieve"]) / statistics.median(b[v]["retrieve"]), 3) for v in a
        }
        report["answers_differing"] = {
            v: sum(x != y for x, y in zip(a[v]["answers"], b[v]["answers"], strict=True)) for v in a
        }
    return report


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("dirs", type=Path, nargs="+", help="grown flat indexes (their -hnsw copies beside them)")
    ap.add_argument("--before", metavar="REV", help="git revision to compare the working tree with")
    ap.add_argument("--only", nargs="+", metavar="PATH", help="with --before: only these paths from REV")
    ap.add_argument(
        "--isolate",
        action="store_true",
        help="with --before and --only: compare REV with REV plus the working tree's --only paths",
    )
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--variants", default=VARIANTS, help=f"kind/filter, comma-separated (default {VARIANTS})")
    args = ap.parse_args(argv)
    report: dict[str, Any] = {"before": args.before, "only": args.only, "queries": args.queries}
    report["rounds"] = args.rounds
    with tempfile.TemporaryDirectory(prefix="ask-scale-before-") as d:
        trees = {"working_tree": REPO}
        if args.before and args.isolate:  # others' edits in the working tree are in neither
            trees["working_tree"] = _overlay(args.before, Path(d) / "after", args.only)
            trees["before"] = _overlay(args.before, Path(d) / "before", [])
        elif args.before:
            trees["before"] = _export(args.before, Path(d) / "before", args.only)
        for flat in args.dirs:
            report[flat.name] = compare(flat.resolve(), trees, args.queries, args.rounds, args.variants)
            print(json.dumps({flat.name: report[flat.name].get("ask p50: working tree / before")}), file=sys.stderr)
    emit(report, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
