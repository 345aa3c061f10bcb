"""Property-based fuzz of the chunker and of ``RAG.ask()``.

The chunker (index/chunk.py), given random Korean/Latin/number/punctuation text with U+2028, control
characters and very long sentences, cut into sentences by the real splitter and counted with the real
embedder's tokenizer: never raises, every chunk span lies inside its section, chunks start in order,
every sentence is in some chunk, and a chunk over the window is a single sentence.

``ask()`` on the fixture index, given random questions (empty, whitespace, 10k characters, control
characters, emoji, mixed scripts, impossible dates, numbers, English): raises nothing but the project's
typed errors (rag.errors), and every citation points at a real chunk of the index, quotes exactly the
article text at its sentence spans, which lie inside that chunk; every [n] of the text is a citation.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from index.chunk import chunk_section, embed_text, sentences_in
from rag.errors import RagError
from rag.korean import sentence_spans
from rag.types import Section

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

WORDS = [
    "누리안",
    "채권",
    "금리는",
    "연 6.05%로",
    "250억 달러",
    "발행했습니다.",
    "올랐습니다.",
    "밝혔습니다",
    "3분기",
    "11월 25일",
    "13월 45일",
    "Nurian",
    "bond",
    "yield?",
    "AI",
    "ETF",
    "1,234.5",
    "-0.2%",
    "2030년까지",
    "(약 61조 원)",
    '"인용문입니다."',
    "'따옴표'",
    "다.",
    "요?",
    "!",
    "…",
    "ⓒ",
    "▲",
    "😀",
    "👍🏽",
    "中文",
    "日本語",
    "ـعربي",
    "\u2028",
    "\u2029",
    "\x85",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "   ",
]
word = st.one_of(st.sampled_from(WORDS), st.text(max_size=8))
text = st.lists(word, max_size=60).map(" ".join)
long_sentence = st.tuples(
    st.sampled_from(["가", "시장 ", "abc ", "1 ", "가나다라마바사 "]), st.integers(50, 900)
).map(lambda t: t[0] * t[1] + "입니다.")
section_text = st.lists(st.one_of(text, long_sentence), min_size=1, max_size=4).map("\n".join)


@SETTINGS
@given(
    head=text,
    body=section_text,
    heading=st.one_of(st.just(""), text),
    max_tokens=st.integers(8, 512),
    overlap=st.integers(0, 3),
)
def test_chunker_spans_lie_inside_the_section_and_cover_every_sentence(
    embedder, head, body, heading, max_tokens, overlap
):
    article_text = head + "\n" + body
    start = len(head) + 1
    sec = Section("a", heading, body, 0, (start, len(article_text)))
    sents = [(start + a, start + b) for a, b in sentence_spans(body)]
    count = embedder.token_count
    spans = chunk_section(sec, article_text, count, max_tokens, sents, overlap)
    assert spans
    for s, e in spans:
        assert start <= s <= e <= len(article_text)
    assert [s for s, _ in spans] == sorted({s for s, _ in spans})  # in order, none twice
    if len(spans) > 1:
        covered = {x for span in spans for x in sentences_in(span, sents)}
        assert covered == set(sents)
        for span in spans:
            inside = sentences_in(span, sents)
            assert inside and all(span[0] <= a < b <= span[1] for a, b in inside)
            fits = count(embed_text(heading, article_text[span[0] : span[1]])) <= max_tokens
            assert fits or len(inside) == 1


@SETTINGS
@given(
    span=st.tuples(st.integers(0, 200), st.integers(0, 200)),
    sents=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200))),
)
def test_sentences_in_returns_exactly_the_sentences_inside(span, sents):
    got = sentences_in(span, sents)
    assert got == [s for s in sents if span[0] <= s[0] and s[1] <= span[1]]


QUESTION_PIECES = [
    "누리안 채권 금리는?",
    "한울로직 투자 규모는",
    "13월 45일",
    "2025년 2월 30일 종가",
    "11월 25일 유가는?",
    "지난주",
    "3분기 순이익",
    "What did Nurian issue?",
    "net income",
    "0",
    "-1",
    "1e308",
    "9" * 40,
    "250억 달러",
    "%",
    "[1]",
    "😀",
    "🇰🇷",
    "中文",
    "ـعربي",
    "\u2028",
    "\x85",
    "\x00",
    "\x1b]0;x\x07",
    "\t",
    "\n",
    " ",
    "?",
]
ASKED = [
    "누리안 채권 금리는?",
    "한울로직 투자 규모는?",
    "벨로크 회사채",
    "11월 25일 금 ETF 유출 규모",
    "What did Nurian issue?",
]
# a question the fixture answers, with random pieces before and after: the citations are exercised too
near_real = st.tuples(
    st.lists(st.sampled_from(QUESTION_PIECES), max_size=3).map(" ".join),
    st.sampled_from(ASKED),
    st.one_of(st.sampled_from(QUESTION_PIECES), st.text(max_size=6)),
).map(" ".join)
question = st.one_of(
    near_real,
    near_real,
    st.just(""),
    st.text(alphabet=" \t\n\r\u2028\u3000", max_size=20),
    st.lists(st.one_of(st.sampled_from(QUESTION_PIECES), st.text(max_size=10)), min_size=1, max_size=12).map(
        " ".join
    ),
    st.tuples(st.sampled_from(QUESTION_PIECES + ["가", "a "]), st.integers(900, 10_000)).map(
        lambda t: t[0] * t[1]
    ),
)


def check_answer(rag, answer) -> None:
    store = rag.store
    for hit in answer.hits:
        assert store.chunks[hit.chunk.id] == hit.chunk
    markers = {c.marker for c in answer.citations}
    assert {int(m) for m in re.findall(r"\[(\d+)\]", answer.text)} == markers  # the fixture quotes no "[n]"
    for c in answer.citations:
        assert 0 <= c.chunk.id < len(store.chunks) and store.chunks[c.chunk.id] == c.chunk
        article = store.articles[c.chunk.article_id]
        s0, e0 = c.chunk.span
        assert article.text[s0:e0] == c.chunk.text
        assert c.sentence_spans
        for s, e in c.sentence_spans:
            assert s0 <= s < e <= e0 <= len(article.text)
        assert c.quote == " ".join(article.text[s:e] for s, e in c.sentence_spans)


@SETTINGS
@given(q=question)
def test_ask_raises_only_typed_errors_and_cites_real_chunks(briefing_rag, q):
    try:
        answer = briefing_rag.ask(q)
    except RagError as e:
        event(type(e).__name__)
        return
    event("cited" if answer.citations else "abstained")
    check_answer(briefing_rag, answer)


@pytest.mark.parametrize("q", ["", " \n\t", "가" * 10_000, "\x00\x07\x1b", "13월 45일 유가는?", "😀" * 50])
def test_ask_edge_questions(briefing_rag, q):
    try:
        answer = briefing_rag.ask(q)
    except RagError:
        return
    check_answer(briefing_rag, answer)
