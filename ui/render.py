"""HTML for the chat: answers with clickable [n] markers, and the sources panel.

Every piece of briefing text (and of the question) goes through :func:`html.escape` before it is put
into markup; nothing from a briefing is ever inserted as HTML. Sources of turn ``t`` have the ids
``src-t-n``; the answer's marker ``[n]`` becomes ``<a class="cite" href="#src-t-n">[n]</a>``, which the
page script (``ui/assets.py``) turns into "scroll to and highlight the source" on click and hover.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from typing import Any

from rag import Answer, Citation

_PART = re.compile(r"(.+?) \[(\d+)\](?=\s|$)", re.S)  # one answer line per asked day: markers end lines too
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n(?!\s*\n)[^\n]*)*")


def source_id(turn: int, marker: int) -> str:
    return f"src-{turn}-{marker}"


def answer_parts(answer: Answer) -> list[tuple[str, int | None]]:
    """The answer as ``(sentence, marker)`` pieces in order (``marker`` None for uncited text)."""
    if not answer.citations:  # an abstention may still cite what the briefings do say about the subject
        return [(answer.text, None)]
    parts: list[tuple[str, int | None]] = []
    pos = 0
    for m in _PART.finditer(answer.text):
        if m.start() > pos and answer.text[pos : m.start()].strip():
            parts.append((answer.text[pos : m.start()].strip(), None))
        parts.append((m.group(1).strip(), int(m.group(2))))
        pos = m.end()
    if answer.text[pos:].strip():
        parts.append((answer.text[pos:].strip(), None))
    return parts


def marker_html(turn: int, marker: int, citation: Citation | None) -> str:
    if citation is None:
        return f"[{marker}]"
    title = escape(f"{citation.heading} — {citation.date or ''}", quote=True)
    return f'<a class="cite" href="#{source_id(turn, marker)}" title="{title}">[{marker}]</a>'


def asked_html(
    typed: str, asked: str, date_from: date | None, date_to: date | None, period: str | None
) -> str:
    """The line that shows what was actually asked when a follow-up was completed."""
    bits = [f"질문: <b>{escape(asked)}</b>"] if asked != typed else []
    if date_from or date_to:
        rng = f"{date_from.isoformat() if date_from else '…'} ~ {date_to.isoformat() if date_to else '…'}"
        bits.append(f"기간: {escape(rng)}" + (f" ({escape(period)})" if period else ""))
    if not bits:
        return ""
    return f'<div class="asked">↪ {" · ".join(bits)}</div>'


def answer_html(answer: Answer, turn: int, header: str = "") -> str:
    """The assistant message: ``header``, then the answer, each sentence followed by its marker link."""
    by_marker = {c.marker: c for c in answer.citations}
    pieces: list[str] = []
    for text, m in answer_parts(answer):
        pieces.append(escape(text))
        if m is not None:
            pieces.append(f" {marker_html(turn, m, by_marker.get(m))}")
        pieces.append(" ")
    cls = "answer abstained" if answer.abstained else "answer"
    return f'{header}<div class="{cls}">{"".join(pieces).rstrip()}</div>'


def note_html(text: str) -> str:
    """A line above the answer, e.g. that the search filter matched no briefing."""
    return f'<div class="asked note">{escape(text)}</div>'


# what the chat shows while a stage runs (ui/chat.py yields one when the stage starts)
STAGES = {
    "loading": "색인을 불러오는 중…",
    "reload": "색인이 바뀌어 새 색인을 불러오는 중…",
    "search": "브리핑을 검색하는 중…",
    "read": "{n}개 섹션 읽는 중…",
}


def stage_html(stage: str, n: int = 0, header: str = "") -> str:
    """The assistant message while ``stage`` runs (``n``: the sections it reads)."""
    # a class, not a data- attribute: the chat's HTML sanitizer keeps classes only
    return f'{header}<div class="answer pending stage-{escape(stage)}">{STAGES[stage].format(n=n)}</div>'


def error_html(message: str, header: str = "") -> str:
    return f'{header}<div class="answer error">오류: {escape(message)}</div>'


def user_html(text: str) -> str:
    return f'<span class="user-q">{escape(text)}</span>'


# -- sources ---------------------------------------------------------------------------------------
def section_span(store: Any, citation: Citation) -> tuple[int, int]:
    """The whole section the cited chunk belongs to (the union of its chunks' spans)."""
    c = citation.chunk
    spans = [
        x.span
        for x in getattr(store, "chunks", [])
        if (x.article_id, x.section_order) == (c.article_id, c.section_order)
    ]
    if not spans:
        return c.span
    return min(s for s, _ in spans), max(e for _, e in spans)


def _article_text(store: Any, citation: Citation) -> str | None:
    """The article's text, if ``store`` still holds it unchanged (the index may have been reloaded)."""
    c = citation.chunk
    article = getattr(store, "articles", {}).get(c.article_id)
    if article is None or article.text[c.span[0] : c.span[1]] != c.text:
        return None
    return str(article.text)


def highlighted(text: str, base: int, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` (which starts at offset ``base``) escaped, with the ``spans`` wrapped in ``<mark>``,
    one ``<p>`` per paragraph (a quoted sentence never crosses a paragraph break)."""
    paragraphs = []
    for m in _PARAGRAPH.finditer(text):
        p_start, p_end = m.start(), m.end()
        out: list[str] = []
        pos = p_start
        for s, e in sorted(spans):
            s, e = max(s - base, pos), min(e - base, p_end)
            if e <= s:
                continue
            out.append(escape(text[pos:s]))
            out.append(f"<mark>{escape(text[s:e])}</mark>")
            pos = e
        out.append(escape(text[pos:p_end]))
        cls = ' class="quoted"' if "<mark>" in "".join(out) else ""
        paragraphs.append(f"<p{cls}>{''.join(out).strip()}</p>")
    return "".join(paragraphs)


def citation_html(turn: int, citation: Citation, store: Any) -> str:
    c = citation.chunk
    text = _article_text(store, citation)
    if text is not None:
        start, end = section_span(store, citation)
        body = highlighted(text[start:end], start, citation.sentence_spans)
    else:
        start, end = c.span
        body = highlighted(c.text, start, citation.sentence_spans)
    meta = " · ".join(escape(x) for x in (c.title, c.date or "날짜 없음", c.outlet or "") if x)
    return (
        f'<article class="src-card" id="{source_id(turn, citation.marker)}">'
        f'<div class="src-top"><div class="src-head"><span class="src-n">[{citation.marker}]</span>'
        f'<span class="src-heading">{escape(c.heading)}</span></div>'
        f'<div class="src-meta">{meta}</div></div>'
        f'<div class="src-text">{body}</div>'
        f'<div class="src-path" title="{escape(c.source, quote=True)}">{escape(c.source.rsplit("/", 1)[-1])}'
        f" · {', '.join(f'{s}–{e}' for s, e in citation.sentence_spans)}</div>"
        "</article>"
    )


def turn_sources_html(turn: int, asked: str, answer: Answer, store: Any) -> str:
    """The sources of one answer: a card per citation, or the nearest sections when it abstained."""
    head = f'<div class="turn-q">Q{turn}. {escape(asked)}</div>'
    if answer.citations:
        cards = "".join(citation_html(turn, c, store) for c in answer.citations)
    else:
        near = "".join(
            f"<li>{escape(h.chunk.heading)} <span class='src-meta'>· {escape(h.chunk.date or '')}</span></li>"
            for h in answer.hits[:3]
        )
        cards = '<div class="src-empty">인용할 근거가 충분하지 않습니다.'
        cards += f" 가장 가까운 섹션:<ul>{near}</ul></div>" if near else "</div>"
    return f'<section class="turn" data-turn="{turn}">{head}{cards}</section>'


def panel_html(turns: list[str]) -> str:
    """The sources panel: the latest answer's sources open, earlier ones folded (newest first)."""
    if not turns:
        return (
            '<div class="sources empty"><div class="sources-title">출처</div>'
            "<p>질문하면 답변에 인용된 브리핑 섹션이 여기에 나옵니다. 답변의 [1] 표시를 누르거나 "
            "마우스를 올리면 해당 출처로 이동합니다.</p></div>"
        )
    latest, older = turns[-1], turns[-2::-1]
    folded = "".join(
        f'<details class="older"><summary>이전 답변의 출처</summary>{t}</details>' for t in older
    )
    return f'<div class="sources"><div class="sources-title">출처</div>{latest}{folded}</div>'


def status_html(status: dict[str, Any]) -> str:
    updated = str(status.get("updated") or "")
    updated = updated.replace("T", " ").replace("+00:00", " UTC")
    parts = [
        f"기사 <b>{int(status.get('articles', 0)):,}</b>건",
        f"섹션 조각 <b>{int(status.get('chunks', 0)):,}</b>개",
        f"임베더 <code>{escape(str(status.get('embedder', '')))}</code>",
        f"최종 업데이트 {escape(updated)}",
    ]
    if status.get("newest"):
        parts.insert(2, f"최신 브리핑 {escape(str(status['newest']))}")
    return f'<div class="status-line">{" · ".join(parts)}</div>'


def loading_html(path: str) -> str:
    return f'<div class="status-line loading">{STAGES["loading"]} <code>{escape(path)}</code></div>'


def status_error_html(message: str) -> str:
    return f'<div class="status-line error">색인을 읽지 못했습니다: {escape(message)}</div>'


__all__ = [
    "answer_html",
    "answer_parts",
    "asked_html",
    "citation_html",
    "error_html",
    "highlighted",
    "loading_html",
    "panel_html",
    "source_id",
    "stage_html",
    "status_error_html",
    "status_html",
    "turn_sources_html",
    "user_html",
]
