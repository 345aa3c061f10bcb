"""Evaluation datasets: JSONL, one question a line.

```
{"id": "q1", "question": "메타 채권 금리는?", "relevant": ["AI 빚투"], "answer_contains": ["5.92%"],
 "entity": ["메타", "Meta"], "group": "figures"}
{"id": "q2", "question": "11월 3일 메타 채권 금리는?", "relevant": ["AI 빚투"], "date": "2025-11-03"}
{"id": "q3", "question": "테슬라 주가 전망은?", "answerable": false}
```

* ``relevant``: a retrieved chunk is relevant when its section heading contains one of these strings, or
  when its article's title does and no heading of that article does (see ``SectionMap.relevant``);
* ``answer_contains``: every string must appear in the answer text, as text or as the same figures
  ("1조1천685억" is found in "1조 1,685억": see :mod:`eval.figures`);
* ``answerable`` (default true): false means the right output is an abstention;
* ``entity``: optional, the names (in any spelling) the answer must be about: scored by
  ``wrong_entity_rate``;
* ``date``: optional, ``YYYY-MM-DD``, the date of the article the answer must come from: scored by
  ``date_accuracy``;
* ``group``: optional, metrics are also reported per group;
* any other key is kept in :attr:`Question.extra` and copied into the report.

Matching is NFKC-normalised, case- and whitespace-insensitive (:func:`match_key`). A malformed line is a
:class:`DatasetError` naming the file and line number.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rag.errors import RagError
from rag.korean import normalize

KNOWN_KEYS = ("id", "question", "relevant", "answer_contains", "answerable", "group", "entity", "date")
DATASETS_DIR = Path(__file__).parent / "datasets"


class DatasetError(RagError):
    """The dataset file is missing or one of its lines is malformed."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    relevant: tuple[str, ...] = ()
    answer_contains: tuple[str, ...] = ()
    answerable: bool = True
    group: str | None = None
    line: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    entity: tuple[str, ...] = ()
    date: str | None = None  # YYYY-MM-DD

    @property
    def judged(self) -> bool:
        """True when retrieval can be scored: answerable, with at least one ``relevant`` string."""
        return self.answerable and bool(self.relevant)


def match_key(text: str) -> str:
    """NFKC, lower case, no whitespace at all: the form both sides of every match are compared in."""
    return "".join(normalize(text).split())


def contains(haystack: str, needle: str) -> bool:
    return match_key(needle) in match_key(haystack)


def heading_matches(heading: str, relevant: tuple[str, ...] | list[str]) -> bool:
    """Is a section with this heading relevant to a question with these ``relevant`` strings?"""
    h = match_key(heading)
    return any(match_key(r) in h for r in relevant if match_key(r))


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise DatasetError(f"{where}: {key!r} must be a list of non-empty strings, got {value!r}")
    return tuple(value)


def parse_question(line: str, number: int, source: str = "<dataset>") -> Question:
    """One dataset line; ``number`` (1-based) and ``source`` only go into error messages."""
    where = f"{source} line {number}"
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise DatasetError(
            f"{where} is not valid JSON ({e.msg} at column {e.colno}): fix or remove that line"
        ) from e
    if not isinstance(rec, dict):
        raise DatasetError(f'{where} must be a JSON object like {{"id": ..., "question": ...}}')
    q = rec.get("question")
    if not isinstance(q, str) or not q.strip():
        raise DatasetError(
            f"{where} has no 'question' text: every line needs a non-empty \"question\" string"
        )
    qid = rec.get("id", f"line{number}")
    if isinstance(qid, bool) or not isinstance(qid, (str, int)) or not str(qid).strip():
        raise DatasetError(f"{where}: 'id' must be a non-empty string, got {qid!r}")
    answerable = rec.get("answerable", True)
    if not isinstance(answerable, bool):
        raise DatasetError(f"{where}: 'answerable' must be true or false, got {answerable!r}")
    group = rec.get("group")
    if group is not None and (not isinstance(group, str) or not group.strip()):
        raise DatasetError(f"{where}: 'group' must be a non-empty string, got {group!r}")
    day = rec.get("date")
    if day is not None:
        try:
            if not isinstance(day, str) or len(day) != 10:
                raise ValueError(day)
            date.fromisoformat(day)
        except ValueError:
            raise DatasetError(f"{where}: 'date' must be a date as YYYY-MM-DD, got {day!r}") from None
    return Question(
        id=str(qid),
        question=q,
        relevant=_strings(rec.get("relevant", []), "relevant", where),
        answer_contains=_strings(rec.get("answer_contains", []), "answer_contains", where),
        answerable=answerable,
        group=group,
        line=number,
        extra={k: v for k, v in rec.items() if k not in KNOWN_KEYS},
        entity=_strings(rec.get("entity", []), "entity", where),
        date=day,
    )


def parse_dataset(text: str, source: str = "<dataset>") -> list[Question]:
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        q = parse_question(line, number, source)
        if q.id in seen:
            raise DatasetError(
                f"{source} line {number}: id {q.id!r} is already used on line {seen[q.id]}: make ids unique"
            )
        seen[q.id] = number
        questions.append(q)
    if not questions:
        raise DatasetError(f"{source} holds no questions: write one JSON object a line")
    return questions


def resolve_dataset(path: str | os.PathLike[str]) -> Path:
    """A dataset path as given, else a name in the bundled ``eval/datasets/`` (``dev`` or ``dev.jsonl``)."""
    p = Path(path)
    if p.is_file():
        return p
    for cand in (DATASETS_DIR / p.name, DATASETS_DIR / f"{p.name}.jsonl"):
        if not p.parent.parts and cand.is_file():
            return cand
    raise DatasetError(f"dataset {p} does not exist: pass a JSONL file, or a bundled name such as 'dev'")


def load_dataset(path: str | os.PathLike[str]) -> list[Question]:
    p = resolve_dataset(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DatasetError(f"dataset {p} cannot be read ({e}): save it as UTF-8 JSONL") from e
    return parse_dataset(text, str(p))


__all__ = [
    "Question",
    "DatasetError",
    "load_dataset",
    "parse_dataset",
    "parse_question",
    "resolve_dataset",
    "match_key",
    "contains",
    "heading_matches",
]
