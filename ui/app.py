"""The Gradio web chat: ``build_app(rag) -> gr.Blocks``; launching is separate (``ui/cli.py``).

One :class:`rag.RAG` is shared by every session (loaded once, re-read when a build replaced the index
on disk: :mod:`ui.live`); a session keeps only its turns.
Events run on Gradio's queue with ``ui.concurrency_limit``; index updates run one at a time and swap
the index atomically (:meth:`RAG.reload`), so a question in flight is answered from the old or the new
index, never a mix. ``/ask`` is the one documented API endpoint; the others are private.
"""

from __future__ import annotations

from html import escape
from typing import Any

import gradio as gr

from rag.errors import RagError

from . import render
from .assets import CSS, FONT_STACK, HEAD, accept_script
from .chat import ALL_OUTLETS, Chat
from .live import LOADING, READY
from .upload import UploadResult, add_briefings

TITLE = "브리핑 Q&A"
PRIVATE = "private"


class ChatApp(gr.Blocks):
    """A ``gr.Blocks`` whose :meth:`launch` brings the app's CSS, page script, theme and upload limit."""

    def __init__(self, *args: Any, launch_defaults: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.launch_defaults = dict(launch_defaults or {})

    def launch(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        for key, value in self.launch_defaults.items():
            kwargs.setdefault(key, value)
        return super().launch(*args, **kwargs)


def theme() -> gr.themes.Base:
    return gr.themes.Soft(
        primary_hue="indigo",
        neutral_hue="slate",
        font=FONT_STACK,
        font_mono=("Noto Sans Mono CJK KR", "ui-monospace", "monospace"),
    )


def upload_message(result: UploadResult) -> str:
    lines = []
    if result.added:
        lines.append(
            f"색인에 추가: {escape(', '.join(result.added))} "
            f"(전체 기사 {result.articles:,}건 · 섹션 조각 {result.chunks:,}개, {result.seconds:.1f}초)"
        )
    if result.unchanged:
        lines.append(f"이미 색인됨: {escape(', '.join(result.unchanged))}")
    for name, reason in result.skipped:
        lines.append(f"건너뜀 {escape(name)}: {escape(reason)}")
    return "<br>".join(lines) or "추가된 파일이 없습니다."


def build_app(rag: Any) -> ChatApp:
    """The chat over ``rag``, shared by all sessions: a loaded :class:`rag.RAG`, or a
    :class:`ui.live.LiveIndex` still loading (the page then says so until it is ready)."""
    chat = Chat(rag)
    ui = chat.config.ui
    loading = chat.index.state != READY
    examples = [] if loading else chat.examples()
    launch_defaults = {
        "css": CSS,
        "head": HEAD + accept_script(ui.upload_types),
        "theme": theme(),
        "max_file_size": int(ui.max_upload_mb * 2**20),
    }

    with ChatApp(title=TITLE, analytics_enabled=False, launch_defaults=launch_defaults) as demo:
        turns = gr.State([])
        pending = gr.State("")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                gr.Markdown(
                    f"# {TITLE}\n한국어 시장 브리핑에서 찾아 출처와 함께 답합니다. 네트워크 없이 동작합니다.",
                    elem_id="app-title",
                )
                status = gr.HTML(chat.status_html(), elem_id="status")
                # while the index loads, every open page asks each second whether it is ready
                ticker = gr.Timer(1.0, active=loading)
                chatbot = gr.Chatbot(
                    elem_id="chat",
                    height=540,
                    render_markdown=False,  # answers are HTML we build and escape ourselves
                    sanitize_html=True,
                    latex_delimiters=[],
                    feedback_options=("Like", "Dislike"),
                    buttons=["copy"],
                    placeholder=(
                        "브리핑에 대해 물어보세요. 예: <b>메타 채권 금리는?</b> · "
                        "이어서 <b>그럼 오라클은?</b>"
                    ),
                    show_label=False,
                )
                with gr.Row(equal_height=True):
                    msg = gr.Textbox(
                        placeholder="질문을 입력하고 Enter (예: 메타 채권 금리는?)",
                        show_label=False,
                        scale=8,
                        autofocus=True,
                        max_lines=4,
                        elem_id="question",
                    )
                    send = gr.Button("질문", variant="primary", scale=1, min_width=80, elem_id="send")
                    clear = gr.Button("새 대화", scale=1, min_width=80, elem_id="clear")
                ex = gr.Dataset(
                    label="예시 질문 (색인된 브리핑에서)",
                    components=[msg],
                    samples=[[q] for q in examples],
                    elem_id="examples",
                    visible=bool(examples),
                )
                with gr.Accordion("검색 옵션", open=False, elem_id="options"):
                    with gr.Row():
                        k = gr.Slider(
                            1, 10, value=chat.config.retrieval.k, step=1, label="검색할 섹션 수 (k)"
                        )
                        outlet = gr.Dropdown(
                            [ALL_OUTLETS] if loading else chat.outlets(),
                            value=ALL_OUTLETS,
                            label="매체",
                            allow_custom_value=True,
                        )
                    with gr.Row():
                        date_from = gr.DateTime(
                            include_time=False, type="string", label="시작일 (YYYY-MM-DD)"
                        )
                        date_to = gr.DateTime(include_time=False, type="string", label="종료일 (YYYY-MM-DD)")
                with gr.Accordion("브리핑 추가", open=False, elem_id="upload-box"):
                    files = gr.File(  # no file_types: Gradio's own refusal is an English toast
                        file_count="multiple",
                        label=f"{', '.join(ui.upload_types)} · 파일당 최대 {ui.max_upload_mb:g} MB",
                        elem_id="upload",
                    )
                    upload_status = gr.HTML(elem_id="upload-status")
                    reload_btn = gr.Button("색인 다시 읽기", size="sm", elem_id="reload")
            with gr.Column(scale=2, min_width=340, elem_id="sources-col"):
                sources = gr.HTML(render.panel_html([]), elem_id="sources")

        # -- asking: stash and clear the textbox, then stream the answer -------------------------------
        def stash(message: str) -> tuple[str, str]:
            return message, ""

        def respond(message, history, turns_v, k_v, df, dt, outlet_v):  # noqa: ANN001 (Gradio passes values)
            for hist, panel, tv in chat.respond(message, history, turns_v, k_v, df, dt, outlet_v):
                yield hist, (gr.skip() if panel is None else panel), tv, gr.skip()
            yield gr.skip(), gr.skip(), gr.skip(), chat.status_html()  # the index may have been re-read

        ask_in = [pending, chatbot, turns, k, date_from, date_to, outlet]
        ask_out = [chatbot, sources, turns, status]
        for trigger in (msg.submit, send.click):
            trigger(stash, msg, [pending, msg], queue=False, api_visibility=PRIVATE).then(
                respond, ask_in, ask_out, api_visibility=PRIVATE, show_progress="hidden"
            )
        ex.click(lambda v: (v[0], ""), ex, [pending, msg], queue=False, api_visibility=PRIVATE).then(
            respond, ask_in, ask_out, api_visibility=PRIVATE, show_progress="hidden"
        )
        clear.click(
            lambda: ([], render.panel_html([]), [], ""),
            None,
            [chatbot, sources, turns, msg],
            queue=False,
            api_visibility=PRIVATE,
        )
        chatbot.clear(  # the chat's own trash button
            lambda: (render.panel_html([]), []), None, [sources, turns], queue=False, api_visibility=PRIVATE
        )

        # -- 👍/👎 -------------------------------------------------------------------------------------
        def on_like(turns_v: list[dict[str, Any]], data: gr.LikeData) -> None:
            if chat.feedback(turns_v, data.index, data.liked) is not None:
                gr.Info("피드백을 기록했습니다. 고맙습니다!")

        chatbot.like(on_like, turns, None, api_visibility=PRIVATE)

        # -- adding briefings -------------------------------------------------------------------------
        def on_upload(paths: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            if not paths:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            try:
                result = add_briefings(chat.rag, paths, progress=lambda f, d: progress(f, desc=d))
                message = upload_message(result)
                for name, reason in result.skipped:
                    gr.Warning(f"{name}: {reason}")
            except RagError as e:
                message = f"오류: {escape(str(e))}"
            qs = chat.examples()
            return (
                message,
                chat.status_html(),
                gr.Dropdown(choices=chat.outlets()),
                gr.Dataset(samples=[[q] for q in qs], visible=bool(qs)),
                None,
            )

        files.upload(
            on_upload,
            files,
            [upload_status, status, outlet, ex, files],
            concurrency_limit=1,
            concurrency_id="index-update",
            api_visibility=PRIVATE,
        )

        def on_reload() -> tuple[str, str, Any]:
            try:
                chat.rag.reload()
                note = "색인을 다시 읽었습니다."
            except RagError as e:
                note = f"오류: {escape(str(e))}"
            return note, chat.status_html(), gr.Dropdown(choices=chat.outlets())

        reload_btn.click(
            on_reload,
            None,
            [upload_status, status, outlet],
            concurrency_limit=1,
            concurrency_id="index-update",
            api_visibility=PRIVATE,
        )

        def index_view() -> tuple[Any, ...]:
            """Status line, outlets, examples and the loading timer for the index as it is now."""
            line, outlets, qs = chat.index_view()
            if outlets is None or qs is None:
                return line, gr.skip(), gr.skip(), gr.Timer(active=chat.index.state == LOADING)
            return (
                line,
                gr.Dropdown(choices=outlets),
                gr.Dataset(samples=[[q] for q in qs], visible=bool(qs)),
                gr.Timer(active=False),
            )

        view = [status, outlet, ex, ticker]
        demo.load(index_view, None, view, queue=False, api_visibility=PRIVATE, show_progress="hidden")
        ticker.tick(index_view, None, view, queue=False, api_visibility=PRIVATE, show_progress="hidden")

        # -- the API ----------------------------------------------------------------------------------
        def ask(question: str) -> dict:
            """Answer one question from the briefings. Returns the answer text with [n] markers, its
            citations (marker, title, heading, date, outlet, source, span, quote, sentence_spans),
            abstained, confidence, hits (without text) and timings."""
            try:
                return chat.api_ask(question)
            except RagError as e:
                raise gr.Error(str(e)) from e

        gr.api(ask, api_name="ask")

    demo.queue(default_concurrency_limit=ui.concurrency_limit)
    demo.chat = chat  # for tests and embedding
    return demo


__all__ = ["build_app", "ChatApp"]
