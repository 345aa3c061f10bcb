"""Who or what a question asks about: its proper nouns and alias-file names (with every alias), an
English name of a Korean company found by sound, a capitalised Latin name of two words; and what only
describes a company ("페이스북 모회사"), or is the firm whose estimate is asked ("하나증권이 본 …").
Nothing here names a company: subjects come from the question and the alias data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .aliases import _PARTICLE_RE, Aliases
from .korean import analyze, has_hangul, name_key
from .measures import find_measures
from .periods import parse_period, relative_range
from .query import is_cross_lingual, strip_dates
from .romanize import GLOSSARY, NameFinder


@dataclass(frozen=True)
class Subject:
    name: str  # as the question writes it
    keys: frozenset[str]  # name keys of every alias
    forms: tuple[str, ...]  # surface forms of every alias (for whole-word matching and BM25)


_EN_STOP = frozenset(
    "what which who whom whose when where why how is are was were did does do the a an of in on for to by and or "
    "at as from with after before its it this that these those much many tell me about last next first second "
    "third fourth quarter year".split()
)


# month names, alone or as a range ("September-November quarter"): a period, no name
_MONTH_WORD = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
_EN_MONTHS = re.compile(rf"{_MONTH_WORD}(?:[-–~]{_MONTH_WORD})?")


_CAPS = re.compile(r"[A-Z][\w&.'’-]*(?:\s+&?\s*[A-Z][\w&.'’-]*)+")


_CAPS_OR_WORD = re.compile(r"[A-Z][\w&.'’-]*(?:\s+(?:&\s+)?[A-Z][\w&.'’-]*)*")


def find_subjects(
    question: str, aliases: Aliases, headline_words: dict[str, int], finder: NameFinder | None = None
) -> tuple[Subject, ...]:
    proper = analyze(strip_dates(question)).names  # the words Kiwi reads as proper nouns
    names = list(proper)
    total = max(headline_words.values(), default=0) and len(headline_words)
    names += [
        n for n in _headline_names(question, headline_words, total, finder) if not any(n in x for x in names)
    ]
    # analyze() gives "LG CNS" as lg, cns and lgcns: a pair the alias data knows replaces its parts,
    # an unknown one is dropped ("미 연준" stays 미 and 연준)
    # an unknown pair of Latin words is one name too ("CJ CGV" is neither CJ nor CGV alone)
    surface: dict[str, str] = {}  # such a pair -> as the question writes it
    also: dict[str, str] = {}  # a name -> another writing of it the briefings use (initials, spelled)
    for pair in [n for n in names if any(n == a + b for a in names for b in names)]:
        parts = {
            x for a in names for x in (a, pair[len(a) :]) if pair.startswith(a) and pair[len(a) :] in names
        }
        written = None if is_cross_lingual(question) else _written_pair(question, pair, parts)
        if aliases.known(pair) or written:
            names = [x for x in names if x not in parts]
            if written:
                surface[pair] = written
        else:
            names = [x for x in names if x != pair]
    if finder is not None:  # a name Kiwi read with its particle ("액트지오가 … 추정한"): the name itself
        names = [_unglued(n, finder) for n in names]
    # consecutive capitalised words the aliases know as one name ("Kakao Bank's" -> kakaobank)
    known_parts: set[str] = set()
    for run in _CAPS.finditer(question):
        words = [w.removesuffix("'s").removesuffix("’s") for w in run.group(0).split()]
        for size in range(len(words), 1, -1):
            for i in range(len(words) - size + 1):
                key = name_key("".join(words[i : i + size]))
                if aliases.known(key):
                    longer = words[i : i + size + 1] if i + size < len(words) else []
                    if longer and finder is not None and is_firm(finder.spelled(longer) or ""):
                        continue  # "Hyundai Motor Securities": the group's brokerage (현대차증권), not its carmaker
                    parts = {name_key(w) for w in words[i : i + size]}
                    known_parts |= parts
                    names = [n for n in names if n.removesuffix("'s").removesuffix("’s") not in parts] + [key]
    # capitals the briefings write as one name in Latin letters ("CJ ENM": neither CJ nor ENM alone)
    if finder is not None:
        for run in _CAPS.finditer(question):
            words = [_bare(w) for w in run.group(0).split()]
            for i in range(len(words) - 1):
                two = words[i : i + 2]
                key = name_key("".join(two))
                if all(w.isupper() for w in two) and finder.knows_latin(key) and not aliases.known(key):
                    parts = {name_key(w) for w in two}
                    names = [n for n in names if n not in parts | {key}] + [key]
                    surface[key] = " ".join(two)
                    known_parts |= parts
    # an English question's romanised Korean name, as the briefings write it ("Kiwoom Securities" -> 키움증권)
    consumed: set[str] = set()  # the English words such a name was found from
    glosses = _glossed_acronyms(question)
    if finder is not None and is_cross_lingual(question):
        for run in _CAPS_OR_WORD.finditer(question):
            words = [_bare(w) for w in run.group(0).split() if w.lower() not in _EN_STOP | glosses]
            if not words or aliases.known("".join(words)) or {name_key(w) for w in words} & known_parts:
                continue  # named through the alias file ("Shinhan Financial Group": not 신한 too)
            found = finder.find(words)
            if found:
                parts = {name_key(w) for w in words}
                consumed |= parts
                # the corporate word may be written apart too ("Kingsoft Cloud": 킹소프트 클라우드)
                for ko in GLOSSARY.get(words[-1].lower(), ()):
                    if len(words) > 1 and found.endswith(ko) and len(found) > len(ko) and found not in also:
                        also[found] = found[: -len(ko)] + " " + ko
                # (and what Kiwi joined of them: "Hyundai Motor Securities" is not hyundaimotor too)
                runs = {
                    name_key("".join(words[a:b]))
                    for a in range(len(words))
                    for b in range(a + 2, len(words) + 1)
                }
                names = [n for n in names if _bare(n) not in parts | runs] + [found]
    # Latin words are names only when capitalised, with digits, or known ("What was Nvidia's revenue")
    latin = {
        name_key(w.removesuffix("'s").removesuffix("’s")): w
        for w in re.findall(r"[A-Za-z][\w&.'’-]*", question)
    }
    names = [
        n
        for n in (n.removesuffix("'s").removesuffix("’s") for n in names)
        if n not in latin
        or (aliases.known(n) and not _lowercase_acronym(latin[n], aliases))
        or (latin[n][0].isupper() and n not in _EN_STOP and not _EN_MONTHS.fullmatch(n))
        or any(ch.isdigit() for ch in n)
    ]
    describing = {n for n in names if _describes(question, n, aliases)}  # ("가온그룹 지주사 ㈜가온")
    for f in aliases.found_in(question):  # alias-file names Kiwi does not tag as proper nouns (삼전)
        if f.isascii() and any(
            _lowercase_acronym(w, aliases) for w in re.findall(rf"\b{re.escape(f)}\b", question, re.I)
        ):
            continue  # "when it first topped $100": a pronoun, not IT
        k = name_key(f)
        if (
            k not in consumed
            and not all(name_key(w) in consumed for w in f.split())
            and not any(k in aliases.keys(n) or k == n or (k in n and n not in describing) for n in names)
        ):
            names.append(k)
    if finder is not None and not is_cross_lingual(question):
        names = _unabbreviated(question, names, aliases, finder, surface, set(proper), also)
    names = [n for x in names for n in _unlisted(question, x, aliases)]  # "AI·슈퍼컴퓨터" is two nouns
    # (a name that describes another goes first: "웅진그룹 지주사 ㈜웅진" asks 웅진, not a piece of 웅진그룹)
    names = [n for n in dict.fromkeys(names) if n not in _NOT_NAMES and not _describes(question, n, aliases)]
    # a measure's own short form glossing the measure asked ("주당순이익(EPS)", "ROE") names no company, nor
    # does an acronym of the words before it ("objective response rate (ORR)")
    names = [
        n for n in names if not (_is_measure_word(question, n) and not aliases.known(n)) and n not in glosses
    ]
    # lg in lg엔솔; not a name the question also writes on its own ("영풍정밀이 보유한 영풍 지분율")
    names = [n for n in names if not any(n != m and n in m and not _alone(question, n, m) for m in names)]
    if is_cross_lingual(question):  # "Group", "Securities" left over from a name: no company alone
        names = [n for n in names if n not in GLOSSARY or aliases.known(n)]
    out = _as_subjects(names, aliases, surface, also)
    # a place qualifies what is asked ("미국 현물 비트코인 ETF"): it is the subject only when nothing else is
    if any(not is_place(s.name, aliases) for s in out):
        out = [s for s in out if not is_place(s.name, aliases)]
    return tuple(out)


def _alone(question: str, short: str, longer: str) -> bool:
    """Does ``question`` write the name ``short`` as a word of its own, not only inside ``longer``?"""
    low = re.sub(r"\s+", " ", question.lower())
    # (the longer name as keyed, spaces and middle dots dropped: "seven&iholdings" in "Seven & i Holdings")
    rest = re.sub(r"[\s·]*".join(map(re.escape, longer)), " ", low)
    return bool(re.search(rf"(?<![0-9a-z가-힣]){re.escape(short)}(?![0-9a-z]|[가-힣]{{2}})", rest))


def _as_subjects(
    names: list[str], aliases: Aliases, surface: dict[str, str], also: dict[str, str] | None = None
) -> list[Subject]:
    """Subjects of ``names``: each with its alias keys and forms, the question's writing first
    (``surface``), and ``also`` another writing of it the briefings use (its initials as written)."""
    out: list[Subject] = []
    seen: set[str] = set()
    for n in names:
        other = (also[n],) if also and n in also else ()
        # (the other writing as written, spaces kept: "킹소프트 클라우드" is how answer._only_within finds it)
        keys = aliases.keys(n) | {n, *other}
        if keys & seen:
            continue
        seen |= keys
        spelled = (surface[n],) if n in surface else ()
        out.append(
            Subject(n, frozenset(keys), tuple(dict.fromkeys((*spelled, *aliases.forms(n), n, *other))))
        )
    return out


def names_known(question: str, aliases: Aliases, finder: NameFinder) -> tuple[Subject, ...]:
    """The words of ``question`` the briefings tag as names elsewhere (three syllables or more; never a
    measure, a place or a word for a time), for a question in which ``find_subjects`` found no name and
    that describes no company: "2월 18일 기사 기준 올릭스의 직전 거래일 종가는?" asks 올릭스's close, which Kiwi
    does not tag in the question and which is not its first word. Without it any company's close would
    do."""
    words = [_stem(m.group(0)) for m in _HWORD.finditer(strip_dates(question))]
    names = [
        w
        for w in dict.fromkeys(words)
        if (len(w) >= 3 or (len(w) == 2 and finder.mostly_named(w)))
        and has_hangul(w)
        and finder.knows(w)
        and not find_measures(w)
        and parse_period(w).empty
        and not is_place(w, aliases)
        and w not in _NOT_NAMES
    ]
    return tuple(_as_subjects(names, aliases, {}))


RARE = 3  # a word the briefings write in at most this many chunks may be a short name of one of theirs


INVESTED_MIN = 3  # chunks that name a brokerage's long name, at least, to read a short one as it


def _invested(name: str, finder: NameFinder) -> str | None:
    """A brokerage named without the 투자 of its name ("NH증권" for NH투자증권, "신한증권" for 신한투자증권):
    the longer name, when the briefings write it more than twice as often as the one asked."""
    if not name.endswith("증권") or name.endswith("투자증권") or len(name) < 4:
        return None
    full = name[:-2] + "투자증권"
    written = finder.written(full)
    return full if written >= INVESTED_MIN and written > 2 * finder.written(name) else None


def _unabbreviated(
    question: str,
    names: list[str],
    aliases: Aliases,
    finder: NameFinder,
    surface: dict[str, str],
    proper: set[str],
    also: dict[str, str],
) -> list[str]:
    """``names`` with a short name neither the alias file nor the briefings know replaced by the one
    briefing name it shortens ("현중 작년 영업이익은?" -> 현대중공업, "LG생건" -> LG생활건강; ``NameFinder.
    abbreviated``) or spells in Hangul ("L&F" -> 엘앤에프, "CS윈드" -> 씨에스윈드: ``NameFinder.lettered``),
    or a briefing name that is the word after a group's name, written more often than the word alone
    ("글로비스" -> 현대글로비스: ``NameFinder.grouped``; only for a word Kiwi reads as a proper noun, never
    전자 or 증권), which ``surface`` then spells as the question did. The question's first word is tried
    too (the names Kiwi read in it give way); but for a group's company, only a word the briefings
    rarely write is tried (never 작년, 최근, 금값). A brokerage asked without its 투자 is the one written
    with it (NH증권: NH투자증권). ``also`` gets, for a name written with Latin initials, its Hangul spelling
    (삼성SDS: 삼성에스디에스), and for one read as its spelling, the initials the briefings write too."""
    tried = [
        n
        for n in names
        if (has_hangul(n) or _LATIN.search(n))
        and not finder.knows(n)
        and not aliases.known(n)
        and finder.written(n) <= RARE
    ]
    lettered_only: set[str] = set()  # words tried only as Hangul letter names (``NameFinder.unlettered``)
    if first := _HWORD.search(strip_dates(question)):  # (Kiwi may read a piece of it: "LG생건 작년" -> lg생)
        stem = _stem(first.group(0)).lower()
        if stem not in tried and not find_measures(stem) and finder.written(stem) <= RARE:
            tried.append(stem)
        # the whole word, read only as letter names: a name may end in what reads as a particle
        # ("삼성이앤에이" for 삼성E&A; read otherwise, "IBK투자증권이" would be the glued "ibk투자증권이건재")
        whole = first.group(0).lower()
        if whole != stem and whole not in tried and finder.written(whole) <= RARE:
            tried.append(whole)
            lettered_only.add(whole)
    # a group's company without the group's name may be a word the briefings write on its own too
    # ("글로비스" where they write 현대글로비스 more often): ``grouped`` asks for the longer name's count
    rare = set(tried)
    tried += [n for n in names if n not in rare and n in proper and has_hangul(n) and not aliases.known(n)]
    out = list(names)
    tried += [n for n in names if n not in tried and _invested(n, finder)]
    for short in tried:
        lettered = None
        if short in lettered_only:
            full = finder.unlettered(short)
        else:
            lettered = finder.lettered(short) if short in rare else None
            spelled = (
                finder.abbreviated(short)
                or lettered
                or finder.unlettered(short)
                or _latin_read(question, short, finder)
                if short in rare
                else None
            )
            full = spelled or finder.grouped(short) or _invested(short, finder)
        if full is None or aliases.known(short):
            continue
        out = [full if n == short else n for n in out if n == short or n not in short]
        out += [full] if full not in out else []
        at = question.lower().find(short)
        surface[full] = question[at : at + len(short)] if at >= 0 else short
        if full == lettered and finder.knows(short):
            also[full] = short  # the briefings write both ("IS동서", "아이에스동서"): either is it
    for (
        n
    ) in out:  # a name written with its initials is also the one that spells them ("삼성SDS": 삼성에스디에스)
        if n not in also and _LATIN.search(n) and has_hangul(n) and (spelled := finder.lettered(n)):
            also[n] = spelled
        elif n not in also and finder.written(n) <= RARE and (usual := finder.respelled(n)):
            also[n] = usual  # "더블류게임즈" asked, the briefings write 더블유게임즈: either is it
    return out


def _latin_read(question: str, name: str, finder: NameFinder) -> str | None:
    """The Hangul name the briefings write for a Latin name a Korean question writes ("MagnaChip" ->
    매그나칩, "Pop Mart" -> 팝마트), found as the question spells it (its words, its capitals)."""
    if not name.isascii() or not name.isalpha():
        return None
    m = re.search(r"\s?".join(map(re.escape, name)), question, re.I)
    return finder.as_written(m.group(0).split()) if m else None


def _glossed_acronyms(question: str) -> set[str]:
    """Acronyms in parentheses that spell the initials of the words right before them ("objective
    response rate (ORR)", "net asset value (NAV)"): glosses, no names."""
    out = set()
    for m in re.finditer(r"\(([A-Z]{2,6})\)", question):
        acronym = m.group(1)
        words = re.findall(r"[A-Za-z]+", question[: m.start()])[-len(acronym) :]
        if len(words) == len(acronym) and "".join(w[0] for w in words).upper() == acronym:
            out.add(acronym.lower())
    return out


def _is_measure_word(question: str, name: str) -> bool:
    """Is ``name`` written in the question as nothing but a measure word ("EPS" in "주당순이익(EPS)은?")?"""
    m = re.search(rf"(?<![0-9A-Za-z가-힣]){re.escape(name)}", question, re.I)
    if m is None:
        return False
    word = question[m.start() : m.end()]
    return any(s == 0 and e == len(word) for _, (s, e) in find_measures(word))


def _lowercase_acronym(word: str, aliases: Aliases) -> bool:
    """Is ``word`` an everyday word the alias file knows only as an acronym ("it" for IT, "ms" for MS)?
    "when it first topped $100" asks about no IT company."""
    bare = _bare(word)
    if not bare.islower():
        return False
    forms = [f for f in aliases.forms(bare) if f != bare and f.isascii() and f.lower() == bare.lower()]
    return bool(forms) and all(f.isupper() for f in forms)


def _bare(word: str) -> str:
    """An English word without its possessive ("Systems'", "Naver's")."""
    return word.removesuffix("'s").removesuffix("’s").rstrip("'’")


def _unlisted(question: str, name: str, aliases: Aliases) -> list[str]:
    """``name``, unless the question writes it as a list joined by a middle dot ("AI·슈퍼컴퓨터", which
    Kiwi may tag as one name): then the items the alias data knows as names."""
    m = re.search("[·ㆍ]?".join(map(re.escape, name)), question, re.I)
    if m is None or not re.search("[·ㆍ]", m.group(0)):
        return [name]
    return [name_key(w) for w in re.split("[·ㆍ]", m.group(0)) if aliases.known(name_key(w))]


def _written_pair(question: str, pair: str, parts: set[str]) -> str | None:
    """How ``question`` writes a name Kiwi gave as two Latin words ("CJ CGV"); None unless it is two
    Latin words with only spaces between them."""
    for a in parts:
        b = pair[len(a) :]
        if pair.startswith(a) and b in parts and (a + b).isascii():
            m = re.search(rf"(?<![\w]){re.escape(a)}\s+{re.escape(b)}(?![A-Za-z0-9])", question, re.I)
            if m and all(w[0].isupper() or w[0].isdigit() for w in m.group(0).split()):
                return m.group(0)
    return None


# words Kiwi may tag as proper nouns that never name what is asked about
_NOT_NAMES = frozenset(
    "오전 오후 장중 장초반 장마감 현지시간 한국시간 "
    # kinds of company: "증권사 퇴직연금 적립액에서 현대차증권 규모는" asks about 현대차증권 alone
    "증권사 증권가 은행권 보험사 운용사 자산운용사 카드사 금융사 금융지주사 건설사 제약사 완성차업체 "
    # a kind of security a company issues: "유상증자와 CB 발행으로 조달한 자금" asks the company's
    "cb bw eb rcps cps".split()
)


# "페이스북 모회사", "아이폰 제조사", "머스크가 이끄는 전기차 회사": the name describes another company
# "일본 1위 자동차 회사", "덴마크 제약사", "신한금융 계열 은행": a kind of company, not the name before it
# ("미국 최대 유통업체", "중국 전기차업체": a kind of company written as one word with what it makes)
# kinds of company a description ends with (domain vocabulary: what news calls a company by its trade)
_KIND_WORDS = (
    "제약사|제약회사|게임사|제작사|은행|증권사|운용사|보험사|카드사|통신사|항공사|완성차업체|방송사|건설사|해운사|"
    "조선사|유통사|상장사|배급사|공급사|고객사|투자사"
)
_RELATION = re.compile(
    r"^(?:[의가이]\s*)?(?P<mid>(?:\S+\s+){0,2}?)(?:(?P<kind>모회사|모기업|자회사|지주사|계열사|제조사|개발사|운영사|"
    # (a group after words that describe it: "세계 최대 명품 브랜드 그룹"; never "현대차 그룹" alone)
    r"(?<=\s)그룹|"
    r"이끄는|만드는|만든|개발한|제작한|파는|판매하는|생산하는|운영하는|소유한|세운|창업한|"
    rf"{_KIND_WORDS}|(?P<pre>[가-힣A-Za-z]{{2,4}}?)?(?:업체|회사|기업)|"
    r"관련주|테마주|수혜주|대장주))"  # ("희토류 관련주 유니온": a stock of that theme)
    r"(?=(?:[의가이는은를을에와과도]|에서|으로|로)?(?:\s|$|[?,.]))"  # "기업가치" is no 기업
)
# a company described by a clause about what it did to a name ("넷플릭스에 6년간 콘텐츠를 공급하기로 한 지상파
# 방송사"): the name is the clause's object, the kind after the clause's verb is the company asked about
# a word that ends a clause describing the noun after it: a verb's adnominal form, which ends on a syllable
# with a final ㄴ ("하는", "있는", "가진", "낸", "세운", "가까운") or is 할/될
_ADNOMINAL = "[" + "".join(chr(c) for c in range(0xAC00, 0xD7A4) if (c - 0xAC00) % 28 == 4) + "할될]"
_CLAUSE_RELATION = re.compile(
    # (the name with its particle, or before 계열: "하이브 계열 AI 오디오 회사"; not "딕스 스포팅 굿즈가 …",
    # a name of several words)
    r"^(?:(?:에게|에|와|과|을|를|의|가|이|로부터|으로부터)\s*|(?P<bare>\s+(?=계열\s)))"
    rf"(?P<mid>(?:\S+\s+){{0,8}}?(?:\S*{_ADNOMINAL}|계열)\s+"
    rf"(?:\S+\s+){{0,3}}?)(?P<kind>{_KIND_WORDS}|(?P<pre>[가-힣A-Za-z]{{2,4}}?)?(?:업체|회사|기업|지주사))"
    r"(?=(?:[의가이는은를을에와과도]|에서|으로|로)?(?:\s|$|[?,.]))"
)
_OWN_COMPANY = re.compile(r"(?:자기|자신의|자신|스스로의)\s+$")
_CLAUSE_VERB = re.compile(r"\S*(?:하기로|한|하는|할|된|되는|던|있는|가진|낸|세운|만든|파는|가까운)$")


# countries, regions and markets: domain vocabulary, not company names
PLACES = frozenset(
    "미국 미 美 중국 中 일본 日 한국 국내 대만 유럽 유로존 영국 독일 프랑스 이탈리아 스페인 네덜란드 스위스 덴마크 "
    "스웨덴 노르웨이 인도 베트남 인도네시아 싱가포르 홍콩 호주 캐나다 멕시코 브라질 러시아 우크라이나 사우디 "
    "사우디아라비아 이스라엘 이란 튀르키예 뉴욕 워싱턴 런던 도쿄 베이징 상하이 서울 아시아 중동 "
    "광저우 오사카 파리 베를린 프랑크푸르트 텍사스 캘리포니아 애리조나 세계 전세계 글로벌 "
    "us u.s. usa china japan korea europe eu uk".split()
)


# terms that lead a clause without being what a story is about ("AI 고평가 우려가 불거지며")
GENERIC_NAMES = frozenset(
    "ai etf etn ceo cfo cto ipo gdp cpi ppi pce pmi it ev esg m&a r&d hbm d램 낸드 pc tv "
    "s&p 코스피 코스닥 나스닥 다우 "
    # finance terms Kiwi tags as names: a ratio or a loan kind, never a company
    "pf nim cet1 roe roa bis per pbr eps ebitda ltv dsr dti lcr cds".split()
)


def is_qualifier(name: str, aliases: Aliases) -> bool:
    """A place or a generic term: it qualifies a clause, it does not make another company its subject."""
    return name in GENERIC_NAMES or is_place(name, aliases)


def is_place(name: str, aliases: Aliases) -> bool:
    return bool(aliases.keys(name) & PLACES) or name in PLACES


def _describes(question: str, name: str, aliases: Aliases) -> bool:
    """True when ``name`` only describes the company asked about ("페이스북 모회사")."""
    return _description(question, name, aliases) is not None


def _description(question: str, name: str, aliases: Aliases) -> list[str] | None:
    """The words of the description ``name`` opens ("중국 스마트폰 업체" -> 중국, 스마트폰; "미국 최대
    유통업체" -> 미국, 최대, 유통), or None when ``name`` does not open one."""
    low = question.lower()
    for form in aliases.forms(name):
        # (where the form is a word of its own: "웅진" in "웅진그룹 지주사 ㈜웅진의" is the second)
        at = [m.start() for m in re.finditer(re.escape(form.lower()), low)]
        words = [_HWORD.match(low, i) for i in at]
        own = [i for i, w in zip(at, words, strict=True) if w is None or _stem(w.group(0)) == name_key(form)]
        i = own[0] if own else (at[0] if at else -1)
        after = question[i + len(form) :] if i >= 0 else ""
        m = _RELATION.match(after.lstrip()) if i >= 0 else None
        clause = None if m or i < 0 else _CLAUSE_RELATION.match(after)
        if (
            clause
            and clause.group("bare")
            and (
                is_place(name, aliases)
                or not has_hangul(form)
                or not (aliases.known(name) or analyze(form).names)
            )
        ):
            clause = None  # (a name opens a noun phrase with no particle: "하이브 계열 …", not "미국 …", "경영권 …")
        if clause and not _OWN_COMPANY.search(clause.group("mid")):  # "사들인 자기 회사 주식": its own
            kept = [
                PARTICLE_TAIL.sub("", w) for w in clause.group("mid").split() if not _CLAUSE_VERB.fullmatch(w)
            ]
            mid = [w for w in kept if len(w) > 1]
            pre = clause.group("pre") or ""
            return [name, *mid, *([pre] if pre else []), clause.group("kind")[len(pre) :]]
        if m:
            mid = [w.strip("'\"‘’“”「」") for w in m.group("mid").split()]  # "'사랑의 하츄핑' 제작사"
            mid = [PARTICLE_TAIL.sub("", w) if len(w) > 1 else w for w in mid]
            mid = [w for w in mid if w and not PARTICLE_TAIL.fullmatch(w)]  # "AWS를 운영하는": not 를
            pre = m.group("pre") or ""
            return [name, *mid, *([pre] if pre else []), m.group("kind")[len(pre) :]]
    return None


def described_by(question: str, aliases: Aliases) -> tuple[str, ...]:
    """The words that describe the company asked about instead of naming it ("페이스북 모회사",
    "불닭볶음면 만드는 회사"), each the first of its description: its story must mention them."""
    return tuple(dict.fromkeys(phrase[0] for phrase in _descriptions(question, aliases)))


def description_words(question: str, aliases: Aliases) -> tuple[str, ...]:
    """Every word of the descriptions, their kind of company last ("중국 스마트폰 업체" -> 중국, 스마트폰,
    업체): the more of them a sentence holds, the likelier the name beside them is the company described."""
    return tuple(dict.fromkeys(w for phrase in _descriptions(question, aliases) for w in phrase))


def _descriptions(question: str, aliases: Aliases) -> list[list[str]]:
    words = re.findall(r"[가-힣A-Za-z0-9&]+", question)
    out: list[list[str]] = []
    last = -9  # the place of the last word kept: the words after it up to the kind are its phrase
    for i, w in enumerate(words):
        bare = PARTICLE_TAIL.sub("", w) if len(w) > 2 else w
        if i - last > 3 and len(bare) > 1 and not find_measures(bare):  # ("랑" of "'니케'랑": a particle)
            phrase = _description(question, bare, aliases)
            if phrase:
                words = [x for x in phrase[:-1] if not find_measures(x)]
                while words and _NO_CONTENT.fullmatch(words[0]) and not aliases.known(words[0]):
                    words = words[1:]  # "추진 중인 터치 컨트롤러 전문기업": 터치 is what a story must write
                if words:
                    out.append(words + phrase[-1:])
                last = i
    return out


# a word that says nothing a story must write: a verb's form that describes the next word ("중인", "웃돈",
# "기록한", "가까운", "있는"), or a number (a name the aliases know that ends so, 신한, stays)
_NO_CONTENT = re.compile(r"\d+|[가-힣]*(?:한|인|는|은|운|된|던|돈|린|진|친|낸|쓴|른|할|될)")


PARTICLE_TAIL = re.compile(r"(?:의|이|가|은|는|을|를|에|에서|로|으로|와|과|도)$")


def _unglued(name: str, finder: NameFinder) -> str:
    """``name`` without a particle the tagger read into it, when the briefings never write it with the
    particle as a name and do write the rest as one ("액트지오가" -> 액트지오); else ``name``."""
    tail = PARTICLE_TAIL.search(name)
    if tail is None or not has_hangul(name) or finder.written(name):
        return name
    stem = name[: tail.start()]
    return stem if len(stem) >= 2 and finder.knows(stem) and finder.written(stem) else name


def title_words(headings: list[str]) -> dict[str, int]:
    """Name keys of the words in the briefings' headings, with how many headings hold each: a
    company Kiwi does not know ("가온전지") is still a word the headlines write."""
    count: dict[str, int] = {}
    for h in set(headings):
        for w in {_stem(m.group(0)) for m in _HWORD.finditer(h)}:
            if w:
                count[w] = count.get(w, 0) + 1
    return count


_HWORD = re.compile(r"[0-9A-Za-z가-힣&]+")
_LATIN = re.compile("[A-Za-z]")


def _stem(word: str) -> str:
    """``word`` without the particles that may follow a name ("가온전지는" -> 가온전지)."""
    key = name_key(word)
    for n in range(len(key) - 1, 1, -1):
        if _PARTICLE_RE.fullmatch(key[n:]):
            return key[:n]
    return key


_NAME_WITH_NUMBER = re.compile(r"[가-힣]{2,}\d{1,3}")  # "카페24": a name, not a count or a date


_ESTIMATOR = re.compile(r"증권|證|금투|투자|리서치|research|securities", re.I)  # a firm that estimates
_SOME_DAY = date(2000, 6, 15)  # any day: a word is a time if it names days before one


def _headline_names(
    question: str, words: dict[str, int], total: int, finder: NameFinder | None = None
) -> list[str]:
    """The question's first word, and the word after an estimator's "…이 올린/제시한" ("한국투자증권이 올린
    휴젤 목표주가는?"), when headlines write it as a word, rarely, or the briefings tag it as a name
    elsewhere (``finder``; three syllables or more: "에코프로머티리얼즈"), and it is neither a measure nor a
    date nor a number: a name Kiwi does not tag in the question ("가온전지 4분기 영업이익은?")."""
    q = strip_dates(question)
    first = _HWORD.search(q)
    places = [first] if first else []
    # (a brokerage, or a research house whatever its name ends in: "리서치알음이 제시한 컨텍 적정주가")
    for firm in _HWORD.finditer(q):
        if (
            _ESTIMATOR.search(firm.group(0))
            and (verb := _ATTRIBUTION_VERB.match(q[firm.end() :]))
            and (after := _HWORD.search(q, firm.end() + verb.end()))
        ):
            places.append(after)
    out = []
    for m in places:
        stem = _stem(m.group(0))
        # (digits only after the Hangul, as names write them: "카페24", never "3분기", "2월")
        digits = any(ch.isdigit() for ch in stem) and not _NAME_WITH_NUMBER.fullmatch(stem)
        if len(stem) < 2 or digits or not any("가" <= ch <= "힣" for ch in stem):
            continue
        if find_measures(stem) or not parse_period(stem).empty or relative_range(stem, _SOME_DAY)[0]:
            continue  # ("팔란티어가 제시한 올해 매출 가이던스": a time, not whose)
        headline = stem in words and words[stem] <= max(3, 0.02 * total)
        if headline or (finder is not None and len(stem) >= 3 and finder.knows(stem)):
            out.append(stem)
    return out


# "하나증권이 제시한 KT 목표주가", "NH투자증권이 본 실적": whose estimate, not what it is about
_ATTRIBUTION_VERB = re.compile(
    r"^(?:이|가|은|는|의)?\s*(?:(?:제시|전망|예상|추정|추산|예측|분석|평가|상향|하향|조정|유지|산정|산출)(?:한|했던|하는)"
    r"|본|봤던|내다본|내다봤던|점친|내놓은|매긴|올린|내린|낮춘|높인|올려\s*잡은|내려\s*잡은)(?![가-힣])"
    # English: "did UBS set for Deckers", "UBS's price target for Deckers"
    r"|^(?:'s|’s)?\s+(?:(?:has|had|have)\s+)?(?:set|sets|give|gives|gave|assign(?:s|ed)?|put|puts|raise[sd]?"
    r"|cut|cuts|lower(?:s|ed)?|lift(?:s|ed)?|keep|keeps|kept|maintain(?:s|ed)?)\b[^?]{0,40}?\bfor\b"
    r"|^(?:'s|’s)\s+(?:\w+\s+)?(?:price target|target price|estimate|forecast)\b[^?]{0,20}?\bfor\b",
    re.I,
)


# a brokerage's name as written or as a name key ("NH투자증권", "키움證", "db금투", "meritzsecurities")
_FIRM = re.compile(r"(?:증권|證|리서치|투자|금투|securities|investment)$", re.I)


# a brokerage's name inside a sentence, whether or not Kiwi tags it ("한빛증권(10만→11만원)", "DB금투는");
# not the trade's words (증권사, 증권가, 증권업계, 금투세) nor "증권" alone
# (a Latin part then a Hangul one: "IBK투자증권" in "…2만1000원IBK투자증권은", where a crawled body lost a space)
_FIRM_IN_TEXT = re.compile(
    r"(?:[A-Za-z][A-Za-z&]*)?[가-힣]*(?<=[가-힣A-Za-z&])(?:증권|證|금투)(?!사|가|업|계|시장|맨|세)"
)


def firms_in(text: str) -> list[str]:
    """The brokerages a sentence names, as written."""
    return _FIRM_IN_TEXT.findall(text)


_FIRM_TAIL = re.compile(r"(?:투자증권|증권|證|금융투자|금투|securities|investment|&|\s)+$", re.I)


def firm_stem(name: str) -> str:
    """A brokerage's name without its kind, the same however it is written: "DB금융투자" and "DB금투" -> db,
    "키움證" and "키움증권" -> 키움."""
    key = name_key(name)
    return _FIRM_TAIL.sub("", key) or key


def is_firm(name: str) -> bool:
    """Is ``name`` a brokerage's (증권, 證, 금투, Securities …), the kind whose target prices are asked?"""
    return bool(_FIRM.search(name.strip()))


FORECAST_MEASURES = frozenset({"목표주가"})


def attributed_firms(
    question: str, subjects: tuple[Subject, ...], measures: tuple[str, ...]
) -> tuple[Subject, ...]:
    """Among several subjects, the firms whose estimate is asked: one followed by 제시한/본/전망한/낮춘, or a
    brokerage named with a target price and a company that is not one ("효성重 NH투자증권 목표주가",
    "What target price did Meritz Securities set for NAVER?")."""
    if len(subjects) < 2:
        return ()
    said, before_target = [], []
    for subj in subjects:
        # (a firm found from English words, "NH Investment & Securities" -> NH투자증권, is not written as
        # any of its forms: where it ends is unknown, and only a target price asked makes it the estimate's)
        end = _written_end(question, subj)
        if end is not None and _ATTRIBUTION_VERB.match(question[end:]):
            said.append(subj)
        elif (
            any(is_firm(f) for f in subj.forms)
            and measures[:1]
            and measures[0] in FORECAST_MEASURES
            and any(not any(is_firm(f) for f in o.forms) for o in subjects)
        ):
            before_target.append(subj)
    out = said or before_target
    return tuple(out) if len(out) < len(subjects) else ()


def unnamed_firms(question: str, subjects: tuple[Subject, ...], measures: tuple[str, ...]) -> tuple[str, ...]:
    """Brokerages the question names that are no subject (a firm the briefings never name, e.g. one that
    gave no target price): theirs is the estimate asked when a company is asked about too and the firm is
    followed by 제시한/본/낮춘 … or a target price is asked."""
    if not any(not any(is_firm(f) for f in x.forms) for x in subjects):
        return ()
    known = {name_key(f) for x in subjects for f in x.forms}
    target = bool(measures[:1]) and measures[0] in FORECAST_MEASURES
    out = []
    for m in _FIRM_IN_TEXT.finditer(question):
        if name_key(m.group(0)) not in known and (target or _ATTRIBUTION_VERB.match(question[m.end() :])):
            out.append(m.group(0))
    return tuple(out)


def _written_end(question: str, subj: Subject) -> int | None:
    """Where the question's first writing of ``subj`` ends (any alias, 證 for 증권 …)."""
    low = question.lower()
    for f in subj.forms:
        if " " in f and (at := low.find(f.lower())) >= 0:  # "Meritz Securities"
            return at + len(f)
    for m in re.finditer(r"[\w&.]+", question):
        word = m.group(0)
        for cut in range(len(word), 0, -1):
            if name_key(word[:cut]) in subj.keys:
                return m.start() + cut
    return None


__all__ = [
    "GENERIC_NAMES",
    "PARTICLE_TAIL",
    "PLACES",
    "Subject",
    "attributed_firms",
    "described_by",
    "description_words",
    "find_subjects",
    "firm_stem",
    "firms_in",
    "is_firm",
    "is_place",
    "is_qualifier",
    "title_words",
    "unnamed_firms",
]
