"""``python -m eval run|compare --corpus DIR --dataset FILE.jsonl [--config config.yaml] ...``;
``python -m eval subset SOURCE.jsonl --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.jsonl``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rag.config import load_config
from rag.errors import RagError

OUT_DIR = Path("var/eval")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--corpus",
        action="append",
        type=Path,
        metavar="DIR",
        help="folder or file of briefings; repeat for several (default: paths.corpus of the config)",
    )
    p.add_argument(
        "--dataset",
        default="dev",
        help="JSONL dataset, or the name of a bundled one in eval/datasets/ (default: dev)",
    )
    p.add_argument("--config", type=Path, help="config.yaml to use (default: ./config.yaml)")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the JSON report here")
    p.add_argument("--markdown", type=Path, metavar="OUT", help="write the markdown report here")
    p.add_argument("-k", type=int, help="hits retrieved per question (default: eval.k, 10)")
    p.add_argument("--cache", type=Path, help="where built indexes are cached (default: eval.cache)")
    p.add_argument("--rebuild", action="store_true", help="build the indexes again even when cached")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m eval",
        description="Offline evaluation: retrieval and answer metrics over a JSONL dataset of questions.",
    )
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="evaluate the configuration as it is and print its metrics")
    _common(r)
    c = sub.add_parser("compare", help="dense, BM25, hybrid (+ re-ranker), naive baseline side by side")
    _common(c)
    c.add_argument(
        "--out",
        type=Path,
        default=OUT_DIR,
        help=f"folder for compare.json, compare.md and compare.png (default: {OUT_DIR})",
    )
    c.add_argument("--chart", type=Path, metavar="OUT", help="write the bar chart PNG here")
    c.add_argument("--configs", help="comma-separated subset: dense,bm25,hybrid,hybrid+rerank,naive")
    c.add_argument(
        "--against",
        action="append",
        type=Path,
        default=[],
        metavar="REPORT.json",
        help="an earlier run or compare JSON whose rows stay in the table (repeatable)",
    )
    s = sub.add_parser("subset", help="write the articles of a JSONL corpus dated within a range to a file")
    s.add_argument("source", type=Path, help="JSONL corpus, one article a line with a 'date'")
    s.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD", help="first day, included")
    s.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD", help="last day, included")
    s.add_argument("--out", type=Path, required=True, help="JSONL file to write (e.g. under var/)")
    return ap


def _subset(args: argparse.Namespace) -> int:
    from .subset import parse_day, write_subset

    r = write_subset(args.source, args.out, parse_day(args.start, "--from"), parse_day(args.end, "--to"))
    extra = f", {r.undated} without a date" if r.undated else ""
    print(f"wrote {r.kept} articles dated {args.start}..{args.end} to {r.out} ({r.outside} outside{extra})")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "subset":
            return _subset(args)
        from .dataset import load_dataset, resolve_dataset

        cfg = load_config(args.config)
        overrides: dict[str, object] = {}
        if args.k:
            overrides["k"] = args.k
        if args.cache:
            overrides["cache"] = str(args.cache.resolve())
        if overrides:
            cfg = cfg.replace(eval=overrides)
        corpora = args.corpus or [cfg.paths.corpus]
        dataset = resolve_dataset(args.dataset)
        questions = load_dataset(dataset)
        if args.command == "run":
            return _run(args, cfg, corpora, dataset, questions)
        return _compare(args, cfg, corpora, dataset, questions)
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


def _run(args, cfg, corpora, dataset, questions) -> int:  # type: ignore[no-untyped-def]
    from .compare import default_name
    from .report import evaluation_report, metrics_table, render_markdown, write_json, write_text
    from .runner import System, evaluate_system

    ev = evaluate_system(
        System(default_name(cfg), cfg), corpora, questions, rebuild=args.rebuild, progress=not args.quiet
    )
    report = evaluation_report(ev, dataset, corpora)
    for w in report["warnings"]:
        print(f"warning: {w}", file=sys.stderr)
    print(metrics_table({report["name"]: report["metrics"]}))
    if report["groups"]:
        print()
        print(metrics_table(report["groups"], "group", ("n",)))
    c = report["counts"]
    print(f"\n{c['questions']} questions, {c['correct']} correct, {c['errors']} errors; index {ev.index_dir}")
    if args.json:
        print(f"wrote {write_json(report, args.json)}")
    if args.markdown:
        print(f"wrote {write_text(render_markdown(report), args.markdown)}")
    return 0


def _compare(args, cfg, corpora, dataset, questions) -> int:  # type: ignore[no-untyped-def]
    from .compare import bar_chart, compare, load_previous, render_compare_markdown, table_rows
    from .report import metrics_table, write_json, write_text

    only = [s.strip() for s in args.configs.split(",")] if args.configs else None
    previous = load_previous(args.against)
    result = compare(
        corpora,
        questions,
        cfg,
        dataset,
        only=only,
        rebuild=args.rebuild,
        progress=not args.quiet,
        previous=previous,
    )
    for name, r in result["systems"].items():
        for w in r["warnings"]:
            print(f"warning [{name}]: {w}", file=sys.stderr)
    print(metrics_table(table_rows(result)))
    json_path = args.json or args.out / "compare.json"
    md_path = args.markdown or args.out / "compare.md"
    chart_path = args.chart or args.out / "compare.png"
    print(f"\nwrote {write_json(result, json_path)}")
    print(f"wrote {write_text(render_compare_markdown(result), md_path)}")
    print(f"wrote {bar_chart(result, chart_path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
