"""One question asked with its stages reported as they happen, for the chat to show.

:meth:`rag.RAG.ask` calls ``on_stage(stage, n)`` as each stage starts ("search", then "read" with
the number of sections found). It runs in a worker thread here, and :func:`ask_in_stages` yields
each stage the moment the pipeline reaches it, then the answer: nothing is timed or made up.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Stage:
    """A stage :meth:`rag.RAG.ask` has started: ``name`` ("search", "read") and its count ``n``."""

    name: str
    n: int = 0


@dataclass(frozen=True)
class _Failed:
    error: BaseException


def ask_in_stages(ask: Callable[..., Any], question: str, **kwargs: Any) -> Iterator[Stage | Any]:
    """Yields a :class:`Stage` for each stage ``ask`` reports, then its answer; raises what it raised."""
    events: queue.Queue[Any] = queue.Queue()

    def run() -> None:
        try:
            events.put(ask(question, on_stage=lambda name, n: events.put(Stage(name, n)), **kwargs))
        except BaseException as e:  # noqa: BLE001 - re-raised in the asking thread
            events.put(_Failed(e))

    threading.Thread(target=run, name="ask", daemon=True).start()
    while True:
        event = events.get()
        if isinstance(event, _Failed):
            raise event.error
        yield event
        if not isinstance(event, Stage):
            return


__all__ = ["Stage", "ask_in_stages"]
