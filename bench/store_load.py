"""What loading an index costs as it grows: the load should not grow with the records.

    python bench/store_load.py [--sizes 1000,10000,100000] [--rounds 5] [--workdir DIR]

Builds an index of tests/fixtures/briefings and data/briefings (bench/grow_index.py's base), grows
it to each size with bench/grow_index.py (real vectors plus noise; nothing is encoded), then times,
as medians over ``--rounds`` in this process: ``rag.store.load_store`` whole, the manifest's parse
and checks alone (``manifest_s``: it lists every source file, the one part that grows with the
index), and ``RAG`` on top of the store (``engine_s``: retriever and answerer), plus the first
record read (``first_row_ms``: a chunk and its article, as a question's first hit). Prints JSON
with each size's times over the smallest size's. Read ratios, not absolute times: the machine is
shared.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from grow_index import build_base, grow  # noqa: E402 (bench/ is on the path as the script's folder)


def _median_s(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 4)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    import bm25s  # noqa: F401 (a library's import is not the index's load)
    import faiss  # noqa: F401

    from rag import RAG
    from rag.config import load_config
    from rag.embed import make_embedder
    from rag.store import load_store, read_manifest

    cfg = load_config(REPO / "config.yaml")
    embedder = make_embedder(cfg.embedder)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="store-load-"))
    out: dict[str, dict[str, float]] = {}
    try:
        base = build_base(workdir)
        for n in (int(s) for s in args.sizes.split(",")):
            ix = workdir / f"n{n}"
            if not (ix / "manifest.json").exists():
                grow(base, ix, n, "real")
            store = load_store(ix)

            reads = []
            for _ in range(args.rounds):  # a fresh store each round: nothing cached
                s = load_store(ix)
                t0 = time.perf_counter()
                _ = s.articles[s.chunks[len(s.chunks) // 2].article_id]
                reads.append(time.perf_counter() - t0)
            out[str(n)] = {
                "load_s": _median_s(lambda ix=ix: load_store(ix), args.rounds),
                "manifest_s": _median_s(lambda ix=ix: read_manifest(ix), args.rounds),
                "engine_s": _median_s(lambda s=store: RAG(cfg, embedder, s), args.rounds),
                "first_row_ms": round(1000 * statistics.median(reads), 2),
                "jsonl_mb": round(sum((ix / f).stat().st_size for f in ("chunks.jsonl", "articles.jsonl")) / 2**20, 1),
            }  # fmt: skip
        first = out[min(out, key=int)]
        for row in out.values():
            row["load_ratio"] = round(row["load_s"] / max(first["load_s"], 1e-9), 2)
        print(json.dumps(out, indent=2))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
