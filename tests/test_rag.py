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


def test_bond_question_cites_the_ai_debt_section(briefing_rag):
    answer = briefing_rag.ask("누리안 채권 금리는?")
    assert "AI 빚투" in answer.hits[0].chunk.heading
    assert not answer.abstained
    assert "연 6.05%" in answer.text and "[1]" in answer.text
    assert (
        "이는 약 12%" not in answer.text
    )  # a sentence leaning on its predecessor (토리안클라우드's bond) is not quoted alone
    assert answer.citations and all("AI 빚투" in c.heading for c in answer.citations)
    text = briefing_rag.store.articles[answer.citations[0].chunk.article_id].text
    for c in answer.citations:
        for s, e in c.sentence_spans:
            assert text[s:e] in c.quote and f"{text[s:e]} [{c.marker}]" in answer.text
        assert c.date == "2025-11-25" and c.source.endswith(".txt")
    assert set(answer.timings) == {"embed_ms", "retrieve_ms", "answer_ms", "total_ms"}


@pytest.mark.parametrize(
    "question, heading, expected",
    [
        ("금 ETF에서 이번 달 빠져나간 돈은?", "금 ETF", "42억 달러"),
        ("EU가 외국인 투자자에게 요구하는 건?", "EU", "현지 인력"),
        ("한울로직이 유럽 데이터센터에 투자하는 금액은?", "한울로직", "420억 달러"),
        ("How much did the gold ETFs lose this month?", "금 ETF", "42억 달러"),
    ],
)
def test_other_questions_on_the_fixture_briefing(briefing_rag, question, heading, expected):
    answer = briefing_rag.ask(question)
    assert heading in answer.hits[0].chunk.heading
    assert not answer.abstained and expected in answer.text


@pytest.mark.parametrize(
    "question, says",
    [
        ("테슬라 주가 전망은?", "브리핑에서 테슬라의 주가는 찾지 못했습니다."),
        ("삼성전자 3분기 영업이익은?", "브리핑에서 삼성전자의 3분기 영업이익은 찾지 못했습니다."),
        ("오늘 서울 날씨는?", "서울에 대해 묻는 내용을 찾지 못했습니다."),
    ],
)
def test_unanswerable_questions_abstain_and_say_what_was_not_found(briefing_rag, question, says):
    answer = briefing_rag.ask(question)
    assert answer.abstained and answer.citations == ()  # none of these names is in the briefing
    assert says in answer.text


@pytest.mark.parametrize("question", ["", "   \n\t", "가" * 100_000])
def test_bad_questions_raise_question_error(briefing_rag, question):
    with pytest.raises(QuestionError):
        briefing_rag.ask(question)


def test_modes_and_filters(briefing_rag):
    for mode in ("dense", "bm25", "hybrid"):
        hits = briefing_rag.ask("누리안 채권 금리는?", mode=mode, k=3).hits
        assert 1 <= len(hits) <= 3 and "AI 빚투" in hits[0].chunk.heading
        assert set(hits[0].scores) - {"evidence"} == ({"dense", "bm25"} if mode == "hybrid" else {mode})
    assert briefing_rag.ask("누리안 채권 금리는?", filters={"date_from": "2025-12-01"}).abstained
    assert briefing_rag.ask("누리안 채권 금리는?", filters={"source": "nowhere"}).hits == ()
    assert briefing_rag.ask(
        "누리안 채권 금리는?", filters={"date_to": "2025-11-25", "source": "가온"}
    ).citations
    with pytest.raises(ConfigError):
        briefing_rag.ask("누리안?", filters={"author": "x"})
    with pytest.raises(ConfigError):
        briefing_rag.ask("누리안?", mode="magic")


def test_date_named_in_the_question_ranks_that_day_first(index_copy, config, embedder):
    from index import build_index

    extra = index_copy.parent / "briefing-2025-11-20.md"
    extra.write_text(
        "# 누리안 소식\n\n누리안은 현지시간 19일 회사채 금리를 연 4.2%로 정했습니다.\n", encoding="utf-8"
    )
    build_index([extra], index_copy, config, embedder=embedder, progress=False)
    r = RAG.load(index_copy, config=config, embedder=embedder)
    assert r.ask("11월 20일 브리핑에서 누리안 채권 금리는?").hits[0].chunk.date == "2025-11-20"
    assert r.ask("11월 25일 브리핑에서 누리안 채권 금리는?").hits[0].chunk.date == "2025-11-25"


def test_without_reranker(briefing_index, config, embedder):
    r = RAG.load(briefing_index, config=config.replace(retrieval={"rerank": "none"}), embedder=embedder)
    answer = r.ask("누리안 채권 금리는?")
    assert "AI 빚투" in answer.citations[0].heading and "evidence" not in answer.hits[0].scores


def test_answer_json_shape(briefing_rag):
    d = briefing_rag.ask("누리안 채권 금리는?").to_dict()
    json.dumps(d, ensure_ascii=False)
    assert {"text", "abstained", "citations", "hits", "timings"} <= set(d)
    assert {"marker", "title", "heading", "date", "source", "span", "quote"} <= set(d["citations"][0])


def test_module_level_ask_and_load_without_config(briefing_index):
    answer = rag_module.ask("누리안 채권 금리는?", index=briefing_index)
    assert answer.citations
    assert RAG.load(briefing_index).ask("누리안 채권 금리는?").citations  # embedder from the manifest


def test_cli_json(briefing_index):
    r = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "누리안 채권 금리는?", "--index", str(briefing_index), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["abstained"] is False and "AI 빚투" in d["citations"][0]["heading"]
    spans = d["citations"][0]["sentence_spans"]
    plain = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "누리안 채권 금리는?", "--index", str(briefing_index)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    # the CLI prints the quoted sentences' spans (offsets into the decoded text), not the chunk's
    assert plain.stdout.rstrip().endswith(":" + ",".join(f"{a}-{b}" for a, b in spans)), plain.stdout
    r = subprocess.run(
        [sys.executable, "-m", "rag", "ask", " ", "--index", str(briefing_index)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and r.stderr.startswith("error: the question is empty")
    r = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "-", "--index", str(briefing_index)],
        cwd=REPO,
        capture_output=True,
        text=True,
        input="가" * 100_000,
    )
    assert r.returncode == 2 and "100,000 characters long" in r.stderr and r.stderr.count("\n") == 1


def _ask_cli(index, *args):
    return subprocess.run(
        [sys.executable, "-m", "rag", "ask", "누리안 채권 금리는?", "--index", str(index), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def test_k_below_one_is_refused(briefing_rag, briefing_index):
    for k in (0, -3, True, 2.5):
        with pytest.raises(ConfigError, match="at least 1"):
            briefing_rag.ask("누리안 채권 금리는?", k=k)
    assert len(briefing_rag.ask("누리안 채권 금리는?", k=1).hits) == 1
    for k in ("0", "-3"):
        r = _ask_cli(briefing_index, "-k", k)
        assert (r.returncode, r.stdout) == (2, "")
        assert r.stderr == f"error: -k {k}: give 1 or more (the number of sections to retrieve)\n"


def test_a_filter_that_matches_nothing_says_what_the_index_holds(briefing_rag, briefing_index):
    held = "it holds 가온비즈 (--source matches an outlet or any part of a file path), published 2025-11-25 to 2025-11-25"
    r = _ask_cli(briefing_index, "--source", "조선일보")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"error: no briefing in the index matches --source 조선일보: {held}\n"
    r = _ask_cli(briefing_index, "--source", "가온비즈", "--date-from", "2025-12-01")
    assert r.returncode == 2 and r.stderr.startswith(
        "error: no briefing in the index matches --source 가온비즈 --date-from 2025-12-01: it holds 가온비즈"
    )
    r = _ask_cli(briefing_index, "--date-from", "2025-11-30", "--date-to", "2025-11-01")
    assert r.returncode == 2
    assert r.stderr == "error: filter date_from 2025-11-30 is after date_to 2025-11-01: swap them\n"
    with pytest.raises(ConfigError, match="is after date_to"):
        briefing_rag.ask("누리안 채권 금리는?", filters={"date_from": "2025-11-30", "date_to": "2025-11-01"})
    r = _ask_cli(briefing_index, "--source", "가온", "--date-from", "2025-11-25", "--date-to", "2025-11-25")
    assert r.returncode == 0 and "[1]" in r.stdout, r.stderr


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
