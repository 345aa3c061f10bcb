"""``python -m ui [--index DIR] [--config FILE] [--host 127.0.0.1] [--port N]`` (also ``rag-ui``).

Binds 127.0.0.1 unless told otherwise. The page is served first; the index loads behind it (the page
says "색인을 불러오는 중…" meanwhile). A login is required when both ``RAG_UI_USER`` and
``RAG_UI_PASSWORD`` are set; repeated wrong passwords lock the login for a while (``ui/login.py``).
A public Gradio share link is created only with ``--share``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

AUTH_USER, AUTH_PASSWORD = "RAG_UI_USER", "RAG_UI_PASSWORD"


def auth_from_env(env: dict[str, str] | None = None) -> tuple[str, str] | None:
    """``(user, password)`` from the environment; None when neither is set; only one set is an error."""
    env = dict(os.environ if env is None else env)
    user, password = env.get(AUTH_USER) or "", env.get(AUTH_PASSWORD) or ""
    if not user and not password:
        return None
    if not user or not password:
        missing = AUTH_USER if not user else AUTH_PASSWORD
        raise SystemExit(
            f"error: basic auth needs both {AUTH_USER} and {AUTH_PASSWORD}; {missing} is not set"
        )
    return user, password


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m ui",
        description="Launch the web chat (Gradio) over a briefing index. "
        f"Basic auth: set {AUTH_USER} and {AUTH_PASSWORD}.",
    )
    ap.add_argument("--index", type=Path, help="index directory (default: paths.index of the config)")
    ap.add_argument("--config", type=Path, help="config.yaml to use (default: ./config.yaml)")
    ap.add_argument("--host", help="address to bind (default: ui.host, 127.0.0.1: this machine only)")
    ap.add_argument("--port", type=int, help="port (default: ui.port, 7860)")
    ap.add_argument(
        "--share",
        action="store_true",
        help="also create a public *.gradio.live link via Gradio's servers (off by default; needs network)",
    )
    return ap


def say(line: str) -> None:
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Check the index, serve the page, then load the index in the background (the page says so)."""
    args = parser().parse_args(argv)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry calls
    auth = auth_from_env()
    from rag import RAG, load_config
    from rag.embed import describe
    from rag.errors import RagError
    from rag.store import check_embedder, read_manifest

    try:
        cfg = load_config(args.config)
        index_dir = Path(args.index or cfg.paths.index)
        # the quick checks before serving: no index, not an index, another embedder
        check_embedder(read_manifest(index_dir), describe(cfg.embedder), index_dir)
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    say("starting the web server (Gradio)…")
    from .app import build_app
    from .live import READY, LiveIndex
    from .login import LoginGuard

    live = LiveIndex(lambda: RAG.load(index_dir, config=cfg), cfg, index_dir)
    demo = build_app(live)
    host = args.host or cfg.ui.host
    port = args.port or cfg.ui.port
    if host not in ("127.0.0.1", "localhost", "::1") and auth is None:
        print(
            f"warning: serving on {host} with no password; set {AUTH_USER} and {AUTH_PASSWORD} for auth",
            file=sys.stderr,
        )
    # quiet: Gradio's own lines would suggest `share=True` in code; this one says how to share here
    demo.launch(
        server_name=host,
        server_port=port,
        auth=LoginGuard(*auth).check if auth else None,
        share=bool(args.share),
        inbrowser=False,
        quiet=True,
        prevent_thread_lock=True,
    )
    shared = f"; public link: {demo.share_url}" if demo.share_url else "; --share makes a public link"
    say(f"serving the chat on http://{host}:{demo.server_port}/{shared} (Ctrl+C stops it)")
    say(f"loading the index at {index_dir} ({cfg.embedder.backend}, Kiwi, example questions)…")
    live.start().wait()
    if live.state == READY:
        s = live.get().status()
        say(f"index ready: {s['articles']:,} articles, {s['chunks']:,} chunks ({live.seconds:.1f} s)")
    else:
        print(f"error: {live.error} (the page says so; a question tries again)", file=sys.stderr, flush=True)
    demo.block_thread()
    return 0


if __name__ == "__main__":
    sys.exit(main())
