"""What loading an index costs at scale, and the share of it its checks take.

    python bench/store_load.py [--copies 300] [--rounds 5]

Builds an index of tests/fixtures/briefings, then writes a synthetic one with ``index.write``: its
articles and chunks repeated ``--copies`` times (new ids, sentence offsets and source names; random
unit vectors, so nothing is encoded). Times, as medians over ``--rounds``: ``rag.store.load_store``
whole, and the checks it makes on top of parsing (the SHA-256 of the two JSONL files, and
``store_checks.consistency_problem``). Prints JSON. Read ratios, not absolute times: the machine is shared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def synthetic(src: Path, out: Path, copies: int) -> None:
    from index.write import write_index
    from rag.store import load_store

    base = load_store(src)
    arts = [json.loads(ln) for ln in (src / "articles.jsonl").read_text(encoding="utf-8").split("\n") if ln]
    recs = [json.loads(ln) for ln in (src / "chunks.jsonl").read_text(encoding="utf-8").split("\n") if ln]
    articles, chunks, offset = [], [], 0
    for n in range(copies):
        for a in arts:
            articles.append(dict(a, id=f"{a['id']}-{n}", source=f"{a['source']}#{n}"))
        for r in recs:
            chunks.append(dict(r, id=len(chunks), article_id=f"{r['article_id']}-{n}", sent_offset=offset))
            offset += len(r["sentences"])
    rng = np.random.default_rng(0)
    dim = base.vectors.shape[1]

    def unit(rows: int) -> np.ndarray:
        v = rng.standard_normal((rows, dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    manifest = dict(base.manifest)
    manifest["counts"] = {"sources": copies, "articles": len(articles), "chunks": len(chunks), "sentences": offset}
    manifest["sources"] = {
        f"copy-{n}": {"sha256": "0" * 64, "article_ids": [f"{a['id']}-{n}" for a in arts]} for n in range(copies)
    }
    write_index(out, manifest, articles, chunks, unit(len(chunks)), unit(offset))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    from index import build_index
    from rag import store as fmt
    from rag.config import load_config
    from rag.store_checks import consistency_problem

    cfg = load_config(REPO / "config.yaml").replace(embedder={"cache": "none"})
    with tempfile.TemporaryDirectory() as tmp:
        build_index([REPO / "tests/fixtures/briefings"], Path(tmp) / "small", cfg, progress=False)
        big = Path(tmp) / "big"
        synthetic(Path(tmp) / "small", big, args.copies)
        loads, hashes, checks = [], [], []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            store = fmt.load_store(big)
            loads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            for name in (fmt.ARTICLES, fmt.CHUNKS):
                hashlib.sha256((big / name).read_bytes()).hexdigest()
            hashes.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            consistency_problem(
                store.manifest, store.articles, store.chunks, store.extras, store.vectors,
                store.sentence_vectors, store.faiss_index,
            )  # fmt: skip
            checks.append(time.perf_counter() - t0)
        mb = sum((big / n).stat().st_size for n in (fmt.ARTICLES, fmt.CHUNKS)) / 2**20
        load, extra = statistics.median(loads), statistics.median(hashes) + statistics.median(checks)
        print(
            json.dumps(
                {
                    "chunks": len(store.chunks),
                    "articles": len(store.articles),
                    "jsonl_mb": round(mb, 1),
                    "load_s": round(load, 3),
                    "sha256_s": round(statistics.median(hashes), 3),
                    "consistency_s": round(statistics.median(checks), 3),
                    "checks_share": round(extra / load, 3),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
