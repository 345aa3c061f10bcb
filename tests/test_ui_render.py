from rag.types import Answer, Chunk, Citation
from ui.render import answer_parts

CHUNK = Chunk(0, "a", "제목", "제목", "본문", 0, 0, (0, 2), "x.txt")


def test_one_line_per_day_keeps_every_marker():
    text = "2월 7일 브리핑 기준: 주가는 내렸다. [1] 거래량은 늘었다. [1]\n2월 6일 브리핑 기준: 주가는 올랐다. [2]"
    cites = (Citation(1, CHUNK, "q", ((0, 1),)), Citation(2, CHUNK, "q", ((0, 1),)))
    parts = answer_parts(Answer("q", text, cites, (), False, 1.0))
    assert parts == [
        ("2월 7일 브리핑 기준: 주가는 내렸다.", 1),
        ("거래량은 늘었다.", 1),
        ("2월 6일 브리핑 기준: 주가는 올랐다.", 2),
    ]


def test_an_abstention_citing_what_the_briefings_say_links_its_marker():
    text = "브리핑에서 누리의 매출은 찾지 못했습니다.\n2월 5일 브리핑에서 누리 관련 내용: 누리는 흑자를 냈다. [1]"
    parts = answer_parts(Answer("q", text, (Citation(1, CHUNK, "q", ((0, 1),)),), (), True, 0.0))
    assert parts[-1][1] == 1 and parts[-1][0].endswith("누리 관련 내용: 누리는 흑자를 냈다.")
    assert answer_parts(Answer("q", "찾지 못했습니다.", (), (), True, 0.0)) == [("찾지 못했습니다.", None)]
