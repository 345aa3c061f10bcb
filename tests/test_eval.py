"""The evaluation harness: hand-computed metrics, abstention scoring, dataset errors, reports."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from eval.cli import main
from eval.compare import default_name, rerank_configured, systems, without_rerank
from eval.dataset import DatasetError, Question, heading_matches, load_dataset, parse_dataset
from eval.figures import fallback_find_quantities, figure_in, korean_number, text_in
from eval.metrics import METRIC_NAMES, Cited, Outcome, Retrieved, by_group, summarize
from eval.runner import SectionMap, ask_all
from rag import load_config

# -- metrics on given rankings ------------------------------------------------------------------------


def ranking(*sections: str) -> tuple[Retrieved, ...]:
    return tuple(Retrieved(s, f"heading {s}", rank) for rank, s in enumerate(sections, start=1))


def outcome(q: Question, ranked: tuple[Retrieved, ...], relevant: set[str], **kw) -> Outcome:
    return Outcome(q, retrieved=ranked, relevant_sections=frozenset(relevant), **kw)


def three_questions() -> list[Outcome]:
    q1 = Question("q1", "메타 채권 금리는?", ("빚투",), ("메타",), group="a")
    q2 = Question("q2", "엔비디아 매출은?", ("엔비디아",), ("561억 달러",), group="a")
    q3 = Question("q3", "오라클 CDS는?", ("오라클",), ("111bp",), group="b")
    return [
        # relevant section first: hit@1 = hit@5 = RR = nDCG = 1
        outcome(
            q1,
            ranking("A", "B", "C"),
            {"A"},
            answer="메 타는 5.92% [1] … [2]",
            latency_ms=10.0,
            citations=(Cited(1, "A", "h"), Cited(2, "B", "h")),
        ),
        # two relevant sections, at ranks 2 and 6
        outcome(
            q2,
            ranking("X", "N1", "Y", "Z", "W", "N2"),
            {"N1", "N2"},
            answer="모름",
            abstained=True,
            latency_ms=20.0,
        ),
        # one relevant section at rank 7: outside the top 5, inside the top 10
        outcome(
            q3,
            ranking("a", "b", "c", "d", "e", "f", "R"),
            {"R"},
            answer="오라클 CDS 급등 [1]",
            latency_ms=30.0,
            citations=(Cited(1, "R", "h"),),
        ),
    ]


def test_retrieval_metrics_match_hand_computation():
    m = summarize(three_questions())
    ndcg_q2 = (1 / math.log2(3) + 1 / math.log2(7)) / (1 + 1 / math.log2(3))
    assert m["hit@1"] == pytest.approx(1 / 3)
    assert m["hit@5"] == pytest.approx(2 / 3)
    assert m["mrr@10"] == pytest.approx((1 + 1 / 2 + 1 / 7) / 3)
    assert m["ndcg@10"] == pytest.approx((1 + ndcg_q2 + 1 / math.log2(8)) / 3)
    assert list(m) == list(METRIC_NAMES)


def test_answer_citation_abstention_and_latency_metrics():
    outs = three_questions()
    unans = Question("q4", "테슬라 배당은?", answerable=False)
    outs += [
        Outcome(unans, answer="찾지 못했습니다", abstained=True, latency_ms=40.0),  # right
        Outcome(  # answered an unanswerable question, citing a section that cannot be relevant
            Question("q5", "삼성 배당은?", answerable=False),
            answer="x [1]",
            latency_ms=50.0,
            citations=(Cited(1, "A", "h"),),
        ),
    ]
    m = summarize(outs)
    # q1 answered with "메타" (whitespace-insensitive match), q2 abstained, q3 lacks "111bp"
    assert m["answer_accuracy"] == pytest.approx(1 / 3)
    # citations: q1 A (relevant), q1 B (not), q3 R (relevant), q5 A (unanswerable: not) -> 2 of 4
    assert m["citation_precision"] == pytest.approx(2 / 4)
    # right decisions: q1 answered, q3 answered, q4 abstained; wrong: q2 abstained, q5 answered
    assert m["abstention_accuracy"] == pytest.approx(3 / 5)
    assert m["latency_ms_p50"] == pytest.approx(30.0)
    assert m["latency_ms_p95"] == pytest.approx(48.0)  # numpy's linear interpolation between 40 and 50
    assert [o.correct for o in outs] == [True, False, False, True, False]
    groups = by_group(outs)
    assert groups["a"]["n"] == 2 and groups["a"]["hit@1"] == pytest.approx(0.5)
    assert groups["-"]["hit@5"] is None and groups["-"]["abstention_accuracy"] == pytest.approx(0.5)


def test_errors_and_missing_relevance_score_zero():
    q = Question("q", "?", ("x",))
    failed = Outcome(q, error="RuntimeError: boom")
    nothing_relevant = Outcome(
        Question("r", "?", ("y",)), retrieved=ranking("A"), relevant_sections=frozenset()
    )
    m = summarize([failed, nothing_relevant])
    assert m["hit@5"] == 0.0 and m["mrr@10"] == 0.0
    assert m["answer_accuracy"] == 0.5  # the failure is wrong; `r` answered and was asked for nothing
    assert m["abstention_accuracy"] == 0.5
    assert m["latency_ms_p50"] is None


def test_matching_is_nfkc_case_and_whitespace_insensitive():
    assert heading_matches("'ＡＩ 빚투' 시한폭탄...", ["ai빚투"])
    assert heading_matches("메타, 270억 달러 회사채", ["  메타 ,  270 억"])
    assert not heading_matches("메타플랫폼", ["알파벳"])
    o = Outcome(Question("q", "?", answer_contains=("5.92 %", "Meta")), answer="meta 금리는 5.92%")
    assert o.correct


# -- dataset ------------------------------------------------------------------------------------------


def test_dataset_keeps_unknown_keys_and_defaults():
    qs = parse_dataset(
        '{"id": "q1", "question": "메타 채권 금리는?", "relevant": ["AI 빚투"], "answer_contains": ["메타"],'
        ' "difficulty": "easy"}\n\n{"id": 2, "question": "테슬라 주가 전망은?", "answerable": false}\n'
    )
    assert qs[0].extra == {"difficulty": "easy"} and qs[0].answerable and qs[0].line == 1
    assert qs[1].id == "2" and not qs[1].answerable and qs[1].relevant == () and qs[1].line == 3


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ('{"id": "q3", "question": "메타?" "relevant": []}', "not valid JSON"),
        ('["q3", "메타?"]', "JSON object"),
        ('{"id": "q3"}', "question"),
        ('{"id": "q3", "question": "메타?", "relevant": "AI 빚투"}', "list of non-empty strings"),
        ('{"id": "q3", "question": "메타?", "answerable": "no"}', "true or false"),
        ('{"id": "q1", "question": "또 q1"}', "already used on line 1"),
    ],
)
def test_malformed_line_is_an_error_naming_its_line(tmp_path, bad, fragment):
    good = '{"id": "q1", "question": "메타 채권 금리는?"}\n{"id": "q2", "question": "엔비디아 매출은?"}\n'
    path = tmp_path / "bad.jsonl"
    path.write_text(good + bad + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as e:
        load_dataset(path)
    assert "line 3" in str(e.value) and fragment in str(e.value) and str(path) in str(e.value)


def test_cli_reports_a_bad_dataset_in_one_line(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "q1", "question": "ok"}\nnot json\n', encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("eval:\n  k: 10\n", encoding="utf-8")
    assert main(["run", "--dataset", str(path), "--corpus", str(tmp_path), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "line 2" in err


def test_bundled_dev_dataset_is_valid():
    qs = load_dataset("dev")
    assert len(qs) >= 80
    assert sum(not q.answerable for q in qs) >= 0.1 * len(qs)
    assert all(q.group for q in qs)
    assert all(q.relevant for q in qs if q.answerable)


@pytest.mark.parametrize(
    "name",
    [
        "dev-news",
        "dev-news-all",
        "dev-news-holdout",
        "dev-news-blind",
        "dev-news-blind2",
        "dev-news-blind3",
        "dev-news-blind4",
        "dev-news-blind5",
        "dev-news-blind6",
        "dev-news-blind7",
        "dev-news-blind8",
        "dev-news-blind9",
        "dev-news-blind10",
        "dev-news-blind11",
        "dev-news-blind12",
        "dev-news-blind13",
        "dev-news-blind14",
        "dev-news-blind15",
    ],
)
def test_bundled_dev_news_datasets_are_valid(name):
    qs = load_dataset(name)
    groups = {q.group for q in qs}
    assert len(qs) >= (150 if name in ("dev-news", "dev-news-all") else 50) and sum(
        not q.answerable for q in qs
    ) >= 0.2 * len(qs)
    assert {"figures", "paraphrase", "english", "alias", "by_day", "latest", "unanswerable"} <= groups
    assert all(q.entity for q in qs)
    assert all(q.relevant and q.answer_contains for q in qs if q.answerable)
    assert all(q.date for q in qs if q.group in ("by_day", "latest"))
    assert all(len(s) <= 40 for q in qs for s in (*q.relevant, *q.answer_contains))  # short strings only
    assert len({q.id for q in qs}) == len(qs) and len({q.question for q in qs}) == len(qs)


# -- a crash on one question ---------------------------------------------------------------------------


class _FlakyRAG:
    """Stands in for RAG where the test is about the runner's error handling, not about answering."""

    def ask(self, question, k=None):
        if "boom" in question:
            raise RuntimeError("index exploded")
        from rag.types import Answer

        return Answer(question, "답", (), (), True, 0.1, {"total_ms": 5.0})


def test_a_crash_on_one_question_is_that_questions_failure():
    qs = [Question("ok", "fine?", answerable=False), Question("bad", "boom?", ("x",))]
    outs = ask_all(_FlakyRAG(), qs, SectionMap({}, ()), k=10, progress=False, warm=False)
    assert outs[0].error is None and outs[0].correct
    assert outs[1].error == "RuntimeError: index exploded" and not outs[1].correct


# -- end to end on a tiny made-up corpus ----------------------------------------------------------------

BRIEFING = """테스트경제

[글로벌 브리핑] {h1} 外

테스트경제 홍길동
입력2025.{md} 05:00

▲{h1}
▲{h2}

{h1}

{b1}

{h2}

{b2}

ⓒ 테스트경제 무단복제-재배포 금지
"""

DAY1 = dict(
    md="11.03",
    h1="메타, 270억 달러 회사채 발행...AI 실탄 확보",
    b1="페이스북 모회사 메타가 AI 데이터센터 자금을 위해 270억 달러 규모의 회사채를 발행했습니다. "
    "40년 만기 채권의 금리는 연 5.92%로 정해졌습니다. 주문 규모는 1,120억 달러였습니다.",
    h2="일본은행 기준금리 0.5% 동결...엔저 지속",
    b2="일본은행은 단기 정책금리를 0.5%로 유지하기로 했습니다. 엔·달러 환율은 154.1엔까지 올랐습니다. "
    "정책위원 9명 가운데 2명은 인상을 주장했습니다.",
)
DAY2 = dict(
    md="11.21",
    h1="엔비디아, 3분기 매출 561억 달러 깜짝 실적",
    b1="엔비디아의 3분기 매출은 561억 달러로 지난해보다 60% 늘었습니다. "
    "데이터센터 매출은 498억 달러였습니다. 4분기 매출 전망치는 630억 달러로 제시했습니다.",
    h2="월마트, 3분기 매출 1,781억 달러...연간 전망 상향",
    b2="월마트의 3분기 매출은 1,781억 달러로 4.9% 늘었습니다. 전자상거래 매출은 24% 급증했습니다. "
    "월마트 주가는 이날 6.5% 급등했습니다.",
)
DATASET = [
    {
        "id": "t1",
        "question": "메타 회사채 40년물 금리는?",
        "relevant": ["메타, 270억"],
        "answer_contains": ["5.92%"],
        "group": "figures",
        "note": "kept",
    },
    {
        "id": "t2",
        "question": "엔비디아 3분기 매출은 얼마?",
        "relevant": ["엔비디아"],
        "answer_contains": ["561억 달러"],
        "group": "figures",
    },
    {"id": "t3", "question": "What did Walmart's shares do?", "relevant": ["월마트"], "group": "english"},
    {"id": "t4", "question": "애플 아이폰 판매량은?", "answerable": False, "group": "unanswerable"},
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    corpus = root / "briefings"
    corpus.mkdir()
    (corpus / "b-2025-11-03.txt").write_text(BRIEFING.format(**DAY1), encoding="utf-8")
    (corpus / "b-2025-11-21.txt").write_text(BRIEFING.format(**DAY2), encoding="utf-8")
    dataset = root / "tiny.jsonl"
    dataset.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in DATASET), encoding="utf-8")
    config = root / "config.yaml"
    config.write_text("eval:\n  cache: cache\n  baseline_chunk_chars: 120\n", encoding="utf-8")
    return root, corpus, dataset, config


def test_run_end_to_end_writes_reports(tiny, capsys):
    root, corpus, dataset, config = tiny
    out_json, out_md = root / "run.json", root / "run.md"
    args = ["run", "--corpus", str(corpus), "--dataset", str(dataset), "--config", str(config), "-q"]
    assert main([*args, "--json", str(out_json), "--markdown", str(out_md)]) == 0
    printed = capsys.readouterr().out
    assert "hit@5" in printed and f"| {default_name(load_config(config))} |" in printed

    report = json.loads(out_json.read_text(encoding="utf-8"))
    assert set(report["metrics"]) == set(METRIC_NAMES)
    assert report["config"]["retrieval"]["mode"] == "hybrid" and report["config"]["eval"]["k"] == 10
    counts = report["manifest"]["counts"]
    assert (counts["sources"], counts["articles"], counts["chunks"]) == (2, 2, 4)
    assert set(report["groups"]) == {"figures", "english", "unanswerable"}
    qs = {q["id"]: q for q in report["questions"]}
    for key in (
        "id",
        "question",
        "answer",
        "abstained",
        "citations",
        "first_relevant_rank",
        "correct",
        "latency_ms",
        "retrieved",
    ):
        assert key in qs["t1"]
    assert qs["t1"]["extra"] == {"note": "kept"}
    assert qs["t1"]["first_relevant_rank"] == 1 and qs["t2"]["first_relevant_rank"] == 1
    assert qs["t1"]["relevant_sections"] == 1
    # every question was scored consistently with what the system did
    for q in qs.values():
        if not q["answerable"]:
            assert q["correct"] == q["abstained"]
    expected = sum(q["abstained"] != q["answerable"] for q in qs.values()) / len(qs)
    assert report["metrics"]["abstention_accuracy"] == pytest.approx(expected)

    md = out_md.read_text(encoding="utf-8")
    assert md.index("## Failures") < md.index("## Passed")
    for q in qs.values():
        if not q["correct"]:
            assert f"### {q['id']}" in md

    # the second run reuses the cached index
    index_dir = Path(report["index_dir"])
    stamp = (index_dir / "manifest.json").stat().st_mtime_ns
    assert main([*args, "--json", str(out_json)]) == 0
    assert json.loads(out_json.read_text(encoding="utf-8"))["index_dir"] == str(index_dir)
    assert (index_dir / "manifest.json").stat().st_mtime_ns == stamp


def test_compare_end_to_end_writes_table_json_and_chart(tiny, capsys):
    root, corpus, dataset, config = tiny
    out = root / "cmp"
    args = ["compare", "--corpus", str(corpus), "--dataset", str(dataset), "--config", str(config), "-q"]
    assert main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    cfg = load_config(config)
    names = [s.name for s in systems(cfg)]
    assert names[:3] == ["dense", "bm25", "hybrid"] and names[-1] == "naive-120ch-dense"
    for name in names:
        assert f"| {name}{' (default)' if name == default_name(cfg) else ''} |" in printed
    result = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert result["default"] == default_name(cfg)
    assert list(result["table"]) == names
    base = result["systems"]["naive-120ch-dense"]
    assert base["manifest"]["chunking"]["kind"] == "fixed_chars" and "eval_sections" not in base["manifest"]
    assert base["manifest"]["counts"]["chunks"] > 4  # fixed windows, not one chunk per story
    assert base["questions"][0]["relevant_sections"] == 1  # judged against the same parsed sections
    png = (out / "compare.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    assert "# Evaluation: configurations compared" in (out / "compare.md").read_text(encoding="utf-8")


def test_compare_adds_the_reranker_row_only_when_one_is_configured():
    cfg = load_config(None, env={})
    if not rerank_configured(cfg):
        pytest.skip("this config has no re-ranker switch turned on")
    off = without_rerank(cfg)
    assert not rerank_configured(off)
    names = [s.name for s in systems(cfg)]
    assert "hybrid+rerank" in names and "hybrid+rerank" not in [s.name for s in systems(off)]
    assert default_name(cfg) == "hybrid+rerank" and default_name(off) == "hybrid"
    assert all(not rerank_configured(s.config) for s in systems(cfg) if s.name != "hybrid+rerank")


# -- number-aware answer_contains ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("1조1천685억", 1_168_500_000_000),
        ("1조 1,685억", 1_168_500_000_000),
        ("179조 1,534억", 179_153_400_000_000),
        ("5만4천", 54_000),
        ("54,000", 54_000),
        ("38억 4,000만", 3_840_000_000),
        ("4만 1,300", 41_300),
        ("27만", 270_000),
        ("1,234.5억", 123_450_000_000),
        ("0.25", 0.25),
    ],
)
def test_fallback_reads_korean_numerals(numeral, value):
    assert korean_number(numeral) == pytest.approx(value)
    (q,) = fallback_find_quantities(numeral)
    assert q.value == pytest.approx(value) and q.text == numeral


def test_fallback_reads_units_and_particles():
    found = [
        (q.value, q.unit) for q in fallback_find_quantities("매출은 1조 1,685억원으로 3.5%를, 25bp를 넘었다")
    ]
    assert found == [(1_168_500_000_000, "원"), (3.5, "%"), (25, "bp")]
    assert [(q.value, q.unit) for q in fallback_find_quantities("0.3%포인트, 0.3%p, 2만 톤")] == [
        (0.3, "%p"),
        (0.3, "%p"),
        (20_000, "t"),
    ]
    assert fallback_find_quantities("10ton") == []  # a Latin letter after the unit: not a unit


@pytest.fixture(params=["eval.figures", "rag.numbers"])
def quantity_backend(request, monkeypatch):
    """figure_in with the fallback parser, and with rag.numbers where that module exists."""
    from eval import figures

    if request.param == "eval.figures":
        monkeypatch.setattr(figures, "find_quantities", figures.fallback_find_quantities)
        monkeypatch.setattr(figures, "same_quantity", figures.fallback_same_quantity)
    else:
        numbers = pytest.importorskip("rag.numbers")
        monkeypatch.setattr(figures, "find_quantities", numbers.find_quantities)
        monkeypatch.setattr(figures, "same_quantity", numbers.same_quantity)
    return request.param


@pytest.mark.parametrize(
    ("answer", "needle", "found"),
    [
        ("영업이익은 1조 1,685억원으로 집계됐다", "1조1천685억 원", True),
        ("수출량은 54,000t이었다", "5만4천t", True),
        ("수출량은 54,000명이었다", "5만4천t", False),  # same value, other unit
        ("영업이익 1,685억원", "1천685억", True),  # no unit asked: any unit
        ("금리는 25%로", "5%", False),  # a number must not continue a longer one
        ("금리는 1.57%로", "1.5%", False),
        ("금리는 5.92%.", "5.92%", True),
        ("금리는 0.5%p 올랐다", "0.5%", False),  # percentage points are not percent
        ("매출 1조원", "영업이익 1조 원", False),  # the words beside the figure must be there too
        ("영업이익 1조원", "영업이익 1조 원", True),
        ("meta 금리", "Meta", True),
    ],
)
def test_answer_contains_is_number_aware(quantity_backend, answer, needle, found):
    assert figure_in(answer, needle) is found
    o = Outcome(Question("q", "?", answer_contains=(needle,)), answer=answer)
    assert o.correct is found


def test_plain_text_match_keeps_digit_boundaries():
    assert text_in("주가 1,400원", "1,400원") and not text_in("주가 11,400원", "1,400원")
    assert text_in("12.5% 상승", "12.5%") and not text_in("2.55%", "2.5")
    assert not text_in("매출 76조1000억원", "1000억원") and text_in("1조 원, 1000억원", "1000억원")
    assert text_in("1.5배 이상", "1.5") and not text_in("1.5%p", "1.5%") and not text_in("1.5%포인트", "1.5%")


# -- relevant by heading or title ----------------------------------------------------------------------


def test_relevant_matches_the_title_of_an_article_whose_headings_do_not_match():
    sections = SectionMap(
        headings={"b#0": "메타 회사채 발행", "b#1": "일본은행 동결", "n#0": "사진=연합뉴스", "n#1": "(계속)"},
        of_chunk=("b#0", "b#1", "n#0", "n#1"),
        titles={
            "b#0": "[브리핑] 메타 회사채 발행 外",
            "b#1": "[브리핑] 메타 회사채 발행 外",
            "n#0": "한빛전자 실적",
            "n#1": "한빛전자 실적",
        },
    )
    # a briefing: its title repeats the first story's heading, which alone is relevant
    assert sections.relevant(Question("q", "?", ("메타 회사채",))) == {"b#0"}
    # a news article: the heading is a caption, the title names the story: all its sections
    assert sections.relevant(Question("q", "?", ("한빛전자",))) == {"n#0", "n#1"}
    assert sections.relevant(Question("q", "?", ("한빛전자",), answerable=False)) == frozenset()


# -- wrong entity, date accuracy ----------------------------------------------------------------------


def test_wrong_entity_rate_and_date_accuracy_match_hand_computation():
    known = frozenset({"한빛전자", "Hanbit", "한빛 전자", "두리화학"})  # every entity name of the dataset

    def q(qid, entity=(), date=None, answerable=True):
        return Question(qid, "?", answerable=answerable, entity=tuple(entity), date=date)

    def o(question, answer="x [1]", citations=(), **kw):
        return Outcome(question, answer=answer, citations=citations, known_entities=known, **kw)

    outs = [
        # a quote names the entity (another spelling, other case): right; lead citation from the right day
        o(
            q("e1", ["한빛전자", "Hanbit"], "2025-02-06"),
            citations=(
                Cited(2, "s2", "h", "두리화학은 1조 원", date="2025-02-05"),
                Cited(1, "s1", "h", "HANBIT's profit rose", date="2025-02-06"),
            ),
        ),
        # the quote names another company of the dataset, though the title names the entity: wrong; wrong day
        o(
            q("e2", ["한빛전자"], "2025-02-07"),
            citations=(
                Cited(1, "s", "h", "두리화학의 영업이익은 2조 원", title="한빛전자 실적", date="2025-02-06"),
            ),
        ),
        # an unanswerable near miss answered with another company's figure: counts for wrong entity
        o(q("e3", ["한빛 전자"], answerable=False), citations=(Cited(1, "s", "h", "두리화학 3%"),)),
        # no citations: judged on the answer text, which names it; answered with no citation: date wrong
        o(q("e4", ["한빛전자"], "2025-02-09"), answer="한빛전자 매출은 5조 원"),
        # abstained, errors, and questions without entity/date are not counted
        o(q("e5", ["한빛전자"], "2025-02-09"), answer="찾지 못했습니다", abstained=True),
        o(q("e6", ["한빛전자"], "2025-02-09"), answer="", error="RuntimeError: boom"),
        o(q("e7"), citations=(Cited(1, "s", "h", "두리화학"),)),
        # a date on an unanswerable question is not scored (an answer there is wrong anyway)
        o(
            q("e8", date="2025-02-09", answerable=False),
            citations=(Cited(1, "s", "h", "q", date="2025-02-09"),),
        ),
        # a quote that names no company is about its story: the title names the entity (right) or a rival
        o(
            q("e9", ["한빛전자"]),
            citations=(Cited(1, "s", "사진=한빛", "순이익은 377억원이다", title="한빛전자, 실적"),),
        ),
        o(
            q("e10", ["한빛전자"]),
            citations=(Cited(1, "s", "두리화학 실적", "순이익은 377억원이다", title="t"),),
        ),
    ]
    assert [x.entity_ok for x in outs] == [True, False, False, True, None, None, None, None, True, False]
    assert [x.date_ok for x in outs] == [True, False, None, False, None, None, None, None, None, None]
    m = summarize(outs)
    assert m["wrong_entity_rate"] == pytest.approx(3 / 6)
    assert m["date_accuracy"] == pytest.approx(1 / 3)
    assert summarize([outs[6]])["wrong_entity_rate"] is None and summarize([outs[6]])["date_accuracy"] is None


def test_the_runner_tells_each_outcome_every_entity_name_of_the_dataset():
    qs = [Question("a", "boom?", entity=("한빛전자",)), Question("b", "fine?", entity=("두리화학", "Duri"))]
    outs = ask_all(_FlakyRAG(), qs, SectionMap({}, ()), k=10, progress=False, warm=False)
    assert all(x.known_entities == {"한빛전자", "두리화학", "Duri"} for x in outs)


def test_report_lists_wrong_entity_and_wrong_date_as_failures():
    from eval.report import failure_reasons, question_record

    o = Outcome(
        Question("w", "?", answer_contains=("2조",), entity=("한빛전자",), date="2025-02-07"),
        answer="두리화학 2조 원 [1]",
        citations=(Cited(1, "s", "h", "두리화학 2조 원", date="2025-02-06"),),
    )
    rec = question_record(o)
    assert rec["correct"] and rec["entity_ok"] is False and rec["date_ok"] is False
    assert rec["entity"] == ["한빛전자"] and rec["date"] == "2025-02-07"
    assert failure_reasons(rec) == ["quotes none of 한빛전자", "cites 2025-02-06, not 2025-02-07"]


def test_dataset_reads_entity_and_date():
    (q,) = parse_dataset(
        '{"id": "d", "question": "?", "entity": ["한빛전자", "Hanbit"], "date": "2025-02-06"}'
    )
    assert q.entity == ("한빛전자", "Hanbit") and q.date == "2025-02-06" and q.extra == {}
    for bad in ('"date": "2025-2-6"', '"date": "2025-02-30"', '"date": 20250206', '"entity": "한빛전자"'):
        with pytest.raises(DatasetError, match="line 1"):
            parse_dataset('{"id": "d", "question": "?", ' + bad + "}")


# -- earlier runs side by side ------------------------------------------------------------------------


def test_compare_keeps_earlier_reports_side_by_side(tmp_path):
    from eval.compare import ReportError, load_previous, render_compare_markdown, table_rows

    run = {
        "name": "hybrid",
        "code": "abc123",
        "dataset": "d.jsonl",
        "metrics": {"hit@5": 0.5},
        "groups": {"g": {"n": 2, "hit@5": 0.25}},
    }
    (tmp_path / "run.json").write_text(json.dumps(run), encoding="utf-8")
    old_compare = {
        "systems": {
            "dense": {"name": "dense", "dataset": "other.jsonl", "metrics": {"hit@5": 0.4}, "groups": {}}
        }
    }
    (tmp_path / "old.json").write_text(json.dumps(old_compare), encoding="utf-8")
    prev = load_previous([tmp_path / "run.json", tmp_path / "old.json"])
    assert list(prev) == ["hybrid @abc123", "dense @old"]  # no code version: the file's name
    now = {
        "name": "hybrid",
        "dataset": "d.jsonl",
        "metrics": {"hit@5": 0.75},
        "groups": {"g": {"n": 2, "hit@5": 1.0}},
        "counts": {"questions": 2, "unanswerable": 0},
        "warnings": [],
        "questions": [],
    }
    result = {
        "dataset": "d.jsonl",
        "corpora": [],
        "default": "hybrid",
        "table": {"hybrid": now["metrics"]},
        "systems": {"hybrid": now},
        "previous": prev,
    }
    assert list(table_rows(result)) == ["hybrid (default)", "hybrid @abc123", "dense @old"]
    md = render_compare_markdown(result)
    assert "| hybrid (default) | n/a | 0.750 |" in md and "| hybrid @abc123 | n/a | 0.500 |" in md
    assert "| g | 2 | 1.000 | 0.250 | n/a |" in md  # hit@5 by group, one column per configuration
    assert "other dataset" in md.split("dense @old")[1].splitlines()[0]
    (tmp_path / "bad.json").write_text("[1]", encoding="utf-8")
    with pytest.raises(ReportError, match="bad.json"):
        load_previous([tmp_path / "bad.json"])


# -- the date subset ----------------------------------------------------------------------------------


def test_subset_keeps_the_lines_dated_in_range_verbatim(tmp_path, capsys):
    lines = [
        {"title": "a", "date": "2025-02-04", "body": "x"},
        {"title": "b", "date": "2025-02-05", "body": "y\u2028z"},
        {"title": "c", "date": "2025-02-09T23:59:00+09:00", "body": "z"},
        {"title": "d", "date": "2025-02-10", "body": "w"},
        {"title": "e", "body": "no date"},
    ]
    src = tmp_path / "news.jsonl"
    src.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines) + "not json\n", encoding="utf-8"
    )
    out = tmp_path / "var" / "5d.jsonl"
    assert main(["subset", str(src), "--from", "2025-02-05", "--to", "2025-02-09", "--out", str(out)]) == 0
    assert "wrote 2 articles" in capsys.readouterr().out
    kept = out.read_text(encoding="utf-8").split("\n")
    assert [json.loads(x)["title"] for x in kept if x] == ["b", "c"]
    assert kept[0] == json.dumps(lines[1], ensure_ascii=False)  # byte for byte, U+2028 kept in its line
    assert main(["subset", str(src), "--from", "2025-03-01", "--to", "2025-03-02", "--out", str(out)]) == 2
    assert "no article" in capsys.readouterr().err
    assert main(["subset", str(src), "--from", "2025-02-30", "--to", "2025-03-02", "--out", str(out)]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
