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


class IndexLockedError(RagError):
    """Another build is writing the same index."""


class IndexPathError(RagError):
    """The index path cannot hold an index: it is a file, or a folder of other files."""


class IndexWriteError(RagError):
    """The index cannot be written (disk full, read-only or not permitted); the previous one is intact."""


class IndexAccessError(RagError):
    """The index files exist but cannot be read (permissions, I/O): not damage, nothing to rebuild."""


class ChunkingChangedError(RagError):
    """The chunking settings changed and some indexed files cannot be re-chunked without being given."""


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
    "IndexLockedError",
    "IndexPathError",
    "IndexWriteError",
    "IndexAccessError",
    "ChunkingChangedError",
]
