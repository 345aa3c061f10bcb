"""``ask()`` at scale: load time, memory and search latency of indexes grown to 1k, 10k, 100k chunks.

    python bench/ask_scale.py [--sizes 1000,10000,100000] [--million] [--queries 60]
                              [--vectors real|random] [--workdir DIR] [--json OUT]

How the indexes are grown: see bench/grow_index.py (a real base index repeated to N chunks, real
vectors plus noise, dates over a year, four outlets).

Each size is measured in a fresh process, since memory is per process: ``load_s`` (``load_store``
of the flat directory), ``engine_s`` (what ``RAG.load`` adds: the retriever and the answerer),
``rss_mb_after_load`` (``anon``: the process's own; ``file``: mapped index pages), ``faiss_load_ms``
of each kind, ``rss_mb_after_hnsw_read``; then every question (chunk
headings of the grown index) is asked under every variant in turn, the order rotated per question,
so a change in the machine's load touches all: flat and HNSW, each unfiltered, with a date filter of
30 and of 240 days and a source filter. Per variant: ``dense_ms`` p50/p95 (``Retriever.dense``, 50
candidates, question vector given), ``ask_ms`` p50/p95 (``RAG.ask`` whole: embedding, hybrid
retrieval, re-rank, answer), ``mask_ms`` (``Filters.mask``) and, for HNSW, ``recall@50`` against the
exact search with the same filter. Ratios divide by the flat, unfiltered figure of the same size,
same run. 1M chunks (``--million``) runs only when the disk has room for it (about
:data:`DISK_BYTES_PER_CHUNK` a chunk); otherwise it is skipped with a message. ``rss_mb_after_questions``
counts the index pages the questions mapped in (``file``: a flat search reads every chunk vector),
which the kernel drops under memory pressure; ``anon`` is what the process holds itself. The machine is shared: read the ratios,
and the load average printed with them.
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
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from grow_index import build_base, grow, hnsw_copy  # noqa: E402 (bench/ is on the path as the script's folder)

FILTERS: dict[str, dict[str, Any]] = {"none": {}, "date_30d": {"days": 30}, "date_240d": {"days": 240}}
FILTERS["source"] = {"source": "SBS"}
# disk a grown chunk takes, flat and HNSW copies together (measured at 100k: records ~8 KB, sentence
# vectors ~9 KB, chunk vectors 1.5 KB in each of vectors.npy, the flat and the HNSW dense.faiss, BM25)
DISK_BYTES_PER_CHUNK = 24_000


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _rss() -> dict[str, float]:
    return {
        k: round(_status_kb(f) / 1024, 1)
        for k, f in (("rss", "VmRSS"), ("anon", "RssAnon"), ("file", "RssFile"))
    }


def _pct(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)
    return {
        "p50": round(statistics.median(xs), 3),
        "p95": round(xs[min(len(xs) - 1, int(0.95 * len(xs)))], 3),
    }


# -- measuring one index, in its own process -------------------------------------------------------
def _filters(f: dict[str, Any], newest: date) -> dict[str, Any] | None:
    if "days" in f:
        return {"date_from": newest - timedelta(days=f["days"] - 1), "date_to": newest}
    return dict(f) or None


def measure(flat_dir: Path, hnsw_dir: Path, queries: int) -> dict[str, Any]:
    """One size, in this process: load ``flat_dir``, read ``hnsw_dir``'s FAISS index beside it, then
    ask every question under every variant in turn (so a change in the machine's load touches all)."""
    import dataclasses

    import faiss

    from rag import RAG
    from rag.config import load_config
    from rag.embed import make_embedder
    from rag.korean import morphemes
    from rag.retrieve import Filters
    from rag.store import load_store

    cfg = load_config(REPO / "config.yaml")
    embedder = make_embedder(cfg.embedder)
    morphemes("워밍업 문장입니다")  # Kiwi's start is not the index's
    before = _rss()
    t0 = time.perf_counter()
    store = load_store(flat_dir)
    out: dict[str, Any] = {"chunks": len(store.chunks), "load_s": round(time.perf_counter() - t0, 3)}
    t0 = time.perf_counter()
    RAG(cfg, embedder, store)  # what RAG.load adds to the store: the retriever and the answerer
    out["engine_s"] = round(time.perf_counter() - t0, 3)
    out["rss_mb_after_load"] = _delta(before)
    indexes, faiss_ms = {}, {}
    for kind, d in (("flat", flat_dir), ("hnsw", hnsw_dir)):
        t0 = time.perf_counter()
        indexes[kind] = faiss.read_index(
            str(d / "dense.faiss"), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY
        )
        faiss_ms[kind] = round((time.perf_counter() - t0) * 1000, 2)
    out["faiss_load_ms"] = faiss_ms
    out["rss_mb_after_hnsw_read"] = _delta(before)
    rags = {
        kind: RAG(cfg, embedder, dataclasses.replace(store, faiss_index=ix)) for kind, ix in indexes.items()
    }
    retrievers = {kind: r._engine.retriever for kind, r in rags.items()}
    questions = sorted({c.heading for c in store.chunks[:2000] if c.heading})
    questions = (questions * (queries // max(1, len(questions)) + 1))[:queries]
    newest = max(retrievers["flat"].dates)
    flts = {name: _filters(spec, newest) for name, spec in FILTERS.items()}
    variants = [(kind, name) for kind in rags for name in FILTERS]
    times: dict[tuple[str, str], dict[str, list[float]]] = {
        v: {"mask": [], "dense": [], "ask": []} for v in variants
    }
    recall: dict[str, list[float]] = {name: [] for name in FILTERS}
    kept: dict[str, float] = {}
    for warm in questions[:3]:  # one-off costs (first BM25 and Kiwi calls) are not the index's
        for kind, name in variants:
            rags[kind].ask(warm, filters=flts[name])
    for i, q in enumerate(questions):
        qvec = embedder.embed_query(q)
        got: dict[tuple[str, str], list[int]] = {}
        for kind, name in variants[i % len(variants) :] + variants[: i % len(variants)]:
            t = times[(kind, name)]
            t0 = time.perf_counter()
            flt = Filters.parse(flts[name])
            mask = flt.mask(rags[kind].store) if flt else None
            t["mask"].append((time.perf_counter() - t0) * 1000)
            kept[name] = float(mask.mean()) if mask is not None else 1.0
            t0 = time.perf_counter()
            got[(kind, name)] = [c for c, _ in retrievers[kind].dense(qvec, 50, mask)]
            t["dense"].append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            rags[kind].ask(q, filters=flts[name])
            t["ask"].append((time.perf_counter() - t0) * 1000)
        for name in FILTERS:  # flat is exact: HNSW's recall@50 is its share of flat's candidates
            exact = set(got[("flat", name)])
            recall[name].append(len(exact & set(got[("hnsw", name)])) / max(1, len(exact)))
    for kind, name in variants:
        row = {"kept": round(kept[name], 3)} | {f"{k}_ms": _pct(v) for k, v in times[(kind, name)].items()}
        if kind == "hnsw":
            row["recall@50"] = round(statistics.mean(recall[name]), 3)
        out.setdefault(kind, {})[name] = row
    out["rss_mb_after_questions"] = _delta(before)
    return out


def _delta(before: dict[str, float]) -> dict[str, float]:
    return {k: round(v - before[k], 1) for k, v in _rss().items()}


def _child(flat_dir: Path, hnsw_dir: Path, queries: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--measure", str(flat_dir), str(hnsw_dir), "--queries", str(queries)]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if r.returncode != 0:
        raise SystemExit(f"measuring {flat_dir} failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def _ratios(m: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Each variant's p50 over flat unfiltered's, for dense search and for the whole ask()."""
    base = m["flat"]["none"]
    return {
        f"{kind}/{name}": {
            what: round(row[f"{what}_ms"]["p50"] / max(base[f"{what}_ms"]["p50"], 1e-6), 2)
            for what in ("dense", "ask")
        }
        for kind in ("flat", "hnsw")
        for name, row in m[kind].items()
    }


def _mem_available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--million", action="store_true", help="also 1,000,000 chunks, when memory allows")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--vectors", choices=["real", "random"], default="real")
    ap.add_argument("--workdir", type=Path, help="where the grown indexes go (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="also write the report here")
    ap.add_argument("--keep", action="store_true", help="keep the grown indexes in --workdir")
    ap.add_argument("--measure", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(*args.measure, args.queries)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ask-scale-"))
    report: dict[str, Any] = {"vectors": args.vectors, "queries": args.queries, "sizes": {}, "skipped": []}
    report["loadavg_start"] = os.getloadavg()
    base = build_base(workdir)
    if args.million:
        sizes.append(1_000_000)
    try:
        for n in sizes:
            if n >= 1_000_000:
                need_gb = n * DISK_BYTES_PER_CHUNK / 2**30
                free_gb = shutil.disk_usage(workdir).free / 2**30
                if need_gb > 0.9 * free_gb:
                    msg = f"{n:,} chunks skipped: ~{need_gb:,.0f} GB of disk needed, {free_gb:,.0f} GB free"
                    print(msg, file=sys.stderr)
                    report["skipped"].append(msg)
                    continue
            flat_dir, hnsw_dir = workdir / f"n{n}-flat", workdir / f"n{n}-hnsw"
            t0 = time.perf_counter()
            grow(base, flat_dir, n, args.vectors)
            grow_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            hnsw_copy(flat_dir, hnsw_dir)
            hnsw_s = time.perf_counter() - t0
            m = _child(flat_dir, hnsw_dir, args.queries)
            m |= {"write_s": round(grow_s, 1), "hnsw_build_s": round(hnsw_s, 1)}
            m["ratios_to_flat_unfiltered"] = _ratios(m)
            report["sizes"][str(n)] = m
            print(json.dumps({n: report["sizes"][str(n)]["ratios_to_flat_unfiltered"]}), file=sys.stderr)
            if not args.keep:
                shutil.rmtree(hnsw_dir, ignore_errors=True)
                shutil.rmtree(flat_dir, ignore_errors=True)
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report["loadavg_end"] = os.getloadavg()
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
