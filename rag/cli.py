"""``python -m rag ask "질문" [--index DIR] [-k N] [--date-from/--date-to YYYY-MM-DD] [--source S] [--json]``"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

from .config import load_config
from .errors import RagError
from .korean import kiwi
from .retrieve import Filters, index_scope
from .store import Store


def nothing_matches(filters: Filters, store: Store) -> str:
    """One line: the filter matched no briefing, and what the index has instead."""
    asked = [
        f"{flag} {value}"
        for flag, value in (
            ("--source", filters.source),
            ("--date-from", filters.date_from),
            ("--date-to", filters.date_to),
        )
        if value
    ]
    outlets, first, last = index_scope(store)
    dates = f"published {first} to {last}" if first else "none of them dated"
    return (
        f"no briefing in the index matches {' '.join(asked)}: it holds {', '.join(outlets)} "
        f"(--source matches an outlet or any part of a file path), {dates}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rag", description="Ask the briefing index a question.")
    sub = ap.add_subparsers(dest="command", required=True)
    a = sub.add_parser("ask", help="answer one question with citations")
    a.add_argument("question", help='e.g. "메타 채권 금리는?"; - reads it from standard input')
    a.add_argument("--index", type=Path, help="index directory (default: paths.index of the config)")
    a.add_argument("--config", type=Path, help="config.yaml to use (default: ./config.yaml)")
    a.add_argument("-k", type=int, help="number of hits to retrieve (default: retrieval.k)")
    a.add_argument("--mode", choices=["hybrid", "dense", "bm25"], help="retriever (default: retrieval.mode)")
    a.add_argument("--date-from", help="only briefings published on or after YYYY-MM-DD")
    a.add_argument("--date-to", help="only briefings published on or before YYYY-MM-DD")
    a.add_argument("--source", help="only briefings whose path or outlet contains this")
    a.add_argument("--json", action="store_true", help="print the answer as JSON")
    args = ap.parse_args(argv)
    if args.k is not None and args.k < 1:
        print(f"error: -k {args.k}: give 1 or more (the number of sections to retrieve)", file=sys.stderr)
        return 2
    try:
        from .api import RAG

        question = sys.stdin.read() if args.question == "-" else args.question
        cfg = load_config(args.config)
        given = {"date_from": args.date_from, "date_to": args.date_to, "source": args.source}
        filters = Filters.parse(given) if any(given.values()) else None  # bad dates: before loading
        t0 = time.perf_counter()
        rag = RAG.load(args.index or cfg.paths.index, config=cfg)
        t1 = time.perf_counter()
        if filters is not None and not filters.mask(rag.store).any():
            print(f"error: {nothing_matches(filters, rag.store)}", file=sys.stderr)
            return 2
        rag.validate_question(question)  # an empty or too long question is refused before Kiwi starts
        kiwi()  # started here, not inside the question, so its start is not counted as retrieval
        t2 = time.perf_counter()
        answer = rag.ask(question, k=args.k, mode=args.mode, filters=filters)
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    # what this process paid once before it could answer: the index and embedder, then Kiwi
    load = {"load_ms": (t1 - t0) * 1000, "kiwi_ms": (t2 - t1) * 1000}
    answer = dataclasses.replace(answer, timings={**answer.timings, **load})
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    for c in answer.citations:
        spans = ",".join(f"{s}-{e}" for s, e in c.sentence_spans)  # offsets into the decoded text
        print(f"  [{c.marker}] {c.heading} — {c.title} ({c.date or '날짜 없음'}) {c.source}:{spans}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
