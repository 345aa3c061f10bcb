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
