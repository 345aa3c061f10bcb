"""The harness's index cache key covers every rag/ module the build side runs (a change to the number
parser must rebuild the facts the cached index holds)."""

import ast
from pathlib import Path

from eval.runner import _BUILD_CODE

REPO = Path(__file__).resolve().parents[1]


def _rag_imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.module and node.module.startswith("rag.") and node.level == 0:
                out.add(node.module.split(".")[1])
            elif node.level == 1 and path.parent.name == "rag" and node.module:
                out.add(node.module.split(".")[0])
    return out


def test_every_rag_module_the_build_runs_is_in_the_cache_key():
    todo = set().union(*(_rag_imports(p) for p in (REPO / "index").glob("*.py")))
    seen: set[str] = set()
    while todo:
        mod = todo.pop()
        if mod in seen or not (REPO / "rag" / f"{mod}.py").exists():
            continue
        seen.add(mod)
        todo |= _rag_imports(REPO / "rag" / f"{mod}.py")
    # what only the question side uses may change without a rebuild
    build_side = seen - {
        "api",
        "answer",
        "retrieve",
        "rerank",
        "slots",
        "query",
        "quantity",
        "cli",
        "config",
        "errors",
        "threads",
    }
    assert {f"rag/{m}.py" for m in build_side} <= set(_BUILD_CODE)
