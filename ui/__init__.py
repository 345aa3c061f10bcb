"""The Gradio web chat over a briefing index: ``build_app(rag) -> gr.Blocks``; ``python -m ui`` runs it."""

from .app import build_app

__all__ = ["build_app"]
