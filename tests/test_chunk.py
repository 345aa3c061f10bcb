from __future__ import annotations

from index.chunk import chunk_section, sentences_in
from rag.korean import sentence_spans
from rag.types import Section


def _words(text: str) -> int:  # a stand-in tokenizer: one token per whitespace word, +2 specials
    return len(text.split()) + 2


def _sents(sec, text):
    return [(sec.span[0] + s, sec.span[0] + e) for s, e in sentence_spans(text[sec.span[0] : sec.span[1]])]


def test_short_section_is_one_chunk():
    text = "머리말\n\n본문 첫 문장입니다. 둘째 문장입니다."
    sec = Section("a", "제목", text[5:], 0, (5, len(text)))
    assert chunk_section(sec, text, _words, 50, _sents(sec, text)) == [(5, len(text))]


def test_long_section_splits_at_sentences_with_overlap():
    sents = [f"{i}번 문장은 시장 소식을 조금 길게 전합니다." for i in range(12)]
    body = " ".join(sents)
    text = "제목줄\n" + body
    sec = Section("a", "제목", body, 0, (4, len(text)))
    spans = chunk_section(sec, text, _words, 20, _sents(sec, text), overlap=1)
    assert len(spans) > 2
    all_sents = [(4 + s, 4 + e) for s, e in sentence_spans(body)]
    for span in spans:
        chunk = text[span[0] : span[1]]
        assert _words("제목\n" + chunk) <= 20
        assert chunk[0].isdigit() and chunk.endswith("전합니다.")
    for a, b in zip(spans, spans[1:], strict=False):
        assert sentences_in(a, all_sents)[-1] == sentences_in(b, all_sents)[0]  # one sentence of overlap
    covered = {s for span in spans for s in sentences_in(span, all_sents)}
    assert covered == set(all_sents)


def test_sentence_longer_than_window_is_its_own_chunk():
    body = "아주 " * 40 + "긴 문장입니다. 짧은 문장."
    sec = Section("a", "", body, 0, (0, len(body)))
    spans = chunk_section(sec, body, _words, 10, _sents(sec, body), overlap=0)
    assert [body[s:e] for s, e in spans][-1] == "짧은 문장."


def _greedy(sec, text, count, max_tokens, sents, overlap):
    """The chunker's rule stated plainly: add sentences while the joined text (heading included) fits."""
    from index.chunk import embed_text

    spans, i = [], 0
    while i < len(sents):
        j = i + 1
        while (
            j < len(sents) and count(embed_text(sec.heading, text[sents[i][0] : sents[j][1]])) <= max_tokens
        ):
            j += 1
        spans.append((sents[i][0], sents[j - 1][1]))
        if j >= len(sents):
            break
        i = max(j - overlap, i + 1)
    return spans


def test_a_long_story_is_chunked_as_the_plain_rule_says_counting_linearly():
    """Each sentence is counted once and the joined text only at each chunk's end, so a long story
    costs a count a sentence, not one per sentence added (quadratic); the chunks are the plain rule's,
    also with a tokenizer whose counts do not add up across sentences (glued sentences, a merged pair)."""
    import random

    rng = random.Random(7)
    calls = []

    def glue_aware(t: str) -> int:  # words, and a joined "다.3일" written without a space is one token
        calls.append(len(t))
        return len(t.replace("다.", "다. ").split()) - t.count("다.3") + 2

    for trial in range(40):
        parts = []
        for _ in range(rng.randint(5, 120)):
            words = " ".join(
                rng.choice(["시장은", "영업이익", "3일", "올랐다", "증권사"])
                for _ in range(rng.randint(1, 14))
            )
            parts.append(words + "다." + ("" if rng.random() < 0.2 else " "))
        body = "".join(parts).strip()
        sec = Section("a", rng.choice(["", "제목 한 줄"]), body, 0, (0, len(body)))
        sents = _sents(sec, body)
        for max_tokens, overlap in ((12, 0), (40, 1), (400, 2)):
            calls.clear()
            got = chunk_section(sec, body, glue_aware, max_tokens, sents, overlap)
            counted = sum(calls)  # characters tokenized
            assert got == _greedy(sec, body, glue_aware, max_tokens, sents, overlap), trial
            longest = max(e - s for s, e in sents)
            joined = sum(e - s + longest for s, e in got)
            assert (
                counted <= 2 * len(body) + 8 * joined
            )  # a sentence once, a chunk (and one more) a few times
