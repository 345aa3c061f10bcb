"""The web chat in a real browser: Debian's chromium driven by Playwright (no browser download).

Every request the page makes to anything but the app is blocked and counted: the chat must work
offline. Screenshots go to test-artifacts/ only; the README's picture is made by ``python -m ui.screenshot``.
"""

from __future__ import annotations

import hashlib
import shutil
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from ui_fixtures import (
    ARTIFACTS,
    NEW_BRIEFING,
    NEW_HEADING,
    NEW_QUESTION,
    REPO,
    XSS_BRIEFING,
    XSS_MARKUP,
    XSS_QUESTION,
    GatedEmbedder,
    fresh_rag,
    running,
)

from ui.screenshot import CHROMIUM, FLAGS, ChatPage

TIMEOUT = 60_000  # ms; the machine may be busy
README_PICTURE = REPO / "docs" / "chat.png"
PICTURE_BEFORE = hashlib.sha256(README_PICTURE.read_bytes()).hexdigest() if README_PICTURE.exists() else None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def app(briefing_index, config, embedder, tmp_path_factory):
    from ui import build_app

    tmp = tmp_path_factory.mktemp("ui-browser")
    rag = fresh_rag(briefing_index, tmp, config, embedder)
    with running(build_app(rag)) as url:
        yield url, rag, tmp


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield b
        b.close()


class Page(ChatPage):
    """The screenshot command's page driver, saving under test-artifacts/ and failing on outside requests."""

    def shot(self, name: str, full_page: bool = False) -> Path:
        return self.save(ARTIFACTS / f"ui-{name}.png", full_page=full_page)

    def close(self) -> None:
        assert not self.outside, f"the page tried to reach outside the app: {self.outside}"
        super().close()


@pytest.fixture
def page(app, browser):
    pg = Page(browser, app[0], TIMEOUT)
    yield pg
    pg.close()


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => {
            const r = document.querySelector(sel).getBoundingClientRect();
            const panel = document.querySelector('#sources .sources').getBoundingClientRect();
            return r.top < Math.min(innerHeight, panel.bottom) && r.bottom > Math.max(0, panel.top);
        }""",
        selector,
    )


def test_question_shows_its_stages_then_an_answer_with_clickable_citations(page):
    p = page.page
    text = page.ask("누리안 채권 금리는?")
    stages = p.evaluate("window.__stages")  # what the page showed while the question ran
    assert stages and set(stages) <= {"search", "read"}, stages
    assert "[1]" in text and "누리안" in text
    marker = p.locator("#chat a.cite").first
    assert marker.get_attribute("href") == "#src-1-1"
    card = p.locator("#sources #src-1-1")
    card.wait_for()
    assert "AI 빚투" in card.locator(".src-heading").inner_text()
    assert (
        "2025-11-25" in card.locator(".src-meta").inner_text()
        and "가온비즈" in card.locator(".src-meta").inner_text()
    )
    quoted = card.locator("mark").all_inner_texts()
    assert quoted and any(q.strip() and q.strip() in text for q in quoted)
    # scroll the panel away, then click the marker: the source comes back into view, highlighted
    p.evaluate("document.querySelector('#sources .sources').scrollTop = 10000")
    marker.click()
    p.wait_for_function("document.querySelector('#src-1-1').classList.contains('src-active')")
    time.sleep(0.8)  # smooth scrolling
    assert in_viewport(p, "#src-1-1 mark")
    assert p.url.endswith("/"), "the click is handled in the page, not as a navigation"
    page.shot("answer")


def test_followup_question_is_completed_and_shown(page):
    p = page.page
    page.ask("누리안 채권 금리는?")
    text = page.ask("그럼 벨로크는?")
    asked = p.locator("#chat [data-testid='bot']").nth(1).locator(".asked")
    assert "벨로크 채권 금리는?" in asked.inner_text()
    assert "벨로크" in text and "[1]" in text
    card = p.locator("#sources #src-2-1")
    assert "벨로크" in card.inner_text() and card.locator("mark").count() >= 1
    assert p.locator("#sources details.older #src-1-1").count() == 1  # the first answer's sources, folded
    # hovering a marker highlights its source
    page.hover_marker(2)
    assert in_viewport(p, "#src-2-1")
    page.shot("chat")


def test_example_question_and_feedback(page, app):
    from ui.feedback import read_feedback

    p = page.page
    _, rag, _ = app
    # the page load re-renders the examples with the index as it is now: wait for their text
    p.wait_for_function("(document.querySelector('#examples button')?.innerText || '').trim()")
    example = p.locator("#examples button").first
    question = example.inner_text().strip()
    assert question
    example.click()
    p.wait_for_function(
        "() => { const b = document.querySelector('#chat [data-testid=\"bot\"] .answer');"
        " return b && !b.closest('[data-testid=\"bot\"]').querySelector('.pending'); }"
    )
    assert p.locator("#chat a.cite").count() >= 1
    log = Path(rag.config.paths.feedback)
    before = len(read_feedback(log))
    # the page is in Korean (locale ko-KR): Gradio labels the thumbs-up "좋아요"
    p.locator("#chat button[aria-label='좋아요'], #chat button[aria-label='Like']").last.click()
    deadline = time.time() + 20
    while len(read_feedback(log)) == before and time.time() < deadline:
        time.sleep(0.2)
    record = read_feedback(log)[-1]
    assert record["rating"] == "up" and record["question"] == question and record["citations"]


def _upload(p, src: Path, text: str, status: str) -> None:
    """Upload ``text`` as the file ``src`` through the page and wait until the status line says ``status``."""
    src.write_text(text, encoding="utf-8")
    p.get_by_text("브리핑 추가").click()
    p.set_input_files("#upload input[type=file]", str(src))
    p.wait_for_function(f"document.querySelector('#upload-status').innerText.includes({status!r})")


def test_upload_makes_a_new_briefing_answerable(page, app, tmp_path):
    p = page.page
    _upload(p, tmp_path / "한빛 브리핑 (새).txt", NEW_BRIEFING, "색인에 추가")
    assert "기사 2건" in p.locator("#status").inner_text()
    page.shot("upload", full_page=True)
    text = page.ask(NEW_QUESTION)
    assert "30억 달러" in text
    assert NEW_HEADING in p.locator("#sources #src-1-1 .src-heading").inner_text()
    uploads = Path(app[1].config.paths.uploads)
    assert [f.name for f in uploads.iterdir()] == ["한빛 브리핑_새.txt"]  # sanitized name


def test_a_page_opened_after_an_upload_shows_its_examples(app, browser):
    """Runs after the upload test: a new session's examples come from the index as it is now."""
    page = Page(browser, app[0], TIMEOUT)
    try:
        examples = page.page.locator("#examples button")
        page.page.wait_for_function("document.querySelector('#examples').innerText.includes('한빛반도체')")
        assert examples.first.inner_text().strip() == "한빛반도체 투자 규모는?"  # the newest briefing first
    finally:
        page.close()


def test_briefing_with_markup_renders_as_text(page, app, tmp_path):
    p = page.page
    _upload(p, tmp_path / "xss.txt", XSS_BRIEFING, "xss.txt")
    text = page.ask(XSS_QUESTION)
    assert "1,200만 대" in text
    panel = p.locator("#sources").inner_text()
    for markup in XSS_MARKUP:
        assert markup in panel, f"{markup} should be shown as text"
    assert "<script>" in text  # the quoted sentence's markup shows in the answer too, as text
    time.sleep(0.5)  # give any injected handler the chance to fire
    assert page.dialogs == [], f"a script ran: {page.dialogs}"
    assert p.evaluate("window.__pwned") is None
    assert p.locator("#sources script, #sources img, #chat .message-content img").count() == 0
    page.shot("xss")


def test_refused_file_type_is_said_in_korean(page, app, tmp_path):
    p = page.page
    p.get_by_text("브리핑 추가").click()
    accept = p.get_attribute("#upload input[type=file]", "accept")
    assert accept == ",".join(app[1].config.ui.upload_types)  # the file picker offers only these
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n")
    p.set_input_files("#upload input[type=file]", str(tmp_path / "report.pdf"))
    toast = p.locator("[data-testid='toast-body']").filter(has_text="report.pdf")
    toast.first.wait_for()
    text = toast.first.inner_text()
    assert "받지 않는 파일 형식" in text and ".txt" in text, text
    assert "Invalid" not in p.locator("body").inner_text()
    assert "report.pdf" in p.locator("#upload-status").inner_text()
    uploads = Path(app[1].config.paths.uploads)
    assert not uploads.exists() or "report.pdf" not in [f.name for f in uploads.iterdir()]


# -- what the page shows while things run -------------------------------------------------------------
def test_the_page_shows_the_stage_a_question_is_in(page, app):
    """While the search is held back the page says it is searching; the answer follows."""
    p = page.page
    rag = app[1]
    gated = GatedEmbedder(rag.embedder)
    gated.gate.clear()
    rag.embedder = gated
    try:
        p.fill("#question textarea", "누리안 채권 금리는?")
        p.keyboard.press("Enter")
        stage = p.locator("#chat [data-testid='bot'] .answer.pending.stage-search")
        stage.wait_for()
        assert stage.inner_text().startswith("브리핑을 검색하는 중")
        page.shot("stage-search")
    finally:
        gated.gate.set()
        rag.embedder = gated.inner
    p.wait_for_function("document.querySelector('#chat a.cite') && !document.querySelector('#chat .pending')")


@pytest.fixture
def loading_app(briefing_index, config, embedder, tmp_path):
    from ui import build_app
    from ui.live import LiveIndex

    rag = fresh_rag(briefing_index, tmp_path, config, embedder)
    release = threading.Event()
    live = LiveIndex(lambda: release.wait(60) and rag, rag.config, rag.store.path)
    with running(build_app(live)) as url:
        live.start()
        yield url, release


def test_the_page_says_the_index_is_loading_until_it_is(loading_app, browser):
    url, release = loading_app
    page = Page(browser, url, TIMEOUT)
    try:
        p = page.page
        p.locator("#status .status-line.loading").wait_for()
        assert "색인을 불러오는 중…" in p.locator("#status").inner_text()
        page.shot("loading")
        release.set()  # the page's timer finds the index ready: status, outlets and examples appear
        p.wait_for_function(
            "document.querySelector('#status').innerText.includes('기사 1건')", timeout=TIMEOUT
        )
        p.locator("#examples button").first.wait_for()
        assert "[1]" in page.ask("누리안 채권 금리는?")
    finally:
        release.set()
        page.close()


# -- a phone -------------------------------------------------------------------------------------------
PHONE = {"width": 390, "height": 844}


def _in_view(p, selector: str) -> bool:
    return p.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                     return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }""",
        selector,
    )


def test_on_a_phone_a_marker_leads_to_its_source_and_back(app, browser):
    page = Page(browser, app[0], TIMEOUT, viewport=PHONE)
    try:
        p = page.page
        page.ask("누리안 채권 금리는?")
        text = page.ask("그럼 벨로크는?")  # its sentence sits far down a long section
        assert "벨로크" in text and "[1]" in text
        assert p.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
            "nothing wider than the phone"
        )
        page.shot("phone-answer")
        cite = "#chat a.cite[href='#src-2-1']"
        marker = p.locator(cite).first
        marker.scroll_into_view_if_needed()
        marker.click()
        back = p.locator("#rag-back")
        back.wait_for(state="visible")  # the answer is off the screen now: the way back is offered
        assert _in_view(p, "#src-2-1 mark"), "the quoted sentence is on the screen"
        assert _in_view(p, "#src-2-1 .src-heading"), "and the story's heading above it"
        assert p.evaluate("document.querySelector('#src-2-1').getBoundingClientRect().top < 0"), (
            "the section starts above the screen: the heading is on it because it sticks"
        )
        assert not _in_view(p, cite) and "답변으로" in back.inner_text()
        page.shot("phone-source")
        back.click()
        p.wait_for_function(
            """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                         return r.top >= 0 && r.bottom <= innerHeight; }""",
            arg=cite,
        )
        back.wait_for(state="hidden")
        page.shot("phone-back")
    finally:
        page.close()


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_screenshot_command_writes_the_picture_it_is_told(briefing_index, tmp_path):
    """``python -m ui.screenshot`` (the README's picture) writes --out and nothing under docs/."""
    shutil.copytree(briefing_index, tmp_path / "index")
    (tmp_path / "c.yaml").write_text("paths:\n  uploads: up\n  feedback: fb.jsonl\n", encoding="utf-8")
    out = tmp_path / "shots" / "chat.png"
    cmd = [sys.executable, "-m", "ui.screenshot", "--index", str(tmp_path / "index")]
    cmd += ["--config", str(tmp_path / "c.yaml"), "--out", str(out)]
    cmd += ["--question", "누리안 채권 금리는?", "--follow-up", "그럼 벨로크는?"]
    r = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip().endswith(f"wrote {out}")
    assert _png_size(out) == (1400, 900) and out.stat().st_size > 30_000


def test_the_suite_leaves_the_readme_picture_alone():
    """Runs last in this file: no browser test rewrote the tracked docs/chat.png."""
    after = hashlib.sha256(README_PICTURE.read_bytes()).hexdigest() if README_PICTURE.exists() else None
    assert after == PICTURE_BEFORE
