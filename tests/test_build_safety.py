"""A build never loses what was indexed, never replaces what is not an index, and fails in one line.

index/build.py and index/write.py: a chunking change re-chunks the sources a build was not given
(or refuses), the ``--index`` path is checked (a file, a folder of other files, a symlink), a damaged
index is refused by name before anything is copied from it, and a full disk or an unreadable file is
one line through the CLI with the previous index intact.
"""

from __future__ import annotations

import errno
import json
import os
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO, make_briefing
from test_store_safety import _damaged, deny_opens
from wrapped_embedder import WrappedEmbedder

import index.write as write
from index import build_index
from rag.errors import (
    ChunkingChangedError,
    IndexAccessError,
    IndexCorruptError,
    IndexLockedError,
    IndexPathError,
    IndexWriteError,
)
from rag.store import load_store

TOPICS = [
    ("누리텍 채권 발행", "누리텍이 현지시간 2일 250억 달러 규모의 회사채를 발행했습니다."),
    ("한빛전자 분기 매출", "한빛전자의 3분기 매출은 57억 달러로 시장 예상을 웃돌았습니다."),
    ("가온코인 가격 하락", "가온코인 가격이 현지시간 9일 8만9천 달러까지 떨어졌습니다."),
    ("서해유 배럴당 61달러", "서해유 가격이 공급 과잉 우려로 배럴당 61달러로 내렸습니다."),
    ("다온은행 금리 동결", "다온은행이 기준금리를 연 3.5%로 동결했습니다. 시장은 이를 예상했습니다."),
    ("미르항공 노선 확대", "미르항공이 내년 유럽 노선을 12개로 늘린다고 밝혔습니다."),
    ("새봄식품 수출 증가", "새봄식품의 라면 수출이 10월 1억2천만 달러로 늘었습니다."),
    ("하람건설 수주", "하람건설이 중동에서 3조 원 규모의 공사를 수주했습니다."),
]


def _briefing(n: int) -> str:
    (h1, b1), (h2, b2) = TOPICS[(2 * n) % len(TOPICS)], TOPICS[(2 * n + 1) % len(TOPICS)]
    return make_briefing(3 + n, h1, b1, h2, b2)


def _files(d: Path, n: int, start: int = 0) -> list[Path]:
    d.mkdir(exist_ok=True)
    out = []
    for i in range(start, start + n):
        f = d / f"b-2025-11-{3 + i:02d}.txt"
        f.write_text(_briefing(i), encoding="utf-8")
        out.append(f.resolve())
    return out


def _build(paths, ix, config, embedder, **kw):
    return build_index(paths, ix, config, embedder=embedder, progress=False, **kw)


CHANGES = {
    "overlap_sentences": lambda cfg, emb: (cfg.replace(chunking={"overlap_sentences": 0}), emb),
    "chunk_vectors": lambda cfg, emb: (cfg.replace(chunking={"chunk_vectors": "embed"}), emb),
    "max_tokens": lambda cfg, emb: (cfg, WrappedEmbedder(emb, 24)),
}


# -- 1. a chunking change never drops the sources a build was not given --------------------------


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_chunking_change_rechunks_the_sources_not_given(change, tmp_path, config, embedder):
    old = _files(tmp_path / "corpus", 3)
    ix = tmp_path / "ix"
    _build(old, ix, config, embedder)
    cfg, emb = CHANGES[change](config, embedder)
    (new,) = _files(tmp_path / "more", 1, start=3)
    report = _build([new], ix, cfg, emb)
    assert report.articles == 4 and report.removed == [] and report.added == [str(new)]
    assert sorted(report.rechunked) == [str(f) for f in old]
    store = load_store(ix)
    assert store.manifest["chunking"][change] == (
        24 if change == "max_tokens" else getattr(cfg.chunking, change)
    )
    assert {a.source for a in store.articles.values()} == {str(f) for f in [*old, new]}
    for c in store.chunks:
        assert store.articles[c.article_id].text[c.span[0] : c.span[1]] == c.text
    # the files are not needed: re-chunked from the text the index keeps
    for f in old:
        f.unlink()
    back = _build([new], ix, config, embedder)
    assert back.articles == 4 and sorted(back.rechunked) == [str(f) for f in [*old, new]]


def test_a_source_the_new_settings_leave_nothing_of_is_kept(tmp_path, config, embedder, monkeypatch):
    import index.previous
    from rag.errors import SourceError

    old = _files(tmp_path / "corpus", 2)
    ix = tmp_path / "ix"
    _build(old, ix, config, embedder)
    real = index.previous.parse_docs

    def nothing_of_the_first(key, *args, **kwargs):
        if key == str(old[0]):
            raise SourceError(f"{key} yields no article text to index")
        return real(key, *args, **kwargs)

    monkeypatch.setattr(index.previous, "parse_docs", nothing_of_the_first)
    (new,) = _files(tmp_path / "more", 1, start=2)
    report = _build([new], ix, config.replace(chunking={"overlap_sentences": 0}), embedder)
    assert report.articles == 3 and report.rechunked == [str(old[1])] and report.removed == []
    assert report.failed == [
        (str(old[0]), f"{old[0]} yields no article text to index: kept as indexed before")
    ]


def test_a_record_file_that_is_gone_is_refused_not_dropped(tmp_path, config, embedder):
    corpus = tmp_path / "corpus"
    (txt,) = _files(corpus, 1)
    feed = corpus / "feed.jsonl"
    rows = [{"title": "다온은행 금리", "date": "2025-11-12", "body": TOPICS[4][1]}]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    ix = tmp_path / "ix"
    _build([corpus], ix, config, embedder)
    (new,) = _files(tmp_path / "more", 1, start=5)
    cfg = config.replace(chunking={"overlap_sentences": 0})
    # a .jsonl row's fields (title, date...) are not all kept: an unchanged file is read again
    report = _build([new], tmp_path / "ix", cfg, embedder)
    assert report.articles == 3 and sorted(report.rechunked) == sorted([str(txt), str(feed.resolve())])
    # ... and a file that is gone cannot be: refused, nothing written
    feed.unlink()
    before = (ix / "manifest.json").read_bytes()
    with pytest.raises(ChunkingChangedError) as err:
        _build([new], ix, config, embedder)
    msg = str(err.value)
    assert "\n" not in msg and "feed.jsonl" in msg and "--prune" in msg and "--rebuild" in msg
    assert (ix / "manifest.json").read_bytes() == before
    report = _build([txt, new], ix, config, embedder, prune=True)  # what the message offers
    assert report.removed == [str(feed.resolve())] and report.articles == 2


def test_a_rebuild_reports_what_it_drops(tmp_path, config, embedder):
    files = _files(tmp_path / "corpus", 3)
    _build(files, tmp_path / "ix", config, embedder)
    report = _build(files[:1], tmp_path / "ix", config, embedder, rebuild=True)
    assert report.removed == [str(f) for f in files[1:]] and report.articles == 1


# -- 2. the --index path: a file, a folder of other files, a symlink ------------------------------


def _cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "index", "build", *args, "-q"], cwd=cwd, capture_output=True, text=True
    )


def test_an_index_path_that_is_a_file_is_refused_with_a_command_that_works(tmp_path, config, embedder):
    (f,) = _files(tmp_path / "corpus", 1)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    for rebuild in (False, True):
        with pytest.raises(IndexPathError, match="is a file"):
            _build([f], notes, config, embedder, rebuild=rebuild)
    r = _cli(str(f), "--index", str(notes), "--rebuild")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert notes.read_text() == "my notes" and sorted(p.name for p in tmp_path.iterdir()) == [
        "corpus",
        "notes.txt",
    ]
    command = r.stderr.split("`")[1]
    assert command.startswith("python -m index build ")
    fixed = subprocess.run(
        [sys.executable, *shlex.split(command)[1:], "-q"], cwd=REPO, capture_output=True, text=True
    )
    assert fixed.returncode == 0, fixed.stderr
    assert notes.read_text() == "my notes" and load_store(tmp_path / "notes-index").manifest


def test_a_folder_of_other_files_is_never_replaced(tmp_path, config, embedder):
    (f,) = _files(tmp_path / "corpus", 1)
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"years of work")
    (folder / "manifest.json").write_text("{}")  # even beside a manifest.json of something else
    for rebuild in (False, True):
        with pytest.raises(IndexPathError, match="thesis.docx"):
            _build([f], folder, config, embedder, rebuild=rebuild)
    assert (folder / "thesis.docx").read_bytes() == b"years of work"
    empty = tmp_path / "empty"
    empty.mkdir()  # an empty folder is a fine place for a new index
    assert _build([f], empty, config, embedder).articles == 1


def test_a_symlinked_index_is_built_into_its_target(tmp_path, config, embedder):
    files = _files(tmp_path / "corpus", 3)
    target = tmp_path / "disk" / "ix"
    _build(files[:1], target, config, embedder)
    link = tmp_path / "link"
    link.symlink_to(target, target_is_directory=True)
    report = _build(files[1:2], link, config, embedder)
    assert report.articles == 2 and link.is_symlink() and Path(os.readlink(link)) == target
    assert load_store(target).manifest["counts"]["articles"] == 2
    leftovers = [p.name for p in tmp_path.rglob("*") if ".tmp-" in p.name or p.name.endswith(".lock")]
    assert leftovers == []
    # one lock for the link and its target
    with write.build_lock(target.resolve()), pytest.raises(IndexLockedError):
        _build(files[2:], link, config, embedder)
    with write.build_lock(link), pytest.raises(IndexLockedError):
        _build(files[2:], target, config, embedder)
    # a link to a folder that does not exist yet: the index is made there
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "disk" / "new-ix", target_is_directory=True)
    _build(files[:1], dangling, config, embedder)
    assert dangling.is_symlink() and load_store(tmp_path / "disk" / "new-ix").manifest


def test_the_lock_is_held_across_processes_and_its_file_removed(tmp_path, config, embedder):
    (f,) = _files(tmp_path / "corpus", 1)
    ix = tmp_path / "ix"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from index.write import build_lock\n"
            "with build_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)",
            str(ix),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(IndexLockedError, match="another build"):
            _build([f], ix, config, embedder)
    finally:
        holder.kill()
        holder.wait()
    _build([f], ix, config, embedder)
    with pytest.raises(IndexCorruptError):  # a failed build removes its lock file too
        (ix / "manifest.json").write_text("{")
        _build([f], ix, config, embedder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "ix"]


def test_index_locked_error_lives_with_the_other_errors():
    import rag.errors

    assert write.IndexLockedError is rag.errors.IndexLockedError
    assert issubclass(rag.errors.IndexLockedError, rag.errors.RagError)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [name for name in rag.errors.__all__ if f"`{name}`" not in readme] == []  # the README lists them


# -- 5. building onto a damaged index ----------------------------------------------------------


@pytest.mark.parametrize("keep_file_list", [True, False], ids=["listed", "older-manifest"])
@pytest.mark.parametrize("what", ["null sources", "sent_offset", "nan vectors", "cut article"])
def test_building_onto_a_damaged_index_is_refused_by_name(what, keep_file_list, tmp_path, config, embedder):
    files = _files(tmp_path / "corpus", 2)
    ix = tmp_path / "ix"
    _build(files[:1], ix, config, embedder)
    _damaged(ix, what, keep_file_list)
    before = {p.name: p.read_bytes() for p in ix.iterdir() if p.is_file()}
    with pytest.raises(IndexCorruptError) as err:
        _build(files[1:], ix, config, embedder)
    assert "\n" not in str(err.value) and "--rebuild" in str(err.value)
    assert {p.name: p.read_bytes() for p in ix.iterdir() if p.is_file()} == before
    assert _build(files[1:], ix, config, embedder, rebuild=True).articles == 1


def test_a_damaged_index_through_the_cli_is_one_line(tmp_path, config, embedder):
    files = _files(tmp_path / "corpus", 2)
    _build(files[:1], tmp_path / "ix", config, embedder)
    _damaged(tmp_path / "ix", "sent_offset", keep_file_list=False)
    r = _cli(str(files[1]), "--index", str(tmp_path / "ix"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


# -- 6. a full disk, an unreadable manifest -----------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [OSError("1536 requested and 0 written"), OSError(errno.ENOSPC, "No space left on device")],
    ids=["numpy", "errno"],
)
def test_a_full_disk_is_one_line_and_the_old_index_stays(error, tmp_path, config, embedder, monkeypatch):
    files = _files(tmp_path / "corpus", 2)
    ix = tmp_path / "ix"
    _build(files[:1], ix, config, embedder)
    before = (ix / "manifest.json").read_bytes()

    def full(*args, **kwargs):
        raise error

    monkeypatch.setattr(np, "save", full)
    with pytest.raises(IndexWriteError) as err:
        _build(files[1:], ix, config, embedder)
    monkeypatch.undo()
    msg = str(err.value)
    assert "\n" not in msg and str(ix) in msg and "unchanged" in msg
    assert (ix / "manifest.json").read_bytes() == before and load_store(ix).manifest["counts"][
        "articles"
    ] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "ix"]


FAIL_AT = textwrap.dedent(
    """
    import errno, io, os, sys
    import numpy as np
    what = sys.argv[1]
    if what == "disk-full":
        def save(*a, **k):
            raise OSError(errno.ENOSPC, "No space left on device")
        np.save = save
    else:
        real_os_open, real_io_open = os.open, io.open
        def deny(path):
            if str(path).endswith("manifest.json"):
                raise PermissionError(13, "Permission denied", str(path))
        def os_open(path, *a, **k):
            deny(path)
            return real_os_open(path, *a, **k)
        def io_open(file, *a, **k):
            if isinstance(file, (str, os.PathLike)):
                deny(file)
            return real_io_open(file, *a, **k)
        os.open, io.open = os_open, io_open
    from index.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.parametrize("what", ["disk-full", "unreadable-manifest"])
def test_write_and_read_failures_through_the_cli(what, tmp_path, config, embedder):
    files = _files(tmp_path / "corpus", 2)
    ix = tmp_path / "ix"
    _build(files[:1], ix, config, embedder)
    before = (ix / "manifest.json").read_bytes()
    r = subprocess.run(
        [sys.executable, "-c", FAIL_AT, what, "build", str(files[1]), "--index", str(ix), "-q"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert str(ix) in r.stderr
    if what == "unreadable-manifest":
        assert "Permission denied" in r.stderr and "damaged" not in r.stderr and "rebuild" not in r.stderr
    else:
        assert "No space left" in r.stderr
    assert (ix / "manifest.json").read_bytes() == before


def test_an_unreadable_manifest_in_process(index_copy, tmp_path, monkeypatch, config, embedder):
    (f,) = _files(tmp_path / "corpus", 1)
    deny_opens(monkeypatch, "manifest.json")
    with pytest.raises(IndexAccessError, match="Permission denied"):
        _build([f], index_copy, config, embedder)


# -- the swap itself -----------------------------------------------------------------------------


def test_the_rename_fallback_and_the_restore_of_an_index_caught_mid_swap(index_copy, monkeypatch):
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    before = load_store(index_copy).manifest
    new = index_copy.with_name("index.tmp-5")
    import shutil

    shutil.copytree(index_copy, new)
    write.swap_into_place(new, index_copy)
    assert load_store(index_copy).manifest == before and not new.exists()
    assert sorted(p.name for p in index_copy.parent.iterdir()) == ["index"]
    # killed between its two renames: the old index waits as index.old-<pid>; the next build restores it
    index_copy.rename(index_copy.with_name("index.old-5"))
    write.clean_stale(index_copy)
    assert load_store(index_copy).manifest == before
    assert sorted(p.name for p in index_copy.parent.iterdir()) == ["index"]
