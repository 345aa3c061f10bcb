"""The build side: read briefing files, parse them into sections, chunk, embed, write the index."""

from .build import BuildReport, build_index
from .parse import parse_article

__all__ = ["build_index", "BuildReport", "parse_article"]
