"""``python -m ui.screenshot [--index DIR] [--config FILE] [--out docs/chat.png]``: the README's picture.

Serves the chat over an index (default: ``paths.index`` of the config, which
``python -m index build data/briefings`` fills), opens it in Debian's chromium through Playwright (no
browser download; every request to anything but the app is refused), asks a question and a
follow-up, hovers the follow-up answer's first marker so that its source is highlighted, and saves
the window (1400×900) as a PNG. Needs the dev extras (``pip install -e '.[dev]'``) and
``/usr/bin/chromium`` with a Korean font (``apt-get install chromium fonts-noto-cjk``).

The browser tests drive the page with the same :class:`ChatPage`; their screenshots go to
``test-artifacts/``, never to ``docs/``.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
QUESTION, FOLLOW_UP = "메타 채권 금리는?", "그럼 오라클은?"


class ChatPage:
    """One browser session on the chat, recording dialogs and refusing requests outside the app."""

    def __init__(
        self, browser: Any, url: str, timeout_ms: int = 60_000, viewport: dict[str, int] | None = None
    ) -> None:
        self.context = browser.new_context(viewport=viewport or VIEWPORT, locale="ko-KR")
        self.context.set_default_timeout(timeout_ms)
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.goto(url)
        self.page.wait_for_selector("#question textarea")

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def ask(self, question: str) -> str:
        """Type ``question``, press Enter, wait until the streamed answer is complete; returns its text.

        ``window.__stages`` lists the stage lines the page showed on the way (``stage-*`` classes)."""
        p = self.page
        n = p.locator("#chat [data-testid='bot']").count()
        p.evaluate(
            """() => {
                window.__stages = [];
                const chat = document.querySelector('#chat');
                if (window.__obs) window.__obs.disconnect();
                window.__obs = new MutationObserver(() => {
                    chat.querySelectorAll('.pending[class*="stage-"]').forEach((e) => {
                        const s = [...e.classList].find((c) => c.startsWith('stage-')).slice(6);
                        if (window.__stages[window.__stages.length - 1] !== s) window.__stages.push(s);
                    });
                });
                window.__obs.observe(chat, {subtree: true, childList: true, characterData: true});
            }"""
        )
        p.fill("#question textarea", question)
        p.keyboard.press("Enter")
        bots = p.locator("#chat [data-testid='bot']")
        bots.nth(n).wait_for()
        p.wait_for_function(
            """(n) => {
                const b = document.querySelectorAll('#chat [data-testid="bot"]')[n];
                return b && b.querySelector('.answer') && !b.querySelector('.pending');
            }""",
            arg=n,
        )
        return str(bots.nth(n).inner_text())

    def hover_marker(self, turn: int, marker: int = 1) -> None:
        """Hover the marker [marker] of answer ``turn`` and wait until its source is highlighted."""
        sid = f"src-{turn}-{marker}"
        self.page.locator(f"#chat a.cite[href='#{sid}']").first.hover()
        self.page.wait_for_function(f"document.querySelector('#{sid}').classList.contains('src-active')")
        time.sleep(0.8)  # the panel scrolls smoothly

    def save(self, path: Path, full_page: bool = False) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.context.close()


def take(browser: Any, url: str, out: Path, question: str, follow_up: str) -> Path:
    """The README's picture of the chat at ``url``: ``question``, then ``follow_up``, its source shown."""
    page = ChatPage(browser, url)
    try:
        page.ask(question)
        page.ask(follow_up)
        page.hover_marker(2)
        if page.outside:
            raise RuntimeError(f"the page tried to reach outside the app: {page.outside}")
        return page.save(out)
    finally:
        page.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ui.screenshot", description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="index directory (default: paths.index of the config)")
    ap.add_argument("--config", type=Path, help="config.yaml to use (default: ./config.yaml)")
    ap.add_argument("--out", type=Path, default=Path("docs/chat.png"), help="PNG to write (docs/chat.png)")
    ap.add_argument("--question", default=QUESTION, help=f"first question ({QUESTION})")
    ap.add_argument("--follow-up", default=FOLLOW_UP, help=f"follow-up question ({FOLLOW_UP})")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"error: no {CHROMIUM}: apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("error: playwright is not installed: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from rag import RAG, load_config
    from rag.errors import RagError

    from .app import build_app

    try:
        cfg = load_config(args.config)
        demo = build_app(RAG.load(args.index or cfg.paths.index, config=cfg))
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
            try:
                out = take(browser, f"http://127.0.0.1:{port}/", args.out, args.question, args.follow_up)
            finally:
                browser.close()
    finally:
        demo.close()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
