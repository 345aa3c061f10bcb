"""Measure words: what a figure is a figure of (영업이익, 금리, 주가 …), in sentences and in questions.

``MEASURES`` maps a canonical measure to its Korean and English surface forms; a compound is its own
measure ("영업이익률" is a margin in %, not 영업이익; "목표주가" is not 주가; "배당수익률" is not 배당),
found by the longest form at each place. Korean forms match inside words ("3분기영업이익은"), English
ones as whole words, case-insensitively. ``compatible_units`` says which units a figure of a measure
may have, so that "금리는?" is never answered with a 원 amount.

``attach(text, quantities)`` gives, for each quantity, the measure it belongs to:

1. a time (unit in ``TIME_UNITS``: "3분기", "2025년") belongs to none: it is a period, not a figure;
2. a change: a figure right before a change word ("20% 증가한", "24.49포인트(3.36%) 하락한", "0.28%↓",
   "0.25%p 인하", and each figure of a list before one: "6.58%, 9.21% 떨어진") or right after an
   English one ("up 62%", "fell 3.2%", "cut rates by 25 basis points") is a change measure: 인상폭/인하폭
   for 인상/인하, hike/cut, or a rate raised or cut ("기준금리를 0.25%p 내렸다"), else 상승폭/하락폭
   ("금리는 0.05%p 내린" is a fall of a market rate);
3. a figure before "에 마감했다/거래를 마쳤다" is a closing level: of the level measure named before it
   (지수, 환율, 주가, 금리 …), else 주가;
4. a figure joined to the measure word after it ("5.92%의 금리", "1조원 규모의 투자") belongs to it;
5. else the nearest measure word before it, at most ``BEFORE_WINDOW`` characters back in the same
   sentence, whose units the figure has (a closer measure wins; "금리 … 2,500" skips 금리); a generic
   word right after a specific one is the specific one ("매출 규모는 3조원" is 매출);
6. else a measure word starting at most ``AFTER_WINDOW`` characters after it in the same sentence,
   specific before generic ("10조원을 투자");
7. else, an amount right after a move ("3.88% 하락한 169.79달러"), or moved from and to ("202.13달러에서
   215.66달러로 회복했다"), the price it moved to (가격);
8. else None.
"A과 B는 각각 x와 y" (and "A and B were x and y, respectively") gives x to A and y to B, an amount
converted in parentheses ("30만달러(약 4억5000만원)") shares its measure, and so does a figure of no measure
in a list of names each with its figure ("A가 5000억원, B가 3000억원 규모 후순위채를 발행": B's 발행액).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from .measure_words import MEASURE_TABLE, NOT_AFTER, NOT_BEFORE
from .numbers import MONEY_UNITS, TIME_UNITS, Quantity
from .quantity import ASKS_REASON, asked_kinds
from .units import PERCENT_UNITS

BEFORE_WINDOW = 60  # characters between the end of a measure word and a figure it owns
AFTER_WINDOW = 12  # characters between a figure and a measure word after it (fallback)

MEASURES: dict[str, tuple[str, ...]] = {c: tuple(forms.split("|")) for c, _, _, forms in MEASURE_TABLE}
_UNITS = {c: units for c, _, units, _ in MEASURE_TABLE}
_TIER = {c: tier for c, tier, _, _ in MEASURE_TABLE}
_RATES = frozenset({"금리", "기준금리", "가산금리", "수익률"})  # a rate raised or cut: 인상폭/인하폭


def _key(form: str) -> str:
    return re.sub(r"[\s·-]", "", form).lower()


def _tokens(form: str) -> list[list[str]]:
    """A form as regex atoms over lowered text: its characters, \\s between words, and the checks around
    it (English: no letter before or after; Korean: the words it must not run into, NOT_BEFORE, nor run on
    from, NOT_AFTER). A Korean form with a space is also its form without ("인상 폭", "인상폭")."""
    if form.isascii():
        atoms = [r"\s+" if c == " " else re.escape(c) for c in " ".join(form.lower().split())]
        return [[atoms[0], r"(?<![a-z].)", *atoms[1:], r"(?![a-z])"]]
    tail = [f"(?!{NOT_BEFORE[form]})"] if form in NOT_BEFORE else []
    # (checked after the first letter, as an English form's, so that forms still share their prefixes)
    behind = [f"(?<![{NOT_AFTER[form]}].)"] if form in NOT_AFTER else []
    spelled = {" ".join(form.split()), form.replace(" ", "")}
    return [
        [*(atoms := [r"\s" if c == " " else re.escape(c) for c in f])[:1], *behind, *atoms[1:], *tail]
        for f in sorted(spelled)
    ]


def _trie_regex(forms: list[str]) -> str:
    """One regex for all forms, factored by common prefixes (3x faster than a flat alternation). At each
    branch a longer form is tried before a shorter one, so the longest form wins ("영업이익률" over
    "영업이익")."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for form in forms:
        for atoms in _tokens(form):
            node = trie
            for atom in atoms:
                node = node.setdefault(atom, {})
            node[""] = {}

    def depth(node: dict) -> int:  # type: ignore[type-arg]
        return 1 + max((depth(c) for c in node.values()), default=0)

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        def order(atom: str) -> tuple[int, int]:
            final = atom == "" or (atom.startswith("(?") and set(node[atom]) == {""})
            return (1 if final else 0, -depth(node[atom]))

        alts = [atom + emit(node[atom]) for atom in sorted(node, key=order)]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


_OF = {_key(f): c for c, forms in MEASURES.items() for f in forms}
_ACRONYMS = frozenset(_key(f) for forms in MEASURES.values() for f in forms if f.isascii() and f.isupper())
_FORMS = sorted({f for forms in MEASURES.values() for f in forms}, key=lambda f: -len(_key(f)))
_MEASURE = re.compile(_trie_regex(_FORMS))
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SENT_END = re.compile(r"[?!。\n]|(?<!\d)\.|\.(?!\d)")
_UP = r"상승|오른|오르|올라|올랐|올린|올려|올렸|급등|폭등|뛰었|뛴|뛰어|반등|증가|늘[어었린려]|급증|확대|성장|개선|상향|높아|높은|높였|웃돌|웃돈|상회"
_DOWN = (
    r"하락|내린|내려|내렸|내리|떨어|급락|폭락|빠진|빠졌|빠지|밀린|밀렸|밀려|감소|줄[어었인여]|급감|축소|악화|후퇴|하향|낮아|낮은|낮춘|낮췄|낮춰"
    r"|밑돌|밑돈|하회"  # "공모가(3000원)를 48.17%(1445원) 밑돌고 있다": below it by so much
)
_CHANGE_AFTER = re.compile(
    r"\)?(?:가|이)?\s?(?:\([^()]{0,30}\)\s?)?(?:대\s?)?(?:가량|정도|이상|넘게|남짓|가까이|안팎|내외|씩|이나|나|만큼)?\s?"
    rf"(?:(?P<hike>인상)|(?P<cut>인하)|(?P<up>{_UP}|↑|▲)|(?P<down>{_DOWN}|↓|▼))"
)
_EN_UP = r"rose|rise|rises|risen|up|gained|gain|gains|jumped|jumps|surged|surges|climbed|climbs|increased|grew|higher|soared"
_EN_DOWN = r"fell|fall|falls|fallen|down|dropped|drops|declined|declines|slid|slipped|plunged|tumbled|sank|lost|decreased|lower"
_CHANGE_BEFORE = re.compile(
    rf"\b(?:(?P<hike>raised|hiked|hikes|hike)|(?P<cut>cut|cuts|lowered|reduced)|(?P<up>{_EN_UP})|(?P<down>{_EN_DOWN}))"
    r"(?:(?:\s+[A-Za-z']+){0,2}\s+by)?\s+(?:(?:about|nearly|almost|roughly|around|some|more than|over|as much as|just|another)\s+)*$",
    re.I,
)
# what joins a figure to the noun it is of ("1조원 규모의 투자", "350억원의 연구개발비")
LINK_AFTER = re.compile(
    r"\)?\s?(?:어치|가량|상당|수준|정도)?\s?(?:의|인|에 달하는|에 이르는|짜리|규모의|규모)\s?"
)
# "8만2천달러를 예상 가격으로 제시했다": the figure is the measure it is set "as", not the one before it
_AS_AFTER = re.compile(r"(?:을|를)\s?(?:(?:예상|목표|적정|희망|최종|제시)\s?)?")
_AS_END = re.compile(r"\s?(?:으로|로)(?![가-힣])|\s?(?:으로|로)\s")
_CONVERSION = re.compile(r"\s?\((?:약|about|approx\.?|around)?\s?")
_LIST_GAP = re.compile(r"\)?\s?(?:,|와|과|및|에서)\s?\(?")
# a move told right before an amount ("3.88% 하락한 169.79달러"): the amount is the level it moved to
MOVED_TO_WINDOW = 24
_MOVED_TO = re.compile(
    r"\d\s?(?:%|％|퍼센트|원|달러|엔|위안|유로)\)?\s?(?:넘게\s?|이상\s?|가량\s?|가까이\s?)?"
    rf"(?:{_UP}|{_DOWN})[가-힣]?\s?$"
)
# characters from "규모의" to the measure word ending the noun phrase it sizes ("… 공급 계약을")
SIZED_REACH = 50
_PHRASE_END = re.compile(r"(?:을|를|이|가|은|는|으로|로|에)\s")
_WORD_ENDS = re.compile(r"(?:에서|으로|에게|을|를|이|가|은|는|의|에|와|과|도)\s")
# a move from one amount to another ("202.13달러에서 215.66달러로 회복했다")
_MOVE_VERB = rf"(?:회복|추락|{_UP}|{_DOWN})"
_TO_AFTER = re.compile(r"(?:으로|로)\s?(?:\S+\s)?" + _MOVE_VERB)
_FROM_TO = re.compile(
    r"에서\s?[\d.,]+\s?[만억조]?\s?(?:원|달러|엔|위안|유로)(?:으로|로)\s?(?:\S+\s)?" + _MOVE_VERB
)
_FROM_BEFORE = re.compile(r"\d\s?(?:원|달러|엔|위안|유로)에서\s?$")
# the next item of a list of names each with its figure ("5000억원, 메리츠화재와 DB생명보험이 각각 ")
_NAMED_ITEM_GAP = re.compile(
    r"\s?,\s?[^\s,.\d]+(?:\s?(?:와|과|및)\s?[^\s,.\d]+)?(?:이|가|은|는)\s(?:각각\s)?"
)
_CHAIN_GAP = re.compile(r"\s?(?:과|와|및|,|·|그리고)\s?|,?\s+and\s+|,\s*", re.I)
_EACH = re.compile(r"각각|respectively", re.I)
_TRANSITIVE = re.compile(r"올린|올려|올렸|높였|높인|높여|낮췄|낮춘|낮춰|내린|내려|내렸|raise|hike|cut|lower")
# a verb's end that makes it describe the noun after it ("올린 목표주가", "낮춘 목표가")
_ADNOMINAL = re.compile(r"(?<=[린인춘한은운른])\s")
_HIKE = frozenset({"인상", "raise", "raised", "hike", "hiked"})
_CUT = frozenset({"인하", "cut", "cuts", "lowered"})
# after a sum: what was sold or bought for it ("48억원에 넘기는", "300억원에 사들였다", "…에 양도")
_DEAL_AFTER = re.compile(r"\s?에\s?(?:넘기|넘겼|넘긴|넘겨|양도|매입|사들|사들였|팔|판다|판\s|팔았|팔기로)")
# a price or sum asked of a sale or purchase ("캔버스엔에 넘기는 가격은?", "판 금액은?", "sold it for")
_Q_DEAL = re.compile(
    r"(?:넘기는|넘긴|넘겼|판|파는|팔았|매각한|매각하는|양도한|양도하는|사들인|사들이는|매입한|매입하는|인수한|인수하는)"
    r"\s?(?:(?:데\s?)?(?:드는|든|쓴|쓰는|들인|들이는)\s?돈|가격|금액|값|대금)|\bsold\b.*\bfor\b|\bpaid\b|\bbought\b.*\bfor\b|\b(?:pay|paying)\b.*\bfor\b"
    r"|얼마에\s?(?:팔|매각|넘기|넘긴|넘겼|양도|처분)",
    re.I,
)
_EARN = frozenset({"earn", "earned", "earns"})  # net profit, unless the question names what was earned
DEAL = "인수 금액"
# a measure word the question gives the figure of ("지분 10%를", "주식 50만주를"): what the deal is, not asked
_GIVEN_AFTER = re.compile(r"\s?\d[\d,.]*\s?(?:[만억조천]\s?)?(?:%|주|원|달러)(?:를|을|의|에|가|이)?\s")
# the size of what someone holds ("국내 투자자들이 보유한 … 규모는?")
_Q_HELD = re.compile(r"보유(?:한|하고\s?있는|\s?중인)\s.*?(?:규모|금액|액수|얼마)")
HELD = "보유액"
# "등락률", "등락폭": a move asked with no way (up or down) it went
_Q_MOVE = re.compile(r"등락률|등락폭|등락|변동률|변동폭|percentage change|how much did [^?]* move", re.I)
# the words between an English "raise" and the measure it raises ("raise its stake")
_RAISED_OBJECT = re.compile(r"\s+(?:(?:its|their|the|his|her|a|an|our)\s+)?(?:\w+\s+){0,1}", re.I)
_Q_WHEN = re.compile(r"언제|시기는|시점은|^\s*when\b", re.I)  # not "… close when it first topped $100?"
_Q_AMOUNT = re.compile(r"얼마|몇|how much|how many|how far|by how much|what percent|what percentage", re.I)
# an English clause that tells the news a move followed ("How far did X shares fall after it said sales …"):
# the measures it names are the news, not what is asked
_EN_AFTER = re.compile(r"\s(?:after|when|following|on news|amid)\s", re.I)
_Q_UP = re.compile(
    r"인상|올랐|오른|올라|상승|뛰었|뛴|급등|폭등|치솟|늘었|늘어|늘린|증가|올렸|올린|올리|높였|높이"
    rf"|\b(?:{_EN_UP}|rise|gain|jump|climb|increase|grow|surge|raise|raised|hike|hiked)\b",
    re.I,
)
_CHANGE_VERB_EN = re.compile(rf"\b(?:{_EN_UP}|{_EN_DOWN}|jump|drop|decline|slump|plunge|climb|surge)\b", re.I)
_Q_DOWN = re.compile(
    r"인하|떨어|하락|내렸|내린|내려|내리|빠졌|빠진|급락|폭락|추락|곤두박질|줄었|줄어|줄인|감소|낮췄|낮춘|낮추"
    rf"|\b(?:{_EN_DOWN}|drop|decline|slump|plunge|lose|shed|sink|cut|cuts|lowered)\b",
    re.I,
)
# "얼마로 줄었어", "몇 %로 낮아졌나": asks the level it reached, not the size of the change
Q_LEVEL = re.compile(r"(?:얼마|몇\s*(?:%|퍼센트|%포인트)?)\s*(?:으로|로|까지)(?![가-힣])")
_Q_CLOSE = re.compile(r"마감|마쳤|끝났|끝냈|\bclosed?\b", re.I)
# a bond asked where it closed or at what %, with no measure word: its rate ("국채 10년물은 얼마로 끝났어")
_Q_PERCENT = re.compile(r"몇\s?%|몇 퍼센트|what percent", re.I)
_TENOR = "년물"  # the unit rag.numbers gives a bond's tenor ("10년물")
_Q_BOND = re.compile(r"국채|국고채|회사채|채권|\d+년물|\btreasur(?:y|ies)\b|\bbonds?\b", re.I)


# "rate" after a noun that is no interest's ("response rate", "win rate"): not 금리 (the rates named in
# MEASURES, "growth rate", "tax rate" …, match as their own longer forms first)
_OTHER_RATE = re.compile(
    r"\b(?!(?:interest|policy|base|key|benchmark|lending|deposit|mortgage|coupon|bond|loan|funds|fed|swap"
    r"|what|which|the|a|an|its|their|this|that|same|new|average|annual|fixed|floating|by|at|of|in|on"
    r"|cut|cuts|raise|raises|raised|hike|hikes|hiked|lower|lowers|lowered|hold|holds|held|keep|kept|set"
    r"|leave|left|slash|slashed|ease|eased|tighten|tightened)\s)[a-z]+\s+$",
    re.I,
)


def compatible_units(measure: str) -> frozenset[str]:
    """The units a figure of ``measure`` may have ("" is a bare number: an index level, a price quote)."""
    try:
        return _UNITS[measure]
    except KeyError:
        raise ValueError(f"unknown measure {measure!r}: one of rag.measures.MEASURES") from None


def find_measures(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Every measure word in ``text``: (canonical measure, span), in order, longest form first. English
    forms match case-insensitively, except acronyms (PER, ROE, CPI …), which match in capitals only."""
    out = []
    for m in _MEASURE.finditer(text.translate(_LOWER)):
        key = _key(m.group(0))
        if key in _ACRONYMS and not text[m.start() : m.end()].isupper():
            continue  # "per cent" is not PER
        out.append((_OF[key], m.span()))
    return out


def owning_measures(text: str) -> set[str]:
    """The measures ``text`` names as what its figures may be, leaving out one its figures serve ("매각
    성사를 위해 … 자금 220억원": the money is for the sale, not its price)."""
    return {m for m, (_, e) in find_measures(text) if not _PURPOSE.match(text, e)}


# a sentence's topic: the first words marked 은/는 ("서울 외환시장에서 원·달러 환율은 …": 원·달러 환율)
TOPIC = re.compile(r"([0-9A-Za-z가-힣&·/]+(?:\s[0-9A-Za-z가-힣&·/]+)?)(?:은|는)\s")


def measure_topic(text: str) -> bool:
    """Is the sentence's topic its measure ("3년물 금리는 …"), not a name ("이날 피아이이는 …", which Kiwi
    may not tag)?"""
    m = TOPIC.search(text)
    return m is not None and bool(find_measures(m.group(1)))


def news_clause(question: str) -> int | None:
    """Where an English question's clause telling the news a move followed begins ("How far did X shares fall
    | after it said sales of its CopperEdge cables were weak?"), or None."""
    moved = _CHANGE_VERB_EN.search(question) if question.isascii() else None
    after = _EN_AFTER.search(question, moved.end()) if moved else None
    return after.start() if after else None


def question_measures(question: str) -> list[str]:
    """The measures a question asks about, most specific first: changes (상승폭, 인하폭 …), then specific
    measures, then generic ones (가격, 규모, 금액 …), each in the question's order. An amount asked with a
    change verb asks for the change: "얼마나 떨어졌나" -> 하락폭, "몇 % 올랐나" -> 상승폭; 인상폭/인하폭 for
    인상/인하 or a rate raised or cut ("기준금리를 얼마나 올렸나"), but "얼마로 줄었나" asks the level it
    reached, not the change. "얼마에 마감했나" asks for 주가; of a bond, where it closed or at what %, for its rate (금리)."""
    if (_Q_WHEN.search(question) or ASKS_REASON.search(question)) and not _Q_AMOUNT.search(question):
        return []  # "증산을 멈추는 시기는?", "금리 인하를 지지한 이유는?": a time or a reason, no figure
    spans = [
        (m, (a, b))
        for m, (a, b) in find_measures(question)
        if not (question[a:b].lower() in ("rate", "rates") and _OTHER_RATE.search(question, 0, a))
    ]
    # "raise its stake", "raised the dividend": raising what another measure names, no money raised
    spans = [
        (m, (a, b))
        for j, (m, (a, b)) in enumerate(spans)
        if not (
            m == "조달액"
            and question[a:b].isascii()
            and any(_RAISED_OBJECT.fullmatch(question[b:c]) for _, (c, _) in spans[j + 1 :])
        )
    ]
    if len(spans) > 1:  # "earn from stock commissions": what it earned from, not its net profit
        spans = [(m, (a, b)) for m, (a, b) in spans if question[a:b].lower() not in _EARN]
    after = news_clause(question)
    if after is not None:
        spans = [(m, (a, b)) for m, (a, b) in spans if a < after]
    if asked_kinds(question):  # "지분 10%를 사들이는 데 드는 돈은?": the stake is given, the money asked
        spans = [(m, (a, b)) for m, (a, b) in spans if not _GIVEN_AFTER.match(question, b)]
    found = [m for m, _ in spans]
    if _Q_AMOUNT.search(question):
        down, up = _Q_DOWN.search(question), _Q_UP.search(question)
        verb = down or up
        own = [m for m, (a, b) in spans if verb and a <= verb.start() < b]
        if verb and spans and verb.end() <= spans[0][1][0] and _ADNOMINAL.match(question, verb.end()):
            verb = None  # "하나증권이 올린 쏠리드 목표주가는 얼마야": the price it set, not by how much
        if own and not any(m in _RATES for m in found):
            verb = None  # the verb is the measure's own word ("How much did it raise": 조달액)
        elif own:
            found = [m for m in found if m not in own]  # "raise rates": the hike, not money raised
        if verb and not Q_LEVEL.search(question):
            rate_object = any(m in _RATES and question[e : e + 1] in ("을", "를") for m, (_, e) in spans)
            word = verb.group(0).lower()
            hike = word in _HIKE or (rate_object and up and _TRANSITIVE.match(word))
            cut = word in _CUT or (rate_object and down and _TRANSITIVE.match(word))
            found.insert(0, "인하폭" if cut else "인상폭" if hike else "하락폭" if down else "상승폭")
        elif (
            not found
            and _Q_BOND.search(question)
            and (_Q_CLOSE.search(question) or _Q_PERCENT.search(question))
        ):
            found.append("금리")  # where a bond closed, or its %: its rate (the money it raised is 발행액)
        elif not found and _Q_CLOSE.search(question):
            found.append("주가")
    if _Q_MOVE.search(question) and not any(_TIER[m] == 0 for m in found):
        found[:0] = ["상승폭", "하락폭"]  # "등락률은?": the move, whichever way it went
    if _Q_DEAL.search(question) and all(_TIER[m] == 2 for m in found):
        found.insert(0, DEAL)  # "넘기는 가격은?": the deal's price, not a price of goods
    elif _Q_HELD.search(question) and all(_TIER[m] == 2 for m in found):
        found.insert(0, HELD)  # "투자자들이 보유한 … 규모는?": their holdings, not what they bought
    return sorted(dict.fromkeys(found), key=lambda m: _TIER[m])


# a measure a figure is compared with ("공모가 대비", "전년보다", "공모가(6만1900원) 대비", "시가총액은 투자주식
# 자산에도 못 미치는 3418억원"), not its owner
_BASE = re.compile(
    r"\s?(?:\([^()]{0,30}\)\s?)?(?:대비|보다|比|에 비해|와 비교해|과 비교해|에도?\s?(?:못\s?미치|미치지\s?못))"
)
# a measure a figure serves ("인수를 위해 190억원 규모의 CB를 발행", "매각 성사를 위한 자금"), not its owner
_PURPOSE = re.compile(r"(?:\s?[가-힣]{1,3})?\s?(?:을|를)\s?(?:위해|위한|위하여)(?![가-힣])")
# what may join two words of one noun ("투자주식 자산"): nothing, or a noun (never a particle: "영업이익은 매출")
_COMPOUND = re.compile(r"(?:(?!에서|으로|보다|까지|부터)[가-힣]{2,3})?\s?")
_CLOSE_AFTER = re.compile(r"(?:에|으로|로)\s?(?:거래[를가]|장[을이])?\s?(?:마감|마쳤|마치|마무리|끝냈)")
# a change written as a signed figure right after "(" ("알테오젠(-0.13%)"): its sign says which way
_SIGNED = re.compile(r"\(\s?([+\-−▲▼△▽↑↓])\s?$")
_SIGN_UP = frozenset("+▲△↑")
_LEVELS = frozenset({"주가", "지수", "환율", "금리", "수익률", "유가", "금값"})


def _listed_move(text: str, q: Quantity, same_sentence: Callable[[int, int], bool]) -> str | None:
    """A market wrap's unsigned % in parentheses after a name ("클로봇(12.96%) 등 로봇주가 강세를 이어갔다"):
    the way the clause after the list says its names went, or None."""
    s, e = q.span
    if q.unit != "%" or s == 0 or text[s - 1] != "(" or not text.startswith(")", e):
        return None
    before = re.search(r"([0-9A-Za-z가-힣&]+)\($", text[max(0, s - 30) : s])
    if before is None or any(b == len(before.group(1)) for _, (_, b) in find_measures(before.group(1))):
        return None  # "점유율(12%)로 1위에 올랐다": a measure's figure, no name's move
    way = _LIST_WAY.search(text, e)
    if way is None or not same_sentence(e, way.start()):
        return None
    return "상승폭" if way.group("up") else "하락폭"


_LIST_WAY = re.compile(
    r"(?P<up>강세|상승|올랐|오른|올라|뛰었|급등|오름세|반등)|(?P<down>약세|하락|내렸|내린|떨어|급락|내림세|빠졌)"
)


def _change(text: str, q: Quantity, before: tuple[str, int] | None) -> str | None:
    """The change measure of a figure next to a change word, or signed in parentheses after a name
    ("삼천당제약(-4.74%)", "(▲1,200원)"), or None. A rate (금리 …) that is the object of the verb
    ("금리를 0.25%p 내렸다") or 인상/인하 makes it 인상폭/인하폭."""
    sign = _SIGNED.search(text, max(0, q.span[0] - 3), q.span[0])
    if sign:
        return "상승폭" if sign.group(1) in _SIGN_UP else "하락폭"
    m = _CHANGE_AFTER.match(text, q.span[1])
    s = q.span[0]
    if not m and s > 1 and text[s - 1] == " " and text[s - 2].isascii() and text[s - 2].isalpha():
        m = _CHANGE_BEFORE.search(text, max(0, s - 40), s)  # English: "up 62%", "cut rates by 25bp"
    if not m:
        return None
    if m.group("hike"):
        return "인상폭"
    if m.group("cut"):
        return "인하폭"
    up = bool(m.group("up"))
    if before and before[0] in _RATES and text[before[1] : before[1] + 1] in ("을", "를"):
        if _TRANSITIVE.match(m.group("up") or m.group("down")):
            return "인상폭" if up else "인하폭"
    return "상승폭" if up else "하락폭"


def attach(text: str, quantities: list[Quantity]) -> list[str | None]:
    """For each quantity of ``text``, the canonical measure it belongs to, or None (see the module docstring)."""
    found = find_measures(text)
    starts = [s for _, (s, _) in found]
    stops = [m.start() for m in _SENT_END.finditer(text)]

    def same_sentence(a: int, b: int) -> bool:
        return bisect.bisect_left(stops, a) == bisect.bisect_left(stops, b)

    def near(q: Quantity) -> list[int]:  # measure words before the figure, nearest first
        s, out = q.span[0], []
        compared_from = -1  # where the noun compared with starts ("투자주식 자산에도 못 미치는")
        for i in range(bisect.bisect_right(starts, s) - 1, -1, -1):
            end = found[i][1][1]
            if end > s:
                continue
            if s - end > BEFORE_WINDOW or not same_sentence(end, s):
                break
            purpose = _PURPOSE.match(text, end)
            if purpose and purpose.end() <= s:
                continue  # "매각 성사를 위해 … 대여해줬던 자금 220억원": money for the sale, not its price
            base = _BASE.match(text, end)
            if base and base.end() <= s:
                compared_from = found[i][1][0]
                continue  # "종가는 공모가 대비 10% 하락한 5만5800원": 공모가 is what it is compared with
            if compared_from >= 0 and _COMPOUND.fullmatch(text, end, compared_from):
                compared_from = found[i][1][0]
                continue  # a word of the same noun ("투자주식 자산"): compared too
            out.append(i)
        return out

    nears = [near(q) if q.unit not in TIME_UNITS else [] for q in quantities]
    changes: list[str | None] = [None] * len(quantities)
    for j in range(len(quantities) - 1, -1, -1):  # "6.58%, 9.21% 떨어진": both are falls
        if quantities[j].unit in TIME_UNITS:
            continue
        before = (found[nears[j][0]][0], found[nears[j][0]][1][1]) if nears[j] else None
        changes[j] = _change(text, quantities[j], before) or _listed_move(text, quantities[j], same_sentence)
        if not changes[j] and j + 1 < len(quantities):
            gap = text[quantities[j].span[1] : quantities[j + 1].span[0]]
            changes[j] = changes[j + 1] if _LIST_GAP.fullmatch(gap) else None
    out: list[str | None] = []
    for q, nearby, change in zip(quantities, nears, changes, strict=True):
        out.append(None if q.unit in TIME_UNITS else _own(text, q, found, nearby, change, same_sentence))
    for j, measure in _respectively(text, quantities, found, same_sentence):
        out[j] = measure
    # "A가 5000억원, B가 3000억원 규모 후순위채를 발행": A's figure is of B's measure
    for j in range(len(quantities) - 2, -1, -1):
        a, b = quantities[j], quantities[j + 1]
        if (
            out[j] is None
            and out[j + 1]
            and a.unit == b.unit
            and _NAMED_ITEM_GAP.fullmatch(text, a.span[1], b.span[0])
        ):
            out[j] = out[j + 1]
    for j in range(len(quantities) - 1):  # "30만달러(약 4억5000만원)": one amount in two currencies
        a, b = quantities[j], quantities[j + 1]
        if (
            a.unit in MONEY_UNITS
            and b.unit in MONEY_UNITS
            and _CONVERSION.fullmatch(text[a.span[1] : b.span[0]])
        ):
            first, second = out[j], out[j + 1]
            if second is not None and (first is None or _TIER[second] < _TIER[first]):
                out[j] = second  # "(약 26조 원) 규모의 채권을 발행": read past the conversion
            out[j + 1] = out[j + 1] or out[j]
    # "10년물은 1.9bp 오른 2.849% 마감했다", "5년물과 2년물은 각각 … 연 2.711%, 연 2.688%에": a bond's tenor
    # then a level in % with no measure word between them is its yield
    for j, q in enumerate(quantities):
        if out[j] is None and q.unit == "%":
            tenor = next((t for t in reversed(quantities[:j]) if t.unit == _TENOR), None)
            if (
                tenor is not None
                and same_sentence(tenor.span[1], q.span[0])
                and not any(tenor.span[1] <= a and b <= q.span[0] for _, (a, b) in found)
            ):
                out[j] = "금리"
    return out


def _own(
    text: str,
    q: Quantity,
    found: list[tuple[str, tuple[int, int]]],
    near: list[int],
    change: str | None,
    same_sentence: Callable[[int, int], bool],
) -> str | None:
    """The measure figure ``q`` belongs to: rules 2 to 7 of the module docstring."""
    fits = [i for i in near if q.unit in _UNITS[found[i][0]]]
    if change and q.unit in _UNITS[change]:
        return change
    e = q.span[1]
    # "5만3000원에 마감했다": a closing level (of the index, rate … named before it, else of a stock)
    if _CLOSE_AFTER.match(text, e):
        level = next((found[i][0] for i in fits if found[i][0] in _LEVELS), None)
        if level or q.unit in _UNITS["주가"]:
            return level or "주가"
    link = LINK_AFTER.match(text, e)
    if link:
        linked = [m for m, (s, _) in found if s == link.end() and q.unit in _UNITS[m]]
        if not linked and "규모" in link.group(0):
            # "2930억원 규모의 액화천연가스(LNG) 복합화력발전 … 공급 계약을": the size of the noun the
            # phrase after it ends on, however many words describe it
            linked = [
                m
                for m, (s, t) in found
                if link.end() < s <= link.end() + SIZED_REACH
                and same_sentence(e, s)
                and q.unit in _UNITS[m]
                and _TIER[m] < 2
                and _PHRASE_END.match(text, t)
                and not _WORD_ENDS.search(text, link.end(), s)  # (one noun phrase: no particle inside)
            ][:1]
        if linked:
            return linked[0]
    as_ = _AS_AFTER.match(text, e)
    if as_ and as_.end() > e:
        named_as = [
            m for m, (s, t) in found if s == as_.end() and _AS_END.match(text, t) and q.unit in _UNITS[m]
        ]
        if named_as:
            return named_as[0]
    if q.unit in MONEY_UNITS and _DEAL_AFTER.match(text, e) and not any(_TIER[found[i][0]] < 2 for i in fits):
        return DEAL  # "2만9000주를 48억원에 넘기는": what the shares change hands for
    if fits:
        i = fits[0]  # a generic word right after a specific one is the specific measure's ("매출 규모는")
        prev = i - 1
        if _TIER[found[i][0]] == 2 and prev in fits and found[i][1][0] - found[prev][1][1] <= 1:
            i = prev
        return found[i][0]
    after_from = link.end() if link else e
    after = [
        (_TIER[m], s, m)
        for m, (s, _) in found
        if after_from <= s and s - after_from <= AFTER_WINDOW and same_sentence(e, s) and q.unit in _UNITS[m]
    ]
    if after:
        return min(after)[2]
    if q.unit in MONEY_UNITS and (
        _MOVED_TO.search(text, max(0, q.span[0] - MOVED_TO_WINDOW), q.span[0])
        or _FROM_TO.match(text, e)
        or (
            _FROM_BEFORE.search(text, max(0, q.span[0] - MOVED_TO_WINDOW), q.span[0])
            and _TO_AFTER.match(text, e)
        )
    ):
        # "솔라나는 3.88% 하락한 169.79달러", "202.13달러에서 215.66달러로 회복했다": the levels it moved
        # from and to, named by no word
        return "가격"
    return None


def _respectively(
    text: str,
    quantities: list[Quantity],
    found: list[tuple[str, tuple[int, int]]],
    same_sentence: Callable[[int, int], bool],
) -> list[tuple[int, str]]:
    """ "A과 B는 각각 x와 y", "A and B were x and y, respectively": (index of x, A), (index of y, B)."""
    out: list[tuple[int, str]] = []
    figures = [j for j, q in enumerate(quantities) if q.unit not in TIME_UNITS]
    for each in _EACH.finditer(text):
        korean = each.group(0) == "각각"
        anchor = each.start()
        if not korean:  # the chain ends before the figures that precede "respectively"
            before = [
                j
                for j in figures
                if quantities[j].span[1] <= anchor and same_sentence(quantities[j].span[0], anchor)
            ]
            if not before:
                continue
            anchor = quantities[before[0]].span[0]
        last = [
            i for i, (_, (s, e)) in enumerate(found) if e <= anchor and anchor - e <= (4 if korean else 40)
        ]
        if not last or not same_sentence(found[last[-1]][1][1], each.start()):
            continue
        chain = [last[-1]]
        while chain[-1] > 0 and _CHAIN_GAP.fullmatch(
            text[found[chain[-1] - 1][1][1] : found[chain[-1]][1][0]]
        ):
            chain.append(chain[-1] - 1)
        chain.reverse()
        if len(chain) < 2:
            continue
        lo = each.end() if korean else found[chain[-1]][1][1]
        hi = len(text) if korean else each.start()
        run = [
            j
            for j in figures
            if lo <= quantities[j].span[0]
            and quantities[j].span[1] <= hi
            and same_sentence(lo, quantities[j].span[0])
        ]
        if korean and all(quantities[j].unit in PERCENT_UNITS for j in run[: len(chain)]):
            # "영업이익과 매출은 각각 6%, 68.3% 증가한 76억원, 800억원을": the moves, then the figures
            if not any(PERCENT_UNITS & _UNITS[found[i][0]] for i in chain):
                run = run[len(chain) :]
        run = run[: len(chain)] if korean else run[-len(chain) :]
        if len(run) == len(chain):
            out.extend(
                (j, found[i][0])
                for j, i in zip(run, chain, strict=True)
                if quantities[j].unit in _UNITS[found[i][0]]
            )
    return out


__all__ = [
    "MEASURES",
    "BEFORE_WINDOW",
    "AFTER_WINDOW",
    "find_measures",
    "owning_measures",
    "question_measures",
    "measure_topic",
    "TOPIC",
    "attach",
    "compatible_units",
]
