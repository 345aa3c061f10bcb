"""Loading an index is consistent and its errors say what is wrong (rag/store.py).

A build swaps a whole new directory into place; a load running meanwhile must return one version of
every file, never old articles with new chunks, and must not call the swap damage. What a load finds
wrong is named (which file, which count), and a file the user may not read is not "damaged". (NaN
written over vectors is the build's to find: the load memory-maps vectors without reading them.)
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import make_briefing

from index import build_index
from index.write import swap_into_place
from rag import RAG, indexdir
from rag.errors import IndexAccessError, IndexCorruptError, IndexNotFoundError
from rag.store import load_store


def _briefing(figure: str) -> str:
    return make_briefing(
        3,
        "누리텍, 채권 발행",
        f"누리텍이 현지시간 2일 {figure} 달러 규모의 회사채를 연 5.1% 금리로 발행했습니다.",
        "한빛전자 분기 매출",
        "한빛전자의 3분기 매출은 57억 달러로 시장 예상을 웃돌았습니다.",
    )


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory, config, embedder) -> tuple[Path, Path]:
    """Two indexes of the same file before and after one figure changed: same counts, other text."""
    root = tmp_path_factory.mktemp("versions")
    out = []
    for name, figure in (("a", "250억"), ("b", "260억")):
        f = root / name / "b-2025-11-03.txt"
        f.parent.mkdir()
        f.write_text(_briefing(figure), encoding="utf-8")
        build_index([f], root / f"ix-{name}", config, embedder=embedder, progress=False)
        out.append(root / f"ix-{name}")
    return out[0], out[1]


def _version(store) -> str:
    """Which version every part of ``store`` comes from; raises when the parts disagree."""
    texts = " ".join(a.text for a in store.articles.values())
    chunks = " ".join(c.text for c in store.chunks)
    by_text = {"250억" in texts: "a", "260억" in texts: "b"}.get(True)
    by_chunks = {"250억" in chunks: "a", "260억" in chunks: "b"}.get(True)
    assert by_text == by_chunks, "articles and chunks from different builds"
    return str(by_text)


def _vectors_of(path: Path) -> np.ndarray:
    return np.load(path / "vectors.npy")


@pytest.fixture(params=["proc", "no-proc"])
def proc(request, monkeypatch):
    """With /proc (libraries open files of the held directory) and without (a macOS, say: libraries
    open plain paths, and a load the directory was replaced under is read again)."""
    if request.param == "no-proc":
        monkeypatch.setattr(indexdir, "PROC_FD", "/nonexistent")
    return request.param


@pytest.mark.parametrize("swap_at", ["numpy", "faiss"])
def test_a_swap_between_two_file_reads_never_mixes_versions(
    two_versions, tmp_path, monkeypatch, proc, swap_at
):
    """A build swaps the other version in just before the first array is read, or just before FAISS
    reads its file (the last read): what loads is all one version or all the other."""
    import faiss

    a, b = two_versions
    ix = tmp_path / "ix"
    shutil.copytree(a, ix)
    module, name = (np, "load") if swap_at == "numpy" else (faiss, "read_index")
    real = getattr(module, name)
    swapped = []

    def swap_then_read(*args, **kwargs):
        if not swapped:
            swapped.append(True)
            shutil.copytree(b, tmp_path / "ix.tmp-1")
            swap_into_place(tmp_path / "ix.tmp-1", ix)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, swap_then_read)
    store = load_store(ix)
    monkeypatch.undo()
    assert swapped
    source = a if _version(store) == "a" else b
    assert np.array_equal(store.vectors, _vectors_of(source))
    assert np.array_equal(store.faiss_index.reconstruct_n(0, store.faiss_index.ntotal), _vectors_of(source))
    assert store.manifest == json.loads((source / "manifest.json").read_text())


def test_loads_while_builds_swap_the_index_never_fail(two_versions, tmp_path, config, embedder, proc):
    """Swaps as fast as a thread can copy an index, loads for two seconds: every load succeeds and is
    one version (reading by path, the load failed within the two seconds in 4 runs of 4)."""
    a, b = two_versions
    ix = tmp_path / "ix"
    shutil.copytree(a, ix)
    rag = RAG.load(ix, config=config, embedder=embedder)
    stop = threading.Event()
    swaps = [0]

    def swapper() -> None:
        while not stop.is_set():
            src = (a, b)[swaps[0] % 2]
            tmp = tmp_path / f"ix.tmp-{swaps[0]}"
            shutil.copytree(src, tmp)
            swap_into_place(tmp, ix)
            swaps[0] += 1

    thread = threading.Thread(target=swapper)
    thread.start()
    seen, loads, t0 = set(), 0, time.monotonic()
    try:
        while time.monotonic() - t0 < 2.0:
            seen.add(_version(load_store(ix)))
            loads += 1
        rag.reload()  # the API's reload goes through the same load
        seen.add(_version(rag.store))
    finally:
        stop.set()
        thread.join()
    assert swaps[0] > 10 and loads > 20 and seen == {"a", "b"}


def test_load_waits_out_a_swap_by_rename(two_versions, tmp_path):
    """Without renameat2 a swap renames the old index aside first: for a moment there is none."""
    a, _ = two_versions
    ix = tmp_path / "ix"
    shutil.copytree(a, tmp_path / "ix.old-77")
    timer = threading.Timer(0.2, lambda: os.rename(tmp_path / "ix.old-77", ix))
    timer.start()
    try:
        assert _version(load_store(ix)) == "a"
    finally:
        timer.cancel()


def test_an_index_left_mid_swap_says_how_to_restore_it(two_versions, tmp_path):
    a, _ = two_versions
    shutil.copytree(a, tmp_path / "ix.old-77")
    with pytest.raises(IndexNotFoundError, match="interrupted.*python -m index build"):
        load_store(tmp_path / "ix")


def _damaged(path: Path, what: str, keep_file_list: bool) -> None:
    mf = path / "manifest.json"
    m = json.loads(mf.read_text())
    if what == "empty articles":
        (path / "articles.jsonl").write_text("")
    elif what == "wrong dim":
        m["embedder"]["dim"] = 385
    elif what == "cut article":
        lines = (path / "articles.jsonl").read_text(encoding="utf-8").split("\n")
        rec = json.loads(lines[0])
        rec["text"] = rec["text"][: len(rec["text"]) // 3]
        lines[0] = json.dumps(rec, ensure_ascii=False)
        (path / "articles.jsonl").write_text("\n".join(lines), encoding="utf-8")
    elif what == "sent_offset":
        lines = (path / "chunks.jsonl").read_text(encoding="utf-8").split("\n")
        rec = json.loads(lines[-2])
        rec["sent_offset"] = 10**6
        lines[-2] = json.dumps(rec, ensure_ascii=False)
        (path / "chunks.jsonl").write_text("\n".join(lines), encoding="utf-8")
    elif what == "nan vectors":
        v = np.load(path / "sentences.npy")
        v[1, :5] = np.nan
        np.save(path / "sentences.npy", v)
    elif what == "null sources":
        m["sources"] = None
    if not keep_file_list:
        m.pop("files", None)  # as an index written before the manifest listed its files
    mf.write_text(json.dumps(m, ensure_ascii=False))


DAMAGE = {
    "empty articles": "articles.jsonl",
    "wrong dim": "385",
    "cut article": "articles.jsonl|span",
    "sent_offset": "sentences|sent_offset|chunks.jsonl",
    "null sources": "sources",
}


@pytest.mark.parametrize("keep_file_list", [True, False], ids=["listed", "older-manifest"])
@pytest.mark.parametrize("what", list(DAMAGE))
def test_damage_is_named(what, keep_file_list, index_copy, config, embedder):
    _damaged(index_copy, what, keep_file_list)
    with pytest.raises(IndexCorruptError) as err:
        RAG.load(index_copy, config=config, embedder=embedder)
    msg = str(err.value)
    assert "\n" not in msg and "python -m index build" in msg
    assert "manifest says" not in msg  # "manifest says 49 chunks, files hold 49 chunks" said nothing
    assert re.search(DAMAGE[what], msg), msg


def test_a_same_size_edit_fails_the_checksum_when_its_row_is_read(index_copy, config, embedder):
    """A load parses no record (it is O(1)), so an edit that keeps the size is found when its line
    is read: by ``store.chunks``, and by a question whose hits include it."""
    data = (index_copy / "chunks.jsonl").read_bytes()
    i = data.index(b'"position": 0')
    (index_copy / "chunks.jsonl").write_bytes(data[:i] + b'"position": 7' + data[i + 13 :])
    store = load_store(index_copy)
    assert store.chunks[1].id == 1  # the other lines read as before
    with pytest.raises(IndexCorruptError, match="chunks.jsonl line 1 does not match the checksum") as err:
        store.chunks[0]
    assert "\n" not in str(err.value) and "--rebuild" in str(err.value)
    rag = RAG.load(index_copy, config=config, embedder=embedder)
    with pytest.raises(IndexCorruptError, match="chunks.jsonl line 1"):
        for c in rag.store.chunks:
            rag.ask(c.heading)  # reaches chunk 0 by iteration at the latest


def test_an_unreadable_manifest_is_not_damage(index_copy, monkeypatch, config, embedder):
    """Root reads any file, so the denial is simulated where files are opened."""
    deny_opens(monkeypatch, "manifest.json")
    for load in (
        lambda: load_store(index_copy),
        lambda: RAG.load(index_copy, config=config, embedder=embedder),
    ):
        with pytest.raises(IndexAccessError) as err:
            load()
        msg = str(err.value)
        assert "Permission denied" in msg and "manifest.json" in msg
        assert "damaged" not in msg and "rebuild" not in msg


def deny_opens(monkeypatch, suffix: str) -> None:
    """Opening a file whose name ends with ``suffix`` raises PermissionError, whichever way it is opened."""
    real_os_open, real_io_open = os.open, io.open

    def os_open(path, *args, **kwargs):
        if str(path).endswith(suffix):
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *args, **kwargs)

    def io_open(file, *args, **kwargs):
        if isinstance(file, str | os.PathLike) and str(file).endswith(suffix):
            raise PermissionError(13, "Permission denied", str(file))
        return real_io_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)


def test_a_file_is_not_an_index(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    with pytest.raises(IndexNotFoundError, match="is a file, not an index"):
        load_store(notes)


def test_reload_checks_the_embedder_of_the_index_it_loaded(
    two_versions, tmp_path, monkeypatch, config, embedder
):
    """The embedder is checked against the manifest of the version loaded, not one read before: a
    rebuild with another embedder swapped in between the two reads is refused, not searched."""
    import rag.api
    from rag.errors import EmbedderMismatchError

    a, _ = two_versions
    ix = tmp_path / "ix"
    shutil.copytree(a, ix)
    pipeline = RAG.load(ix, config=config, embedder=embedder)
    before = json.loads((ix / "manifest.json").read_text())
    m = dict(before, embedder=dict(before["embedder"], backend="sentence-transformers", model="BAAI/bge-m3"))
    (ix / "manifest.json").write_text(json.dumps(m))  # the other embedder's index, now in place
    monkeypatch.setattr(rag.api, "read_manifest", lambda path: before, raising=False)  # read just before
    with pytest.raises(EmbedderMismatchError, match="bge-m3"):
        pipeline.reload()


def test_a_garbled_array_header_is_named_without_numpy_advice(index_copy):
    f = index_copy / "vectors.npy"
    data = bytearray(f.read_bytes())
    data[:10] = b"\x00" * 10  # same size, the magic string and version gone
    f.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError) as e:
        load_store(index_copy)
    assert "vectors.npy" in str(e.value) and "pickle" not in str(e.value)
