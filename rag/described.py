"""A company the question describes instead of naming ("위고비 제조사", "중국 스마트폰 업체", "AWS를 운영하는
회사"): read from the retrieved sentences that spell the description out, never guessed from a story that
does not (a wrong company's figure is worse than none), and said in the answer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .aliases import Aliases, mentions
from .korean import name_key
from .slots import Slots
from .store import Store
from .subjects import Subject, is_firm, is_qualifier
from .types import Answer, Hit

DESCRIBED_NEAR = 20  # characters (spaces aside) between a description and the name it describes


def _set_after(sentence: str, kind: str, words: list[str]) -> list[tuple[str, int]]:
    """The words set right after a ``kind`` of company in a sentence ("중국 스마트폰 업체 샤오미의" ->
    샤오미, "(OTT) 업체 넷플릭스가" -> 넷플릭스), each with how many words of the description stand just
    before that kind (중국, 스마트폰: 2); none when no description word does. Read from the text, not
    the stored names: Kiwi does not tag every company a name ("알파벳")."""
    out = []
    for m in re.finditer(kind + r"\s*(?:\([^()]*\)\s*)?([0-9A-Za-z가-힣&]+)", sentence):
        before = sentence[max(0, m.start() - DESCRIBED_NEAR) : m.start()]
        weight = sum(1 for w in words if w in before)
        name = name_key(_APPOSED_TAIL.sub("", m.group(1)))
        if weight and len(name) >= 2:
            out.append((name, weight))
    return out


_APPOSED_TAIL = re.compile(r"(?:의|은|는|이|가|을|를|와|과|도|에|에서|로|으로)$")


# a kind of company written right before the name it describes ("유통업체 월마트", spaces removed)
KINDS = tuple(
    "업체 회사 기업 제조사 개발사 제작사 게임사 모회사 모기업 자회사 운영사 지주사 계열사 제약사 은행 증권사 운용사 "
    "보험사 카드사 통신사 항공사 방송사 건설사 해운사 조선사 유통사 상장사 배급사 공급사 고객사 투자사".split()
)
_KIND = "(?:" + "|".join(KINDS) + ")"


# kinds of company described by what it owns or makes ("AWS를 운영하는 회사", "위고비 제조사")
OWNER_KINDS = frozenset(
    "모회사 모기업 운영사 운영하는 제조사 만드는 만든 개발한 제작한 파는 판매하는 생산하는 개발사 제작사".split()
)


# financial kinds of company and how their names end: "신한금융 계열 은행" is not 신한투자증권
_KIND_ENDINGS = {
    "은행": ("은행", "뱅크"),
    "증권사": ("증권",),
    "보험사": ("보험", "생명", "화재", "손보", "라이프"),
    "캐피탈사": ("캐피탈",),
    "카드사": ("카드",),
    "운용사": ("운용", "자산운용"),
}


# the word a sentence opens on as its subject ("크래프톤이 …", "[서울=뉴스1] 에이피알은 …" aside)
_OPENS_ON = re.compile(r"^(?:\[[^\]]{1,20}\]\s*)?([0-9A-Za-z가-힣&]{2,})(?:은|는|이|가)\s")


def _another_kind(name: str, kinds: list[str]) -> bool:
    """Does ``name`` end as another financial kind's names do than the kind asked ("신한투자증권" for 은행)?"""
    asked = [k for k in kinds if k in _KIND_ENDINGS]
    if not asked:
        return False
    own = tuple(e for k in asked for e in _KIND_ENDINGS[k])
    other = tuple(e for k, ends in _KIND_ENDINGS.items() if k not in asked for e in ends)
    return name.endswith(other) and not name.endswith(own)


def resolve_described(store: Store, aliases: Aliases, slots: Slots, hits: list[Hit]) -> Slots | None:
    """The company a question describes ("위고비 제조사", "불닭볶음면 만드는 회사"), read from the
    retrieved sentences that mention the description: the name they give most often next to it
    (within ``DESCRIBED_NEAR`` characters: "위고비 제조사 노보노디스크", "불닭볶음면을 만드는 삼양식품"),
    counted by how many words of the description the sentence holds: among the names set right after
    the kind of company asked, by the words of the description just before it ("중국 스마트폰 업체
    샤오미"; the company itself when that name is an alias of the description's: "구글 모기업 알파벳"),
    else among the names that lead a clause (the company, not a city beside it), else any name; when
    it is at least twice the next (else the question stays without a subject)."""
    own = {k for w in slots.described for k in aliases.keys(w)} | {name_key(w) for w in slots.described}
    leaders: Counter[str] = Counter()
    named: Counter[str] = Counter()
    # a name set right after the kind of company asked ("유통업체 월마트", "자율주행 자회사 웨이모",
    # spaces removed) is the one the description is of: those names first
    set_after: Counter[str] = Counter()
    best_after: Counter[str] = Counter()  # the most words of the description before one of them
    best_lead: Counter[str] = Counter()  # the most words of the description a sentence it leads holds
    kinds = [w for w in slots.description if re.fullmatch(_KIND, w)]
    kind = "(?:" + "|".join(map(re.escape, kinds)) + ")" if kinds else _KIND
    words = [w for w in slots.description or slots.described if w not in kinds]
    own_words = {name_key(w) for w in slots.description}
    seen: set[tuple[str, tuple[int, int]]] = set()
    for hit in hits:
        extra = store.extras[hit.chunk.id]
        text = store.articles[hit.chunk.article_id].text
        for j, span in enumerate(extra.sentences):
            key = (hit.chunk.article_id, span)
            if key in seen or not any(w in text[span[0] : span[1]] for w in words):
                continue
            seen.add(key)
            compact = re.sub(r"\s+", "", text[span[0] : span[1]]).lower()
            extra_leads: set[str] = set()
            # the described thing's own name in brackets after it ("'배틀그라운드'(PUBG)"): no company
            bracketed = {
                name_key(b.group(1))
                for w in slots.described
                for b in re.finditer(re.escape(name_key(w)) + r"['\"’”]?\(([^()]{1,20})\)", compact)
            }
            marks = [m.start() for w in slots.described for m in re.finditer(re.escape(name_key(w)), compact)]

            cands = {
                n
                for n in set(extra.facts[j]["n"]) | set(extra.facts[j]["s"])
                if n not in own
                and n not in bracketed
                and len(n) >= 2
                and not n[0].isdigit()  # "1.3gw": a figure, not a name
                and not is_qualifier(n, aliases)
                # a part of the described one's own name ("일론" of 일론머스크), unless a company in its
                # own right ("아마존" of 아마존웹서비스, the AWS of "AWS를 운영하는 회사"); never a name
                # made of it ("일본은행" for "일본 1위 자동차 회사")
                and not any(k in n for k in own)
                and not _another_kind(n, kinds)
                # (a brokerage speaks of what a company makes: "미래에셋증권은 … 리쥬란 연 매출이 …")
                and (not is_firm(n) or "증권사" in kinds)
                and (aliases.known(n) or not any(n in k for k in own))
                and any(
                    abs(m.start() - a) <= DESCRIBED_NEAR
                    for m in re.finditer(re.escape(n), compact)
                    for a in marks
                )
            }
            # the company the sentence opens on, when its story's headline writes it too ("크래프톤이 인기
            # 게임 '배틀그라운드'(PUBG) …" under "크래프톤, 영업익 '1조 클럽'"): Kiwi may not tag it a name
            opening = _OPENS_ON.match(text[span[0] : span[1]])
            head = re.sub(r"\s+", "", hit.chunk.heading or hit.chunk.title or "").lower()
            if opening:
                n = name_key(opening.group(1))
                if (
                    len(n) >= 2
                    and n not in own
                    and head.startswith(n)
                    and not is_qualifier(n, aliases)
                    and any(a <= DESCRIBED_NEAR for a in marks)  # (the description near its start)
                ):
                    cands.add(n)
                    extra_leads.add(n)
            names = set(extra.facts[j]["n"])
            cands = {
                n
                for n in cands
                # not a part of the described one's own name ("일론" of 일론 머스크), nor a candidate
                # with a title after it ("테슬라ceo" beside 테슬라)
                if not any(n + k in names for k in own)
                and not any(c != n and n.startswith(c) and is_qualifier(n[len(c) :], aliases) for c in cands)
            }
            # the more of the description a sentence holds, the likelier; a name set right after a
            # kind of company ("유통업체 월마트", "자율주행 자회사 웨이모") is the one it describes
            held = sum(1 for w in words if name_key(w) in compact)
            for n in cands:
                named[n] += held
                if n in extra.facts[j]["s"] or n in extra_leads:
                    leaders[n] += held
                    best_lead[n] = max(best_lead[n], held)
            for n, weight in _set_after(text[span[0] : span[1]], kind, words):
                n = "" if n in own else n  # "구글 모기업 알파벳", 알파벳 구글's alias: the company itself
                if n and _another_kind(n, kinds):
                    continue  # "신한금융 계열 은행": a securities firm set after the kind is not it
                if n == "" or (not is_qualifier(n, aliases) and n not in own_words):
                    set_after[n] += weight
                    best_after[n] = max(best_after[n], weight)
    # a sentence led by a company that holds more of the description than any kind-and-name pair tells
    # it ("디이엔티는 … 파우치 배터리에 특화된 레이저 노칭 장비에서 …" beside "이차전지 장비업체 씨아이에스")
    more = +best_after and max(best_lead.values(), default=0) > max(best_after.values())
    if more:
        leading = best_lead.most_common(2)
        if len(leading) == 2 and leading[0][1] == leading[1][1]:
            return None  # two sentences led by two companies hold as much of it
        name = leading[0][0]
    elif +best_after:  # the name set after the kind with the most of the description, else most often
        ranked = sorted(best_after, key=lambda n: (-best_after[n], -set_after[n]))[:2]
        if len(ranked) == 2 and best_after[ranked[0]] == best_after[ranked[1]]:
            if set_after[ranked[0]] < 2 * set_after[ranked[1]]:
                return None
        name = ranked[0]
    else:
        counted = leaders or named
        top = counted.most_common(2)
        if not top:
            return None
        if len(top) == 2 and top[0][1] < 2 * top[1][1]:
            # as often as others: the one company the alias file knows among them, if one ("아마존"
            # beside its cloud's CEO and a figure), else none
            tied = [n for n, c in counted.items() if 2 * c > top[0][1] and aliases.known(n)]
            if len(tied) != 1 or counted[tied[0]] < top[0][1]:
                return None
            top = [(tied[0], counted[tied[0]])]
        name = top[0][0]
    name = name or slots.described[0]  # "": the description names the company itself
    return read_as(aliases, slots, name, [store.articles[h.chunk.article_id].text for h in hits[:3]])


def read_as(aliases: Aliases, slots: Slots, name: str, texts: list[str]) -> Slots:
    """``slots`` asking about company ``name``, read from a description, as ``texts`` write it. A
    description by what the company owns or makes ("AWS를 운영하는 회사", "위고비 제조사", "구글
    모기업") makes a sentence about that thing one about the company too; one by what owns it ("구글
    자율주행 자회사", "신한금융 계열 은행") does not: the parent's figures are not the child's."""
    forms = (*aliases.forms(name), name)
    shown = next((w for t in texts if (w := as_written(t, forms)) and mentions(t, w)), forms[0])
    keys, more = aliases.keys(name) | {name}, tuple[str, ...]()
    if slots.description and slots.description[-1] in OWNER_KINDS:
        heads = [w for w in slots.described if not is_qualifier(name_key(w), aliases)]
        keys |= {k for w in heads for k in aliases.keys(w) | {name_key(w)}}
        more = tuple(heads)
    found = Subject(name, frozenset(keys), (*aliases.forms(name), *more))
    return replace(slots, subjects=(found,), read_as=shown)


def as_written(question: str, forms: tuple[str, ...]) -> str:
    """The subject as the question spells it (the alias it used), else its first form."""
    for f in sorted(forms, key=len, reverse=True):
        i = question.lower().find(f.lower())
        if i >= 0 and mentions(question, f):
            return question[i : i + len(f)]
    return forms[0]


def with_reading(answer: Answer, slots: Slots) -> Answer:
    """``answer`` with a last line saying whom a description was read as ("(질문의 '스트리밍 회사'는
    넷플릭스로 보고 답했습니다.)"), when the question described the company instead of naming it."""
    if not slots.read_as:
        return answer
    asked = _described_phrase(answer.question, slots) or slots.described[0]
    name = slots.read_as
    note = f"(질문의 '{asked}'{topic_particle(asked)} {name}{toward_particle(name)} 보고 답했습니다.)"
    return replace(answer, text=f"{answer.text}\n{note}")


def _described_phrase(question: str, slots: Slots) -> str:
    """The description as the question words it, from its first word to its kind of company."""
    kind = slots.description[-1] if slots.description else ""
    # ("AWS를 운영하는 회사": a verb's kind, then the company it makes one)
    tail = r"(?:(?:\s+[^\s?]+){0,2}?\s*" + _KIND + ")?"
    m = (
        re.search(re.escape(slots.described[0]) + r".{0,30}?" + re.escape(kind) + tail, question)
        if kind
        else None
    )
    return re.sub(r"['\"‘’“”]", "", m.group(0)) if m else ""  # ("'사랑의 하츄핑' 제작사": the name unquoted)


def toward_particle(word: str) -> str:
    """로 or 으로, by the last syllable's final consonant (none, or ㄹ: 로)."""
    last = word.strip()[-1:] if word.strip() else ""
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return "으로" if final and final != 8 else "로"
    return "(으)로"


def topic_particle(word: str) -> str:
    """은 or 는, by whether ``word`` ends in a consonant."""
    last = word.strip()[-1:] if word.strip() else ""
    if "가" <= last <= "힣":
        return "은" if (ord(last) - 0xAC00) % 28 else "는"
    return "은(는)"


__all__ = [
    "KINDS",
    "OWNER_KINDS",
    "as_written",
    "read_as",
    "resolve_described",
    "topic_particle",
    "with_reading",
]
