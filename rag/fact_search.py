"""Fact search: the stories that state the asked measure of the asked company, wherever they rank.

Hybrid retrieval ranks stories by what they are about. A figure is often told in passing in a story
about something else ("… 카카오뱅크는 영업이익이 26.3% 증가한 6069억 원을 기록했다" in a market wrap), and
such a story ranks below many that are about the company but state no such figure. When a question
names a company and a measure, BM25 looks for the stories that write both (every alias of the
company, the measure's word); those among its best ``FACT_POOL`` with a sentence that names the
company and states a figure of the measure (the facts stored at index time) join the hits, at most
``FACT_HITS`` of them, the best first. The answerer still judges every sentence of them as it does
the others': this only lets it see them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from .aliases import mentions
from .korean import morphemes
from .measures import measure_topic
from .retrieve import Retriever
from .scope import CONTINUES, figure_owners, measure_fit, speakers
from .slots import Slots, tells_close
from .types import Hit

FACT_POOL = 100  # BM25 hits read for a sentence that states the fact
FACT_HITS = 3  # at most this many stories join the hits (and those of newer days: ``fact_hits``)
# newer days' candidates read for that one, newest first: all of BM25's pool (a daily close told in passing
# ranks below many stories of the newest days that tell none; reading one costs ~0.05 ms)
NEWEST_READ = FACT_POOL
NEWER_LOOKS = 3  # BM25 searches of the days after the newest found to state it (each ~1-3 ms)
WARM_SPARE = 3  # chunks read ahead beyond FACT_HITS that state the fact, while the question is embedded
WARM_MOST = 30  # … reading at most this many


# a close asked: the words that tell one ("…에 거래를 마쳤다" writes neither 종가 nor 주가)
CLOSE_WORDS = ("마감", "마쳤다")


def fact_terms(slots: Slots) -> list[str]:
    """The BM25 terms of the asked fact: every form of every subject, the measures' words, and, a close
    asked, the words that tell one."""
    words = [f for s in slots.subjects for f in s.forms] + list(slots.measures)
    words += list(CLOSE_WORDS) if slots.close else []
    return list(dict.fromkeys(t for w in words for t in morphemes(w)))


class FactLookup:
    """What fact search reads whatever the hits are: BM25's ``FACT_POOL`` best chunks for the asked fact
    (``fact_terms``) and, for each chunk read, whether it states the fact. ``RAG.ask`` makes one and
    reads the first chunks (:meth:`warm`) while the question is embedded (rag/threads.py); ``fact_hits``
    then reads on from there."""

    def __init__(
        self,
        retriever: Retriever,
        slots: Slots,
        mask: np.ndarray | None,
        story_lead: Callable[[int], frozenset[str]] = lambda cid: frozenset(),
    ) -> None:
        self.retriever, self.slots, self.mask, self.story_lead = retriever, slots, mask, story_lead
        self.asks = bool(slots.subjects and slots.measures)
        self.found = retriever.bm25(fact_terms(slots), FACT_POOL, mask) if self.asks else []
        self._keys = {k for s in slots.subjects for k in s.keys}
        self._owners = figure_owners(slots)
        self._said: dict[int, int] = {}  # chunk -> how it states the fact (read once)

    def told(self, cid: int) -> int:
        """2: chunk ``cid`` states the fact; 1: asked a close, only where it stood during the day; 0: no
        (``_states_fact``)."""
        got = self._said.get(cid)
        if got is None:
            got = self._said[cid] = _states_fact(
                self.retriever, cid, self.slots, self._keys, self._owners, self.story_lead
            )
        return got

    def read_ahead(self, stop: threading.Event) -> int:
        """Read BM25's candidates newest first, as a question that names no day reads them for the
        newest story that states the fact, until ``stop`` is set; the number read."""
        days = self.retriever.store.chunk_meta.days
        n = 0
        for cid, _ in sorted(self.found, key=lambda x: -int(days[x[0]])):
            if stop.is_set():
                break
            self.told(cid)
            n += 1
        return n

    def warm(self, stating: int = FACT_HITS + WARM_SPARE, most: int = WARM_MOST) -> None:
        """Read BM25's best chunks until ``stating`` of them state the fact (some will be among the hits,
        which fact search skips), at most ``most``."""
        n = 0
        for cid, _ in self.found[:most]:
            n += self.told(cid) == 2
            if n >= stating:
                break


def fact_hits(
    retriever: Retriever,
    slots: Slots,
    mask: np.ndarray | None,
    taken: list[Hit],
    newest: bool = False,
    story_lead: Callable[[int], frozenset[str]] = lambda cid: frozenset(),
    lookup: FactLookup | None = None,
) -> list[Hit]:
    """Stories beyond ``taken`` with a sentence that names an asked subject and states a figure of
    the asked measure, as hits ranked after ``taken`` (their fused score is the lowest of it).
    ``newest`` (a question that names no day asks the latest figure): also the newest such story among
    BM25's, when its day is newer than that of every hit that states the fact (a weekly wrap-up restating
    Friday's close, which ranks below the day's own reports), then the newest of the days after it, up to
    ``NEWER_LOOKS`` times (asked a close, a story states it only with a sentence that tells one).
    ``story_lead``: the company a chunk's story is about when its headline names none (see
    ``Answerer.story_lead``), whose figures a sentence naming no company tells as a headline's.
    ``lookup``: the same question's :class:`FactLookup` made beforehand (else one is made here)."""
    if not slots.subjects or not slots.measures:
        return []
    store = retriever.store
    seen = {h.chunk.id for h in taken}
    floor = min((h.score for h in taken), default=0.0)
    if lookup is None or lookup.slots is not slots or lookup.mask is not mask:
        lookup = FactLookup(retriever, slots, mask, story_lead)
    found = [(cid, score) for cid, score in lookup.found if cid not in seen]
    days = store.chunk_meta.days
    if slots.days:  # a day asked: its own stories first, then the days after that tell it again (a
        # Friday's close on Monday), whose own closes would otherwise fill the picks
        asked_days = {d.toordinal() for d in slots.days}
        found.sort(key=lambda x: int(days[x[0]]) not in asked_days)
    told = lookup.told

    def states(cid: int) -> bool:  # (asked a close: where it closed)
        return told(cid) > (1 if slots.close else 0)

    picked: list[tuple[int, float]] = []
    during: list[tuple[int, float]] = []  # asked a close, stories that state the level during the day only
    for cid, score in found:
        if len(picked) == FACT_HITS:
            break
        level = told(cid)
        if level == 2:
            picked.append((cid, score))
        elif level == 1:
            during.append((cid, score))
    picked += during[: FACT_HITS - len(picked)]
    if newest:
        stating = [h.chunk.id for h in taken if states(h.chunk.id)]
        latest = max([int(days[c]) for c in stating] + [int(days[c]) for c, _ in picked], default=0)
        later = sorted((x for x in found if int(days[x[0]]) > latest), key=lambda x: -int(days[x[0]]))
        newer_one = next(((cid, score) for cid, score in later[:NEWEST_READ] if states(cid)), None)
        newer_ones = [newer_one] if newer_one is not None else []
        for _ in range(NEWER_LOOKS):
            # the days after the newest that states it may hold the fact below BM25's top: among months of
            # daily closes, the newest day's wrap-ups rank with every other day's. Look there alone, and
            # again after the day found
            since = int(days[newer_one[0]]) if newer_one is not None else latest
            newer = np.asarray(days) > since
            newer = newer & mask if mask is not None else newer
            if not since or not newer.any():
                break
            again = retriever.bm25(fact_terms(slots), FACT_POOL, newer)
            again = sorted((x for x in again if x[0] not in seen), key=lambda x: -int(days[x[0]]))
            found_again = next(((cid, score) for cid, score in again[:NEWEST_READ] if states(cid)), None)
            if found_again is None:
                break
            newer_one = found_again
            newer_ones.append(found_again)  # (each: the answerer may find one's sentence no answer)
        picked += newer_ones
    return [
        Hit(store.chunks[cid], floor, len(taken) + i, {"fact": score}, {})
        for i, (cid, score) in enumerate(picked, start=1)
    ]


def _states_fact(
    retriever: Retriever,
    cid: int,
    slots: Slots,
    keys: set[str],
    owners: set[str | None],
    story_lead: Callable[[int], frozenset[str]],
) -> int:
    """Does a sentence of chunk ``cid`` name an asked subject (``keys``) and state a figure of the asked
    measure (one ``owners`` holds, then ``measure_fit``)? 2: yes; 1: asked where a level closed, only
    where it stood during the day ("같은 시각 … 744.78을 기록 중이다"); 0: no. The stored facts decide
    most; the article's text is read only for a sentence they leave open: one with such a figure whose
    names Kiwi did not tag (it tags "코스닥" in one sentence and not in the next), which must then write a
    form of the subject."""
    store = retriever.store
    extra = store.extras[cid]
    if owners.isdisjoint(extra.measured):
        return 0
    text: str | None = None
    forms = [f for s in slots.subjects for f in s.forms]
    # a story headed by the subject ("국고채 금리, 5bp 내외 하락") tells its figure in a sentence that does not
    # name it again ("3년물 금리는 … 2.319%를 기록했다"), as does the sentence after one that names it, unless
    # another company leads that sentence (the heading read only for such a sentence: most stories have none)
    headed: bool | None = None
    level = 0
    before = (
        False  # the sentence before names the subject ("한빛반도체 주가는 … 하락했다. 지난 6일 종가는 …")
    )
    for span, facts in zip(extra.sentences, extra.facts, strict=True):
        if not any(q[2] in owners for q in facts["q"]):
            before = bool(keys & set(facts["n"]))
            continue
        if text is None:
            chunk = store.chunks[cid]
            text = store.articles[chunk.article_id].text
        sent = text[span[0] : span[1]]
        named = bool(keys & set(facts["n"])) or any(mentions(sent, f) for f in forms)
        if not named and headed is None:
            headed = bool(keys & (set(extra.heading_names) | story_lead(cid))) or any(
                mentions(chunk.heading, f) for f in forms
            )
        # a quoted analyst and firm voice a view of the story's company ("한유정 한화증권 연구원은 “1분기 매출
        # 823억원, 영업이익 11억원 …”"): they lead no clause, and the figures they quote are its
        voices = speakers(sent) if not named and (headed or before) else set()
        implied = (
            not named
            and (headed or before)
            and not [n for n in facts["s"] if n not in keys and n not in voices]
            and (measure_topic(sent) or bool(voices) or (before and bool(CONTINUES.match(sent))))
        )
        before = named
        if not named and not implied:
            continue
        if measure_fit(slots, sent, facts) == 2:
            if not slots.close or tells_close(sent):
                return 2
            level = 1  # asked a close: a level during the day, or a price told no close
    return level


__all__ = ["FACT_HITS", "FACT_POOL", "FactLookup", "fact_hits", "fact_terms"]


DESCRIBED_HITS = 5  # stories that write the description join the hits of a question describing its company


def described_hits(
    retriever: Retriever, slots: Slots, mask: np.ndarray | None, taken: list[Hit]
) -> list[Hit]:
    """Stories beyond ``taken`` that write what a question describes its company by ("패스트캠퍼스를
    운영하는 교육 기업": the stories that write 패스트캠퍼스), BM25's best ``DESCRIBED_HITS`` for the
    description's words, ranked after ``taken``: the described company is read from the sentences that
    spell the description out (rag/described.py), and the question's own hits, ranked by the measure and
    the kind of company asked, may hold none of them (``RAG.ask`` adds these only then: more stories
    that write a common word of the description could make a company read from the hits a tie)."""
    if not slots.described or slots.subjects:
        return []
    terms = list(dict.fromkeys(t for w in slots.description or slots.described for t in morphemes(w)))
    seen = {h.chunk.id for h in taken}
    found = [
        (cid, s) for cid, s in retriever.bm25(terms, DESCRIBED_HITS + len(seen), mask) if cid not in seen
    ]
    floor = min((h.score for h in taken), default=0.0)
    store = retriever.store
    return [
        Hit(store.chunks[cid], floor, len(taken) + i, {"described": score}, {})
        for i, (cid, score) in enumerate(found[:DESCRIBED_HITS], start=1)
    ]
