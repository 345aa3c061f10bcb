"""Shared helpers of the UI tests: briefings to upload, a copy of the fixture index, a running app."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"

# A briefing that is not in tests/fixtures/briefings: once uploaded, its story must be answerable.
NEW_BRIEFING = """테스트경제

[글로벌 비즈 브리핑] 한빛반도체, 텍사스에 새 공장…30억 달러 투자 外

테스트경제 김하늘
입력2025.11.26 06:10
수정2025.11.26 09:30

▲한빛반도체, 텍사스에 새 공장…30억 달러 투자
▲구리 가격, 공급 차질에 사상 최고치

한빛반도체, 텍사스에 새 공장…30억 달러 투자

한빛반도체가 미국 텍사스주에 첨단 패키징 공장을 짓기 위해 30억 달러를 투자한다고 현지시간 25일 밝혔습니다.

새 공장은 2027년 가동을 목표로 하며 약 1,800명을 고용할 계획입니다.

회사는 이번 투자로 북미 고객사의 인공지능 칩 수요에 대응할 수 있을 것이라고 설명했습니다.

구리 가격, 공급 차질에 사상 최고치

런던금속거래소에서 구리 3개월 선물 가격이 톤당 1만1,200달러로 사상 최고치를 기록했습니다.

칠레와 인도네시아 광산의 공급 차질이 겹치면서 재고가 빠르게 줄었다고 시장 참가자들은 분석했습니다.

ⓒ 테스트경제 무단복제-재배포 금지
"""
NEW_QUESTION = "한빛반도체 공장 투자 규모는?"
NEW_HEADING = "한빛반도체, 텍사스에 새 공장…30억 달러 투자"

# A briefing whose text carries markup: it must show as text and run nothing.
XSS_BRIEFING = """테스트경제

[글로벌 비즈 브리핑] 가나다전자 <b>출하량</b> 급증 外

테스트경제 김하늘
입력2025.11.27 06:10

▲가나다전자 스마트폰 출하량 급증
▲라마바화학 배터리 소재 증설

가나다전자 스마트폰 출하량 급증

가나다전자의 3분기 스마트폰 출하량은 1,200만 대로 집계됐다고 회사가 밝혔습니다 <script>alert(1)</script>

가나다전자는 출하량 증가가 신흥국 수요 덕분이라고 설명했습니다 <img src=x onerror=alert(2)>
<img src=y onerror="window.__pwned=1">

라마바화학 배터리 소재 증설

라마바화학은 배터리 양극재 생산 능력을 연 10만 톤으로 늘린다고 밝혔습니다.

ⓒ 테스트경제 무단복제-재배포 금지
"""
XSS_QUESTION = "가나다전자 스마트폰 출하량은?"
XSS_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening_addresses(port: int) -> list[str]:
    """The local addresses of the TCP sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hexport = local.split(":")
            if state != "0A" or int(hexport, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(addr)
            if width == 8:
                found.append(socket.inet_ntop(socket.AF_INET, raw[::-1]))
            else:  # four little-endian 32-bit words
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                found.append(socket.inet_ntop(socket.AF_INET6, words))
    return sorted(found)


def ui_config(base: Any, tmp: Path) -> Any:
    """``base`` with the writable paths (uploads, feedback) moved under ``tmp``."""
    return base.replace(paths={"uploads": str(tmp / "uploads"), "feedback": str(tmp / "feedback.jsonl")})


def fresh_rag(briefing_index: Path, tmp: Path, config: Any, embedder: Any) -> Any:
    """A RAG over a private copy of the fixture index (uploads change it), writing under ``tmp``."""
    from rag import RAG

    index = tmp / "index"
    shutil.copytree(briefing_index, index)
    return RAG.load(index, config=ui_config(config, tmp), embedder=embedder)


@contextlib.contextmanager
def running(demo: Any, **launch: Any) -> Iterator[str]:
    """Serve ``demo`` on 127.0.0.1 at a free port; yields its URL."""
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **launch)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


class GatedEmbedder:
    """The real embedder, whose query encoding waits until the test opens ``gate`` (open at first);
    ``events`` records "embed" when a query arrives."""

    def __init__(self, inner: Any, events: list[str] | None = None) -> None:
        self.inner, self.events = inner, events if events is not None else []
        self.backend, self.model = inner.backend, inner.model
        self.gate = threading.Event()
        self.gate.set()

    def embed_query(self, text: str) -> Any:
        self.events.append("embed")
        assert self.gate.wait(20), "the gate was never opened"
        return self.inner.embed_query(text)

    def embed_passages(self, texts: Any) -> Any:
        return self.inner.embed_passages(texts)
