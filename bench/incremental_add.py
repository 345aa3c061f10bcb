"""Adding one briefing to an index of N chunks: the append (index/append.py) against a full rewrite.

    python bench/incremental_add.py [--sizes 1000 10000] [--rounds 2] [--faiss flat|hnsw] [--workdir DIR]
                                    [--json OUT]

Indexes of N chunks are grown as bench/grow_index.py grows them (a real base index built once from
tests/fixtures/briefings and data/briefings, its articles repeated with shifted dates and four
outlets; chunk vectors: the real ones plus noise, sentence vectors the real rows repeated: nothing
encoded; ``--faiss hnsw``: the same with an HNSW ``dense.faiss``, as bench/grow_index.py's
``hnsw_copy`` makes it). Each round copies the grown index (hard links: a build never writes a file
in place) and builds it with one new briefing (data/briefings' last file under a new name), once
appending and once with the append path turned off (``appendable`` patched to False: the full
rewrite every build did before, which also reads every record of the index), the two in
alternating order. The briefing's texts are encoded once beforehand into an embedding cache in the
work folder, so both builds read their vectors from it and the encoder's time is no part of either.

Per size and mode: build seconds (median of rounds), bytes the build wrote (``wchar`` of
/proc/self/io: bytes handed to write calls, hard links cost none) and the sizes of the files it
made (``new_files_mb``: files with one link, by kind), the load of the index after (``load_store``
seconds), and the ratios full / append measured in the same run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from _common import REPO, emit, load, parser

NEW_FILE = REPO / "data" / "briefings" / "sample-biz-2025-11-27-global-biz-briefing.txt"


def _wchar() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    return 0


def _one(grown: Path, work: Path, new: Path, cfg: Any, embedder: Any, append: bool) -> dict[str, float]:
    import index.build as build
    from index import build_index
    from rag.store import load_store

    ix = work / ("append" if append else "full")
    shutil.rmtree(ix, ignore_errors=True)
    shutil.copytree(grown, ix, copy_function=os.link)
    real = build.appendable
    if not append:
        build.appendable = lambda *a, **k: False  # type: ignore[assignment]
    try:
        w0, t0 = _wchar(), time.perf_counter()
        report = build_index([new], ix, cfg, embedder=embedder, progress=False)
        seconds, written = time.perf_counter() - t0, _wchar() - w0
    finally:
        build.appendable = real  # type: ignore[assignment]
    assert report.added == [str(new.resolve())], report.to_dict()
    t0 = time.perf_counter()
    store = load_store(ix)
    load_s = time.perf_counter() - t0
    new_mb = {"dense.faiss": 0.0, "records, vectors, BM25 (+HNSW)": 0.0, "arrays, summary, manifest": 0.0}
    for p in ix.rglob("*"):
        if p.is_file() and p.stat().st_nlink == 1:  # written by this build (the others are links)
            part = p.relative_to(ix).parts[0]
            group = (
                "dense.faiss"
                if part == "dense.faiss"
                else "arrays, summary, manifest"
                if part in ("arrays", "summary.json", "manifest.json")
                else "records, vectors, BM25 (+HNSW)"
            )
            new_mb[group] += p.stat().st_size / 1e6
    return {
        "build_s": seconds,
        "written_mb": written / 1e6,
        **{f"new_files_mb[{k}]": v for k, v in new_mb.items()},
        "load_s": load_s,
        "segments": len(store.manifest["segments"]),
        "chunks": store.manifest["counts"]["chunks"],
    }


def main() -> None:
    ap = parser(__doc__, config=True)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/bench-incremental-add"))
    ap.add_argument("--faiss", choices=["flat", "hnsw"], default="flat", help="the grown indexes' FAISS kind")
    args = ap.parse_args()
    from grow_index import build_base, grow, hnsw_copy

    from rag.embed import make_embedder

    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    cfg = load(args).replace(embedder={"cache": str(work / "embedding-cache")}, index={"faiss": args.faiss})
    embedder = make_embedder(cfg.embedder)
    base = build_base(work)
    new = work / "new" / "added-briefing.txt"
    new.parent.mkdir(exist_ok=True)
    new.write_bytes(NEW_FILE.read_bytes())
    from index import build_index

    build_index([new], work / f"warm-{args.faiss}", cfg, embedder=embedder, progress=False)  # fills the cache
    result: dict[str, Any] = {"rounds": args.rounds, "file": NEW_FILE.name, "faiss": args.faiss, "sizes": {}}
    for n in args.sizes:
        grown = work / f"grown-{n}"
        if not (grown / "manifest.json").exists():
            grow(base, grown, n, "real")
        if args.faiss == "hnsw":
            if not (work / f"grown-{n}-hnsw" / "manifest.json").exists():
                hnsw_copy(grown, work / f"grown-{n}-hnsw")
            grown = work / f"grown-{n}-hnsw"
        runs: dict[str, list[dict[str, float]]] = {"append": [], "full": []}
        for r in range(args.rounds):
            for mode in ("append", "full") if r % 2 == 0 else ("full", "append"):
                runs[mode].append(_one(grown, work / f"run-{n}", new, cfg, embedder, mode == "append"))
        med = {mode: {k: statistics.median(x[k] for x in rs) for k in rs[0]} for mode, rs in runs.items()}
        med["ratio_full_over_append"] = {
            k: med["full"][k] / max(med["append"][k], 1e-9) for k in ("build_s", "written_mb", "load_s")
        }
        result["sizes"][str(n)] = med
        shutil.rmtree(work / f"run-{n}", ignore_errors=True)
    emit(result, args.json)


if __name__ == "__main__":
    main()
