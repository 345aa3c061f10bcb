"""``python -m rag ask "질문" [--index DIR] [-k N] [--date-from/--date-to YYYY-MM-DD] [--source S] [--json]``
and ``python -m rag serve [--index DIR] [--status | --stop]``.

``ask`` is answered by the server for its index when one runs (rag/serve.py), else in this process,
with the same output either way; the JSON's ``served_by`` says which ("server" or "process"). Until
it knows that no server answers, this module imports only the standard library, the config and the
socket client (rag/client.py): no numpy, FAISS, bm25s, Kiwi or model.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import client
from .config import Config, load_config
from .errors import RagError

if TYPE_CHECKING:
    from .api import RAG
    from .retrieve import Filters
    from .store import Store


def nothing_matches(filters: Filters, store: Store) -> str:
    """One line: the filter matched no briefing, and what the index has instead."""
    from .retrieve import index_scope

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


def parse_filters(given: dict[str, str | None]) -> Filters | None:
    """The ``--date-from/--date-to/--source`` filter (a bad date is a RagError), None when none is given."""
    if not any(given.values()):
        return None
    from .retrieve import Filters

    return Filters.parse(given)


def check_filters(rag: RAG, filters: Filters | None) -> None:
    if filters is not None and not filters.mask(rag.store).any():
        raise RagError(nothing_matches(filters, rag.store))


def answer_dict(
    rag: RAG, question: str, k: int | None, mode: str | None, given: dict[str, str | None]
) -> dict[str, Any]:
    """What the server answers to one ``ask`` (the same steps, the same errors, as in-process)."""
    filters = parse_filters(given)
    check_filters(rag, filters)
    return rag.ask(question, k=k, mode=mode, filters=filters).to_dict()


def ask_in_process(
    index: Path, cfg: Config, question: str, k: int | None, mode: str | None, given: dict[str, str | None]
) -> dict[str, Any]:
    from .api import RAG
    from .korean import kiwi

    filters = parse_filters(given)  # bad dates: before loading
    t0 = time.perf_counter()
    rag = RAG.load(index, config=cfg)
    t1 = time.perf_counter()
    check_filters(rag, filters)
    rag.validate_question(question)  # an empty or too long question is refused before Kiwi starts
    kiwi()  # started here, not inside the question, so its start is not counted as retrieval
    t2 = time.perf_counter()
    answer = rag.ask(question, k=k, mode=mode, filters=filters)
    # what this process paid once before it could answer: the index and embedder, then Kiwi
    load = {"load_ms": (t1 - t0) * 1000, "kiwi_ms": (t2 - t1) * 1000}
    return dataclasses.replace(answer, timings={**answer.timings, **load}).to_dict()


def ask_server(
    index: Path, cfg: Config, question: str, k: int | None, mode: str | None, given: dict[str, str | None]
) -> dict[str, Any] | None:
    """The answer of the server for ``index`` (a RagError for the user's mistakes, as in-process);
    None when no server can answer: none runs, its socket is stale, it is for another index,
    config, code or version of the index, or it does not greet or answer in time."""
    request = {
        "op": "ask",
        "question": question,
        "k": k,
        "mode": mode,
        "filters": given,
        "stamp": client.index_stamp(index, cfg.paths.aliases),
    }
    try:
        _, reply = client.exchange(client.socket_path(index), request, client.Identity.of(index, cfg))
    except client.NoServer:
        return None
    if reply.get("status") == "error":
        raise RagError(str(reply.get("message")))
    if reply.get("status") != "ok":  # another version of the index, or the server failed
        return None
    answer: dict[str, Any] = reply["answer"]
    answer["timings"].update(load_ms=0.0, kiwi_ms=0.0)  # the server paid both at its start
    return answer


def render(answer: dict[str, Any], as_json: bool) -> str:
    """The printed answer, from the dict of :meth:`Answer.to_dict` (whichever process made it)."""
    if as_json:
        return json.dumps(answer, ensure_ascii=False, indent=2)
    lines = [answer["text"]]
    for c in answer["citations"]:
        spans = ",".join(f"{s}-{e}" for s, e in c["sentence_spans"])  # offsets into the decoded text
        date = c["date"] or "날짜 없음"
        lines.append(f"  [{c['marker']}] {c['heading']} — {c['title']} ({date}) {c['source']}:{spans}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
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
    a.add_argument("--no-server", action="store_true", help="answer in this process even when a server runs")
    s = sub.add_parser("serve", help="keep the index loaded and answer `ask` over a local socket")
    s.add_argument("--index", type=Path, help="index directory (default: paths.index of the config)")
    s.add_argument("--config", type=Path, help="config.yaml to use (default: ./config.yaml)")
    s.add_argument(
        "--socket",
        type=Path,
        help="socket path (default: one per index directory in $RAG_RUNTIME_DIR, else "
        "$XDG_RUNTIME_DIR/briefing-rag, else ~/.cache/briefing-rag/run; `ask` looks only there)",
    )
    what = s.add_mutually_exclusive_group()
    what.add_argument("--status", action="store_true", help="say whether a server runs for the index")
    what.add_argument("--stop", action="store_true", help="stop the server for the index")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "ask" and args.k is not None and args.k < 1:
        print(f"error: -k {args.k}: give 1 or more (the number of sections to retrieve)", file=sys.stderr)
        return 2
    try:
        cfg = load_config(args.config)
        index: Path = args.index or cfg.paths.index
        if args.command == "serve":
            return _serve(args, index, cfg)
        question = sys.stdin.read() if args.question == "-" else args.question
        given = {"date_from": args.date_from, "date_to": args.date_to, "source": args.source}
        query = (index, cfg, question, args.k, args.mode, given)
        answer = None if args.no_server else ask_server(*query)
        served_by = "process" if answer is None else "server"
        if answer is None:
            answer = ask_in_process(*query)
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(render({**answer, "served_by": served_by}, args.json))
    return 0


def _serve(args: argparse.Namespace, index: Path, cfg: Config) -> int:
    path = args.socket or client.socket_path(index)
    if args.status or args.stop:
        return client.stop_or_status(path, client.Identity.of(index, cfg), stop=args.stop)
    from .serve import serve

    return serve(index, cfg, path, private_dir=args.socket is None)


if __name__ == "__main__":
    sys.exit(main())
