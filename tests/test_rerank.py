"""The re-ranker's re-pointing of evidence sentences at the re-ranked hits."""

from __future__ import annotations

import dataclasses

from rag.answer import ScoredSentence
from rag.rerank import _with_hit


def test_with_hit_is_replace_of_hit():
    s = ScoredSentence("old", (3, 9), "문장.", 0.5, 0.1, 0.2, 0.3, about=2, fit=0, consistent=False)
    got = _with_hit(s, "new")  # type: ignore[arg-type]
    want = dataclasses.replace(s, hit="new")
    assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
    assert s.hit == "old"  # the original is left as it was
    assert all(getattr(got, f.name) == getattr(want, f.name) for f in dataclasses.fields(ScoredSentence))
