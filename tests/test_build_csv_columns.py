"""A .csv news export indexes with the column names config.yaml maps (reading.csv_columns)."""

from index import build_index
from rag.store import load_store


def test_build_reads_csv_with_configured_columns(tmp_path, config, embedder):
    f = tmp_path / "news.csv"
    f.write_text(
        "기사제목,발행일,내용\n"
        '한빛자동차 4분기 실적,2025-02-05,"한빛자동차는 4분기 영업이익이 1조 원이라고 밝혔다. 신차 판매가 늘었다."\n',
        encoding="utf-8",
    )
    cfg = config.replace(
        reading={"csv_columns": {"title": ["기사제목"], "date": ["발행일"], "body": ["내용"]}}
    )
    build_index([f], tmp_path / "ix", cfg, embedder=embedder, progress=False)
    (article,) = load_store(tmp_path / "ix").articles.values()
    assert article.title == "한빛자동차 4분기 실적" and article.published.date().isoformat() == "2025-02-05"
