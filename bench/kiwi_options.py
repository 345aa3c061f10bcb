"""What each Kiwi construction option costs at start and what it changes in the analysis, in one run.

    python bench/kiwi_options.py CORPUS... [--runs 5] [--max-docs 300] [--dataset eval/datasets/dev.jsonl]

For every variant (the default ``Kiwi()``, then one option changed at a time, see ``VARIANTS``):

* **start**: a fresh ``python`` process imports kiwipiepy, creates the Kiwi and makes its first call
  (``tokenize("")``, where Kiwi finishes its lazy initialisation); ``--runs`` processes per variant,
  interleaved across variants so a change in the machine's load touches them all; median seconds,
  peak RSS, and the ratio to the default's median;
* **analysis**: one more process per variant installs that Kiwi as the project's process-wide one
  (``rag.korean``) and runs :func:`rag.korean.sentence_spans` over every paragraph of the corpus and
  :func:`rag.korean.analyze` over every sentence and every dataset question; the count of texts whose
  spans, terms, names or subjects differ from the default's, with a few examples.

A variant that changes nothing is a free saving; one that changes anything must also keep the answers
(``python -m eval run``) before it is used. The corpus is read with ``index.read.read_file``
(``.txt .md .html .jsonl .csv``, folders walked); ``--max-docs`` caps the documents (of all files).
Prints JSON. Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "cong-global": {"model_type": "cong-global"},
    "no_multi_dict": {"load_multi_dict": False},
    "no_typo_dict": {"load_typo_dict": False},
    "no_default_dict": {"load_default_dict": False},
}
# not a variant: num_workers=0 (one thread) refuses the batched calls sentence_spans makes
FIELDS = ("spans", "terms", "names", "subjects")


def _start(opts: dict[str, Any]) -> dict[str, float]:
    import resource

    t0 = time.perf_counter()
    from kiwipiepy import Kiwi

    t1 = time.perf_counter()
    k = Kiwi(**opts)
    t2 = time.perf_counter()
    k.tokenize("")
    t3 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "import_s": t1 - t0,
        "create_s": t2 - t1,
        "first_call_s": t3 - t2,
        "total_s": t3 - t0,
        "rss_mb": rss,
    }


def _texts(paths: list[Path], max_docs: int) -> list[str]:
    """Paragraphs (blank-line separated) of the corpus documents, in file order."""
    import logging

    from index.files import SUFFIXES
    from index.read import read_file

    logging.disable(logging.WARNING)
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES) if p.is_dir() else [p])
    out: list[str] = []
    docs = 0
    for f in files:
        for doc in read_file(f):
            if docs >= max_docs:
                return out
            docs += 1
            out.extend(p.strip() for p in doc.text.split("\n\n") if p.strip())
    return out


def _analyse(opts: dict[str, Any], texts_file: Path, questions: list[str]) -> dict[str, Any]:
    from kiwipiepy import Kiwi

    from rag import korean

    k = Kiwi(**opts)
    k.tokenize("")
    korean._kiwi = k  # the project's process-wide Kiwi, made with these options
    paragraphs = json.loads(texts_file.read_text(encoding="utf-8"))
    spans, analyses = [], []
    sentences = []
    for para in paragraphs:
        s = korean.sentence_spans(para)
        spans.append(s)
        sentences.extend(para[a:b] for a, b in s)
    t0 = time.perf_counter()
    for text in [*sentences, *questions]:
        a = korean.analyze(text)
        analyses.append([list(a.terms), list(a.names), list(a.subjects)])
    return {
        "spans": spans,
        "analyses": analyses,
        "texts": [*sentences, *questions],
        "analyse_s": time.perf_counter() - t0,
    }


def _run_json(args: list[str]) -> Any:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=REPO)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout)


def _compare(base: dict[str, Any], other: dict[str, Any], examples: int = 3) -> dict[str, Any]:
    diff = {f: 0 for f in FIELDS}
    shown: list[dict[str, Any]] = []
    diff["spans"] = sum(a != b for a, b in zip(base["spans"], other["spans"], strict=True))
    if base["texts"] != other["texts"]:  # the sentences differ: analyses are not comparable one to one
        return {**diff, "texts": len(other["texts"]), "comparable": False}
    for text, a, b in zip(base["texts"], base["analyses"], other["analyses"], strict=True):
        changed = [f for f, x, y in zip(FIELDS[1:], a, b, strict=True) if x != y]
        for f in changed:
            diff[f] += 1
        if changed and len(shown) < examples:
            shown.append({"text": text[:80], "default": a, "variant": b})
    return {**diff, "texts": len(base["texts"]), "comparable": True, "examples": shown}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5, help="start-time processes per variant")
    ap.add_argument("--max-docs", type=int, default=300, help="documents read from the corpus, at most")
    ap.add_argument("--dataset", action="append", type=Path, help="JSONL questions analysed too (repeatable)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)  # start | analyse
    ap.add_argument("--opts", default="{}", help=argparse.SUPPRESS)
    ap.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    opts = json.loads(args.opts)
    if args.worker == "start":
        print(json.dumps(_start(opts)))
        return 0
    questions = [
        json.loads(line)["question"]
        for d in args.dataset or [REPO / "eval/datasets/dev.jsonl"]
        for line in d.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if args.worker == "analyse":
        assert args.texts is not None
        print(json.dumps(_analyse(opts, args.texts, questions), ensure_ascii=False))
        return 0
    if not args.corpus:
        ap.error("give one or more corpus files or folders")
    starts: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
    for _ in range(args.runs):
        for name, o in VARIANTS.items():
            starts[name].append(_run_json(["--worker", "start", "--opts", json.dumps(o)]))
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.json"
        paragraphs = _texts(args.corpus, args.max_docs)
        texts_file.write_text(json.dumps(paragraphs, ensure_ascii=False), encoding="utf-8")
        qargs = [a for d in args.dataset or [] for a in ("--dataset", str(d))]
        analysed = {
            name: _run_json(
                ["--worker", "analyse", "--opts", json.dumps(o), "--texts", str(texts_file), *qargs]
            )
            for name, o in VARIANTS.items()
        }
    base_total = statistics.median(s["total_s"] for s in starts["default"])
    report: dict[str, Any] = {
        "runs": args.runs,
        "paragraphs": len(paragraphs),
        "questions": len(questions),
        "cpus": os.cpu_count(),
        "load_avg": os.getloadavg(),
        "variants": {},
    }
    for name, o in VARIANTS.items():
        med = {key: statistics.median(s[key] for s in starts[name]) for key in starts[name][0]}
        report["variants"][name] = {
            "options": o,
            "start_median": {k: round(v, 3) for k, v in med.items()},
            "start_ratio_to_default": round(med["total_s"] / base_total, 3),
            "analyse_s": round(analysed[name]["analyse_s"], 3),
            "differs_from_default": _compare(analysed["default"], analysed[name]),
        }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
