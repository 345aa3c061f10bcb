"""What a loaded index must satisfy; each check names the file and the numbers that disagree.

The manifest records each file's size, which catches a cut or extended file before anything is read;
the agreement checks at load catch what sizes cannot (an index written before the manifest listed its
files, a wrong ``dim``): counts, shapes, and whole-array comparisons of the memory-mapped arrays,
never a parse of a record. Each record is checked when it is read (:func:`row_problem`, and its
CRC-32 in rag/rows.py). The vectors are memory-mapped, so their values are not scanned here: a build
checks the rows it copies from an old index (index/previous.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .records import ChunkExtras
    from .types import Article, Chunk


def manifest_problem(m: Any) -> str | None:
    """What is wrong with a parsed ``manifest.json``'s structure, or None."""
    if not isinstance(m, dict):
        return f"manifest.json holds a {type(m).__name__}, not an object"
    emb, counts = m.get("embedder"), m.get("counts")
    if not isinstance(emb, dict) or not all(isinstance(emb.get(k), str) for k in ("backend", "model")):
        return "manifest.json has no embedder backend and model"
    if not _is_int(emb.get("dim")) or emb["dim"] <= 0:
        return f"manifest.json's embedder dim is {emb.get('dim')!r}, not a positive whole number"
    if not isinstance(counts, dict) or not all(_is_int(counts.get(k)) for k in ("chunks", "articles")):
        return "manifest.json has no chunk and article counts"
    if "format_version" not in m:
        return "manifest.json has no format_version"
    sources = m.get("sources")
    if not isinstance(sources, dict):
        return f"manifest.json's sources is {_kind(sources)}, not a mapping of files"
    # one entry per source file (100k+ at a million chunks): the ids' types in one C-level pass
    for key, meta in sources.items():
        ids = meta.get("article_ids") if isinstance(meta, dict) else None
        if type(ids) is not list or not set(map(type, ids)) <= {str}:
            return f"manifest.json's entry for {key} has no list of article ids"
        if type(meta.get("sha256")) is not str:
            return f"manifest.json's entry for {key} has no sha256"
    segments = m.get("segments")
    if type(segments) is not list or not segments:
        return f"manifest.json's segments is {_kind(segments)}, not a list of segments"
    for seg in segments:
        if not (
            isinstance(seg, dict)
            and isinstance(seg.get("dir"), str)
            and all(_is_int(seg.get(k)) and seg[k] >= 0 for k in SEGMENT_COUNTS)
        ):
            return f"manifest.json's segment {seg!r} has no folder and counts of {', '.join(SEGMENT_COUNTS)}"
    if segments[0]["dir"] != "" or len({s["dir"] for s in segments}) != len(segments):
        return "manifest.json's segments do not start with the index folder itself, each folder once"
    files = m.get("files", {})
    if not isinstance(files, dict) or not all(
        isinstance(v, dict) and _is_int(v.get("bytes")) for v in files.values()
    ):
        return "manifest.json's files is not a mapping of file names to sizes"
    return None


SEGMENT_COUNTS = ("articles", "chunks", "sentences")


def segment_problem(segments: list[dict[str, Any]], parts: dict[str, list[Any]]) -> str | None:
    """Whether each segment's files hold the rows the manifest's ``segments`` gives it (``parts``:
    by segment file name, the opened row files and arrays, one per segment)."""
    from . import store as fmt

    for seg, arts, chunks, vecs, sents in zip(
        segments,
        *(parts[n] for n in (fmt.ARTICLES, fmt.CHUNKS, fmt.VECTORS, fmt.SENTENCE_VECTORS)),
        strict=True,
    ):
        where = f"segment {seg['dir'] or '0'}"
        got = (len(arts), len(chunks), len(vecs), len(sents))
        want = (seg["articles"], seg["chunks"], seg["chunks"], seg["sentences"])
        if got != want:
            return (
                f"{where} holds {got[0]} articles, {got[1]} chunks, {got[2]} vectors and {got[3]} sentence "
                f"vectors where the manifest gives it {want[0]}, {want[1]}, {want[2]} and {want[3]}"
            )
    return None


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _kind(v: Any) -> str:
    return "null" if v is None else f"a {type(v).__name__}"


def size_problem(name: str, size: int, manifest: dict[str, Any]) -> str | None:
    want = manifest.get("files", {}).get(name)
    if want is not None and size != want["bytes"]:
        return f"{name} holds {size:,} bytes, its manifest records {want['bytes']:,}"
    return None


def rows_problem(name: str, rows_name: str, rows: np.ndarray, size: int) -> str | None:
    """Whether ``rows`` (``start, end, crc`` of each line) cover ``name`` of ``size`` bytes exactly:
    lines one after another, each ended by a newline. A cut, extended or emptied file is caught here,
    at load, whatever its size; an edit of the same size when its line is read (its CRC-32)."""
    if rows.ndim != 2 or rows.shape[1] != 3 or rows.dtype != np.int64:
        return f"{rows_name} holds a {rows.dtype} array of shape {rows.shape}, not int64 rows of 3"
    end = int(rows[-1, 1]) + 1 if len(rows) else 0
    if size != end:
        return f"{name} holds {size:,} bytes, its row index {rows_name} records {end:,}"
    if len(rows) and (int(rows[0, 0]) != 0 or not np.array_equal(rows[1:, 0], rows[:-1, 1] + 1)):
        return f"{rows_name} does not record the lines of {name} one after another"
    if len(rows) and bool(np.any(rows[:, 1] < rows[:, 0])):
        return f"{rows_name} records a line of {name} that ends before it starts"
    return None


def consistency_problem(
    manifest: dict[str, Any],
    counts: tuple[int, int, int],
    arrays: dict[str, np.ndarray],
    vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    faiss_index: Any,
) -> str | None:
    """The first way the files disagree with each other or with the manifest, or None. ``counts``:
    the lines of articles.jsonl and chunks.jsonl, and summary.json's origins. Only array shapes and
    whole-array comparisons (numpy, memory-mapped): no record is parsed."""
    from . import store as fmt

    n_articles, n, n_origins = counts
    dim = manifest["embedder"]["dim"]
    want = manifest["counts"]
    if n_articles != want["articles"]:
        return f"articles.jsonl holds {n_articles} articles where the manifest counts {want['articles']}"
    if n != want["chunks"]:
        return f"chunks.jsonl holds {n} chunks where the manifest counts {want['chunks']}"
    shapes = {name: n for name in fmt.CHUNK_ARRAYS} | {
        fmt.SENT_OFFSETS: n + 1,
        fmt.ARTICLE_KEYS: n_articles,
        fmt.ARTICLE_ORDER: n_articles,
    }
    for name, rows in shapes.items():
        arr = arrays[name]
        if arr.ndim != 1 or len(arr) != rows:
            return f"{name} holds {arr.shape} values for {rows} rows"
    off = arrays[fmt.SENT_OFFSETS]
    sentences = int(off[-1])
    if int(off[0]) != 0 or bool(np.any(off[1:] < off[:-1])):
        return f"{fmt.SENT_OFFSETS} does not count the sentences up from row 0 of sentences.npy"
    if n and not (0 <= int(arrays[fmt.ORIGIN].min()) and int(arrays[fmt.ORIGIN].max()) < n_origins):
        return f"{fmt.ORIGIN} names an origin summary.json does not hold ({n_origins} origins)"
    if n and not (
        0 <= int(arrays[fmt.CHUNK_ARTICLE].min()) and int(arrays[fmt.CHUNK_ARTICLE].max()) < n_articles
    ):
        return f"{fmt.CHUNK_ARTICLE} names an article articles.jsonl does not hold ({n_articles} articles)"
    ptr = arrays[fmt.STORY_PTR]
    if len(ptr) < 1 or int(ptr[-1]) != n or (n and int(arrays[fmt.STORY].max()) >= len(ptr) - 1):
        return f"{fmt.STORY_PTR} and {fmt.STORY} disagree on the stories of {n} chunks"
    ids = [a for meta in manifest["sources"].values() for a in meta["article_ids"]]
    lost = _first_missing(arrays[fmt.ARTICLE_KEYS], ids)
    if lost is not None:
        return f"the manifest lists article {lost}, which articles.jsonl does not hold"
    for name, arr, rows in (
        ("vectors.npy", vectors, n),
        ("sentences.npy", sentence_vectors, sentences),
    ):
        if arr.ndim != 2 or arr.shape[1] != dim:
            return f"{name} holds vectors of shape {arr.shape[1:]}, the manifest's embedder has dim {dim}"
        if arr.shape[0] != rows:
            return f"{name} holds {arr.shape[0]} vectors for {rows} {'chunks' if name == 'vectors.npy' else 'sentences'}"
    if faiss_index.d != dim or faiss_index.ntotal != n:
        return f"dense.faiss holds {faiss_index.ntotal} vectors of dim {faiss_index.d} for {n} chunks of dim {dim}"
    return None


def _first_missing(keys: np.ndarray, ids: list[str]) -> str | None:
    """The first of ``ids`` that the sorted article keys do not hold (one vectorised search)."""
    if not ids or not len(keys):
        return ids[0] if ids else None
    wanted = np.asarray([a.encode("utf-8") for a in ids])
    held = keys[np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)] == wanted
    return None if held.all() else ids[int(np.argmin(held))]


def row_problem(i: int, c: Chunk, x: ChunkExtras, rows: int, article: Article | None) -> str | None:
    """What is wrong with chunk ``i`` as read from chunks.jsonl (``rows``: the sentence rows the
    offsets give it; ``article``: its article as read, None when articles.jsonl does not hold it)."""
    if c.id != i:
        return f"chunks.jsonl line {i + 1} has chunk id {c.id}, expected {i}"
    if len(x.sentences) != rows:
        return f"chunk {i} has {len(x.sentences)} sentences where sent_offsets gives it {rows} rows of sentences.npy"
    if len(x.facts) != len(x.sentences):
        return f"chunks.jsonl line {i + 1} has {len(x.facts)} facts for {len(x.sentences)} sentences"
    if article is None:
        return f"chunk {i} belongs to article {c.article_id}, which articles.jsonl does not hold"
    text = article.text
    s, e = c.span
    if not (0 <= s <= e <= len(text)) or text[s:e] != c.text:
        return (
            f"chunk {i}'s text is not at its span {s}-{e} of article {c.article_id} "
            f"({len(text)} characters): articles.jsonl and chunks.jsonl disagree"
        )
    if any(not (0 <= a <= b <= len(text)) for a, b in x.sentences):
        return f"chunk {i} has a sentence span outside article {c.article_id} ({len(text)} characters)"
    return None


__all__ = [
    "segment_problem",
    "manifest_problem",
    "size_problem",
    "rows_problem",
    "consistency_problem",
    "row_problem",
]
