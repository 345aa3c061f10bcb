"""Typed errors of the library. Each message names the problem and the fix in one line.

The CLI and UI print ``str(error)`` and exit non-zero; nothing below them prints.
"""

from __future__ import annotations


class RagError(Exception):
    """Base class for every error this project raises on purpose."""


class ConfigError(RagError):
    """config.yaml or an environment override is invalid."""


class QuestionError(RagError, ValueError):
    """The question is empty, too long, or otherwise unusable."""


class IndexNotFoundError(RagError, FileNotFoundError):
    """There is no index directory where one was expected."""


class IndexCorruptError(RagError):
    """The index directory exists but cannot be read (missing or damaged files)."""


class EmbedderMismatchError(RagError):
    """The index was built with a different embedder than the one configured."""


class EmbedderUnavailableError(RagError):
    """The configured embedder cannot be loaded offline."""


class SourceError(RagError):
    """A briefing file cannot be read or decoded."""


class EmptyCorpusError(RagError):
    """Nothing indexable was found in the given paths."""


__all__ = [
    "RagError",
    "ConfigError",
    "QuestionError",
    "IndexNotFoundError",
    "IndexCorruptError",
    "EmbedderMismatchError",
    "EmbedderUnavailableError",
    "SourceError",
    "EmptyCorpusError",
]
