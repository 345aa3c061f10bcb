"""``ask()`` latency on a quiet machine and on a busy one, in one run.

    python bench/busy_ask.py [--index DIR] [--passes 3] [--hogs N] [--hog spin|matmul] [--json OUT]

Three phases, each asking the same questions ``--passes`` times: quiet, then busy (``--hogs``
processes, by default one per core, each holding a core with a Python spin loop or a one-thread
numpy matmul loop), then quiet again. Per phase: ``ask()`` p50/p95/max in milliseconds. The ratios
divide the busy p50/p95 by those of both quiet phases together. The hogs run at the niceness of this
script (run it with ``nice`` and they are niced alike).

The index is ``--index`` or else data/briefings built into a temporary folder. The questions are the
index's own section headings with "는?" (nothing hard-coded to a corpus). The machine may be shared:
the load averages before and after are printed with the figures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import SAMPLE, emit, load, parser

HOGS = {
    "spin": "while True:\n    pass\n",
    "matmul": "import numpy as np\na = np.random.rand(400, 400)\nwhile True:\n    a = (a @ a) / 400.0\n",
}


def _percentiles(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(ms, n=20, method="inclusive")
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(q[18], 2),
        "max_ms": round(max(ms), 2),
    }


def _phase(rag: Any, questions: list[str], passes: int) -> list[float]:
    out = []
    for _ in range(passes):
        for q in questions:
            t = time.perf_counter()
            rag.ask(q)
            out.append((time.perf_counter() - t) * 1000)
    return out


def _start_hogs(n: int, kind: str) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", HOGS[kind]], env=env) for _ in range(n)]
    time.sleep(1.0)  # started and spinning
    return procs


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.kill()
    for p in procs:
        p.wait()


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument(
        "--index", type=Path, help="index to ask (default: data/briefings built into a temp folder)"
    )
    ap.add_argument("--passes", type=int, default=3, help="times each question is asked per phase")
    ap.add_argument(
        "--hogs", type=int, default=os.cpu_count() or 2, help="busy processes (default: one per core)"
    )
    ap.add_argument("--hog", choices=sorted(HOGS), default="spin")
    args = ap.parse_args(argv)

    os.environ.setdefault("RAG__EMBEDDER__CACHE", "none")
    from rag import RAG

    config = load()
    with tempfile.TemporaryDirectory(prefix="busy-ask-") as tmp:
        index = args.index
        if index is None:
            from index import build_index

            index = Path(tmp) / "index"
            build_index([SAMPLE], index, config, progress=False)
        rag = RAG.load(index, config=config)
        headings = sorted({c.heading for c in rag.store.chunks if c.heading})
        questions = [f"{h}는?" for h in headings] or ["오늘 시장은?"]
        _phase(rag, questions[:3], 1)  # warm: Kiwi, the embedder, FAISS pages
        load_before = os.getloadavg()
        quiet1 = _phase(rag, questions, args.passes)
        hogs = _start_hogs(args.hogs, args.hog)
        try:
            busy = _phase(rag, questions, args.passes)
        finally:
            _stop(hogs)
        time.sleep(1.0)
        quiet2 = _phase(rag, questions, args.passes)
        load_after = os.getloadavg()
        quiet = _percentiles(quiet1 + quiet2)
        result: dict[str, Any] = {
            "chunks": len(rag.store.chunks),
            "questions": len(questions),
            "cpus": os.cpu_count(),
            "hogs": args.hogs,
            "hog": args.hog,
            "query_threads": config.embedder.query_threads,
            "quiet_before": _percentiles(quiet1),
            "busy": _percentiles(busy),
            "quiet_after": _percentiles(quiet2),
            "quiet": quiet,
            "ratio_p50_busy_over_quiet": round(_percentiles(busy)["p50_ms"] / quiet["p50_ms"], 2),
            "ratio_p95_busy_over_quiet": round(_percentiles(busy)["p95_ms"] / quiet["p95_ms"], 2),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in load_after],
        }
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
