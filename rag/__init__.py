"""Offline, cited question answering over Korean market briefings.

>>> from rag import RAG
>>> answer = RAG.from_config("config.yaml").ask("메타 채권 금리는?")   # doctest: +SKIP
>>> print(answer.text, answer.citations[0].heading)                    # doctest: +SKIP
"""

from .api import RAG, ask
from .config import Config, load_config
from .errors import RagError
from .retrieve import Filters
from .types import Answer, Article, Chunk, Citation, Hit, Section

__version__ = "0.1.0"

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
