"""The chat's behaviour, apart from Gradio's layout: one :class:`Chat` per app, shared by all sessions.

A session's state is a list of JSON-able turn records (question as typed and as asked, its date
filter, where its answer sits in the chat, the answer with citations, its sources panel HTML); the
index itself lives in the one :class:`rag.RAG` every session shares.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

from rag.errors import RagError
from rag.retrieve import Filters, index_scope

from . import render
from .examples import example_questions
from .feedback import append_feedback, rating
from .followup import FollowUp, Tagger, complete, kiwi_tagger

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
    def __init__(self, rag: Any, tagger: Tagger | None = None) -> None:
        self.rag = rag
        self.config = rag.config
        self.tagger = tagger or kiwi_tagger()

    # -- index facts ------------------------------------------------------------------------------
    def newest_date(self) -> date | None:
        dates = [a.published.date() for a in self.rag.store.articles.values() if a.published]
        return max(dates) if dates else None

    def outlets(self) -> list[str]:
        names = {a.outlet for a in self.rag.store.articles.values() if a.outlet}
        return [ALL_OUTLETS, *sorted(names)]

    def status(self) -> dict[str, Any]:
        s = dict(self.rag.status())
        newest = self.newest_date()
        s["newest"] = newest.isoformat() if newest else None
        return s

    def status_html(self) -> str:
        return render.status_html(self.status())

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
        """Stream one turn: yields (chat history, sources panel HTML or None to keep it, turns)."""
        history = list(history or [])
        turns = list(turns or [])
        message = (message or "").strip()
        if not message:
            return
        n = len(turns) + 1
        follow = self.resolve(message, turns)
        header = render.asked_html(message, follow.question, follow.date_from, follow.date_to, follow.period)
        history.append({"role": "user", "content": render.user_html(message)})
        history.append({"role": "assistant", "content": render.pending_html(header)})
        yield list(history), None, turns
        flt = self.filters(follow, date_from, date_to, outlet)
        store = self.rag.store
        try:
            note = self.no_match_note(flt, store)
            if note:
                header += render.note_html(note)
            answer = self.rag.ask(follow.question, k=int(k) if k else None, filters=flt)
        except RagError as e:
            history[-1] = {"role": "assistant", "content": render.error_html(str(e), header)}
            yield list(history), None, turns
            return
        except Exception as e:  # never leave the user with a spinner
            log.exception("question failed: %s", follow.question)
            history[-1] = {
                "role": "assistant",
                "content": render.error_html(f"내부 오류: {type(e).__name__}", header),
            }
            yield list(history), None, turns
            return
        total = sum(len(t) for t, _ in render.answer_parts(answer))
        step = max(6, total // 40)
        delay = self.config.ui.stream_delay_ms / 1000
        for upto in range(step, total, step):
            history[-1] = {"role": "assistant", "content": render.answer_html(answer, n, upto, header)}
            yield list(history), None, turns
            if delay:
                time.sleep(delay)
        history[-1] = {"role": "assistant", "content": render.answer_html(answer, n, None, header)}
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
        answer = self.rag.ask(question)
        d = answer.to_dict()
        for h in d["hits"]:
            h.pop("text", None)  # keep the payload small: the cited text is in citations[].quote
        return d


__all__ = ["Chat", "ALL_OUTLETS", "previous_followup"]
