"""The README's first command works: its install steps are the right ones, and its index + ask steps run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import REPO


def _commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    return [ln for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]


def test_readme_opens_with_install_and_test_commands():
    first, second = _commands()[:2]
    for cmd in (first, second):
        assert (
            "python3 -m venv .venv" in cmd and "pip install torch==2.13.0" in cmd and "pip install -e" in cmd
        )
    assert "python -m pytest" in second
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q torch==2.13.0" in ci and "fonts-noto-cjk" in ci
    assert ci.rstrip().endswith('exec .ci/in-copy "$@"')  # the tests run from a copy, nothing beside it
    in_copy = (REPO / ".ci" / "in-copy").read_text(encoding="utf-8")
    assert 'mktemp -d "${TMPDIR:-/tmp}/' in in_copy and "python -m pytest" in in_copy


def test_readme_first_command_indexes_the_sample_and_answers(tmp_path):
    first = _commands()[0]
    steps = [s.strip() for s in first.split("&&")]
    run = steps[next(i for i, s in enumerate(steps) if s.startswith("python -m index")) :]
    assert run[0] == "python -m index build data/briefings" and run[1].startswith("python -m rag ask")
    env = {
        **os.environ,
        "RAG_INDEX": str(tmp_path / "ix"),
    }  # the same commands, the index kept out of the repo
    outputs = []
    for step in run:
        argv = [sys.executable, *re.findall(r'"[^"]*"|\S+', step)[1:]]
        argv = [a.strip('"') for a in argv]
        r = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stderr
        outputs.append(r.stdout)
    assert "articles" in outputs[0]
    assert "메타" in outputs[1] and "[1]" in outputs[1] and "회사채" in outputs[1]


def test_readme_python_example_answers_with_its_filter(tmp_path):
    """The README's Python API example, on the sample briefings: its filter keeps the sample's stories."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("## Python API", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    line = next(x for x in block.splitlines() if x.startswith("answer = rag.ask("))
    env = {**os.environ, "RAG_INDEX": str(tmp_path / "ix")}
    build = [sys.executable, "-m", "index", "build", "data/briefings", "-q"]
    assert subprocess.run(build, cwd=REPO, env=env, capture_output=True, timeout=600).returncode == 0
    code = f"from rag import RAG\nrag = RAG.load({str(tmp_path / 'ix')!r})\n{line}\nprint(answer.abstained)"
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "False"
