"""Aliases: the names that mean the same company, index, asset or country.

Two sources, merged when an index is loaded:

* the user-editable alias file (``paths.aliases``, shipped as ``data/aliases.yaml``): the short names
  Korean readers use (삼전, 현대차) and the Hangul/English names of foreign companies;
* pairs the index learned from the briefings themselves, a name with another in parentheses right
  after it ("메타(Meta)", "엔비디아(NVDA)"), stored in the index (``aliases.json``).

Names are compared by :func:`rag.korean.name_key` (NFKC, lower case, no spaces). A name *mentions*
a text only as a whole word: it starts a word and is followed by nothing, punctuation or a particle
("메타는", "메타의"), so 메타 never matches 메타버스 and 금 never matches 금리.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .config import read_yaml_mapping
from .errors import ConfigError
from .korean import name_key
from .measures import find_measures

# what may follow a name inside its word: particles and the copula, alone or stacked ("에서의", "이었다")
_PARTICLES = (
    "은 는 이 가 을 를 의 에 에서 에게 에겐 와 과 도 만 로 으로 까지 부터 보다 처럼 마저 조차 이나 나 이라 라 랑 이랑 "
    "엔 에선 에는 에도 에서는 에서도 와의 과의 에서의 로서 으로서 로부터 으로부터 으로는 로는 이며 며 이고 고 이다 다 였다 이었다 "
    "인 이자 측 이란 란 하고 만큼 뿐 대비 간 社"
).split()
_PARTICLE_RE = re.compile(
    r"(?:" + "|".join(sorted(map(re.escape, _PARTICLES), key=len, reverse=True)) + r")*"
)


@lru_cache(maxsize=16384)
def _norm(text: str) -> str:  # memoised: the answerer checks each sentence against every asked form
    return unicodedata.normalize("NFKC", text).lower()


_WORD_RUN = re.compile(r"\w*")


def mentions(text: str, name: str) -> bool:
    """Does ``text`` name ``name`` as a whole word? (both are compared NFKC, case-insensitively)."""
    t, n = _norm(text), _norm(name).strip()
    if not n:
        return False
    variants = {n, n.replace(" ", "")} if " " in n else {n}
    for v in variants:
        start = t.find(v)
        while start >= 0:
            end = start + len(v)
            before = t[start - 1] if start else " "
            # (a Latin name run on after Hangul, as crawled bodies glue it, "따르면NH투자증권은", starts a word)
            if not before.isalnum() or (v[0].isascii() and v[0].isalpha() and not before.isascii()):
                rest = _WORD_RUN.match(t, end).group(0)  # type: ignore[union-attr]
                # a Latin name may run straight into Hangul particles ("Meta는"), a Hangul one only into particles
                if not rest or _PARTICLE_RE.fullmatch(rest) or (v[-1].isascii() and not rest[0].isascii()):
                    return True
            start = t.find(v, start + 1)
    return False


class Aliases:
    """Groups of names that mean the same thing; the first name of a group is its canonical one."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self._parent: dict[str, str] = {}
        self._forms: dict[str, list[str]] = {}  # key -> surface forms seen for it
        self._rank: dict[str, int] = {}  # key -> when it was first added
        self._members: dict[str, list[str]] | None = None  # root -> its keys, made when first asked
        self._keys: dict[str, frozenset[str]] = {}  # name -> keys(name), until the groups change
        for g in groups:
            self.add(g)

    def _find(self, k: str) -> str:
        while self._parent[k] != k:
            self._parent[k] = self._parent[self._parent[k]]
            k = self._parent[k]
        return k

    def add(self, names: Iterable[str]) -> None:
        self._members = None
        self._keys = {}
        keys = []
        for n in names:
            k = name_key(n)
            if not k:
                continue
            if k not in self._parent:
                self._parent[k] = k
                self._rank[k] = len(self._rank)
            forms = self._forms.setdefault(k, [])
            if n.strip() not in forms:
                forms.append(n.strip())
            keys.append(k)
        for k in keys[1:]:
            a, b = self._find(keys[0]), self._find(k)
            if a != b:  # the older name stays the canonical one (dicts keep insertion order)
                old, new = (a, b) if self._rank[a] < self._rank[b] else (b, a)
                self._parent[new] = old

    def known(self, name: str) -> bool:
        return name_key(name) in self._parent

    def canonical(self, name: str) -> str:
        k = name_key(name)
        if k not in self._parent:
            return name
        return self._forms[self._find(k)][0]

    def forms(self, name: str) -> tuple[str, ...]:
        """Every surface form of ``name``'s group (``name`` itself first)."""
        k = name_key(name)
        if k not in self._parent:
            return (name,)
        if self._members is None:  # one pass over the keys, then each group is a lookup
            self._members = {}
            for key in self._parent:
                self._members.setdefault(self._find(key), []).append(key)
        out = [name]
        for key in self._members[self._find(k)]:
            out.extend(self._forms[key])
        return tuple(dict.fromkeys(out))

    def keys(self, name: str) -> frozenset[str]:
        """The keys of every form of ``name``'s group (memoised: asked per sentence by the answerer)."""
        got = self._keys.get(name)
        if got is None:
            got = self._keys[name] = frozenset(name_key(f) for f in self.forms(name))
        return got

    def found_in(self, text: str) -> list[str]:
        """Names of the alias file that ``text`` mentions as words, longest first (question subjects
        Kiwi does not tag as proper nouns, such as 삼전 or LG엔솔)."""
        hits = [f for forms in self._forms.values() for f in forms if mentions(text, f)]
        return sorted(set(hits), key=len, reverse=True)

    def merged(self, groups: Iterable[Iterable[str]]) -> Aliases:
        out = Aliases()
        out._members = None
        out._keys = {}
        out._parent = dict(self._parent)
        out._forms = {k: list(v) for k, v in self._forms.items()}
        out._rank = dict(self._rank)
        for g in groups:
            out.add(g)
        return out


# credit ratings and outlooks written in parentheses after an issuer ("LG에너지솔루션(AA)", "(A1)")
_RATING = re.compile(r"(?:[abc]{1,3}[0+\-]?|[abc][1-3][0+\-]?)")


def _a_measure(name: str) -> bool:
    """Is ``name`` a measure word as a whole (주당순이익, EPS)?"""
    return any(span == (0, len(name)) for _, span in find_measures(name.strip()))


def trusted_pairs(pairs: Iterable[Iterable[str]], aliases: Aliases) -> list[tuple[str, str]]:
    """The learned pairs to merge: a Latin name that the briefings pair with one Hangul name only
    (a rating or a shared abbreviation pairs with many, and one such pair would chain unrelated
    companies into one group), never one that joins two groups of the alias file, and never a
    measure with its abbreviation."""
    split = []
    for pair in pairs:
        a, b = pair
        latin, hangul = (a, b) if a.isascii() else (b, a)
        split.append((a, b, name_key(latin), name_key(aliases.canonical(hangul))))
    partners: dict[str, set[str]] = {}
    for _, _, lk, hk in split:
        partners.setdefault(lk, set()).add(hk)
    out = []
    for a, b, lk, hk in split:
        if len(lk) < 2 or _RATING.fullmatch(lk) or len(partners[lk]) > 1:
            continue
        if len(hk) < 2:
            continue  # "SK(주)": a one-syllable mark of the company's form (주식회사), not its name
        if _a_measure(a) or _a_measure(b):
            continue  # "주당순이익(EPS)", "영업이익(OP)": a measure's abbreviation, not a company's
        if aliases.known(a) and aliases.known(b) and aliases.canonical(a) != aliases.canonical(b):
            continue
        out.append((a, b))
    return out


def load_aliases(path: Path | None) -> Aliases:
    """The alias file: a YAML mapping of canonical name -> list of other names. ``None``: no file."""
    if path is None:
        return Aliases()
    path = Path(path)
    raw = read_yaml_mapping(
        path,
        "alias file",
        "fix paths.aliases in config.yaml or create it",
        "must map each canonical name to a list of other names",
    )
    groups = []
    for canon, others in raw.items():
        if others is None:
            others = []
        if not isinstance(others, list) or not all(isinstance(x, str | int) for x in others):
            raise ConfigError(f"alias file {path}: {canon!r} must map to a list of names, got {others!r}")
        groups.append([str(canon), *map(str, others)])
    return Aliases(groups)


# "메타(Meta)", "엔비디아(NVDA)", "Meta(메타)": a name, then another name in parentheses
_PAIR = re.compile(r"([가-힣A-Za-z][\w&.\-]{1,30})\(([가-힣A-Za-z][\w&.\- ]{0,30})\)")


# "LS증권(옛 이베스트투자증권)", "HD현대(구 현대중공업지주)": a company's name, then its former one
_FORMER = re.compile(r"(?:옛|舊|구(?=\s))\s*([가-힣A-Za-z][\w&.\-]{1,30})$")


def learn_pairs(text: str, is_name: set[str] | frozenset[str]) -> list[tuple[str, str]]:
    """Parenthetical name pairs in ``text`` where the outer word is a known name (``is_name``: name
    keys of the text, from :func:`rag.korean.analyze`) and exactly one side is Latin script, or the
    inner one is its former name ("LS증권(옛 이베스트투자증권)", in any script)."""
    out = []
    for m in _PAIR.finditer(text):
        a, b = m.group(1), m.group(2).strip()
        if name_key(a) not in is_name:
            continue
        if (former := _FORMER.match(b)) and name_key(former.group(1)) in is_name:
            out.append((a, former.group(1)))
            continue
        latin_a, latin_b = a.isascii(), b.isascii()
        if latin_a == latin_b or not any(ch.isalpha() for ch in b):
            continue
        out.append((a, b))
    return out


__all__ = ["Aliases", "load_aliases", "learn_pairs", "mentions", "trusted_pairs"]
