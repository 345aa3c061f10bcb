"""The chat's behaviour, apart from Gradio's layout: one :class:`Chat` per app, shared by all sessions.

A session's state is a list of JSON-able turn records (question as typed and as asked, its date
filter, where its answer sits in the chat, the answer with citations, its sources panel HTML); the
index itself lives in the one :class:`rag.RAG` every session shares, held by a :class:`ui.live.LiveIndex`
(loaded in the background at start-up, re-read when a build replaced it on disk).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

from rag.errors import RagError
from rag.retrieve import Filters, index_scope

from . import render
from .examples import example_questions
from .feedback import append_feedback, rating
from .followup import FollowUp, Tagger, complete, kiwi_tagger
from .live import FAILED, LOADING, READY, LiveIndex
from .stages import Stage, ask_in_stages

log = logging.getLogger(__name__)
ALL_OUTLETS = "전체"
MAX_PANEL_TURNS = 20

Message = dict[str, Any]
Turn = dict[str, Any]
_EXAMPLES: dict[str, list[str]] = {}  # index content -> its example questions


def _as_date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def previous_followup(turns: list[Turn]) -> FollowUp | None:
    if not turns:
        return None
    t = turns[-1]
    return FollowUp(
        t["asked"], _as_date(t.get("date_from")), _as_date(t.get("date_to")), t.get("rule"), t.get("period")
    )


class Chat:
    """``rag``: a loaded :class:`rag.RAG`, or a :class:`ui.live.LiveIndex` that may still be loading."""

    def __init__(self, rag: Any, tagger: Tagger | None = None) -> None:
        self.index = rag if isinstance(rag, LiveIndex) else LiveIndex.of(rag)
        self.config = self.index.config
        self.tagger = tagger or kiwi_tagger()
        self.index.on_ready.append(lambda rag: self.examples())  # while the page says it is loading

    @property
    def rag(self) -> Any:
        """The loaded RAG (waits while the index loads)."""
        return self.index.get()

    # -- index facts ------------------------------------------------------------------------------
    def newest_date(self) -> date | None:
        return self.rag.store.summary.last_day  # summary.json: no article is read

    def outlets(self) -> list[str]:
        return [ALL_OUTLETS, *self.rag.store.summary.outlet_names]

    def status(self) -> dict[str, Any]:
        s = dict(self.rag.status())
        newest = self.newest_date()
        s["newest"] = newest.isoformat() if newest else None
        return s

    def status_html(self) -> str:
        """The index line above the chat; while the index loads, that it does (or why it failed)."""
        if self.index.state == LOADING:
            return render.loading_html(str(self.index.path))
        if self.index.state == FAILED:
            return render.status_error_html(str(self.index.error))
        return render.status_html(self.status())

    def index_view(self) -> tuple[str, list[str] | None, list[str] | None]:
        """What a page shows of the index as it is now: the status line, then the outlets and the
        example questions (None while the index loads). Re-reads the index first if a build replaced
        it since the page was served."""
        if self.index.state != READY:
            return self.status_html(), None, None
        self.refresh()
        return self.status_html(), self.outlets(), self.examples()

    def examples(self) -> list[str]:
        """Example questions for the current index (cached by its content: a few questions are asked)."""
        store = self.rag.store
        sources = store.manifest.get("sources") or {}
        key = json.dumps(
            [
                repr(self.config.ui.examples),
                repr(self.config.retrieval),
                repr(self.config.answer),
                store.manifest.get("embedder"),
                {k: v.get("sha256") for k, v in sources.items()},
            ],
            sort_keys=True,
            default=str,
        )
        if key not in _EXAMPLES:
            try:
                _EXAMPLES[key] = example_questions(
                    store, self.rag.ask, self.tagger, limit=self.config.ui.examples
                )
            except RagError:  # an empty or odd index simply has no examples
                _EXAMPLES[key] = []
        return list(_EXAMPLES[key])

    # -- asking -----------------------------------------------------------------------------------
    def resolve(self, message: str, turns: list[Turn]) -> FollowUp:
        return complete(message, previous_followup(turns), self.tagger, self.newest_date())

    @staticmethod
    def filters(
        follow: FollowUp, date_from: Any = None, date_to: Any = None, outlet: str | None = None
    ) -> dict[str, Any] | None:
        """The follow-up's dates win over the form's; the outlet comes from the form."""
        out = {
            "date_from": follow.date_from.isoformat()
            if follow.date_from
            else (str(date_from)[:10] if date_from else None),
            "date_to": follow.date_to.isoformat()
            if follow.date_to
            else (str(date_to)[:10] if date_to else None),
            "source": outlet if outlet and outlet != ALL_OUTLETS else None,
        }
        return out if any(out.values()) else None

    @staticmethod
    def no_match_note(flt: dict[str, Any] | None, store: Any) -> str | None:
        """When ``flt`` matches no briefing in ``store``: a note saying so and what the index holds."""
        parsed = Filters.parse(flt)
        if parsed is None or parsed.mask(store).any():
            return None
        asked = []
        if parsed.source:
            asked.append(f"매체 '{parsed.source}'")
        if parsed.date_from or parsed.date_to:
            asked.append(f"기간 {parsed.date_from or '…'} ~ {parsed.date_to or '…'}")
        outlets, first, last = index_scope(store)
        held = f"매체 {', '.join(outlets)}" + (f", 기간 {first} ~ {last}" if first else "")
        return f"{', '.join(asked)}에 맞는 브리핑이 색인에 없습니다. 색인에 있는 것: {held}"

    def respond(
        self,
        message: str,
        history: list[Message] | None,
        turns: list[Turn] | None,
        k: int | float | None = None,
        date_from: Any = None,
        date_to: Any = None,
        outlet: str | None = None,
    ) -> Iterator[tuple[list[Message], str | None, list[Turn]]]:
        """Stream one turn: yields (chat history, sources panel HTML or None to keep it, turns).

        What is streamed is what happens, when it happens: "색인을 불러오는 중…" while the index loads
        (start-up, or a build replaced it on disk), then each stage of :meth:`rag.RAG.ask` as it
        starts (searching, reading n sections), then the whole answer with its sources."""
        history = list(history or [])
        turns = list(turns or [])
        message = (message or "").strip()
        if not message:
            return
        n = len(turns) + 1
        history.append({"role": "user", "content": render.user_html(message)})
        history.append({"role": "assistant", "content": ""})

        def show(html: str) -> tuple[list[Message], None, list[Turn]]:
            history[-1] = {"role": "assistant", "content": html}
            return list(history), None, turns

        header = ""
        try:
            if self.index.state != READY:
                yield show(render.stage_html("loading"))
            rag = self.index.get()
            if self.index.changed():
                yield show(render.stage_html("reload"))
            stale = self.refresh()
            store = rag.store
            follow = self.resolve(message, turns)
            header = render.asked_html(
                message, follow.question, follow.date_from, follow.date_to, follow.period
            )
            header += render.note_html(stale) if stale else ""
            flt = self.filters(follow, date_from, date_to, outlet)
            note = self.no_match_note(flt, store)
            header += render.note_html(note) if note else ""
            answer = None
            for event in ask_in_stages(rag.ask, follow.question, k=int(k) if k else None, filters=flt):
                if isinstance(event, Stage):
                    yield show(render.stage_html(event.name, event.n, header))
                else:
                    answer = event
        except RagError as e:
            yield show(render.error_html(str(e), header))
            return
        except Exception as e:  # never leave the user with a spinner
            log.exception("question failed: %s", message)
            yield show(render.error_html(f"내부 오류: {type(e).__name__}", header))
            return
        history[-1] = {"role": "assistant", "content": render.answer_html(answer, n, header)}
        sources = render.turn_sources_html(n, follow.question, answer, store)
        turns.append(
            {
                "turn": n,
                "typed": message,
                "asked": follow.question,
                "rule": follow.rule,
                "period": follow.period,
                "date_from": follow.date_from.isoformat() if follow.date_from else None,
                "date_to": follow.date_to.isoformat() if follow.date_to else None,
                "filters": flt,
                "no_match": note,
                "k": int(k) if k else None,
                "msg_index": len(history) - 1,
                "answer": {
                    "text": answer.text,
                    "abstained": answer.abstained,
                    "confidence": round(answer.confidence, 4),
                    "citations": [c.to_dict() for c in answer.citations],
                },
                "sources": sources,
            }
        )
        yield list(history), self.panel(turns), list(turns)

    def refresh(self) -> str | None:
        """Re-read the index if a build replaced it on disk; a note for the user when that failed."""
        try:
            self.index.refresh()
        except RagError as e:
            log.warning("the index changed on disk but cannot be read: %s", e)
            return f"색인이 바뀌었지만 읽지 못해 이전 색인으로 답합니다: {e}"
        return None

    @staticmethod
    def panel(turns: list[Turn]) -> str:
        return render.panel_html([t["sources"] for t in turns[-MAX_PANEL_TURNS:]])

    # -- feedback ---------------------------------------------------------------------------------
    def feedback(self, turns: list[Turn], index: Any, liked: Any) -> dict[str, Any] | None:
        """Log 👍/👎 for the answer at chat position ``index``; returns the record (None if unknown)."""
        if isinstance(index, (list, tuple)):
            index = index[0]
        turn = next((t for t in turns or [] if t["msg_index"] == index), None)
        if turn is None:
            return None
        status = self.rag.status()
        record = {
            "rating": rating(liked),
            "question": turn["typed"],
            "asked": turn["asked"],
            "filters": turn["filters"],
            "answer": turn["answer"]["text"],
            "abstained": turn["answer"]["abstained"],
            "confidence": turn["answer"]["confidence"],
            "citations": turn["answer"]["citations"],
            "index": {"path": status.get("path"), "updated": status.get("updated")},
        }
        return append_feedback(self.config.paths.feedback, record)

    # -- the API ----------------------------------------------------------------------------------
    def api_ask(self, question: str) -> dict[str, Any]:
        """``/ask``: one question, no follow-up completion; the answer as JSON-able data."""
        self.refresh()
        answer = self.rag.ask(question)
        d = answer.to_dict()
        for h in d["hits"]:
            h.pop("text", None)  # keep the payload small: the cited text is in citations[].quote
        return d


__all__ = ["Chat", "ALL_OUTLETS", "previous_followup"]
