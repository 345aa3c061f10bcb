"""English names of Korean companies find the Hangul names the briefings write (rag.romanize)."""

from datetime import date

import pytest

from rag.aliases import Aliases
from rag.romanize import NameFinder, sound_key
from rag.slots import parse_slots


@pytest.mark.parametrize(
    "latin, hangul",
    [
        ("Kiwoom", "키움"),  # oo for ㅜ, a glide
        ("Hyundai", "현대"),  # u for ㅓ, ai for ㅐ
        ("Shinhan", "신한"),  # sh for ㅅ
        ("Woori", "우리"),  # r for ㄹ
        ("Samsung", "삼성"),
        ("Hanwha", "한화"),  # wh
        ("Lotte", "롯데"),  # a final ㅅ sounds t
        ("Celltrion", "셀트리온"),  # the ㅡ a loanword inserts
        ("Meritz", "메리츠"),
        ("Daewoo", "대우"),
    ],
)
def test_company_spellings_sound_like_their_hangul(latin, hangul):
    assert sound_key(latin) == sound_key(hangul)


def test_different_names_sound_different():
    assert sound_key("Hana") != sound_key("한화")
    assert sound_key("Kia") != sound_key("키움")


NAMES = [
    "가람증권",
    "가람",
    "누리금융지주",
    "누리은행",
    "한결시스템",
    "dx건설",
    "대한항공",
    "한국투자증권",
    "보람",
    "보람제약",
    "한솔엔터프라이즈",
    "한설",
]


@pytest.mark.parametrize(
    "english, found",
    [
        ("Garam Securities", "가람증권"),
        ("Nuri Financial Group", "누리금융지주"),
        ("Nuri Bank", "누리은행"),
        ("Hangyeol Systems'", "한결시스템"),  # a plural possessive
        ("DX Engineering & Construction's", "dx건설"),  # an acronym as written, the rest translated
        ("Korean Air", "대한항공"),
        ("Korea Investment & Securities", "한국투자증권"),
        ("Garam", "가람"),
        ("Securities", None),  # corporate words alone name no company
        ("Boram Motors", "보람"),  # not in the briefings with its suffix: the name alone
        ("Hansol Enterprise", "한솔엔터프라이즈"),  # the whole name before a shorter one it holds
    ],
)
def test_english_names_find_briefing_names(english, found):
    assert NameFinder(NAMES).find(english.split()) == found


def test_a_sound_several_names_share_finds_none():
    assert sound_key("가람") == sound_key("카람")
    assert NameFinder(["가람", "카람"]).find(["Garam"]) is None
    assert NameFinder(["가람", "보람"]).find(["Garam"]) == "가람"


def test_an_english_question_gets_the_hangul_subject():
    finder = NameFinder(NAMES)
    slots = parse_slots(
        "How much operating profit did Garam Securities make in 2024?",
        Aliases(),
        [date(2025, 2, 5)],
        date(2025, 2, 9),
        finder=finder,
    )
    assert [s.name for s in slots.subjects] == ["가람증권"]
    slots = parse_slots(
        "What target price does Garam Securities have on Nuri Bank?",
        Aliases(),
        [],
        date(2025, 2, 9),
        finder=finder,
    )
    # both names found by sound; asked a target price, the brokerage is whose estimate, the bank whose price
    assert [s.name for s in slots.subjects] == ["누리은행"] and "가람증권" in slots.attributed
    assert slots.measures == ("목표주가",) and not slots.forecast  # a target price is not a forecast asked


def test_a_foreign_name_is_found_by_its_consonants_when_one_name_has_them():
    finder = NameFinder(["스포티파이", "팔란티어", "테슬라", "보람전자"])
    assert finder.find(["Spotify"]) == "스포티파이"  # fy is 파이
    assert finder.find(["Palantir"]) == "팔란티어"  # a final r is silent
    assert NameFinder(["알테젠", "보람"]).find(["Altegen"]) == "알테젠"  # an English soft g is ㅈ
    loanwords = NameFinder(["펄어비스", "넷마블", "데브시스터즈", "보람전자"])
    assert loanwords.find(["Pearl", "Abyss"]) == "펄어비스"  # two English words, one Hangul word
    assert loanwords.find(["Netmarble"]) == "넷마블"  # an r before a consonant is silent
    assert loanwords.find(["Devsisters"]) == "데브시스터즈"  # a final s may be 즈
    assert finder.find(["Tsl"]) is None  # three consonants match too many names
    assert NameFinder(["스포티파이", "스파타포"]).find(["Spotify"]) is None  # two names share them


def test_a_name_the_alias_file_knows_is_not_also_found_by_sound():
    finder = NameFinder([*NAMES, "가람금융지주"])
    slots = parse_slots(
        "What net income did Garam Financial Group report for 2024?",
        Aliases([["가람금융", "Garam Financial"]]),
        [date(2025, 2, 5)],
        date(2025, 2, 9),
        finder=finder,
    )
    assert [s.name for s in slots.subjects] == ["garamfinancial"]  # not 가람 as well


def test_a_misspelling_of_a_name_does_not_hide_the_name():
    """Real news misspells names ("키음증권" once beside "키움증권" hundreds of times): the name written
    far more often than the others of its sound is the one an English question means."""
    from rag.romanize import NameFinder

    counts = {"누리증권": 340, "누리중권": 2, "누래증권": 1}
    assert NameFinder(counts).find(["Nuri", "Securities"]) is None  # no counts: several, none chosen
    weighted = NameFinder(counts, lambda n: counts.get(n, 0))
    assert weighted.find(["Nuri", "Securities"]) == "누리증권"
    close = {"누리증권": 3, "누리중권": 2}  # as often: no name is the name
    assert NameFinder(close, lambda n: close.get(n, 0)).find(["Nuri", "Securities"]) is None


def test_a_short_name_is_the_one_briefing_name_it_shortens():
    weight = {"가온중공업": 50, "가온전자": 40, "lg가온건강": 20}
    finder = NameFinder(["가온중공업", "가온전자", "lg가온건강", "한빛"], lambda n: weight.get(n, 0))
    assert finder.abbreviated("가중") == "가온중공업"  # syllables of the name, in order, from the first
    assert finder.abbreviated("LG가건") == "lg가온건강"  # the Latin part as written
    assert finder.abbreviated("가온") is None  # two names, neither ten times as often
    assert finder.abbreviated("한빛") is None  # a name of the briefings is itself
    assert finder.abbreviated("중공") is None  # not from the first syllable
    slots = parse_slots(
        "가중 작년 영업이익은?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder
    )
    assert [(s.name, s.forms[0]) for s in slots.subjects] == [("가온중공업", "가중")]
    slots = parse_slots("작년 영업이익은?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder)
    assert all(s.name != "가온중공업" for s in slots.subjects)


def test_latin_initials_are_the_briefing_name_that_spells_them_in_hangul():
    """Companies named by initials are often written in Hangul letter names (엘앤에프, 씨에스윈드); a question
    that writes the initials, which the briefings rarely or never write, asks about that name."""
    weight = {"엘앤에프": 30, "씨에스윈드": 5, "에스케이": 1, "sk": 600}
    finder = NameFinder(
        ["엘앤에프", "씨에스윈드", "에이비전자", "비에이전자", "에스케이"], lambda n: weight.get(n, 0)
    )
    assert finder.lettered("L&F") == "엘앤에프"
    assert finder.lettered("CS윈드") == "씨에스윈드"  # the Hangul part as written
    assert finder.lettered("AB전자") == "에이비전자" and finder.lettered("BA전자") == "비에이전자"
    assert finder.lettered("LF") is None and finder.lettered("가온") is None  # no such name; no letter
    one_day = [date(2025, 2, 5)]
    for question, subject in (
        ("L&F 작년 영업손실은?", "엘앤에프"),
        ("CS윈드 4분기 영업이익은?", "씨에스윈드"),
    ):
        slots = parse_slots(question, Aliases([]), one_day, date(2025, 2, 6), {}, finder)
        assert [s.name for s in slots.subjects] == [subject], question
    # initials the briefings themselves write often are that name, not a Hangul spelling of it
    slots = parse_slots("SK 작년 영업이익은?", Aliases([]), one_day, date(2025, 2, 6), {}, finder)
    assert [s.name for s in slots.subjects] == ["sk"]


def test_a_groups_brokerage_is_not_its_carmaker_and_pharmaceutical_may_be_yakpum():
    """ "Hanbit Motor Securities" is the group's brokerage (한빛차증권), though the alias file knows "Hanbit
    Motor" as the carmaker; Korean drug makers end in 제약 or 약품 ("Hanbit Pharmaceutical" -> 한빛약품)."""
    finder = NameFinder(["한빛차증권", "한빛차", "한빛약품", "누리전자"])
    aliases = Aliases([["한빛차", "Hanbit Motor"]])
    days = [date(2025, 2, 5)]
    slots = parse_slots(
        "What is Hanbit Motor Securities' target price?", aliases, days, date(2025, 2, 9), finder=finder
    )
    assert [s.name for s in slots.subjects] == ["한빛차증권"]
    slots = parse_slots("What is Hanbit Motor's revenue?", aliases, days, date(2025, 2, 9), finder=finder)
    assert [s.name for s in slots.subjects] == ["hanbitmotor"]
    slots = parse_slots(
        "What was Hanbit Pharmaceutical's operating profit?", aliases, days, date(2025, 2, 9), finder=finder
    )
    assert [s.name for s in slots.subjects] == ["한빛약품"]
