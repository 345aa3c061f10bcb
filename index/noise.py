"""News boilerplate that must never be quoted: bylines, photo captions and credits, copyright lines.

Crawled Korean news bodies carry their page furniture inline, often run together with the story:
``…부진상장사 시가총액 (PG)[박은주 제작] 일러스트(서울=연합뉴스) 곽윤아 기자 = 지난해 4분기…``,
``…밝혔다.ori@yna.co.kr``, ``토스증권CI(사진=토스증권 제공) *재판매 및 DB 금지``. The rules here are
generic shapes of that furniture (a dateline ``(place=agency) name 기자 =``, a credit ``사진=…``, an
e-mail, ``ⓒ …``), plus the domain's vocabulary of credit words (사진, 제공, 자료, 뉴스, 뉴시스…); no
rule names a particular outlet as the only way to match.

* :func:`clean_sentence` trims a sentence span to its story text, or returns ``None`` when the
  sentence is nothing but furniture;
* :func:`lead_start` finds where the story proper begins in a body that opens with sub-titles and
  photo captions before its byline;
* :func:`strip_series_tag` drops ``[투자360]``-style tags from a title.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.types import Span, strip_span

# -- the furniture's shapes ----------------------------------------------------------------------
_REPORTER = r"(?:기자|특파원|통신원|객원기자|인턴기자|선임기자|전문기자|논설위원|에디터|디자이너|PD)"
# kinds of outlet and picture-agency names (a credit's last word): 연합뉴스, 뉴스1, 뉴시스, …일보
_AGENCY = r"(?:연합뉴스|뉴스1|뉴스|뉴시스|연합|통신|일보|신문|경제|데일리|투데이|타임스|비즈|미디어|방송|TV|News1?|DB|뱅크)"
# how a run-together credit ends: …사진=연합뉴스중국 AI… is 연합뉴스 then the story
_CREDIT_END = r"(?:연합뉴스|뉴스1|뉴시스|뉴스|DB|제공|캡처|갈무리|이미지뱅크|뱅크|투데이)"
_CREDIT_WORD = (
    r"(?:(?:사진|자료|출처|그래픽|표|이미지|일러스트|영상|촬영|캡처|제공|편집|디자인)(?:\s?(?:제공|출처))?)"
)
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_DATE = r"(?:19|20)\d{2}\.\s?\d{1,2}\.\s?\d{1,2}\.?"

# (서울=연합뉴스) 최현석 기자 =   [서울=뉴시스] 배요한 기자 =   (뉴욕=연합뉴스) 김 현 연합인포맥스 통신원 =
_DATELINE = (
    r"[(\[]\s*[가-힣A-Za-z][가-힣A-Za-z ·]{0,15}\s*=\s*[^()\[\]=%\n]{1,20}?[)\]]"
    rf"(?:\s*[^=()\[\]\n]{{0,30}}?{_REPORTER}\s*=)?"
)
# [이데일리 박정수 기자]  [헤럴드경제=김우영 기자]  [뉴욕=이데일리 김상윤 특파원]  [김정석 기자 / 강두순 기자]
_REPORTER_BRACKET = rf"\[[^\[\]\n]{{0,40}}?{_REPORTER}(?:\s*[/·,][^\[\]\n]{{0,40}})?\]|【[^】\n]{{0,15}}】"
# a bare one-word bracket: [서울경제] [파이낸셜뉴스] [연합뉴스] [AFP] [게티이미지뱅크] [특징주]
_BARE_BRACKET = r"\[[^\[\]\s]{2,12}\]"
# brackets, parentheses and angle brackets holding a credit: [연합뉴스 자료사진] (사진=메리츠증권)
# (키움증권 제공) <AP 연합뉴스> <이미지=챗GPT 생성>; never (사진) or (62·사진) inside a sentence
_CREDIT_GROUP = (
    rf"\[[^\[\]\n]{{0,40}}(?:{_CREDIT_WORD}|자료사진|갈무리|게티|재판매|{_AGENCY}\]|AFP|AP|로이터|EPA)[^\[\]\n]{{0,40}}\]"
    rf"|\(\s*(?:{_CREDIT_WORD}\s*[=:][^()\n]{{1,30}}|[^()\n]{{1,25}}\s제공|[^()\n]{{0,12}}자료사진)\)"
    rf"|<[^<>\n]{{0,20}}(?:{_CREDIT_WORD}\s*[=:]|{_AGENCY}>|연합뉴스|AFP|AP|로이터|EPA)[^<>\n]{{0,25}}>"
)
# /사진=연합뉴스  /사진=(워싱턴 AFP=뉴스1) 우동명 기자  /뉴스1  /이한림 기자  /칸서스자산운용 제공  2023.3.2/뉴스1
_SLASH_CREDIT = (
    rf"/\s*(?:{_CREDIT_WORD}\s*=\s*)?(?:\([^()\n]{{1,30}}\)\s*[가-힣]{{2,4}}\s*{_REPORTER}"
    rf"|[^\s/()\[\]]{{0,20}}?(?:{_AGENCY}|=\S*?{_AGENCY}|\s?{_REPORTER}|\s(?:제공|DB))"
    rf"|(?<=[=])\S+)"
)
_CREDIT_VALUE = rf"(?:[^\s\[\]()<>]*?{_CREDIT_END}|[A-Za-z]+(?=[^A-Za-z.&·\s-])|[^\s\[\]()<>]+)"
_SLASH_CREDIT_WORD = rf"/\s*{_CREDIT_WORD}\s*=\s*{_CREDIT_VALUE}(?:\s[가-힣]{{2,4}}\s?{_REPORTER})?"
# 사진=연합뉴스  그래픽=김의균  사진 출처 = 연합뉴스 (no bracket, no slash)
_BARE_CREDIT = (
    rf"(?<![가-힣A-Za-z]){_CREDIT_WORD}\s*=\s*{_CREDIT_VALUE}"
    rf"(?:\s?[가-힣]{{0,3}}\s?{_REPORTER})?"
)
_COPYRIGHT = (
    r"(?:ⓒ|©|\(c\)|Copyright|저작권자)[^\n]{0,60}?(?:금지|reserved\.?|News1?\s*[가-힣]{2,4}\s*"
    + _REPORTER
    + r")"
    r"|ⓒ\s*(?:[^\s\[\]()]+\s){0,2}?[가-힣]{2,4}\s*"
    + _REPORTER
    + r"|ⓒ\s*[^\s\[\]()ⓒ]{1,12}(?:=[^\s\[\]()ⓒ]+)?"
    r"|\*?\s*재판매\s*및\s*DB\s*금지|무단\s*(?:전재|복제)[^\n]{0,30}?금지|\(끝\)"
)
_STAMP = rf"{_DATE}\s*(?:/\s*\S*?{_AGENCY}|{_EMAIL}|[가-힣]{{2,4}}\s?{_REPORTER})?|{_EMAIL}"

_MARKER = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            _COPYRIGHT,
            _DATELINE,
            _REPORTER_BRACKET,
            _CREDIT_GROUP,
            _BARE_BRACKET,
            _SLASH_CREDIT_WORD,
            _SLASH_CREDIT,
            _BARE_CREDIT,
            _STAMP,
        )
    )
)
# the byline that opens a story: what comes before it on its line is sub-titles and captions
_OPENER = re.compile(rf"{_DATELINE}|{_REPORTER_BRACKET}|{_BARE_BRACKET}")
_STRONG_OPENER = re.compile(
    rf"[(\[]\s*[가-힣A-Za-z][가-힣A-Za-z ·]{{0,15}}\s*=\s*[^()\[\]=%\n]{{1,20}}?[)\]]\s*[^=()\[\]\n]{{0,30}}?{_REPORTER}\s*="
    rf"|\[[^\[\]\n]{{1,30}}?\s[가-힣]{{2,4}}\s?{_REPORTER}\]"
)
_CAPTION_END = re.compile(rf"{_EMAIL}|재판매\s*및\s*DB\s*금지|{_SLASH_CREDIT_WORD}|ⓒ")
# a leading speaker or programme tag: <앵커> 【 기자 】 ▶ 인터뷰 : 홍길동 / 교수- [편집자주]
_LEAD_TAG = re.compile(
    r"^(?:<[가-힣 ]{1,6}>|【[^】]{0,15}】|[▶☞]\s*(?:인터뷰|스탠딩)[^:\n]{0,6}:[^-\n]{0,40}-|\[편집자\s?주\]|[▶☞■◆◇━△]+)\s*"
)
# whole sentences that are furniture: related-article links, figure titles, "사진은 기사 내용과 무관"
_LINK_LINE = re.compile(
    r"^[▶☞]\s*[‘'\"“]?\s*(?:\[|관련\s*기사|기사\s*더\s*보기|원문|바로\s*가기|구독|제보|카카오톡|이메일|뉴스\s*홈페이지|http)"
    r"|^△?\s*사진\s*설명"
    r"|기사\s*내용과\s*(?:무관|관련\s*없)|^(?:#\S+\s*)+$"
)
# a table or chart title: furniture up to the next credit, if story text follows that
_FIGURE = re.compile(r"\s*(?:\[(?:표|그래픽|그림|도표|차트)\]|<(?:표|그래픽)>)")
# a copyright notice the sentence splitter cut at its outlet's dot: "Copyright 가온비즈." then "All rights…"
_NOTICE = re.compile(r"^\s*(?:Copyright|ⓒ|©|\(c\)|저작권자)(?:\s|\b)[^\n]{0,60}$", re.I)
_WORD = re.compile(r"[가-힣A-Za-z0-9]")
_PROSE_END = re.compile(r"[다요죠][.?!]")
_SENTENCE_END = re.compile(r"[다요죠까][.?!…]*[\"'”’)\]]*$")
_MIN_WORD_CHARS = 8  # fewer letters and digits than this left over: it was all furniture


def markers(text: str, start: int, end: int) -> list[Span]:
    """Spans of furniture inside ``text[start:end]``, merged where they touch."""
    out: list[Span] = []
    for m in _MARKER.finditer(text, start, end):
        if m.end() == m.start():
            continue
        s, e = m.start(), _credit_end(text, m)
        if out and s <= out[-1][1] + 1 and not _WORD.search(text, out[-1][1], s):
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _credit_end(text: str, m: re.Match[str]) -> int:
    """Where a credit run into its story ends: ``사진=누리증권누리증권이…`` repeats the credited name as
    the story's first word, so the credit ends before the repeat."""
    eq = text.rfind("=", m.start(), m.end())
    if eq < 0 or text[m.end() - 1] in ")]>":
        return m.end()
    v = eq + 1 + len(text[eq + 1 : m.end()]) - len(text[eq + 1 : m.end()].lstrip())
    value = text[v : m.end()]
    for k in range(2, len(value) // 2 + 1):
        if value.startswith(value[:k], k):
            return v + k
    return m.end()


def _words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))


@lru_cache(maxsize=256)
def lead_start(text: str) -> int:
    """Where the story proper starts when its line opens with sub-titles and captions before a byline.

    ``…부진상장사 시가총액 (PG)[박은주 제작] 일러스트(서울=연합뉴스) 곽윤아 기자 = 지난해…`` starts at
    ``지난해``. The byline must be on the body's first line, within 600 characters of the line's start.
    A photo caption with a byline of its own (``[서울=뉴시스] 홍길동 기자 = caption 2024.04.02.
    photo@… *재판매 및 DB 금지[서울=뉴시스] 배요한 기자 = story``) moves the start to the later byline.
    Returns 0 when there is no such byline (nothing before the story to skip).
    """
    first = re.search(r"\S", text)
    if first is None:
        return 0
    line_start = text.rfind("\n", 0, first.start()) + 1
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    window = min(line_end, line_start + 600)
    m = _STRONG_OPENER.search(text, line_start, window)
    if m is not None and not _credit_before(text, line_start, m.start()):
        m = None  # a byline after paragraphs of prose opens a photo caption further down, not the story
    if m is None:  # a bare [매체] or credit opens the story only after sub-titles and a caption
        m = _OPENER.search(text, line_start, window)
        if m is not None and len(_PROSE_END.findall(text, line_start, m.start())) > 1:
            m = None
    if m is None:
        return 0
    end = max([m.end()] + [b for a, b in markers(text, line_start, line_end) if a <= m.start() < b])
    while True:  # a caption's own byline: the story's comes after the caption's credit
        nxt = _STRONG_OPENER.search(text, end, min(line_end, end + 500))
        if nxt is None or not _CAPTION_END.search(text, end, nxt.start()):
            break
        end = nxt.end()
    if _words(text, end, line_end) < _MIN_WORD_CHARS:
        return 0  # a byline at the end of the line is a signature, not an opening
    return strip_span(text, end, line_end)[0]


def _credit_before(text: str, line_start: int, at: int) -> bool:
    """What precedes a byline at ``at`` is sub-titles and a caption: at most one sentence of prose,
    or a caption ending in its credit right before the byline (``… 2024.12.19/뉴스1(서울=뉴스1)``)."""
    if len(_PROSE_END.findall(text, line_start, at)) <= 1:
        return True
    near = markers(text, max(line_start, at - 80), at)
    return bool(near) and near[-1][1] >= at - 2


def clean_sentence(text: str, span: Span) -> Span | None:
    """``span`` (a sentence of ``text``) trimmed to its story text, or ``None`` if it is only furniture.

    A leading byline, dateline, caption or credit is cut off (``(서울=연합뉴스) 최현석 기자 =
    삼성전자가…`` keeps ``삼성전자가…``), as is trailing furniture (``…밝혔다. hong@yna.co.kr``). A
    sentence before the story's opening byline (see :func:`lead_start`) is a sub-title or caption.
    Photo captions with their credit, e-mail and byline lines, copyright lines, ``재판매 및 DB 금지``,
    ``▶`` related-article links, ``[표]`` titles and hashtag lines give ``None``.
    """
    s, e = strip_span(text, *span)
    whole = (s, e)
    if e <= s or _LINK_LINE.search(text[s:e]):
        return None
    if _NOTICE.match(text[s:e]) and not _SENTENCE_END.search(text[s:e]):
        return None  # a copyright notice, not a story sentence opened by a credit
    lead = lead_start(text)
    if lead and s < lead and text.count("\n", s, lead) == 0:
        if e <= lead:
            return None
        s = lead
    if e <= s or _LINK_LINE.search(text[s:e]):
        return None
    tag = _LEAD_TAG.match(text, s, e)
    if tag:
        s = tag.end()
    figure = _FIGURE.match(text, s, e)
    found = markers(text, figure.end() if figure else s, e)
    if figure and not any(_words(text, b, nxt) >= _MIN_WORD_CHARS for (_, b), (nxt, _) in _gaps(found, e)):
        return None
    if figure:
        found = [(s, figure.end()), *found]
    if found:
        # the story is the text after the last piece of furniture, when there is any; else the text
        # before the first, when it reads as a sentence (a caption before its credit does not, nor
        # does one whose photo credit is followed by more of the article)
        after = [(b, nxt) for (_, b), (nxt, _) in _gaps(found, e)]
        story = next(((a, b) for a, b in reversed(after) if _words(text, a, b) >= _MIN_WORD_CHARS), None)
        if story is None:
            head = (s, found[0][0])
            credit = text[found[-1][0] : found[-1][1]]
            caption = ("사진" in credit or "제공" in credit) and _words(text, e, len(text)) > 0
            if (
                caption
                or _words(text, *head) < _MIN_WORD_CHARS
                or not _SENTENCE_END.search(text[head[0] : head[1]].rstrip(" ./"))
            ):
                return None
            story = head
        s, e = story
    s, e = strip_span(text, s, e)
    while s < e and text[s] in "/,.·=-|)]>":
        s += 1
    s, e = strip_span(text, s, e)
    if (s, e) != whole and (_words(text, s, e) < _MIN_WORD_CHARS or _LINK_LINE.search(text[s:e])):
        return None  # what is left after the furniture is a scrap
    return s, e


def _gaps(found: list[Span], end: int) -> list[tuple[Span, Span]]:
    """Each piece of furniture with the next one (or the sentence's end)."""
    return list(zip(found, [*found[1:], (end, end)], strict=True)) if found else []


def clean_spans(text: str, spans: list[Span]) -> list[Span]:
    """:func:`clean_sentence` over ``spans``, furniture dropped."""
    return [c for sp in spans if (c := clean_sentence(text, sp)) is not None]


def is_noise(line: str) -> bool:
    """True when ``line`` holds no story text at all (a credit, byline, copyright or link line)."""
    return clean_sentence(line, (0, len(line))) is None


_TAG_WORDS = r"(?:종합|속보|상보|단독|\d보|종합\s?\d보|1보|2보|3보|사진|영상|포토|인터뷰|르포|기획|이슈|칼럼)"
_TITLE_TAGS = (
    re.compile(r"^\s*(?:\[[^\[\]]{1,25}\]|【[^】]{1,25}】|<[^<>]{1,25}>)\s*"),
    re.compile(r"\s*(?:\[[^\[\]]{1,25}\]|【[^】]{1,25}】|\[[^\[\]]{1,25}$)\s*$"),
    re.compile(rf"\s*\(\s*{_TAG_WORDS}\s*\)\s*$"),
)


def strip_series_tag(title: str) -> str:
    """``title`` without its series or flash tags: ``[투자360] 삼성전자…`` and ``…급락 [마켓뷰]`` give the
    bare headline, as do ``[속보]``/``[단독]`` and a trailing ``(종합)``. A title that is only a tag
    stays as it is."""
    out = title.strip()
    changed = True
    while changed:
        changed = False
        for pat in _TITLE_TAGS:
            new = pat.sub("", out, count=1)
            if new != out and _WORD.search(new):
                out, changed = new.strip(), True
    return out


__all__ = ["clean_sentence", "clean_spans", "is_noise", "lead_start", "markers", "strip_series_tag"]
