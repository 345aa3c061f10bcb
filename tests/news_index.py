"""An index over news articles a test writes (JSONL), with an alias file of its own."""

import json
from pathlib import Path

from index import build_index
from rag import RAG


def indexed_news(folder: Path, articles: list[dict], aliases: str, config, embedder) -> RAG:
    """Index ``articles`` (title, date, body) with the alias file text ``aliases``; load the index."""
    f = folder / "news.jsonl"
    f.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles) + "\n", encoding="utf-8")
    alias_file = folder / "aliases.yaml"
    alias_file.write_text(aliases, encoding="utf-8")
    cfg = config.replace(paths={"aliases": alias_file})
    build_index([f], folder / "index", cfg, embedder=embedder, progress=False)
    return RAG.load(folder / "index", config=cfg, embedder=embedder)


def slots_of(rag: RAG, question: str):
    """The slots ``rag`` reads from ``question``, as ask() does (its briefing dates, its newest as today)."""
    from rag.slots import parse_slots

    e = rag._engine
    return parse_slots(
        question,
        e.answerer.aliases,
        e.retriever.dates,
        e.retriever.dates[-1],
        e.answerer.headline_words,
        e.answerer.finder,
    )
