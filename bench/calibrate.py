"""Choose ``answer.min_confidence`` on data: the threshold that gets the most questions right.

    python bench/calibrate.py --index DIR [--dataset eval/datasets/dev.jsonl] [--config config.yaml]

Every question is answered with the threshold at 0 and its confidence recorded. A question is right
at threshold t when it is answerable, its confidence >= t and its answer contains every expected
string, or when it is unanswerable and its confidence < t. The script prints that share and the
abstention accuracy for each candidate threshold and the best one (the middle of the best interval).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def collect(index: Path, dataset: Path, config: Path) -> list[dict]:
    from eval.dataset import contains, heading_matches, load_dataset
    from rag import RAG, load_config

    cfg = load_config(config).replace(answer={"min_confidence": 0.0})
    rag = RAG.load(index, config=cfg)
    rows = []
    for q in load_dataset(dataset):
        a = rag.ask(q.question)
        rows.append(
            {
                "id": q.id,
                "group": q.group,
                "answerable": q.answerable,
                "confidence": a.confidence,
                "correct": q.answerable and all(contains(a.text, s) for s in q.answer_contains),
                "hit1": bool(a.hits) and heading_matches(a.hits[0].chunk.heading, q.relevant),
                "cited_ok": [heading_matches(c.heading, q.relevant) for c in a.citations],
            }
        )
    return rows


def sweep(rows: list[dict]) -> tuple[float, list[tuple[float, float, float]]]:
    cands = sorted({0.0, *(round(r["confidence"], 4) for r in rows), 1.01})
    table = []
    for t in cands:
        right = sum(
            (r["answerable"] and r["confidence"] >= t and r["correct"])
            or (not r["answerable"] and r["confidence"] < t)
            for r in rows
        )
        abst = sum((r["confidence"] < t) != r["answerable"] for r in rows)
        table.append((t, right / len(rows), abst / len(rows)))
    best = max(v for _, v, _ in table)
    ts = [t for t, v, _ in table if v == best]
    # the middle of the first best interval: between its threshold and the next candidate above it
    i = cands.index(ts[0])
    lo, hi = cands[i - 1] if i else 0.0, ts[0]
    return round((lo + hi) / 2, 3), table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--dataset", type=Path, default=REPO / "eval" / "datasets" / "dev.jsonl")
    ap.add_argument("--config", type=Path, default=REPO / "config.yaml")
    ap.add_argument("--json", type=Path, help="write the per-question rows here")
    args = ap.parse_args()
    rows = collect(args.index, args.dataset, args.config)
    t, table = sweep(rows)
    for thr, right, abst in table:
        if abs(thr - t) < 0.15:
            print(f"threshold {thr:.3f}: right {right:.3f}  abstention accuracy {abst:.3f}")
    n = len(rows)
    print(
        f"questions {n}; hit@1 {sum(r['hit1'] for r in rows if r['answerable']) / max(1, sum(r['answerable'] for r in rows)):.3f}; "
        f"correct if answered {sum(r['correct'] for r in rows) / max(1, sum(r['answerable'] for r in rows)):.3f}"
    )
    print(f"best min_confidence: {t}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
