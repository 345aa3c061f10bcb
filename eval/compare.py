"""Several configurations over the same dataset in one run: one table, one JSON file, one bar chart.

The configurations: dense only, BM25 only, hybrid, hybrid with the re-ranker (only when the config
names one), and the naive baseline (fixed-size character windows, dense only; see ``baseline.py``).
The first three share one index; only retrieval differs.

Earlier runs stay in the table: ``--against report.json`` (a ``run`` report or a ``compare.json``,
repeatable) adds each configuration it holds as a row labelled ``<name> @<code version>``, so the answerer
of an earlier commit sits beside the current one without being run again.
"""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rag.config import Config
from rag.embed import make_embedder
from rag.errors import RagError

from .dataset import Question
from .metrics import METRIC_NAMES
from .report import SHORT, evaluation_report, failures_markdown, fmt, metrics_table
from .runner import System, evaluate_system

_RERANK_WORDS = ("rerank",)  # the config key that switches re-ranking on (retrieval.rerank)


class ReportError(RagError):
    """An earlier report given to ``--against`` cannot be read."""


def rerank_setting(cfg: Config) -> tuple[str, str] | None:
    """``(section, key)`` of the config key that switches re-ranking on, if this config has one."""
    for f in dataclasses.fields(cfg):
        sub = getattr(cfg, f.name)
        if not dataclasses.is_dataclass(sub):
            continue
        names = [g.name for g in dataclasses.fields(sub)]
        if any(w in f.name for w in _RERANK_WORDS):  # a whole section, e.g. rerank: {enabled, model}
            for key in ("enabled", "model"):
                if key in names:
                    return f.name, key
        for name in names:
            if any(w in name for w in _RERANK_WORDS):
                return f.name, name
    return None


_OFF = ("", "none", "off", "false", "no", "0")


def rerank_configured(cfg: Config) -> bool:
    where = rerank_setting(cfg)
    if not where:
        return False
    value = getattr(getattr(cfg, where[0]), where[1])
    return bool(value) and not (isinstance(value, str) and value.strip().lower() in _OFF)


def without_rerank(cfg: Config) -> Config:
    """``cfg`` with re-ranking switched off (``none`` for a string switch, false/None otherwise)."""
    where = rerank_setting(cfg)
    if not where or not rerank_configured(cfg):
        return cfg
    value = getattr(getattr(cfg, where[0]), where[1])
    off: Any = "none" if isinstance(value, str) else False if isinstance(value, bool) else None
    return cfg.replace(**{where[0]: {where[1]: off}})


def systems(cfg: Config) -> list[System]:
    base = without_rerank(cfg)
    out = [System(mode, base.replace(retrieval={"mode": mode})) for mode in ("dense", "bm25", "hybrid")]
    if rerank_configured(cfg):
        out.append(System("hybrid+rerank", cfg.replace(retrieval={"mode": "hybrid"})))
    chars = cfg.eval.baseline_chunk_chars
    out.append(System(f"naive-{chars}ch-dense", base.replace(retrieval={"mode": "dense"}), baseline=True))
    return out


def default_name(cfg: Config) -> str:
    if cfg.retrieval.mode == "hybrid" and rerank_configured(cfg):
        return "hybrid+rerank"
    return cfg.retrieval.mode


def load_previous(paths: list[Path]) -> dict[str, dict[str, Any]]:
    """The configurations of earlier reports, by row label: metrics, groups, counts, where they came from."""
    out: dict[str, dict[str, Any]] = {}
    for p in paths:
        try:
            data = json.loads(Path(p).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise ReportError(f"cannot read the earlier report {p} ({e}): pass a run or compare JSON") from e
        if isinstance(data, dict) and isinstance(data.get("systems"), dict):
            reports = data["systems"]
        elif isinstance(data, dict) and "metrics" in data and "name" in data:
            reports = {data["name"]: data}
        else:
            raise ReportError(f"{p} is not a report of `python -m eval run --json` or `compare`")
        for name, r in reports.items():
            label = f"{name} @{r.get('code') or Path(p).stem}"
            out[label] = {
                "file": os.fspath(p),
                "dataset": r.get("dataset"),
                "code": r.get("code"),
                "created": r.get("created"),
                "metrics": dict(r.get("metrics", {})),
                "groups": dict(r.get("groups", {})),
                "counts": dict(r.get("counts", {})),
            }
    return out


def compare(
    corpora: list[Path],
    questions: list[Question],
    cfg: Config,
    dataset: str | os.PathLike[str],
    only: list[str] | None = None,
    rebuild: bool = False,
    progress: bool = True,
    previous: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    chosen = [s for s in systems(cfg) if not only or s.name in only or s.name.split("-")[0] in only]
    embedder = make_embedder(cfg.embedder)
    reports = {}
    for s in chosen:
        ev = evaluate_system(s, corpora, questions, embedder=embedder, rebuild=rebuild, progress=progress)
        reports[s.name] = evaluation_report(ev, dataset, corpora)
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "dataset": os.fspath(dataset),
        "corpora": [os.fspath(c) for c in corpora],
        "default": default_name(cfg),
        "table": {name: r["metrics"] for name, r in reports.items()},
        "systems": reports,
        "previous": previous or {},
    }


def table_rows(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """This run's configurations (the default marked), then the earlier reports' rows."""
    rows = {
        (f"{name} (default)" if name == result["default"] else name): m for name, m in result["table"].items()
    }
    rows.update({label: p["metrics"] for label, p in result.get("previous", {}).items()})
    return rows


def render_compare_markdown(result: dict[str, Any]) -> str:
    reports = result["systems"]
    first = next(iter(reports.values()))
    c = first["counts"]
    lines = [
        "# Evaluation: configurations compared",
        "",
        f"- dataset: `{result['dataset']}`: {c['questions']} questions ({c['unanswerable']} unanswerable)",
        f"- corpora: {', '.join(f'`{x}`' for x in result['corpora'])}",
        f"- default configuration: **{result['default']}**",
    ]
    previous = result.get("previous", {})
    for label, p in previous.items():
        same = Path(p["dataset"] or "").name == Path(result["dataset"]).name
        note = "" if same else f" (**other dataset**: `{p['dataset']}`)"
        lines.append(f"- earlier run `{label}`: `{p['file']}`, created {p['created'] or '?'}{note}")
    lines += ["", metrics_table(table_rows(result)), ""]
    columns = {**reports, **previous}
    groups = sorted({g for r in columns.values() for g in r["groups"]})
    for metric in ("hit@5", "answer_accuracy", "abstention_accuracy", "wrong_entity_rate", "date_accuracy"):
        if not groups:
            break
        lines += [
            f"## {metric} by group",
            "",
            "| group | n | " + " | ".join(columns) + " |",
            "|---|---:|" + "---:|" * len(columns),
        ]
        for g in groups:
            n = first["groups"].get(g, {}).get("n", "")
            vals = [fmt(metric, r["groups"].get(g, {}).get(metric)) for r in columns.values()]
            lines.append(f"| {g} | {n} | " + " | ".join(vals) + " |")
        lines.append("")
    default = reports.get(result["default"]) or first
    lines += [f"# Details: {default['name']}", ""]
    if default["warnings"]:
        lines += ["## Warnings", "", *(f"- {w}" for w in default["warnings"]), ""]
    lines += failures_markdown(default)
    return "\n".join(lines)


def bar_chart(result: dict[str, Any], path: str | os.PathLike[str]) -> Path:
    """Grouped bars, one colour per configuration: quality metrics on the left, latency on the right."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = table_rows(result)
    quality = [m for m in METRIC_NAMES if not m.startswith("latency")]
    fig = Figure(figsize=(14, 5), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    ax, lat = fig.subplots(1, 2, gridspec_kw={"width_ratios": [4, 1.3]})
    n = max(len(rows), 1)
    width = 0.8 / n
    for i, (name, m) in enumerate(rows.items()):
        xs = [j - 0.4 + width * (i + 0.5) for j in range(len(quality))]
        bars = ax.bar(xs, [m.get(k) or 0.0 for k in quality], width, label=name)
        labels = [f"{m[k]:.2f}" if m.get(k) is not None else "n/a" for k in quality]
        ax.bar_label(bars, labels=labels, fontsize=6, padding=1)
        lx = [j - 0.4 + width * (i + 0.5) for j in range(2)]
        lat.bar(lx, [m.get("latency_ms_p50") or 0.0, m.get("latency_ms_p95") or 0.0], width, label=name)
    ax.set_xticks(range(len(quality)), [SHORT.get(k, k) for k in quality])
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("score")
    ax.set_title(f"Quality ({Path(result['dataset']).name})")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=min(n, 5))
    ax.grid(axis="y", alpha=0.3)
    lat.set_xticks(range(2), ["p50", "p95"])
    lat.set_ylabel("ms per ask()")
    lat.set_title("Latency")
    lat.grid(axis="y", alpha=0.3)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(p)
    return p


__all__ = [
    "compare",
    "load_previous",
    "ReportError",
    "systems",
    "bar_chart",
    "render_compare_markdown",
    "rerank_setting",
    "default_name",
]
