"""The suite carries its own data: no test reads ../shared, which a user's clone does not have.

.ci/in-copy is the real proof (it runs the suite from a copy with nothing beside it); this check
fails fast, on any machine, when a test names the folder again.
"""

from __future__ import annotations

import io
import re
import tokenize

from conftest import BRIEFING, FIXTURE_BRIEFINGS, REPO

SHARED = re.compile(r"^shared$|(^|[/\\])shared([/\\]|$)")


def shared_strings(source: str) -> list[str]:
    """String literals of ``source`` that name a ``shared`` folder (comments do not count)."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    out = []
    for tok in tokens:
        if tok.type != tokenize.STRING:
            continue
        body = tok.string.lstrip("rRbBuUfF")
        value = body.strip("'\"")
        if SHARED.search(value):
            out.append(tok.string)
    return out


def test_the_check_finds_a_shared_path():
    assert shared_strings('X = REPO.parent / "shared" / "briefings"\n') == ['"shared"']
    assert shared_strings('p = Path("../shared/briefings")\n') == ['"../shared/briefings"']
    assert shared_strings('s = "shared by every session"  # ../shared\n') == []


def test_no_test_names_the_shared_folder():
    found = {
        str(p.relative_to(REPO)): hits
        for p in sorted((REPO / "tests").rglob("*.py"))
        if p.name != "test_fixtures.py"  # its own examples above name it on purpose
        and (hits := shared_strings(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_fixture_briefings_are_here():
    assert BRIEFING.is_file() and BRIEFING.parent == FIXTURE_BRIEFINGS
    assert FIXTURE_BRIEFINGS.is_relative_to(REPO)
