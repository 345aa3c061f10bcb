"""Reports: a JSON dict (config, index manifest, metrics, per group, per question) and markdown that
lists failures first, each with what was retrieved."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rag.config import Config

from . import figures
from .metrics import METRIC_NAMES, Outcome, by_group, counts, summarize
from .runner import Evaluation

SHORT = {
    "answer_accuracy": "answer_acc",
    "citation_precision": "cite_prec",
    "abstention_accuracy": "abstain_acc",
    "wrong_entity_rate": "wrong_entity",
    "date_accuracy": "date_acc",
}


def jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (Path, os.PathLike)):
        return os.fspath(obj)
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    return obj


def code_version() -> str | None:
    """The git commit of the code that ran, with ``+dirty`` when rag/, index/ or eval/ have uncommitted
    changes; ``None`` outside a git checkout."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "rag", "index", "eval"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+dirty" if dirty else "") if head else None


def config_dict(cfg: Config) -> dict[str, Any]:
    return jsonable(cfg)


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(float(x), nd)


def question_record(o: Outcome) -> dict[str, Any]:
    q = o.question
    return {
        "id": q.id,
        "question": q.question,
        "group": q.group,
        "answerable": q.answerable,
        "relevant": list(q.relevant),
        "answer_contains": list(q.answer_contains),
        "entity": list(q.entity),
        "date": q.date,
        "extra": jsonable(q.extra),
        "answer": o.answer,
        "abstained": o.abstained,
        "confidence": _r(o.confidence),
        "citations": [
            {
                "marker": c.marker,
                "heading": c.heading,
                "title": c.title,
                "date": c.date,
                "relevant": o.citation_relevant(c),
                "quote": c.quote,
            }
            for c in o.citations
        ],
        "first_relevant_rank": o.first_relevant_rank,
        "relevant_sections": len(o.relevant_sections),
        "correct": o.correct,
        "entity_ok": o.entity_ok,
        "date_ok": o.date_ok,
        "missing": list(o.missing) if q.answerable else [],
        "latency_ms": _r(o.latency_ms, 2),
        "error": o.error,
        "retrieved": [
            {
                "rank": r.rank,
                "heading": r.heading,
                "date": r.date,
                "relevant": r.section in o.relevant_sections,
                "score": _r(r.score, 6),
            }
            for r in o.retrieved
        ],
    }


def evaluation_report(ev: Evaluation, dataset: str | os.PathLike[str], corpora: list[Path]) -> dict[str, Any]:
    return {
        "name": ev.system.name,
        "baseline": ev.system.baseline,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "code": code_version(),
        "quantities": figures.BACKEND,  # which parser the number-aware answer_contains used
        "dataset": os.fspath(dataset),
        "corpora": [os.fspath(c) for c in corpora],
        "index_dir": os.fspath(ev.index_dir),
        "seconds": round(ev.seconds, 2),
        "metrics": {k: _r(v) for k, v in summarize(ev.outcomes).items()},
        "counts": counts(ev.outcomes),
        "groups": {
            g: {k: _r(v) if k != "n" else v for k, v in m.items()} for g, m in by_group(ev.outcomes).items()
        },
        "warnings": list(ev.warnings),
        "config": config_dict(ev.system.config),
        "manifest": ev.manifest,
        "questions": [question_record(o) for o in ev.outcomes],
    }


# -- text ---------------------------------------------------------------------------------------------
def fmt(name: str, value: Any) -> str:
    if value is None:
        return "n/a"
    if name.startswith("latency"):
        return f"{value:.0f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def metrics_table(rows: dict[str, dict[str, Any]], first: str = "config", extra: tuple[str, ...] = ()) -> str:
    """A markdown table: one row per entry of ``rows``, one column per metric."""
    cols = [*extra, *METRIC_NAMES]
    head = [first, *(SHORT.get(c, c) for c in cols)]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * len(cols)) + "|"]
    for name, m in rows.items():
        lines.append("| " + " | ".join([name, *(fmt(c, m.get(c)) for c in cols)]) + " |")
    return "\n".join(lines)


def failure_reasons(q: dict[str, Any]) -> list[str]:
    out = []
    if q["error"]:
        out.append(f"error ({q['error']})")
    judged = q["answerable"] and q["relevant"]
    if judged and (q["first_relevant_rank"] is None or q["first_relevant_rank"] > 5):
        out.append(
            "retrieval miss" + (f" (rank {q['first_relevant_rank']})" if q["first_relevant_rank"] else "")
        )
    if q["answerable"] and q["abstained"]:
        out.append("abstained")
    elif q["answerable"] and q["missing"] and not q["error"]:
        out.append("answer lacks " + ", ".join(repr(s) for s in q["missing"]))
    if not q["answerable"] and not q["abstained"] and not q["error"]:
        out.append("should have abstained")
    if q.get("entity_ok") is False:
        out.append("quotes none of " + ", ".join(q["entity"]))
    if q.get("date_ok") is False:
        lead = min(q["citations"], key=lambda c: c["marker"]) if q["citations"] else None
        cited = lead["date"] if lead else None
        out.append(f"cites {cited or 'nothing'}, not {q['date']}")
    return out


def _question_md(q: dict[str, Any], reasons: list[str]) -> list[str]:
    group = f" · {q['group']}" if q.get("group") else ""
    lines = [f"### {q['id']}{group}: {'; '.join(reasons)}", "", f"- question: {q['question']}"]
    if q["answerable"]:
        exp = f"relevant {q['relevant']}" if q["relevant"] else "relevant not given"
        if q["answer_contains"]:
            exp += f"; answer contains {q['answer_contains']}"
        if q.get("date"):
            exp += f"; from {q['date']}"
        lines.append(f"- expected: {exp}")
    else:
        lines.append("- expected: abstention")
    answer = q["answer"].replace("\n", " ")
    conf = f", confidence {q['confidence']:.3f}" if q["confidence"] is not None else ""
    state = "abstained" if q["abstained"] else "answered"
    lines.append(f"- answer ({state}{conf}): {answer}")
    for c in q["citations"]:
        where = c["heading"] if c["title"] in ("", c["heading"]) else f"{c['title']} › {c['heading']}"
        lines.append(f"  - [{c['marker']}] {'✓' if c['relevant'] else '✗'} {where} ({c['date'] or '-'})")
    if q["retrieved"]:
        lines.append(f"- retrieved (first relevant at rank {q['first_relevant_rank'] or '-'}):")
        for r in q["retrieved"][:5]:
            lines.append(
                f"  {r['rank']}. {'✓' if r['relevant'] else ' '} {r['heading']} ({r['date'] or '-'})"
            )
    lines.append("")
    return lines


def render_markdown(report: dict[str, Any], title: str | None = None) -> str:
    c, m = report["counts"], report["manifest"]
    corpora = ", ".join(f"`{x}`" for x in report["corpora"])
    lines = [
        f"# {title or 'Evaluation: ' + report['name']}",
        "",
        f"- dataset: `{report['dataset']}`: {c['questions']} questions ({c['unanswerable']} unanswerable), "
        f"{c['correct']} correct, {c['errors']} errors",
        f"- corpora: {corpora}; index: {m['counts']['articles']} articles, "
        f"{m['counts']['chunks']} chunks, {m['embedder']['backend']}/{m['embedder']['model']}",
        f"- retrieval: mode {report['config']['retrieval']['mode']}, k={report['config']['eval']['k']}; "
        f"code {report.get('code') or 'unknown'}",
        "",
        "## Metrics",
        "",
        metrics_table({report["name"]: report["metrics"]}),
        "",
    ]
    if report["groups"]:
        lines += ["## By group", "", metrics_table(report["groups"], "group", ("n",)), ""]
    if report["warnings"]:
        lines += ["## Warnings", "", *(f"- {w}" for w in report["warnings"]), ""]
    lines += failures_markdown(report)
    return "\n".join(lines)


def failures_markdown(report: dict[str, Any]) -> list[str]:
    fails = [(q, r) for q in report["questions"] if (r := failure_reasons(q)) or not q["correct"]]
    lines = [f"## Failures ({len(fails)})", ""]
    for q, reasons in fails:
        lines += _question_md(q, reasons or ["incorrect"])
    passed = [q for q in report["questions"] if q["correct"] and not failure_reasons(q)]
    lines += [
        f"## Passed ({len(passed)})",
        "",
        "| id | group | first relevant rank | latency ms | answer |",
        "|---|---|---:|---:|---|",
    ]
    for q in passed:
        ans = q["answer"].replace("\n", " ").replace("|", "\\|")
        ans = ans if len(ans) <= 80 else ans[:77] + "…"
        lines.append(
            f"| {q['id']} | {q.get('group') or ''} | {q['first_relevant_rank'] or '-'} | "
            f"{fmt('latency', q['latency_ms'])} | {ans} |"
        )
    lines.append("")
    return lines


def write_json(obj: Any, path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(jsonable(obj), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return p


def write_text(text: str, path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return p


__all__ = [
    "evaluation_report",
    "render_markdown",
    "metrics_table",
    "failures_markdown",
    "failure_reasons",
    "write_json",
    "write_text",
    "jsonable",
]
