"""What a sentence states a figure for, against what a question asks: the measure (its twins, a
generic measure's forms, the unit asked, a value rather than a band or a bound), the company (not an
affiliate whose name extends it, not the analyst's firm quoted, not a segment of it) and the source
(an outlet or a title's column the question names). ``rag.answer`` scores sentences with these."""

from __future__ import annotations

import re

from .aliases import mentions
from .korean import has_hangul, name_key
from .measures import compatible_units, find_measures, owning_measures
from .numbers import TIME_UNITS
from .slots import CHANGE_MEASURES, GENERIC_MEASURES, Slots
from .subjects import PLACES

CHANGE_UNITS = frozenset({"%", "%p", "bp"})


# measures whose figures answer for each other ("영업이익은?" -> "영업손실 500억 원"; a cut in a rate is its fall)
SAME_FACT = {
    "영업이익": frozenset({"영업손실"}),
    "영업손실": frozenset({"영업이익"}),
    "순이익": frozenset({"순손실"}),
    "순손실": frozenset({"순이익"}),
    "인하폭": frozenset({"하락폭"}),
    "인상폭": frozenset({"상승폭"}),
    "주가": frozenset({"종가"}),
    "종가": frozenset({"주가", "지수", "환율", "유가", "금값"}),  # whatever closed (a yield's close is 금리)
    "판매량": frozenset({"출하량"}),  # a carmaker's shipments are its sales ("출하한 차량이 4만 대")
    "출하량": frozenset({"판매량"}),
    "금리": frozenset({"수익률"}),  # a bond's yield is its rate
    "수익률": frozenset({"금리"}),
    "조달액": frozenset({"발행액"}),  # the money a bond sale raised is the size
    "발행액": frozenset({"조달액"}),
}


# (a price as of an hour: "한국시간 27일 오전 5시 기준 8만 7,350달러로")
# a stake told as a share of the shares: "케이비바이오메드의 주식 51.9%를 취득"
_SHARES_BEFORE = re.compile(r"(?:주식|보통주|지분)\s?$")
_PRICE_CONTEXT = re.compile(
    r"가격|시세|거래되|거래됐|에 거래|거래 중|마감|마쳤|출발했|시작했|\d\s*시(?:\s*\d+\s*분)?\s*(?:기준|현재|께)"
    # the level a move reached ("0.83% 내린 2673.14달러를 기록 중", "3.88% 하락한 169.79달러")
    r"|%\)?\s*(?:내린|오른|하락한|상승한|떨어진|뛴|급등한|급락한|감소한|증가한)\s*[\d,.]+\s*(?:달러|원|엔|위안|유로)"
)
# a figure that bounds a range ("2500~2800달러 사이에서 거래되고 있다"): a band, not where it stands
_RANGE_SIGN = "~∼〜"


def _in_a_range(text: str, q: list) -> bool:  # type: ignore[type-arg]
    """Is quantity ``q`` (value, unit, measure, start, end) one end of a range written with a tilde?"""
    before, after = text[: q[3]].rstrip()[-1:], text[q[4] :].lstrip()[:1]
    return bool(before and before in _RANGE_SIGN) or bool(after and after in _RANGE_SIGN)


# what a generic measure asked alone may be stated as ("WTI 가격" is 유가, "비트코인 가격" a bare 달러 figure)
_GENERIC_FITS = {
    "가격": frozenset({"주가", "종가", "유가", "금값", "환율", "공모가"}),
    "금액": frozenset(
        {"투자", "발행액", "조달액", "인수 금액", "수주", "매출", "주문액", "배당", "예산", "보조금", "자산"}
    ),
    "규모": frozenset(
        {"투자", "발행액", "조달액", "인수 금액", "수주", "매출", "주문액", "시장 규모", "자산"}
    ),
    # "처음 낸 이익": a profit, however the text words it
    "이익": frozenset({"영업이익", "순이익", "세전이익", "충전이익", "매출총이익"}),
}


SOURCE_MARK = r"\s?(?:기사|보도|칼럼|리포트|에서|에 따르면|기준)"


# a firm named as the employer of whoever is quoted: 연구원, 애널리스트, 관계자 …
ATTRIBUTION = re.compile(
    r"\s*(?:수석\s*)?(?:연구원|애널리스트|리서치센터장|센터장|관계자|이코노미스트|전략가)"
)


# the analyst's own words before the role: "박 연구원은", "최정욱 하나증권 연구원은" (person and firm)
_ROLES = r"(?:연구원|애널리스트|리서치센터장|센터장|이코노미스트|전략가)"
_SPEAKER = re.compile(r"((?:[\w&·.]+\s+){1,2})(?:수석\s*)?" + _ROLES)
_ROLE = re.compile(_ROLES)  # what every _SPEAKER match holds


# a sentence that opens on what the sentence before told ("이를 통해 260억원을 조달하는데 성공했고"): the
# company that one named did it
CONTINUES = re.compile(r"^(?:이를\s?통해|이를\s?바탕으로|이로써|이에\s?따라)\s")


def speakers(text: str) -> set[str]:
    """The name keys of whoever is quoted as an analyst in ``text`` (the person and the firm before the
    role): they voice a view of the story's company, they do not make a figure theirs."""
    keys: set[str] = set()
    if not _ROLE.search(text):  # most sentences quote no analyst: one cheap scan, not finditer's backtracking
        return keys
    for m in _SPEAKER.finditer(text):
        words = m.group(1).split()
        keys |= {name_key(w) for w in words} | {name_key("".join(words))}
    return keys


def only_attributed(text: str, forms: tuple[str, ...]) -> bool:
    """True when every place ``text`` names one of ``forms`` is followed by a person's role."""
    low = text.lower()
    seen = False
    covered: list[tuple[int, int]] = []  # a short form inside a longer one's writing ("메리츠" in 메리츠증권)
    for f in sorted(forms, key=len, reverse=True):
        start = low.find(f.lower()) if f else -1
        while start >= 0:
            end = start + len(f)
            if not any(a <= start and end <= b for a, b in covered):
                seen = True
                if not ATTRIBUTION.match(text, end):
                    return False
                covered.append((start, end))
            start = low.find(f.lower(), end)
    return seen


def asked_keys(slots: Slots) -> set[str]:
    """The name keys of the asked subjects, with the words of a name written in several ("CJ CGV":
    cjcgv, cj, cgv), which lead its clauses without being another company."""
    keys = {name_key(f) for f in slots.attributed}  # the firm whose estimate is asked leads its clause
    for subj in slots.subjects:
        keys |= subj.keys
        keys |= {name_key(w) for f in subj.forms if " " in f and f.isascii() for w in f.split()}
    return keys


def offshoot(names: set[str], asked: set[str]) -> bool:
    """Does a sentence name a company whose name extends an asked one (신세계인터내셔날 for 신세계)? Its
    figures are that affiliate's, not the subject's."""
    return any(n not in asked and any(len(n) > len(k) and n.startswith(k) for k in asked) for n in names)


def extended(text: str, name: str) -> bool:
    """Does ``text`` write ``name`` as the start of a longer word that is not name + particles
    ("신세계까사는" for 신세계)? A name Kiwi did not tag, of an affiliate."""
    if not has_hangul(name):
        return False
    start = text.find(name)
    while start >= 0:
        if start == 0 or not text[start - 1].isalnum():
            rest = re.match(r"[가-힣]*", text[start + len(name) :]).group(0)  # type: ignore[union-attr]
            if rest and not mentions(name + rest, name):
                return True
        start = text.find(name, start + 1)
    return False


def approximate(text: str, q: list) -> bool:  # type: ignore[type-arg]
    """A figure given as a band ("1440원대", "10만 달러선"), a bound ("10만 달러 아래로", "8000억원을
    돌파") or a milestone reached ("최초로 매출 10조원을 기록한": a round figure, not the year's), not a
    value."""
    if _BOUND.match(text, q[4]) or (_NEAR.match(text, q[4]) and _round(q[0])):
        return True
    before = _MILESTONE.search(text, max(0, q[3] - MILESTONE_REACH), q[3])
    return bool(before or _MILESTONE_AFTER.search(text, q[4])) and _round(q[0])


MILESTONE_REACH = 15  # characters before a figure in which "최초로" makes a round figure a milestone
_MILESTONE = re.compile(r"최초로|처음으로|사상 처음|사상 최초|첫\s")
# told after the figure: "매출 10조원을 달성한 것은 네이버가 처음이다", "매출 10조 원 시대를 열었다"
_MILESTONE_AFTER = re.compile(
    r"(?:가|이)\s?(?:처음|최초)(?:이다|입니다|다)|시대를\s?열었|시대를\s?연\b|클럽에"
)


def _round(value: float) -> bool:
    """One significant digit (10조, 3000억, 100달러): how a milestone is told, rarely a reported total."""
    if value <= 0:
        return False
    scale = 10 ** (len(str(int(value))) - 1)
    return value == int(value) and int(value) % scale == 0


_BOUND = re.compile(
    r"(?:대(?!비)|선|\s?클럽)|(?:대|선)?(?:\s?\([^()]{0,20}\))?(?:를|을|이|가|에서|로)?\s?"  # "8000억원(지난 4일 기준)을 돌파"
    r"(?:아래|밑|이하|이상|위로|웃돌|밑돌|상회|하회|넘|돌파|미만|초과)"
)
# a portion of the whole asked: "조달한 자금 중 1000억원을 운영자금으로", "나머지 550억원가량을"
_PART_OF = re.compile(r"(?:\s중|나머지)\s?$")
PART_REACH = 5  # characters before a figure in which 중 or 나머지 makes it a portion
# totals, which a price per share never states ("43만4848주를 1주당 35만6433원에 발행": no issue size)
TOTALS = frozenset(
    "발행액 조달액 보유액 유입액 유출액 거래대금 순매수 순매도 주문액 시가총액 기업가치 수주 자기자본 자산 부채".split()
    + ["시장 규모"]
)
_PER_SHARE = re.compile(r"주당\s?$")
# a round figure given as near ("4조 원에 가까운", "1조원 안팎"): not a value ("966억 원가량" is one)
_NEAR = re.compile(r"\s?(?:에|에\s?육박하는|에\s?달하는)?\s?(?:가까운|가까이|근접|육박|안팎|내외|남짓|가량)")


# a figure of a part of the company: "백화점 부문 영업이익은", "반도체 사업부는", "베트남에서는 매출 …"
_SEGMENT = re.compile(r"(?:부문|사업부|사업본부|부문별|사업별)(?:은|는|의|이|가|에서|에서는|로|으로)?\s")


_PLACE_TOPIC = re.compile(r"^(\S+?)에서(?:는|도)\s")


# a sentence that tells a crossing ("처음으로 100달러를 돌파했다", "8000억원을 넘어섰다")
CROSSED = re.compile(r"넘어|넘었|넘긴|넘은|돌파|웃돌|상회|밑돌|하회|밑으로|아래로|무너|깨졌|깨진")


SEGMENT_REACH = 25  # characters: a part named this close before a figure owns it


def segment(text: str, figures: list[int] | None = None) -> bool:
    """Does ``text`` give a part's figure? A place leading the sentence ("베트남에서는"), or a part
    named at most ``SEGMENT_REACH`` characters before one of ``figures`` (the asked measure's figures'
    offsets; any place in the sentence when None): "백화점 부문 영업이익은 900억원", not "AI 부문에서
    그룹과의 시너지 효과로 지난해 영업이익 5129억원을 달성" (the whole company's)."""
    m = _PLACE_TOPIC.match(text)
    if m and m.group(1) in PLACES:
        return True
    return any(
        figures is None or any(0 <= at - mark.end() <= SEGMENT_REACH for at in figures)
        for mark in _SEGMENT.finditer(text)
    )


def _owner_missing(slots: Slots, facts: dict, text: str) -> bool:  # type: ignore[type-arg]
    """A change asked of a measure ("순이익은 몇 % 늘었어": 상승폭 of 순이익), in a sentence whose other
    figures belong to measures, none of them that one (or its twin): "영업이익이 1조원으로 408% 증가" tells
    another measure's change. (A sentence with no such figure, "누리전자는 3% 올랐다", may be the one's.)
    A change of a reported figure (순이익, 매출 …, not a price or a level that moves by itself) is told
    with that figure's word: "올해 상승률은 51.18%" is a stock's, not the net profit's."""
    if slots.measures[0] not in CHANGE_MEASURES or len(slots.measures) < 2:
        return False
    owner = slots.measures[1]
    if owner in GENERIC_MEASURES or owner in CHANGE_MEASURES:
        return False
    same = {owner, *SAME_FACT.get(owner, ())}
    owners = {q[2] for q in facts["q"] if q[2]} - CHANGE_MEASURES - GENERIC_MEASURES
    if owners:
        return not owners & same
    return owner not in MOVING_LEVELS and not {m for m, _ in find_measures(text)} & same


# levels a sentence may move without naming ("누리전자는 3% 올랐다": its price)
MOVING_LEVELS = frozenset("주가 종가 지수 환율 금리 수익률 유가 금값 가격 시가총액".split())


def _same_fact(measure: str, first: bool) -> set[str | None]:
    """The measures whose figures answer for ``measure``: itself, its twins, and, asked first, a generic
    measure's forms ("WTI 가격은?": a price however the text words it)."""
    same: set[str | None] = {measure, *SAME_FACT.get(measure, ())}
    if first and measure in GENERIC_MEASURES:
        same |= set(_GENERIC_FITS.get(measure, ()))
    return same


_LOSS = {"영업손실": "영업이익", "순손실": "순이익"}
_IN_THE_RED = re.compile(r"적자|손실|마이너스|-\s?\d")


def _profit_for_loss(asked: str, owner: str | None, text: str) -> bool:
    """Asked a loss, a profit's figure in a sentence that tells no loss ("전년 동기에는 영업이익 39억원"):
    not the loss asked (a loss is told as one, or as a profit in the red: "영업이익 -79억원", "적자")."""
    return asked in _LOSS and _LOSS[asked] == owner and not _IN_THE_RED.search(text)


def figure_owners(slots: Slots) -> set[str | None]:
    """The measures a figure may belong to in a sentence that ``measure_fit`` rates 2: the first asked
    measure, its twins, a generic measure's forms (and no measure at all for a price)."""
    if not slots.measures:
        return set()
    first = slots.measures[0]
    return _same_fact(first, True) | ({None} if first == "가격" else set())


# a unit's definition ("(1bp=0.01%포인트)", "(베이시스포인트·1bp=0.01%포인트)"): its figures are no one's
_UNIT_GLOSS = re.compile(r"1\s*bp\s*=\s*0\.01\s*%\s*(?:포인트|p)?", re.I)


def _glossed(text: str) -> list[tuple[int, int]]:
    """Where ``text`` defines a unit (``_UNIT_GLOSS``); found once per sentence, not per figure."""
    return [m.span() for m in _UNIT_GLOSS.finditer(text)] if "=" in text else []


def measure_fit(slots: Slots, text: str, facts: dict) -> int:  # type: ignore[type-arg]
    """2: a figure of the asked (first, most specific) measure or its twin; 1: a figure of a broader
    measure the question also names, or one in fitting units that belongs to no measure; 0: none."""
    if not slots.measures:
        return 1
    best = 0
    named: set[str] | None = None  # the measure words of the sentence, found when first needed
    glossed = _glossed(text)
    for i, measure in enumerate(slots.measures):
        if i > 0 and not (
            slots.joined or slots.measures[0] in CHANGE_MEASURES or measure in GENERIC_MEASURES
        ):
            continue  # "발행 금리는?": the 발행 figure is the context, not the answer
        units = compatible_units(measure)
        if units and slots.change:  # "주가는 얼마나 떨어졌나": the change, in % or points
            units = units | CHANGE_UNITS
        if slots.units:  # "몇 %로": only a figure in the unit asked for
            units = (units & slots.units) if units else slots.units
            if not units:
                continue  # "주가는 몇 %": not the price itself
        fitting = [
            q
            for q in facts["q"]
            if (not units or q[1] in units)
            and q[1] not in TIME_UNITS
            and not any(a <= q[3] < b for a, b in glossed)
        ]
        same = _same_fact(measure, i == 0)
        if i == 0 and measure in ("가격", "주가") and _PRICE_CONTEXT.search(text):
            # "비트코인은 9만8000달러에 거래되고 있다": a figure no measure word owns, or the price a move
            # reached ("2.50% 하락한 12.48달러", rag/measures.py): a share's price too
            same |= {None, "가격"}
        exact = [
            q
            for q in fitting
            if (
                q[2] in same
                and not _profit_for_loss(measure, q[2], text)
                and not (q[2] is None and _in_a_range(text, q))
                and not _PART_OF.search(text, max(0, q[3] - PART_REACH), q[3])
                and not (measure in TOTALS and _PER_SHARE.search(text, max(0, q[3] - PART_REACH), q[3]))
            )
            or (measure == "지분율" and q[2] is None and q[1] == "%" and _SHARES_BEFORE.search(text, 0, q[3]))
        ]
        # (asked a move either way, "등락률은?": a fall answers as well as a rise)
        either = i == 1 and measure in CHANGE_MEASURES and slots.measures[0] in CHANGE_MEASURES
        if exact:
            if (i == 0 or either) and (slots.crossing or any(not approximate(text, q) for q in exact)):
                if not _owner_missing(slots, facts, text):
                    return 2
                best = 1  # "순이익은 몇 % 늘었어": "영업이익이 408% 증가" is another measure's change
                continue
            best = 1  # a broader measure's figure, or a round one ("1440원대", "10만 달러선")
        # a figure with a unit that belongs to no measure ("42억 달러를 인출했다"), in a sentence
        # that names the asked measure
        if any(q[2] is None and q[1] for q in fitting):
            if named is None:
                named = owning_measures(text)
            if measure in named:
                best = 1
    return best
