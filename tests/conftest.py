from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Builds under test (in-process and CLI subprocesses) neither read nor fill the user's embedding
# cache: a vector cached by an earlier run would hide what a test counts. test_embed_cache.py
# turns a cache on in tmp_path.
os.environ["RAG__EMBEDDER__CACHE"] = "none"
# The team's own briefing, in the format of the real ones (header, ▲ headline list, one section per
# story, footer); invented companies and figures. Tests never read ../shared: a user's clone has none.
FIXTURE_BRIEFINGS = REPO / "tests" / "fixtures" / "briefings"
BRIEFING = FIXTURE_BRIEFINGS / "gaon-biz-2025-11-25-global-biz-briefing.txt"


@pytest.fixture(scope="session")
def config():
    from rag.config import load_config

    return load_config(REPO / "config.yaml")


@pytest.fixture(scope="session")
def embedder(config):
    from rag.embed import make_embedder

    return make_embedder(config.embedder)


@pytest.fixture(scope="session")
def briefing_index(tmp_path_factory, config, embedder) -> Path:
    """An index of tests/fixtures/briefings, built once per test session (do not change it: copy it)."""
    from index import build_index

    out = tmp_path_factory.mktemp("fixture") / "index"
    build_index([FIXTURE_BRIEFINGS], out, config, embedder=embedder, progress=False)
    return out


@pytest.fixture(scope="session")
def briefing_rag(briefing_index, config, embedder):
    from rag import RAG

    return RAG.load(briefing_index, config=config, embedder=embedder)


@pytest.fixture
def index_copy(briefing_index, tmp_path) -> Path:
    dst = tmp_path / "index"
    shutil.copytree(briefing_index, dst)
    return dst


BRIEFING_TEMPLATE = """테스트경제

[글로벌 비즈 브리핑] {h1} 外

테스트경제 김하늘
입력2025.11.{day:02d} 06:10
수정2025.11.{day:02d} 09:30

▲{h1}
▲{h2}

{h1_body_heading}

{b1}

{h2}

{b2}

ⓒ 테스트경제 무단복제-재배포 금지

김하늘다른기사
다른 기사 제목 하나
다른 기사 제목 둘
"""


def make_briefing(day: int, h1: str, b1: str, h2: str, b2: str, h1_body_heading: str | None = None) -> str:
    return BRIEFING_TEMPLATE.format(
        day=day, h1=h1, b1=b1, h2=h2, b2=b2, h1_body_heading=h1_body_heading or h1
    )
