"""Where a story comes from: its outlet and the column tags of its title ("[투자360]"). The build
gathers them for the whole index (index/store_files.py); a question that names one is answered from
its stories (rag/answer.py). A module of its own so the build imports no answering rule."""

from __future__ import annotations

import re

from .types import Chunk

_COLUMN = re.compile(r"\[([^\[\]]{2,16})\]")


def venues_of(c: Chunk) -> set[str]:
    """A chunk's outlet and the column tags of its title, lower-cased."""
    out = {m.lower().strip() for m in _COLUMN.findall(c.title)}
    if c.outlet:
        out.add(c.outlet.lower().strip())
    return out


__all__ = ["venues_of"]
