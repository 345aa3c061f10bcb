"""Running a dataset through one configuration: build (or reuse) the index, ask every question.

Indexes are cached under ``eval.cache`` (relative to the config file) in a directory named by a
SHA-256 of: every corpus file's path and content, the embedder/chunking/index config sections, the
project and format versions, and the source of the build-side code (``index/``, the Korean text
handling, the store format, the names/numbers/measures the facts are made with, the baseline). Any change to one of them builds a fresh index; nothing
else does, so comparing retrieval or answer settings never re-embeds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag import RAG, Config, __version__
from rag import store as fmt
from rag.embed import Embedder, make_embedder
from rag.store import Store
from rag.types import Chunk

from .baseline import SECTIONS_KEY, build_baseline_index, section_id
from .dataset import Question, heading_matches
from .metrics import Cited, Outcome, Retrieved

_ROOT = Path(__file__).resolve().parent.parent
_BUILD_CODE = (
    "index",
    "rag/korean.py",
    "rag/embed.py",
    "rag/store.py",
    "rag/indexdir.py",  # rag/store.py's reading and checks, with which a build loads the index it updates
    "rag/store_checks.py",
    "rag/types.py",
    # the index format 5 files the build writes and reads back (rows, records, BM25 arrays, filters)
    "rag/records.py",
    "rag/rows.py",
    "rag/bm25_read.py",
    "rag/bm25_segments.py",  # format 6: BM25 segments, the arrays of segments read as one
    "rag/stacked.py",
    "rag/dense_segments.py",
    "rag/filters.py",
    "rag/venues.py",
    # the facts index/facts.py stores per sentence: names, aliases, numbers, units, measures
    "rag/aliases.py",
    "rag/numbers.py",
    "rag/units.py",
    "rag/measures.py",
    "rag/measure_words.py",
    "eval/baseline.py",
)


@dataclass(frozen=True)
class System:
    """One configuration to evaluate: a name, a config, and whether it is the naive baseline."""

    name: str
    config: Config
    baseline: bool = False


@dataclass
class Evaluation:
    system: System
    index_dir: Path
    manifest: dict[str, Any]
    outcomes: list[Outcome]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class SectionMap:
    """Which section each chunk belongs to, and every section's heading and article title (the
    universe of the qrels; see :meth:`relevant`)."""

    headings: dict[str, str]
    of_chunk: tuple[str | None, ...]
    titles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: Store) -> SectionMap:
        labelled = store.manifest.get(SECTIONS_KEY)
        if labelled:  # the baseline: windows carry their scoring label in the manifest
            headings = dict(labelled["headings"])
            titles = {sid: t for sid in headings if (t := _article_title(store, sid))}
            return cls(headings, tuple(labelled["chunks"]), titles)
        headings = {section_id(c.article_id, c.section_order): c.heading for c in store.chunks}
        titles = {section_id(c.article_id, c.section_order): c.title for c in store.chunks}
        return cls(headings, tuple(section_id(c.article_id, c.section_order) for c in store.chunks), titles)

    def section_of(self, chunk: Chunk) -> str:
        sid = self.of_chunk[chunk.id] if 0 <= chunk.id < len(self.of_chunk) else None
        return sid if sid is not None else f"chunk:{chunk.id}"  # a window outside every section

    def heading(self, sid: str) -> str:
        return self.headings.get(sid, "(outside any section)")

    def relevant(self, q: Question) -> frozenset[str]:
        """Sections whose heading matches; and, for an article none of whose headings matches, every
        section of it when its title matches (a news article is one story under its title; a briefing's
        title repeats its first story's heading, which must not make its other stories relevant)."""
        if not q.answerable or not q.relevant:
            return frozenset()
        by_heading = {s for s, h in self.headings.items() if heading_matches(h, q.relevant)}
        covered = {_article_of(s) for s in by_heading}
        by_title = {
            s
            for s in self.headings
            if _article_of(s) not in covered and heading_matches(self.titles.get(s, ""), q.relevant)
        }
        return frozenset(by_heading | by_title)


def _article_of(sid: str) -> str:
    return sid.rsplit("#", 1)[0]


def _article_title(store: Store, sid: str) -> str:
    article = store.articles.get(_article_of(sid))
    return article.title if article is not None else ""


def cache_root(cfg: Config) -> Path:
    p = Path(cfg.eval.cache).expanduser()
    if p.is_absolute():
        return p
    base = cfg.source.resolve().parent if cfg.source is not None else Path.cwd()
    return base / p


def _code_hash() -> str:
    h = hashlib.sha256()
    for rel in _BUILD_CODE:
        p = _ROOT / rel
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            if f.is_file():
                h.update(str(f.relative_to(_ROOT)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def cache_key(files: list[Path], cfg: Config, baseline: bool = False) -> str:
    """SHA-256 naming the index that ``files`` built with ``cfg`` would give (see module docstring)."""
    emb = dataclasses.asdict(cfg.embedder)
    for k in ("batch_size", "device", "allow_download"):
        emb.pop(k, None)
    params: dict[str, Any] = {
        "kind": "baseline" if baseline else "sections",
        "project": __version__,
        "format": fmt.FORMAT_VERSION,
        "embedder": emb,
        "chunking": dataclasses.asdict(cfg.chunking),
        "code": _code_hash(),
    }
    if baseline:
        params["baseline"] = [cfg.eval.baseline_chunk_chars, cfg.eval.baseline_overlap_chars]
    else:
        params["index"] = dataclasses.asdict(cfg.index)
    h = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode())
    for f in files:
        h.update(str(f).encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def prepare_index(
    corpora: list[Path],
    system: System,
    embedder: Embedder,
    rebuild: bool = False,
    progress: bool = True,
) -> tuple[Path, list[str]]:
    """The cached index directory for ``corpora`` under ``system``'s config; built when missing."""
    from index.read import discover

    cfg = system.config
    files = discover(corpora)
    kind = "baseline" if system.baseline else "sections"
    index_dir = cache_root(cfg) / f"{kind}-{cache_key(files, cfg, system.baseline)[:20]}"
    notes: list[str] = []
    if (index_dir / fmt.MANIFEST).is_file() and not rebuild:
        return index_dir, notes
    if system.baseline:
        failed = build_baseline_index(corpora, index_dir, cfg, embedder, progress=progress)
    else:
        from index import build_index

        report = build_index(corpora, index_dir, cfg, embedder=embedder, rebuild=True, progress=progress)
        failed = report.failed
    notes.extend(f"skipped {path}: {why}" for path, why in failed)
    return index_dir, notes


def ask_one(
    rag: RAG, q: Question, sections: SectionMap, k: int, known: frozenset[str] = frozenset()
) -> Outcome:
    """Ask one question; an exception becomes that question's recorded failure. ``known``: every entity
    name of the dataset (for ``Outcome.entity_ok``)."""
    relevant = sections.relevant(q)
    try:
        a = rag.ask(q.question, k=k)
    except Exception as e:  # noqa: BLE001 - one bad question must not end the run
        return Outcome(q, relevant_sections=relevant, error=f"{type(e).__name__}: {e}", known_entities=known)
    retrieved: dict[str, Retrieved] = {}
    for h in a.hits:
        sid = sections.section_of(h.chunk)
        if sid not in retrieved:
            retrieved[sid] = Retrieved(
                sid, sections.heading(sid), len(retrieved) + 1, h.chunk.title, h.chunk.date, h.score
            )
    cites = []
    for c in a.citations:
        sid = sections.section_of(c.chunk)
        cites.append(Cited(c.marker, sid, sections.heading(sid), c.quote, c.chunk.title, c.chunk.date))
    return Outcome(
        question=q,
        answer=a.text,
        abstained=a.abstained,
        confidence=a.confidence,
        citations=tuple(cites),
        retrieved=tuple(retrieved.values()),
        relevant_sections=relevant,
        latency_ms=a.timings.get("total_ms"),
        known_entities=known,
    )


def ask_all(
    rag: RAG,
    questions: list[Question],
    sections: SectionMap,
    k: int,
    progress: bool = True,
    desc: str = "",
    warm: bool = True,
) -> list[Outcome]:
    from tqdm.auto import tqdm

    # warm-up: every question once, untimed, so lazy loads and caches (Kiwi, morphemes) are not charged
    # to whichever configuration happens to run first; latencies then compare configurations, warm
    for q in questions if warm else ():
        try:
            rag.ask(q.question, k=k)
        except Exception:  # noqa: BLE001 - the timed call records it
            pass
    known = frozenset(n for q in questions for n in q.entity)
    return [
        ask_one(rag, q, sections, k, known)
        for q in tqdm(questions, desc=desc or "questions", unit="q", disable=not progress, leave=False)
    ]


def evaluate_system(
    system: System,
    corpora: list[Path],
    questions: list[Question],
    embedder: Embedder | None = None,
    rebuild: bool = False,
    progress: bool = True,
) -> Evaluation:
    t0 = time.perf_counter()
    embedder = embedder or make_embedder(system.config.embedder)
    index_dir, notes = prepare_index(corpora, system, embedder, rebuild=rebuild, progress=progress)
    rag = RAG.load(index_dir, config=system.config, embedder=embedder)
    sections = SectionMap.from_store(rag.store)
    for q in questions:
        if q.judged and not sections.relevant(q):
            notes.append(
                f"{q.id}: no section heading or title in the index contains any of {list(q.relevant)}"
            )
    outcomes = ask_all(rag, questions, sections, system.config.eval.k, progress, desc=system.name)
    manifest = {k: v for k, v in rag.store.manifest.items() if k != SECTIONS_KEY}
    return Evaluation(system, index_dir, manifest, outcomes, notes, time.perf_counter() - t0)


__all__ = [
    "System",
    "Evaluation",
    "SectionMap",
    "evaluate_system",
    "prepare_index",
    "ask_one",
    "ask_all",
    "cache_key",
    "cache_root",
]
