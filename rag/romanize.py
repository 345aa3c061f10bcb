"""English names of Korean companies, found among the Hangul names the briefings write.

An English question says "Kiwoom Securities" where the briefings write 키움증권. Two parts of such a
name are told apart:

* corporate words have fixed Korean forms (Securities -> 증권, Financial Group -> 금융지주/금융,
  Heavy Industries -> 중공업: ``GLOSSARY``, domain vocabulary, no company names);
* the rest is a romanised Korean name or a Latin acronym (GS, LG, SK, KB), compared by a loose sound
  key that forgives the spellings companies use instead of the official romanisation (Kiwoom/kium,
  Hyundai/hyeondae, Shinhan/sinhan, Woori/uri, Samsung/samseong, Hanwha/hanhwa): vowels are reduced to
  three classes, glides and doubled letters dropped, voiced and voiceless stops merged.

A name is found only when exactly one name of the briefings has the same key, so a romanisation that
could be several companies finds none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import product

# English corporate words -> their Korean forms, most common first (longest phrases are tried first)
GLOSSARY: dict[str, tuple[str, ...]] = {
    "investment & securities": ("투자증권",),
    "investment and securities": ("투자증권",),
    "securities": ("증권", "투자증권"),
    "financial group": ("금융지주", "금융그룹", "금융"),
    "financial holdings": ("금융지주", "금융"),
    "financial": ("금융", "금융지주"),
    "holdings": ("홀딩스", "지주"),
    "group": ("그룹",),
    "bank": ("은행", "뱅크"),
    "life insurance": ("생명",),
    "life": ("생명",),
    "fire & marine insurance": ("화재", "해상"),
    "fire & marine": ("화재", "해상"),
    "insurance": ("보험", "화재", "생명"),
    "card": ("카드",),
    "capital": ("캐피탈",),
    "asset management": ("자산운용",),
    "investment": ("투자",),
    "electronics": ("전자",),
    "electric": ("전기",),
    "motor company": ("자동차",),
    "motors": ("자동차", "모터스", "차"),
    "motor": ("자동차", "모터스", "차"),  # 현대차증권: Hyundai Motor Securities
    "heavy industries": ("중공업",),
    "heavy industry": ("중공업",),
    "fine chemical": ("정밀화학",),
    "fine chemicals": ("정밀화학",),
    "chemical": ("화학", "케미칼"),
    "chemicals": ("화학", "케미칼"),
    "engineering & construction": ("건설",),
    "engineering and construction": ("건설",),
    "e&c": ("건설", "이앤씨"),
    "construction": ("건설",),
    "engineering": ("엔지니어링",),
    "steel": ("제철", "철강", "스틸"),
    "systems": ("시스템",),
    "cloud": ("클라우드",),
    "aerospace": ("에어로스페이스",),
    "ocean": ("오션",),
    "shipbuilding & offshore engineering": ("조선해양",),
    "shipbuilding": ("조선", "조선해양"),
    "biologics": ("바이오로직스",),
    "energy solution": ("에너지솔루션",),
    "energy": ("에너지",),
    "telecom": ("텔레콤",),
    "pharmaceutical": ("제약", "약품"),  # 한미약품: Hanmi Pharmaceutical
    "pharmaceuticals": ("제약", "약품"),
    "entertainment": ("엔터테인먼트",),
    "shopping": ("쇼핑",),
    "foods": ("식품",),
    "food": ("식품",),
    "airlines": ("항공",),
    "air lines": ("항공",),
    "logistics": ("로지스틱스", "물류"),
    "display": ("디스플레이",),
    "semiconductor": ("반도체",),
    "technology": ("테크", "기술"),
    "tech": ("테크",),
    "air": ("항공",),
    "enterprise": ("엔터프라이즈",),
    "enterprises": ("엔터프라이즈",),
    "materials": ("머티리얼즈", "소재"),
    "industrial": ("산업", "공업"),
    "industries": ("산업", "인더스트리", "공업"),
    "robotics": ("로보틱스",),
    "networks": ("네트웍스",),
    "international": ("인터내셔널",),
    "games": ("게임즈",),
    "solutions": ("솔루션",),
    "marine": ("마린", "해양"),
    "electro-mechanics": ("전기",),  # 삼성전기: Samsung Electro-Mechanics
    "chem": ("켐", "케미칼", "화학"),
    "therapeutics": ("테라퓨틱스", "테라퓨틱"),
    "healthcare": ("헬스케어",),
    "mobility": ("모빌리티",),
    "media": ("미디어",),
    "commerce": ("커머스",),
    "cosmetics": ("화장품", "코스메틱"),
    "cruises": ("크루즈",),
    "cruise": ("크루즈",),
}
# English words that are part of the name itself: they count as naming a company
NAME_WORDS: dict[str, tuple[str, ...]] = {"korea": ("한국", "코리아"), "korean": ("대한", "한국")}
_PHRASES = sorted({**GLOSSARY, **NAME_WORDS}, key=lambda p: -len(p.split()))

# Hangul jamo -> sound classes: initial consonants, vowels, final consonants
_INITIAL = "K K N T T L M P P S S  J J J K T P H".split(" ")
_VOWEL = "A E A E O E O E O A E E O O O E I O O I I".split()
_FINAL = ["", "K", "K", "K", "N", "N", "N", "T", "L", "K", "M", "L", "L", "L", "P", "L", "M", "P", "P", "T", "T",
          "NG", "T", "T", "K", "T", "P", "T"]  # fmt: skip
_EU = 18  # the vowel ㅡ
_LATIN_STEPS = (
    (r"[^a-z]", ""),
    (r"wh", "h"),  # Hanwha
    (r"[wy](?=[aeiou])", ""),  # glides: Kiwoom, Hyundai, Woori
    (r"sh", "s"),
    (r"ch|tch|tz|ts|j|z", "J"),
    (r"c(?=[eiy])", "s"),  # Celltrion
    (r"x", "ks"),
    (r"ng", "N"),  # keep the final ㅇ apart from ㄴ+ㄱ
    (r"ee", "I"),  # Seegene, Leeno: 씨젠, 리노
    (r"ae|ai|ay", "E"),
    (r"eo|eu|oo|ou|u|o", "O"),
    (r"ae|ai|ay|ei|ey|e", "E"),
    (r"ee|ie|i|y", "I"),
    (r"a", "A"),
    (r"g|k|q|c|x", "K"),
    (r"d|t", "T"),
    (r"b|p|f|v", "P"),
    (r"r|l", "L"),
    (r"s", "S"),
    (r"m", "M"),
    (r"n", "N"),
    (r"h", "H"),
)
_LATIN_RE = [(re.compile(p), r) for p, r in _LATIN_STEPS]


def _collapse(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


def sound_key(text: str) -> str:
    """The loose sound of a Hangul or romanised name (upper-case letters); '' for anything else."""
    if any("가" <= ch <= "힣" for ch in text):
        out = []
        for ch in text:
            if not "가" <= ch <= "힣":
                continue
            code = ord(ch) - 0xAC00
            initial, vowel, final = code // 588, (code % 588) // 28, code % 28
            # ㅡ with no final consonant is mostly the vowel a loanword inserts (스, 츠, 크): no sound
            sound = "" if vowel == _EU and not final else _VOWEL[vowel]
            out.append(_INITIAL[initial] + sound + ("N" if _FINAL[final] == "NG" else _FINAL[final]))
        return _collapse("".join(out))
    s = text.lower()
    for pat, rep in _LATIN_RE:
        s = pat.sub(rep, s)
    return _collapse(s)


def sound_keys(word: str) -> set[str]:
    """The sound keys a romanised word may have: "ng" before a vowel is ㅇ (Dongah, 동아) or ㄴ+ㄱ
    (Hangyeol, 한결)."""
    keys = {sound_key(word)}
    if re.search(r"ng[aeiouwy]", word, re.I):
        keys.add(sound_key(re.sub(r"ng(?=[aeiouwy])", "n-k", word, flags=re.I)))
    if re.search(r"g[eiy]", word, re.I):  # an English soft g is ㅈ (Alteogen, 알테오젠); Korean "gi" is 기
        keys.add(sound_key(re.sub(r"g(?=[eiy])", "j", word, flags=re.I)))
    return keys


MIN_CONSONANTS = 4  # a shorter consonant skeleton (Tesla: TSL) matches too many names
LOAN_KEY_MIN = 6  # letters of a whole sound key (vowels too) that name one loanword (OPSTAT: 업스타트)


def loanword_keys(word: str) -> set[str]:
    """The sound keys an English name may have written in Hangul: an r before a consonant or at the end is
    silent (Netmarble -> 넷마블, Palantir -> 팔란티어), a final s may be 즈 (Devsisters -> 데브시스터즈), rh is
    r (Rheinmetall -> 라인메탈), ch may be ㅋ (Semtech -> 셈텍) and a word's final re 어 (Core Scientific ->
    코어사이언티픽)."""
    spellings = {re.sub(r"rh", "r", word, flags=re.I)}
    # a word's final "re" after a vowel is 어 (Core -> 코어, Store -> 스토어), the words run together or not
    spellings |= {re.sub(r"(?<=[aeiouAEIOU])re(?=[A-Z]|$)", "o", w) for w in spellings}
    spellings |= {re.sub(r"(?<!t)ch", "k", w, flags=re.I) for w in spellings if re.search("ch", w, re.I)}
    silent_r = {re.sub(r"r(?![aeiouy])", "", w, flags=re.I) for w in spellings}
    variants = silent_r | {re.sub(r"s$", "z", w, flags=re.I) for w in silent_r}
    return {k for v in variants for k in sound_keys(v)}


def _consonants(key: str) -> str:
    """A sound key without its vowels and h ("SPOTIPAI" -> "SPTP")."""
    return _collapse(re.sub(r"[AEIOH]", "", key))


def _name_key(name: str) -> str:
    """A briefing name's key: its Latin runs as written (LG, SK), its Hangul runs by sound."""
    parts = re.findall(r"[A-Za-z0-9&]+|[가-힣]+", name)
    return "".join(p.lower() if p.isascii() else sound_key(p) for p in parts)


_INDEX_SIZE = re.compile(r"\d{2,3}")


class NameFinder:
    """The Hangul names of the briefings, by sound key."""

    def __init__(
        self,
        names: Iterable[str],
        weight: Callable[[str], int] | None = None,
        tagged: Callable[[str], int] | None = None,
    ) -> None:
        """``weight``: how many chunks write a name; among names of one sound key, one written
        ``TYPO_RATIO`` times as often as each other is the name, the others its misspellings (real
        news writes 키움증권 340 times, 키음증권 once). ``tagged``: in how many chunks the tagger read it
        as a name (see :meth:`never_a_name`)."""
        self._weight = weight
        self._tagged = tagged
        self._by_key: dict[str, set[str]] = {}
        self._by_consonants: dict[str, set[str]] = {}  # all-Hangul names (loanwords) by their consonants
        self._by_start: dict[tuple[str, str], list[tuple[str, str]]] | None = None  # see ``abbreviated``
        self._by_end: dict[str, list[str]] | None = None  # see ``grouped``
        self._by_prefix: dict[str, list[str]] | None = None  # see ``_sounds_near``
        self._latin: set[str] = set()  # names written in Latin letters alone ("cjenm" for CJ ENM)
        for n in names:
            if n.isascii():
                self._latin.add(n)
            if any("가" <= ch <= "힣" for ch in n):
                self._by_key.setdefault(_name_key(n), set()).add(n)
            if n and all("가" <= ch <= "힣" for ch in n):
                self._by_consonants.setdefault(_consonants(sound_key(n)), set()).add(n)

    def written(self, word: str) -> int:
        """In how many chunks the briefings write ``word`` (0 when no count was given)."""
        return self._weight(word) if self._weight is not None else 0

    def never_a_name(self, word: str) -> bool:
        """Is ``word`` one the briefings write often (:data:`COMMON_WORD` chunks or more) and never as a
        name ("상장", "외국인", "반도체", which the tagger may still read as one in a short question)?"""
        return self._tagged is not None and self._tagged(word) == 0 and self.written(word) >= COMMON_WORD

    def mostly_named(self, word: str, seen: int | None = None) -> bool:
        """Is ``word`` tagged a name in at least half the chunks that write it, ``seen`` times or more?
        (:data:`NAME_SEEN` unless given.) Two-syllable names ("더즌") are; two-syllable words ("희망", "상단",
        "올해") never are. (``seen=1``: a name written once, 셈텍; not a word the tagger only sometimes reads as
        one, 밸류에이션: 82 of 301.)"""
        if self._tagged is None:
            return False
        tagged = self._tagged(word)
        return tagged >= (NAME_SEEN if seen is None else seen) and 2 * tagged >= self.written(word)

    def knows_latin(self, key: str) -> bool:
        """Do the briefings write ``key`` (a name key, "cjenm") as one name in Latin letters?"""
        return key in self._latin

    def sized(self, key: str) -> list[str]:
        """The Latin names the briefings write as ``key`` and the count of an index's stocks ("dax30",
        "cac40" for "dax", "cac"): one index however its name is written."""
        if not (key.isascii() and key.isalpha() and len(key) >= 3):
            return []
        return sorted(n for n in self._latin if n.startswith(key) and _INDEX_SIZE.fullmatch(n, len(key)))

    def knows(self, name: str) -> bool:
        """Is ``name`` (a name key) one the briefings write in Hangul?"""
        return name in self._by_key.get(_name_key(name), ())

    def find(self, words: list[str]) -> str | None:
        """The one briefing name that ``words`` ("Kiwoom", "Securities") spell, trying the whole run,
        then without its last words; None when none or several match."""
        words = _plain(words)
        capitalised = 1 < len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words)
        for end in range(len(words), 0, -1):
            found = self._find_run(words[:end])
            if found:
                # (a name of the first words only gives way to the whole run read as one loanword: "Bain
                # Capital" is 베인캐피탈, not 벤)
                return (end < len(words) and capitalised and self._loanword("".join(words))) or found
        if len(words) == 1 and not words[0].isupper():  # a foreign name in Hangul: "Spotify" -> 스포티파이
            return self._loanword(words[0])
        if capitalised:
            # "Pearl Abyss" -> 펄어비스, one word in Hangul; or the first word alone, the rest a corporate
            # word the Hangul name leaves out ("Cal-Maine Foods" -> 칼메인)
            return self._loanword("".join(words)) or self._loanword(words[0])
        return None

    def as_written(self, words: list[str]) -> str | None:
        """The one Hangul name a Latin name in a Korean question ("MagnaChip", "Pop Mart") is written as in
        the briefings: the whole run spelled, or read as one loanword; never a name of part of it."""
        words = _plain(words)
        if not words or not all(w.isascii() and w.isalpha() for w in words):
            return None
        return self._find_run(words) or self._loanword("".join(words))

    def spelled(self, words: list[str]) -> str | None:
        """The one briefing name that the whole run of ``words`` spells (none of them left out)."""
        return self._find_run(_plain(words))

    def _loanword(self, word: str) -> str | None:
        """The one all-Hangul name with the word's consonants (at least ``MIN_CONSONANTS`` of them; a
        final r is silent: Palantir -> 팔란티어)."""
        found: set[str] = set()
        keys = loanword_keys(word)
        for key in {_consonants(k) for k in keys}:
            found |= self._by_consonants.get(key, set()) if len(key) >= MIN_CONSONANTS else set()
        if not found:  # a short skeleton (Upstart: PST) is too loose, the whole sound with its vowels is not
            found = {
                n for k in keys if len(k) >= LOAN_KEY_MIN for n in self._by_key.get(k, ()) if n.isalpha()
            }
        if len(found) > 1 and self._weight is not None:
            # (two spellings one letter apart are one name, the one written more: 베인케피탈, 베인캐피탈)
            found = {
                n
                for n in found
                if not any(m != n and _one_off(m, n) and self._weight(m) > self._weight(n) for m in found)
            }
        if len(found) == 1:
            return next(iter(found))
        return self._nearest(found, keys) or self._dominant(found) or self._nearest_and_most(found, keys)

    @staticmethod
    def _nearest(names: set[str], keys: set[str]) -> str | None:
        """Of names with the word's consonants, the one whose vowels sound like it too ("Greystar":
        그레이스타, not 클러스터 or 글래스도어): at most :data:`NEAR` edits from it, and nearer than every other."""
        if len(names) < 2:
            return None
        ranked = _by_sound(names, keys)
        return ranked[0][1] if ranked[0][0] <= NEAR and ranked[0][0] < ranked[1][0] else None

    def _find_run(self, words: list[str]) -> str | None:
        pieces: list[tuple[str, ...]] = []
        i, own = 0, False
        spelled = False  # initials were also tried in their Hangul letter names
        low = [w.lower() for w in words]
        while i < len(words):
            for phrase in _PHRASES:
                size = len(phrase.split())
                if " ".join(low[i : i + size]) == phrase:
                    pieces.append(tuple(sound_key(k) for k in GLOSSARY.get(phrase) or NAME_WORDS[phrase]))
                    own = own or phrase in NAME_WORDS
                    i += size
                    break
            else:
                w = words[i]
                acronym = w.isupper() and len(w) <= 4 or any(ch.isdigit() for ch in w)
                keys = {w.lower()} if acronym else sound_keys(w)
                if acronym and len(w) <= 3 and all(ch in _LETTER_NAMES for ch in w.lower()):  # "NC": 엔씨
                    keys |= {sound_key("".join(c)) for c in product(*(_LETTER_NAMES[ch] for ch in w.lower()))}
                    spelled = True
                if acronym and w.isascii() and w.isalpha() and len(w) >= 3 and re.search("[aeiou]", w, re.I):
                    keys |= sound_keys(w)  # capitals read as a word: "ISU Petasys" is 이수페타시스
                pieces.append(tuple(keys))
                own = own or acronym or min(map(len, keys)) >= 3  # "Ho" could be any of many short names
                i += 1
        if not own:
            return None  # corporate words alone name no company
        found: set[str] = set()
        for combo in product(*pieces):
            found |= self._by_key.get(_collapse("".join(combo)), set())
        if not found and len(words) > 1:
            found = self._sounds_near(pieces)
        if spelled and (as_written := {n for n in found if re.search("[a-z]", n)}):
            found = as_written  # initials as written (HD한국조선해양) before their Hangul letter names
        return found.pop() if len(found) == 1 else self._dominant(found)

    def _sounds_near(self, pieces: list[tuple[str, ...]]) -> set[str]:
        """The names one sound away from a run of words none spells exactly ("Doosan Fuel Cell", POEL for
        퓨얼: 두산퓨얼셀), among those that start as its first word sounds: the nearest, when only one is, and
        the run is long enough (``NEAR_RUN`` letters) for one sound to be a spelling, not another name."""
        if self._by_prefix is None:  # keys by their first letters, made when first needed
            self._by_prefix = {}
            for key in self._by_key:
                self._by_prefix.setdefault(key[:PREFIX], []).append(key)
        best: dict[str, int] = {}
        for combo in product(*pieces):
            run = _collapse("".join(combo))
            if len(run) < NEAR_RUN or len(combo[0]) < PREFIX:
                continue
            for key in self._by_prefix.get(run[:PREFIX], ()):
                if key.startswith(combo[0]) and abs(len(key) - len(run)) <= NEAR:
                    d = _edits(key, run)
                    if d <= NEAR:
                        best[key] = min(best.get(key, d), d)
        if not best:
            return set()
        top = min(best.values())
        keys = [k for k, d in best.items() if d == top]
        return set(self._by_key[keys[0]]) if len(keys) == 1 else set()

    def _nearest_and_most(self, names: set[str], keys: set[str]) -> str | None:
        """The name whose sound is nearest and that is written most, ``MOST_RATIO`` times as often as each
        other ("PearlAbyss": 펄어비스, 13 chunks, beside a Kiwi fragment "밸류업수혜" named in 2)."""
        if self._weight is None or len(names) < 2:
            return None
        near = _by_sound(names, keys)
        if near[0][0] == near[1][0]:
            return None
        best = near[0][1]
        rest = max(self._weight(n) for n in names if n != best)
        return best if self._weight(best) >= MOST_RATIO * max(rest, 1) else None

    def abbreviated(self, word: str) -> str | None:
        """The one briefing name that ``word`` shortens the way Korean readers do, keeping some of its
        syllables in order from the first ("현중" for 현대중공업, "LG생건" for LG생활건강: the Latin part as
        written; "포스코인터" for 포스코인터내셔널): the only such name (a piece of a longer one aside), or the
        one written ten times as often as each other; None for a word the briefings write as a name
        themselves (unless the name it shortens is written ten times as often: "소뱅" once, 소프트뱅크 48
        times), or not Hangul of two to five syllables."""
        m = _ABBREVIATION.fullmatch(word.lower())
        if m is None:
            return None
        latin, hangul = m.group(1), m.group(2)
        if self._by_start is None:  # names by their Latin part and first syllable, made when first asked
            self._by_start = {}
            for names in self._by_key.values():
                for n in names:
                    if (parts := _NAME_PARTS.fullmatch(n.lower())) is not None:
                        key = (parts.group(1), parts.group(2)[0])
                        self._by_start.setdefault(key, []).append((n, parts.group(2)))
        found = {
            n
            for n, rest in self._by_start.get((latin, hangul[0]), [])
            if len(n) > len(word) and _in_order(hangul, rest) and not _GLUED.search(n)
        }
        # of a name and a longer one that starts with it, the one written less is a crawl's cut or Kiwi's
        # join ("현대엘리베이" beside 현대엘리베이터; "SK바이오팜어닝서프라이즈" beside SK바이오팜): not a name
        found = {n for n in found if not any(self._outweighs(m, n) for m in found)}
        if self.knows(word):  # a name of the briefings' own, unless a rare writing of a far commoner one
            floor = TYPO_RATIO * max(self.written(word), 1)
            found = {n for n in found if self.written(n) >= floor} if self._weight is not None else set()
        return next(iter(found)) if len(found) == 1 else self._dominant(found)

    def lettered(self, word: str) -> str | None:
        """The one briefing name that spells the Latin letters of ``word`` by their Korean names, as the
        briefings write many companies named by initials ("L&F" -> 엘앤에프, "CS윈드" -> 씨에스윈드): the
        only such name, or the one written ten times as often as each other; None for a word with no
        Latin letter, more than five, or a digit."""
        low = word.lower()
        if not _LETTERED.fullmatch(low) or not re.search("[a-z]", low):
            return None
        options = [_LETTER_NAMES.get(ch, (ch,)) for ch in low]
        found: set[str] = set()
        for combo in product(*options):
            found |= self._by_key.get(_name_key("".join(combo)), set())
        for short, word in _READ_AS_WORDS.items():  # "주성ENG" -> 주성엔지니어링: initials read as their word
            if re.search(rf"(?<![a-z]){re.escape(short)}(?![a-z])", low):
                found |= self._by_key.get(_name_key(low.replace(short, word)), set())
        return next(iter(found)) if len(found) == 1 else self._dominant(found)

    def unlettered(self, word: str) -> str | None:
        """The one briefing name in Latin initials that ``word`` spells out in Hangul ("케이티앤지" for KT&G,
        "씨에스윈드" for CS윈드 when the briefings write that): ``word`` read as two to five letter names,
        then Hangul of two syllables or more, or nothing; failing that, two syllables or more, then letter
        names ("스페이스엑스" for 스페이스X); None when no reading, or several, is a name."""
        low = word.lower()
        if not re.fullmatch(r"[가-힣]{2,}", low) or self.knows(low):
            return None
        found: set[str] = set()
        for letters, tail in _letter_readings(low):
            if len(letters) < 2 or (tail and len(tail) < 2):
                continue
            if not tail and letters in self._latin:
                found.add(letters)
            elif tail:
                found |= self._by_key.get(_name_key(letters + tail), set())
        if not found:  # a Hangul name ending in letter names ("스페이스엑스" for 스페이스X)
            for at in range(2, len(low) - 1):
                for letters, rest in _letter_readings(low[at:]):
                    if letters and not rest:
                        found |= self._by_key.get(_name_key(low[:at] + letters), set())
        return next(iter(found)) if len(found) == 1 else self._dominant(found)

    def respelled(self, word: str) -> str | None:
        """The briefing name ``word`` (all Hangul, :data:`RESPELL_MIN` syllables or more) misspells by one
        letter of one syllable ("더블류게임즈" where the briefings write 더블유게임즈 eleven times): the only
        such name written :data:`RESPELL_RATIO` times as often as ``word`` and at least :data:`RESPELL_SEEN`
        times; None otherwise (or with no counts)."""
        if self._weight is None or len(word) < RESPELL_MIN or not all("가" <= ch <= "힣" for ch in word):
            return None
        floor = max(RESPELL_SEEN, RESPELL_RATIO * max(self.written(word), 1))
        found = {
            other
            for i, ch in enumerate(word)
            for alt in _one_letter_off(ch)
            if self.written(other := word[:i] + alt + word[i + 1 :]) >= floor
        }
        return next(iter(found)) if len(found) == 1 else None

    def grouped(self, word: str) -> str | None:
        """The one briefing name that is ``word`` after a group's name, as Korean readers drop it ("글로비스"
        for 현대글로비스, "에어로스페이스" for 한화에어로스페이스), when the briefings write that name at least
        twice as often as ``word`` alone: the only such name, or the one written ten times as often as each
        other. The group is a name the briefings write on its own in Hangul (현대, 한화) or Latin initials
        (SK, LG); ``word`` is Hangul of two syllables or more. None otherwise."""
        low = word.lower()
        if not _GROUPED_TAIL.fullmatch(low):
            return None
        if self._by_end is None:  # names by their last letter, made when first asked
            self._by_end = {}
            for names in self._by_key.values():
                for n in names:
                    self._by_end.setdefault(n[-1], []).append(n)
        found = {
            n
            for n in self._by_end.get(low[-1], [])
            if len(n) > len(low)
            and n.endswith(low)
            and (_INITIALS.fullmatch(head := n[: -len(low)]) or self.knows(head))
        }
        full = next(iter(found)) if len(found) == 1 else self._dominant(found)
        if full is None or self.written(full) < 2 * max(self.written(low), 1):
            return None
        return full

    def _outweighs(self, name: str, other: str) -> bool:
        """Does one of two names, one the start of the other, stand for both: the one written more often,
        the longer when as often?"""
        if name == other or not (name.startswith(other) or other.startswith(name)):
            return False
        mine, theirs = self.written(name), self.written(other)
        return mine > theirs or (mine == theirs and len(name) > len(other))

    def _dominant(self, names: set[str]) -> str | None:
        """The one of ``names`` written far more often than each other, or None."""
        if self._weight is None or len(names) < 2:
            return None
        ranked = sorted(names, key=lambda n: -self._weight(n))  # type: ignore[misc]
        top, rest = self._weight(ranked[0]), self._weight(ranked[1])
        return ranked[0] if top >= TYPO_RATIO * max(rest, 1) else None


COMMON_WORD = 20  # chunks that write a word never tagged a name before it is a common word, no name
NAME_SEEN = 3  # chunks that tag a short word a name, at least, for it to be mostly a name
TYPO_RATIO = 10  # a name written this many times as often as another of its sound is the name
RESPELL_MIN = 4  # syllables a name needs before one letter off it is a misspelling, not another name
RESPELL_RATIO = 5  # one letter off a long name: fewer times as often as a sound-alike (TYPO_RATIO) will do
RESPELL_SEEN = 5  # chunks that must write the name a rarer spelling is read as


def _one_off(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` the same but for one syllable one letter apart?"""
    if len(a) != len(b) or len(a) < RESPELL_MIN:  # (셈텍, 심텍: two companies)
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 1 and "가" <= a[diff[0]] <= "힣" and b[diff[0]] in _one_letter_off(a[diff[0]])


def _one_letter_off(syllable: str) -> list[str]:
    """The Hangul syllables one initial, vowel or final away from ``syllable``."""
    code = ord(syllable) - 0xAC00
    initial, vowel, final = code // 588, (code % 588) // 28, code % 28
    out = [chr(0xAC00 + i * 588 + vowel * 28 + final) for i in range(19) if i != initial]
    out += [chr(0xAC00 + initial * 588 + v * 28 + final) for v in range(21) if v != vowel]
    out += [chr(0xAC00 + initial * 588 + vowel * 28 + f) for f in range(28) if f != final]
    return out


# Latin short forms in Korean company names that are read as the word they shorten, not letter by letter
# ("주성ENG" is 주성엔지니어링); domain data, extended as names need it
_READ_AS_WORDS = {"eng": "엔지니어링", "ent": "엔터테인먼트"}
PREFIX = 3  # letters of a sound key a near name must start with, as the run's first word does
NEAR_RUN = 8  # letters of a run's sound key from which one sound off is a spelling, not another name
MOST_RATIO = 3  # the nearest-sounding name written this many times as often as each other is the name
NEAR = 1  # edits between a loanword's sound and a name's that still sound alike (KLESTA, KLEISTA)


HEARD_NEAR = 1  # edits from a Latin name's sound that a Hangul name of the retrieved stories may be off
HEARD_LONG = 6  # letters of a Latin name's sound from which two edits still sound alike (AbClon, 앱클론)


def heard_as(word: str, names: Iterable[str]) -> str | None:
    """Which of ``names`` (the Hangul names of the stories a question retrieved: a handful, not the
    whole corpus) an English name sounds like ("Deckers" -> 데커스아웃도어, its start; "Hermes" -> 에르메스,
    the h silent; "AbClon" -> 앱클론): the one nearest in sound, within :data:`HEARD_NEAR` edits
    (two from :data:`HEARD_LONG` letters) of the whole name or of its start, and nearer than every
    other; None otherwise."""
    plain = _plain([word])[0].replace("-", "")
    if len(plain) < 4 or not plain.isascii() or not plain.isalpha():
        return None
    silent_r = re.sub(r"r(?![aeiouy])", "", plain, flags=re.I)
    keys = {
        k
        for v in {
            plain,
            silent_r,
            re.sub(r"s$", "z", silent_r, flags=re.I),
            re.sub(r"^h", "", plain, flags=re.I),
        }
        for k in sound_keys(v)
    }
    ranked = []
    for n in set(names):
        if not n or not all("가" <= ch <= "힣" for ch in n):
            continue
        key = sound_key(n)
        near = min(
            min(_edits(k, key[:end]) for end in range(min(len(key), max(1, len(k) - 1)), len(key) + 1))
            for k in keys
        )
        ranked.append((near, n))
    ranked.sort()
    if not ranked:
        return None
    allowed = HEARD_NEAR + (1 if max(len(k) for k in keys) >= HEARD_LONG else 0)
    best = ranked[0][0]
    tied = sorted((n for near, n in ranked if near == best), key=len)
    if best > allowed or not all(n.startswith(tied[0]) for n in tied):
        return None
    return tied[0]  # (of one name and longer writings of it, 칼메인 and 칼메인푸드: the name)


def _by_sound(names: set[str], keys: set[str]) -> list[tuple[int, str]]:
    """``names`` with their edits from the nearest of the word's sound ``keys``, nearest first."""
    return sorted((min(_edits(sound_key(n), k) for k in keys), n) for n in names)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance between two sound keys (a dozen letters: the plain table is enough)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _plain(words: list[str]) -> list[str]:
    """English words without a possessive ("Kiwoom's", "Securities'")."""
    return [w.removesuffix("'s").removesuffix("’s").rstrip("'’") for w in words if w]


# the Korean names of the Latin letters (and &), as company names are spelled out in Hangul
_LETTER_NAMES: dict[str, tuple[str, ...]] = {
    **{
        ch: (name,)
        for ch, name in zip(
            "abdefhijklmnopqstuwxy",
            "에이 비 디 이 에프 에이치 아이 제이 케이 엘 엠 엔 오 피 큐 에스 티 유 더블유 엑스 와이".split(),
            strict=True,
        )
    },
    "c": ("씨", "시"),
    "g": ("지", "쥐"),
    "r": ("알", "아르"),
    "v": ("브이", "비"),
    "z": ("지", "제트"),
    "&": ("앤", "엔"),
}
# two names the tagger glued with a particle between ("녹십자웰빙이nh투자증권"): no name a short one shortens
_GLUED = re.compile(r"[가-힣](?:이|가|은|는|을|를|의|와|과|도)[a-z]")


# the Latin letters a Hangul spelling reads as ("케이" k, "에쓰" s as some companies spell it)
_LETTER_OF: dict[str, tuple[str, ...]] = {}
for _ch, _names in _LETTER_NAMES.items():
    for _name in _names:
        _LETTER_OF[_name] = (*_LETTER_OF.get(_name, ()), _ch)
_LETTER_OF["에쓰"] = ("s",)
MAX_LETTERS = 5


def _letter_readings(word: str) -> list[tuple[str, str]]:
    """Every way ``word`` starts with letter names (at most :data:`MAX_LETTERS`): (letters, the rest)."""
    out: list[tuple[str, str]] = [("", word)]
    frontier = [("", 0)]
    while frontier:
        letters, at = frontier.pop()
        if len(letters) >= MAX_LETTERS:
            continue
        for name, chars in _LETTER_OF.items():
            if word.startswith(name, at):
                for ch in chars:
                    out.append((letters + ch, word[at + len(name) :]))
                    frontier.append((letters + ch, at + len(name)))
    return out


_LETTERED = re.compile(r"[a-z&]{1,5}[가-힣]*|[가-힣]+[a-z&]{1,5}")  # "l&f", "cs윈드", "에코프로bm"
_GROUPED_TAIL = re.compile(r"[가-힣]{2,}")  # "글로비스", "모비스"
_INITIALS = re.compile(r"[a-z]{2,3}")  # a group's Latin initials: "sk", "lg", "hd"
_ABBREVIATION = re.compile(r"([a-z0-9]*)([가-힣]{2,5})")  # "현중", "lg생건", "포스코인터"
_NAME_PARTS = re.compile(r"([a-z0-9]*)([가-힣][가-힣a-z0-9&]*)")


def _in_order(short: str, name: str) -> bool:
    """Are the syllables of ``short`` in ``name``, in order?"""
    at = 0
    for ch in short:
        at = name.find(ch, at)
        if at < 0:
            return False
        at += 1
    return True


__all__ = ["GLOSSARY", "NAME_WORDS", "NameFinder", "sound_key", "sound_keys"]
