"""A build that only adds sources appends them (issue 9 item 5: an add costs what it adds).

When every source the index held is kept as it was and the build brings only new ones (same
chunking, same FAISS kind for the new size), the new sources' records, vectors and BM25 postings
become a new segment of the index (index/segments.py), the whole-index arrays and summary get their
rows appended, the FAISS index its vectors added (index/write.py's ``append_index``): nothing the
index held is read again but the little the merge needs. A build that changes or removes a source
writes the whole index, as before. The new sources' chunks come after the index's, in the order of
their paths: an index built from A and then B holds what one build of A and B holds when B's paths
sort after A's (tests/test_append.py compares them), else the same chunks in another order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from rag import __version__
from rag import store as fmt
from rag.config import Config

from .dense_files import VECTOR_DTYPES, faiss_outdated, faiss_record
from .previous import PreviousIndex
from .segments import plan_fold
from .sources import IndexedSource
from .store_files import Base
from .write import append_index

ARRAY_NAMES = (
    fmt.DAYS, fmt.CHUNK_ARTICLE, fmt.ORIGIN, fmt.SENT_OFFSETS, fmt.STORY, fmt.STORY_CHUNKS, fmt.STORY_PTR,
    fmt.ARTICLE_KEYS, fmt.ARTICLE_ORDER,
)  # fmt: skip
_ESCAPED = set('"\\') | {chr(i) for i in range(32)}  # characters json.dumps writes otherwise
# characters that lower() neither changes nor makes from another: in a text as a word has them
_VERBATIM = re.compile(r"[가-힣0-9]+")


def appendable(
    prev: PreviousIndex, sources: dict[str, IndexedSource], pending: Sequence[str], config: Config
) -> bool:
    """Whether a build that ends with ``sources`` (``pending``: the ones parsed by this build) can
    append to ``prev`` (see the module docstring)."""
    m, store = prev.manifest, prev.store
    if m is None or store is None or prev.stale or not pending or "segments" not in m:
        return False
    if any(k in prev.sources for k in pending) or set(sources) != set(prev.sources) | set(pending):
        return False
    if any(sources[k] is not prev.sources[k] for k in prev.sources):
        return False
    if m.get("vectors") != VECTOR_DTYPES or faiss_outdated(m, config.index):
        return False
    total = int(m["counts"]["chunks"]) + sum(len(sources[k].chunks) for k in pending)
    if faiss_record(config.index, total)["faiss"] != m.get("faiss"):
        return False
    return not any(a["id"] in store.articles for k in pending for a in sources[k].articles)


def base_of(index_dir: Path, prev: PreviousIndex) -> Base:
    """What the index at ``index_dir`` holds, for index/store_files.py to append after."""
    store, m = prev.store, prev.manifest
    assert store is not None and m is not None
    arrays = {name: np.load(index_dir / name, mmap_mode="r", allow_pickle=False) for name in ARRAY_NAMES}
    summary = json.loads((index_dir / fmt.SUMMARY).read_text(encoding="utf-8"))
    newest = []
    for aid in summary["newest_articles"]:
        rec = fmt.article_to_record(store.articles[aid])
        newest.append((rec["published"] or "", aid))
    return Base(
        arrays,
        summary,
        newest,
        int(m["counts"]["articles"]),
        int(m["counts"]["chunks"]),
        int(arrays[fmt.SENT_OFFSETS][-1]),
        _texts_with(index_dir, store, m["segments"]),
    )


def _texts_with(index_dir: Path, store: fmt.Store, segments: list[dict[str, Any]]) -> Callable[[str], int]:
    """How many chunks' lower-cased texts hold a word. The files' bytes are searched first for the
    word's longest run of Hangul syllables and digits (a text holding the word holds that run as it
    is); when some file has it, the lines of chunks.jsonl that hold the word lower-cased are found
    in the files' text, and only those are read as records. Each file is read once."""
    lines: list[list[str]] = []
    raw: list[bytes] = []

    def count(word: str) -> int:
        if set(word) & _ESCAPED:  # not found as it is in the JSON lines: every record is read
            return sum(word in c.text.lower() for c in store.chunks)
        if not raw:
            raw.extend((index_dir / fmt.segment_file(s["dir"], fmt.CHUNKS)).read_bytes() for s in segments)
        verbatim = max(_VERBATIM.findall(word), key=len, default="").encode("utf-8")
        if verbatim and not any(verbatim in data for data in raw):  # a plain search of the bytes
            return 0
        if not lines:
            for seg, data in zip(segments, raw, strict=True):
                lines.append(data.decode("utf-8").lower().split("\n")[: seg["chunks"]])
        n = row = 0
        for seg, held in zip(segments, lines, strict=True):
            if any(word in line for line in held):
                n += sum(
                    word in store.chunks[row + i].text.lower() for i, line in enumerate(held) if word in line
                )
            row += seg["chunks"]
        return n

    return count


def append_sources(
    index_dir: Path,
    prev: PreviousIndex,
    sources: dict[str, IndexedSource],
    pending: Sequence[str],
    info: dict[str, Any],
    config: Config,
) -> tuple[int, int, str]:
    """Append the ``pending`` sources to the index at ``index_dir``; return its articles, chunks
    and FAISS kind."""
    m = prev.manifest
    assert m is not None
    base = base_of(index_dir, prev)
    added = sorted(pending)
    articles = [a for k in added for a in sources[k].articles]
    chunks = [rec for k in added for rec in sources[k].chunks]
    dim = int(info["dim"])
    vectors = np.concatenate([sources[k].vectors.reshape(-1, dim) for k in added])
    svecs = np.concatenate([sources[k].sentence_vectors.reshape(-1, dim) for k in added])
    total = base.chunks + len(chunks)
    counts = {
        "sources": len(sources),
        "articles": base.articles + len(articles),
        "chunks": total,
        "sentences": base.sentences + int(svecs.shape[0]),
    }
    manifest = {k: v for k, v in m.items() if k not in ("files", "segments", "next_segment")}
    manifest.update(
        project_version=__version__,
        embedder=info,
        **faiss_record(config.index, total),
        vectors=VECTOR_DTYPES,
        counts=counts,
        sources={k: sources[k].meta for k in sorted(sources)},
        updated=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    manifest["next_segment"] = int(m.get("next_segment", 1))
    fold = plan_fold(m["segments"], len(chunks), manifest["next_segment"])
    append_index(index_dir, base, manifest, articles, chunks, vectors, svecs, fold)
    return counts["articles"], total, str(manifest["faiss"])


__all__ = ["appendable", "append_sources", "base_of"]
