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
        ("Leeno", "리노"),  # ee for ㅣ
        ("Heesung", "희성"),
    ],
)
def test_company_spellings_sound_like_their_hangul(latin, hangul):
    assert sound_key(latin) == sound_key(hangul)


def test_different_names_sound_different():
    assert sound_key("Hana") != sound_key("한화")
    assert sound_key("Kia") != sound_key("키움")


NAMES = [
    "다온공업",
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
    "가온엔씨켐",
    "누리전기",
    "보람테라퓨틱",
    "이수가람",
    "누리",
    "누리헬스케어",
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
        ("Gaon NC Chem's", "가온엔씨켐"),  # initials the briefings spell in Hangul letter names
        ("Nuri Electro-Mechanics'", "누리전기"),
        ("Boram Therapeutics", "보람테라퓨틱"),
        ("ISU Garam", "이수가람"),  # capitals read as a word
        ("Nuri Healthcare", "누리헬스케어"),  # the group's company, not the group
        ("Daon Industrial", "다온공업"),  # Industrial: 공업 as well as 산업
    ],
)
def test_english_names_find_briefing_names(english, found):
    assert NameFinder(NAMES).find(english.split()) == found


def test_initials_as_written_come_before_their_hangul_letter_names():
    both = NameFinder(["dx건설", "디엑스건설", "가온엔씨켐"])
    assert both.find("DX Engineering & Construction".split()) == "dx건설"  # not two names: none
    assert both.find("Gaon NC Chem".split()) == "가온엔씨켐"


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
    assert NameFinder(["스파타포", "스포타포"]).find(["Spotify"]) is None  # two names share them
    assert NameFinder(["스포티파이", "스파타포"]).find(["Spotify"]) == "스포티파이"  # its vowels tell
    # of names with its consonants, the one whose vowels sound like it too, whichever is written more
    weights = {"클러스터": 14, "글래스도어": 3, "그레이스타": 1}
    sounds = NameFinder(list(weights), weight=weights.__getitem__)
    assert sounds.find(["Greystar"]) == "그레이스타"
    assert NameFinder(["클러스터", "글래스도어"]).find(["Greystar"]) is None  # none sounds like it


def test_english_spellings_a_hangul_loanword_reads_otherwise():
    names = NameFinder(["라인메탈", "누리메탈", "셈텍", "세미텍스", "업스타트", "포스트", "부스터"])
    assert names.find(["Rheinmetall"]) == "라인메탈"  # rh is r: not silent before the h
    assert names.find(["Semtech"]) == "셈텍"  # ch may be ㅋ
    # three consonants (PST) are shared by many names; the whole sound with its vowels names one
    assert names.find(["Upstart"]) == "업스타트"
    assert NameFinder(["포스트", "부스터"]).find(["Upstart"]) is None
    # a word's final re is 어, the r unsaid
    assert NameFinder(["코어사이언티픽", "사이언스"]).find(["Core", "Scientific"]) == "코어사이언티픽"


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
    rare = {"가뱅": 1, "가온뱅크": 48}  # the briefings write the short name once, the full one 48 times
    assert NameFinder(list(rare), lambda n: rare[n]).abbreviated("가뱅") == "가온뱅크"
    common = {"가뱅": 10, "가온뱅크": 48}  # … or a name of their own
    assert NameFinder(list(common), lambda n: common[n]).abbreviated("가뱅") is None
    written = {
        "한빛엘리베이터": 4,
        "한빛엘리베이": 1,
        "가온인터내셔널": 2,
        "누리바이오팜": 30,
        "누리바이오팜어닝": 1,
    }
    pieces = NameFinder(list(written), lambda n: written[n])
    assert pieces.abbreviated("한빛엘베") == "한빛엘리베이터"  # a crawl's piece of it is no other name
    assert pieces.abbreviated("누리바팜") == "누리바이오팜"  # nor a longer word Kiwi joined to it
    assert (
        pieces.abbreviated("가온인터") == "가온인터내셔널"
        and pieces.abbreviated("가온인터내") == "가온인터내셔널"
    )
    slots = parse_slots(
        "가중 작년 영업이익은?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder
    )
    assert [(s.name, s.forms[0]) for s in slots.subjects] == [("가온중공업", "가중")]
    slots = parse_slots("작년 영업이익은?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder)
    assert all(s.name != "가온중공업" for s in slots.subjects)


def test_a_company_named_without_its_group_is_the_briefing_name_with_it():
    """Korean readers drop a group's name ("글로비스" for 현대글로비스, "에어로스페이스" for 한화에어로스페이스):
    a question's proper noun is the one briefing name that is a group's name and it, when the briefings
    write that name at least twice as often as the word alone; a common noun (전자) is never read so."""
    weight = {
        "가온": 90,
        "가온글로브": 14,
        "글로브": 6,
        "한빛": 50,
        "한빛로템": 40,
        "lg로템": 5,
        "로템": 1,
        "가온누리": 2,
        "누리": 80,
        "다온": 30,
        "다온전자": 900,
        "전자": 100,
    }
    finder = NameFinder(list(weight), lambda n: weight.get(n, 0))
    assert finder.grouped("글로브") == "가온글로브"  # written alone too, but less than half as often
    assert finder.grouped("로템") is None  # 한빛로템 and LG로템: neither ten times as often
    assert finder.grouped("누리") is None  # written alone far more often: a name of its own
    assert finder.grouped("가") is None and finder.grouped("Nuri") is None  # one syllable; not Hangul
    one_day = [date(2025, 2, 5)]

    def subjects(question: str) -> list[tuple[str, str]]:
        slots = parse_slots(question, Aliases([]), one_day, date(2025, 2, 6), {}, finder)
        return [(s.name, s.forms[0]) for s in slots.subjects]

    assert subjects("글로브 작년 영업이익은?") == [("가온글로브", "글로브")]
    assert finder.grouped("전자") == "다온전자"
    # a headline word, yet Kiwi reads it as a common noun in the question
    headlines = {"전자": 2, "글로브": 2, "가온": 40, "다온": 40}
    slots = parse_slots("전자 작년 영업이익은?", Aliases([]), one_day, date(2025, 2, 6), headlines, finder)
    assert all(s.name != "다온전자" for s in slots.subjects)


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
    # initials read as the word they shorten: "ENG" is 엔지니어링 in a company's name
    assert NameFinder(["누리엔지니어링", "가온전자"]).lettered("누리ENG") == "누리엔지니어링"
    assert NameFinder(["누리엔지니어링", "누리이엔지"]).lettered("누리ENG") is None  # (either reading)
    one_day = [date(2025, 2, 5)]
    for question, subject in (
        ("L&F 작년 영업손실은?", "엘앤에프"),
        ("CS윈드 4분기 영업이익은?", "씨에스윈드"),
    ):
        slots = parse_slots(question, Aliases([]), one_day, date(2025, 2, 6), {}, finder)
        assert [s.name for s in slots.subjects] == [subject], question
    # a name the briefings write with its initials stays theirs, whichever it is read as (the word index
    # counts only its Latin and Hangul parts apart: written 0 times as one word)
    mixed = NameFinder(["hd현대", "에이치디현대"], lambda n: {"에이치디현대": 1}.get(n, 0))
    slots = parse_slots("HD현대 작년 영업이익은?", Aliases([]), one_day, date(2025, 2, 6), {}, mixed)
    assert [s.keys for s in slots.subjects] == [{"hd현대", "에이치디현대"}]
    # a name the briefings write both ways is either ("누리SDS" 10 times, "누리에스디에스" 7): the sentence
    # that answers may use the other
    both = NameFinder(["누리sds", "누리에스디에스"], lambda n: {"누리sds": 10, "누리에스디에스": 7}[n])
    slots = parse_slots("누리SDS 2023년 영업이익은?", Aliases([]), one_day, date(2025, 2, 6), {}, both)
    assert [s.keys for s in slots.subjects] == [{"누리sds", "누리에스디에스"}]
    rare = NameFinder(["is동서", "아이에스동서"], lambda n: 1)  # (written as rarely: spelled, and kept)
    slots = parse_slots("IS동서 작년 영업이익은?", Aliases([]), one_day, date(2025, 2, 6), {}, rare)
    assert [s.keys for s in slots.subjects] == [{"is동서", "아이에스동서"}]
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


def test_a_run_of_english_words_one_sound_off_its_name_is_still_that_name():
    # "Fuel" sounds POEL, 퓨얼 POL: the one name a sound away, starting as the first word does
    finder = NameFinder(["두산퓨얼셀", "두산", "두산밥캣"])
    assert finder.find(["Doosan", "Fuel", "Cell"]) == "두산퓨얼셀"
    assert NameFinder(["두산퓨얼셀", "두산푸얼셀"]).find(["Doosan", "Fuel", "Cell"]) is None  # two are
    assert NameFinder(["가람퓨얼셀"]).find(["Doosan", "Fuel", "Cell"]) is None  # not as its first word
    # a glossary phrase: "Fine Chemical" is 정밀화학
    assert NameFinder(["롯데정밀화학", "롯데"]).find(["Lotte", "Fine", "Chemical"]) == "롯데정밀화학"


def test_the_nearest_sounding_name_written_most_is_the_loanword():
    # "PearlAbyss": 펄어비스 is nearest in sound (though not one sound off) and written 13 times, beside
    # Kiwi fragments of the same consonants written once or twice
    weights = {"펄어비스": 13, "밸류업수혜": 2, "아바랩스": 1}
    finder = NameFinder(list(weights), weight=weights.__getitem__)
    assert finder.find(["Pearl", "Abyss"]) == "펄어비스"
    even = {"펄어비스": 3, "밸류업수혜": 2, "아바랩스": 1}
    assert NameFinder(list(even), weight=even.__getitem__).find(["Pearl", "Abyss"]) is None  # not by far


def test_a_long_name_one_letter_off_the_one_the_briefings_write_is_that_name():
    # "누리블류게임즈" asked (written once), the briefings write 누리블유게임즈 in 7 chunks: either is it
    weights = {"누리블류게임즈": 1, "누리블유게임즈": 7, "한빛": 40, "한빗": 1}
    finder = NameFinder(list(weights), weight=lambda n: weights.get(n, 0))
    assert finder.respelled("누리블류게임즈") == "누리블유게임즈"
    slots = parse_slots(
        "누리블류게임즈 1분기 영업이익은?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder
    )
    assert [s.keys for s in slots.subjects] == [{"누리블류게임즈", "누리블유게임즈"}]
    assert finder.respelled("한빗") is None  # a short name one letter off is another name
    assert finder.respelled("누리블유게임즈") is None  # the usual spelling is no one's misspelling
    few = {"누리블류게임즈": 1, "누리블유게임즈": 3}
    assert (
        NameFinder(list(few), weight=lambda n: few.get(n, 0)).respelled("누리블류게임즈") is None
    )  # not by far
    two = {"누리블류게임즈": 1, "누리블유게임즈": 7, "누리블루게임즈": 7}
    assert (
        NameFinder(list(two), weight=lambda n: two.get(n, 0)).respelled("누리블류게임즈") is None
    )  # which one?


def test_a_name_in_latin_initials_spelled_out_in_hangul_is_that_name():
    finder = NameFinder(["kt&g", "cs윈드", "lg", "에쓰오일"])
    assert finder.unlettered("케이티앤지") == "kt&g"  # the letters' Korean names, & as 앤
    assert finder.unlettered("씨에스윈드") == "cs윈드"  # initials, then the Hangul rest
    assert finder.unlettered("에스케이") is None  # no such name in the briefings
    assert finder.unlettered("에쓰오일") is None  # a name the briefings write as it is
    ending = NameFinder(["가온스페이스x", "누리랩"])
    assert ending.unlettered("가온스페이스엑스") == "가온스페이스x"  # Hangul, then the letters' names
    assert ending.unlettered("누리랩엑스") is None  # no such name
    slots = parse_slots(
        "가온스페이스엑스 기업가치는?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, ending
    )  # (as the question writes it, the name is no qualifier a sentence must write too)
    assert [s.name for s in slots.subjects] == ["가온스페이스x"] and not slots.qualifiers
    letters = NameFinder(["가온e&a"])
    slots = parse_slots(
        "가온이앤에이 작년 4분기 영업이익은?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, letters
    )
    assert [s.name for s in slots.subjects] == ["가온e&a"]  # (이 is no particle here)
    glued = NameFinder(["가온e&a", "가온리테일", "ibk투자증권", "ibk투자증권이건재"])  # a name Kiwi glued
    slots = parse_slots(
        "IBK투자증권이 제시한 가온리테일 목표주가는?",
        Aliases([]),
        [date(2025, 2, 5)],
        date(2025, 2, 6),
        {},
        glued,
    )
    assert "ibk투자증권이건재" not in [
        s.name for s in slots.subjects
    ]  # the whole word is read as letters only
    slots = parse_slots(
        "케이티앤지 주주환원 총액은?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder
    )
    assert [s.name for s in slots.subjects] == ["kt&g"] and slots.measures[0] == "주주환원"


def test_an_english_name_is_heard_among_the_names_of_the_stories_a_question_retrieved():
    from rag.romanize import heard_as

    stories = ["누리커스아웃도어", "가온", "한빛증권", "다온클론", "에르메스", "글래스도어", "그레이스타"]
    assert heard_as("Nurikers", stories) == "누리커스아웃도어"  # the start of a longer name, r silent
    assert heard_as("DaonClon", stories) == "다온클론"  # two sounds off a long name
    assert heard_as("Hermes", stories) == "에르메스"  # an h that is not sounded
    assert heard_as("Greystar", stories) == "그레이스타"
    assert heard_as("December", stories) is None  # nothing sounds like it
    assert heard_as("Nurikers", ["누리커스아웃도어", "누리커스홀딩스"]) is None  # two sound alike


def test_an_acronym_glossing_the_words_before_it_is_no_name():
    finder = NameFinder(["얼", "누리전자", "나브"])
    assert finder.find(["ORR"]) == "얼"  # (the word alone could be read as a name)
    q = "What objective response rate (ORR) did Nuri Electronics report?"
    slots = parse_slots(
        q, Aliases([["누리전자", "Nuri Electronics"]]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder
    )
    assert [s.name for s in slots.subjects] == ["nurielectronics"]


def test_a_latin_name_a_korean_question_writes_is_read_whole():
    finder = NameFinder(["매그나칩", "풉", "팝마트"])
    assert finder.as_written(["MagnaChip"]) == "매그나칩"  # one loanword
    assert finder.as_written(["Pop", "Mart"]) is None  # (too few consonants to tell by sound alone) …
    assert finder.find(["Pop", "Mart"]) == "풉"  # … and never a name of a part of it, as find() may give
    slots = parse_slots(
        "MagnaChip 현재 시가총액은?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder
    )
    assert [s.name for s in slots.subjects] == ["매그나칩"]


def test_a_word_the_briefings_write_often_and_never_tag_a_name_names_no_company():
    written = {"상장": 1617, "누리솔루션": 12, "한빗": 2}
    tagged = {"누리솔루션": 12, "한빗": 0}
    finder = NameFinder(list(written), lambda n: written.get(n, 0), lambda n: tagged.get(n, 0))
    assert finder.never_a_name("상장") and not finder.never_a_name("누리솔루션")
    assert not finder.never_a_name("한빗")  # written too rarely to tell
    assert not NameFinder(list(written), lambda n: written.get(n, 0)).never_a_name("상장")  # no tag counts
    q = "상장 재도전에 나선 이차전지 드라이룸 전문기업의 희망 공모가 밴드는?"
    # (a question's first word that headlines write, rarely among all their words, is tried as a name)
    headlines = {"상장": 68, **{f"단어{i}": 1 for i in range(5000)}}
    slots = parse_slots(q, Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), headlines, finder)
    assert "상장" not in [s.name for s in slots.subjects]


def test_a_run_of_english_words_may_be_its_first_word_in_hangul_and_months_name_no_one():
    finder = NameFinder(["칼메인", "가람"])
    assert finder.find(["Cal-Maine", "Foods"]) == "칼메인"  # a corporate word the Hangul name leaves out
    q = "How much revenue did Cal-Maine Foods report for the September-November quarter?"
    slots = parse_slots(q, Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6), {}, finder)
    assert [s.name for s in slots.subjects] == ["칼메인"]  # and "September-November" is a period
    # (a name that starts as a month's short form does is no month: "Deckers", "Marvell", "Junction")
    slots = parse_slots(
        "What price target did UBS set for Deckers?", Aliases([]), [date(2025, 2, 5)], date(2025, 2, 6)
    )
    assert "deckers" in [s.name for s in slots.subjects]


def test_a_name_heard_among_longer_writings_of_it_is_the_name():
    from rag.romanize import heard_as

    assert heard_as("Cal-Maine", ["칼메인", "칼메인푸드", "가람"]) == "칼메인"
    assert heard_as("Cal-Maine", ["칼메인", "갈메인"]) is None  # two names, not one name written two ways


def test_two_names_the_tagger_glued_with_a_particle_are_no_name_a_short_one_shortens():
    finder = NameFinder(["녹십자웰빙이nh투자증권", "현대중공업"])
    assert finder.abbreviated("녹십자웰빙") is None
    assert finder.abbreviated("현중") == "현대중공업"


def test_an_index_asked_by_its_name_is_also_the_name_with_its_count_of_stocks():
    """ "DAX 지수" asked: the briefings write "DAX30 지수" (and "CAC40"), one index however written; a short
    name ("LG") or a longer number ("DAX3000") is not one."""
    finder = NameFinder(["dax30", "cac40", "lg2", "dax3000", "가람증권"])
    assert finder.sized("dax") == ["dax30"] and finder.sized("cac") == ["cac40"]
    assert finder.sized("lg") == [] and finder.sized("가람") == []
    slots = parse_slots("독일 DAX 지수는 얼마에 마감했어?", Aliases(), [], date(2025, 2, 18), finder=finder)
    (dax,) = slots.subjects
    assert "dax30" in dax.keys and "dax30" in dax.forms


def test_a_run_of_capitalised_words_read_as_one_loanword_outranks_a_name_of_its_first_word():
    # "Bain Capital": 베인캐피탈 (its misspelling 베인케피탈 one letter off, written less, is the same name),
    # not 벤, which "Bain" alone sounds like
    weights = {"베인캐피탈": 9, "베인케피탈": 2, "애비뉴캐피탈": 1, "벤": 3}
    finder = NameFinder(list(weights), weight=weights.__getitem__)
    assert finder.find(["Bain", "Capital"]) == "베인캐피탈"
    assert finder.find(["Bain"]) == "벤"
    # (two short names one letter apart are two companies: Semtech is 셈텍, however often 심텍 is written)
    short = {"셈텍": 3, "심텍": 20}
    assert NameFinder(list(short), weight=short.__getitem__).find(["Semtech"]) != "심텍"
