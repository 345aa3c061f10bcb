from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO

import rag as rag_module
from rag import RAG
from rag.errors import ConfigError, QuestionError


def test_meta_bond_question_cites_the_ai_debt_section(real_rag):
    answer = real_rag.ask("메타 채권 금리는?")
    assert "AI 빚투" in answer.hits[0].chunk.heading
    assert not answer.abstained
    assert "메타" in answer.text and "[1]" in answer.text
    assert (
        "이는 약 11%" not in answer.text
    )  # a sentence leaning on its predecessor (CoreWeave's bond) is not quoted alone
    assert answer.citations and all("AI 빚투" in c.heading for c in answer.citations)
    text = real_rag.store.articles[answer.citations[0].chunk.article_id].text
    for c in answer.citations:
        for s, e in c.sentence_spans:
            assert text[s:e] in c.quote and f"{text[s:e]} [{c.marker}]" in answer.text
        assert c.date == "2025-11-25" and c.source.endswith(".txt")
    assert set(answer.timings) == {"embed_ms", "retrieve_ms", "answer_ms", "total_ms"}


@pytest.mark.parametrize(
    "question, heading, expected",
    [
        ("비트코인 ETF에서 이번 달 빠져나간 돈은?", "비트코인 ETF", "35억 달러"),
        ("EU가 외국인 투자자에게 요구하는 건?", "EU", "노동자"),
        ("아마존이 미국 정부 AI 인프라에 투자하는 금액은?", "아마존", "500억 달러"),
        ("How much did the Bitcoin ETFs lose this month?", "비트코인 ETF", "달러"),
    ],
)
def test_other_questions_on_the_real_briefing(real_rag, question, heading, expected):
    answer = real_rag.ask(question)
    assert heading in answer.hits[0].chunk.heading
    assert not answer.abstained and expected in answer.text


@pytest.mark.parametrize(
    "question", ["테슬라 주가 전망은?", "삼성전자 3분기 영업이익은?", "오늘 서울 날씨는?"]
)
def test_unanswerable_questions_abstain(real_rag, question):
    answer = real_rag.ask(question)
    assert answer.abstained and answer.citations == ()
    assert answer.text == "제공된 브리핑에서 관련 내용을 찾지 못했습니다."


@pytest.mark.parametrize("question", ["", "   \n\t", "가" * 100_000])
def test_bad_questions_raise_question_error(real_rag, question):
    with pytest.raises(QuestionError):
        real_rag.ask(question)


def test_modes_and_filters(real_rag):
    for mode in ("dense", "bm25", "hybrid"):
        hits = real_rag.ask("메타 채권 금리는?", mode=mode, k=3).hits
        assert 1 <= len(hits) <= 3 and "AI 빚투" in hits[0].chunk.heading
        assert set(hits[0].scores) - {"evidence"} == ({"dense", "bm25"} if mode == "hybrid" else {mode})
    assert real_rag.ask("메타 채권 금리는?", filters={"date_from": "2025-12-01"}).abstained
    assert real_rag.ask("메타 채권 금리는?", filters={"source": "nowhere"}).hits == ()
    assert real_rag.ask("메타 채권 금리는?", filters={"date_to": "2025-11-25", "source": "sbs"}).citations
    with pytest.raises(ConfigError):
        real_rag.ask("메타?", filters={"author": "x"})
    with pytest.raises(ConfigError):
        real_rag.ask("메타?", mode="magic")


def test_date_named_in_the_question_ranks_that_day_first(index_copy, config, embedder):
    from index import build_index

    extra = index_copy.parent / "briefing-2025-11-20.md"
    extra.write_text(
        "# 메타 소식\n\n메타는 현지시간 19일 회사채 금리를 연 4.2%로 정했습니다.\n", encoding="utf-8"
    )
    build_index([extra], index_copy, config, embedder=embedder, progress=False)
    r = RAG.load(index_copy, config=config, embedder=embedder)
    assert r.ask("11월 20일 브리핑에서 메타 채권 금리는?").hits[0].chunk.date == "2025-11-20"
    assert r.ask("11월 25일 브리핑에서 메타 채권 금리는?").hits[0].chunk.date == "2025-11-25"


def test_without_reranker(real_index, config, embedder):
    r = RAG.load(real_index, config=config.replace(retrieval={"rerank": "none"}), embedder=embedder)
    answer = r.ask("메타 채권 금리는?")
    assert "AI 빚투" in answer.citations[0].heading and "evidence" not in answer.hits[0].scores


def test_answer_json_shape(real_rag):
    d = real_rag.ask("메타 채권 금리는?").to_dict()
    json.dumps(d, ensure_ascii=False)
    assert {"text", "abstained", "citations", "hits", "timings"} <= set(d)
    assert {"marker", "title", "heading", "date", "source", "span", "quote"} <= set(d["citations"][0])


def test_module_level_ask_and_load_without_config(real_index):
    answer = rag_module.ask("메타 채권 금리는?", index=real_index)
    assert answer.citations
    assert RAG.load(real_index).ask("메타 채권 금리는?").citations  # embedder from the manifest


def test_cli_json(real_index):
    r = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "메타 채권 금리는?", "--index", str(real_index), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["abstained"] is False and "AI 빚투" in d["citations"][0]["heading"]
    r = subprocess.run(
        [sys.executable, "-m", "rag", "ask", " ", "--index", str(real_index)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and r.stderr.startswith("error: the question is empty")
    r = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "-", "--index", str(real_index)],
        cwd=REPO,
        capture_output=True,
        text=True,
        input="가" * 100_000,
    )
    assert r.returncode == 2 and "100,000 characters long" in r.stderr and r.stderr.count("\n") == 1


def test_reload_swaps_the_index(index_copy, config, embedder):
    from index import build_index

    r = RAG.load(index_copy, config=config, embedder=embedder)
    assert r.ask("도요타 하이브리드 판매 대수는?").abstained
    extra = index_copy.parent / "toyota.md"
    extra.write_text(
        "# 도요타\n\n도요타는 10월 하이브리드차 42만 대를 판매했다고 밝혔습니다.\n", encoding="utf-8"
    )
    build_index([extra], index_copy, config, embedder=embedder, progress=False)
    r.reload()
    answer = r.ask("도요타 하이브리드 판매 대수는?")
    assert not answer.abstained and "42만 대" in answer.text


def test_a_sentence_shared_by_overlapping_chunks_is_quoted_once(tmp_path, config):
    from index import build_index
    from rag.embed import make_embedder

    cfg = config.replace(embedder={"max_tokens": 48})  # force a story into several overlapping chunks
    sentences = [f"한빛전자는 {i}번째 공장을 짓는다고 밝혔습니다." for i in range(1, 9)]
    sentences[3] = "한빛전자의 올해 반도체 투자 규모는 42조 원으로 역대 최대입니다."
    (tmp_path / "long.md").write_text("# 한빛전자 투자\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
    embedder = make_embedder(cfg.embedder)
    report = build_index([tmp_path / "long.md"], tmp_path / "ix", cfg, embedder=embedder, progress=False)
    assert report.chunks > 2
    answer = RAG.load(tmp_path / "ix", config=cfg, embedder=embedder).ask("한빛전자 반도체 투자 규모는?")
    assert answer.text.count("42조 원") == 1
    quotes = [q for c in answer.citations for q in c.sentence_spans]
    assert len(quotes) == len(set(quotes))
