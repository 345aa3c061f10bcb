"""The project's own checks (ruff, mypy on rag/ and index/) run with the tests, so CI enforces them."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *argv], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def test_ruff():
    r = _run("ruff", "check", "rag", "index", "ui", "eval", "bench", "tests")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_core():
    r = _run("mypy", "rag", "index")
    assert r.returncode == 0, r.stdout + r.stderr
