"""Offline, cited question answering over Korean market briefings.

>>> from rag import RAG
>>> answer = RAG.from_config("config.yaml").ask("메타 채권 금리는?")   # doctest: +SKIP
>>> print(answer.text, answer.citations[0].heading)                    # doctest: +SKIP

The names below are imported on first use, so that ``python -m rag ask`` answered by a server
(rag/serve.py) loads no numpy, Kiwi or search library (``import rag`` alone imports none of them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import RAG, ask
    from .config import Config, load_config
    from .errors import RagError
    from .retrieve import Filters
    from .types import Answer, Article, Chunk, Citation, Hit, Section

__version__ = "0.1.0"

_WHERE = {
    "RAG": "api",
    "ask": "api",
    "Config": "config",
    "load_config": "config",
    "RagError": "errors",
    "Filters": "retrieve",
    **{name: "types" for name in ("Answer", "Article", "Chunk", "Citation", "Hit", "Section")},
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'rag' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "RAG",
    "ask",
    "Answer",
    "Article",
    "Chunk",
    "Citation",
    "Config",
    "Filters",
    "Hit",
    "RagError",
    "Section",
    "load_config",
    "__version__",
]
