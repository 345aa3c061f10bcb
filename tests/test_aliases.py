from pathlib import Path

import pytest

from rag.aliases import Aliases, learn_pairs, load_aliases, mentions
from rag.errors import ConfigError
from rag.korean import analyze

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ("메타는 회사채를 발행했다", "메타", True),
        ("메타의 채권", "메타", True),
        ("메타버스 사업을 접었다", "메타", False),  # a longer word is another name
        ("Meta는 채권을", "meta", True),  # Latin names run into Hangul particles
        ("Metaverse plans", "Meta", False),
        ("100ms 지연", "MS", False),
        ("MS와 오픈AI", "MS", True),
        ("금리는 올랐다", "금", False),
        ("현대차그룹은", "현대차", False),
        ("삼성전자(005930)는", "삼성전자", True),
        ("S&P500 지수", "S&P 500", True),  # a name written with a space matches without it
        ("美 증시", "美", True),
        ("현대차에서의 판매", "현대차", True),  # stacked particles
        ("업계에 따르면NH투자증권은", "NH투자증권", True),  # a Latin name glued after Hangul (crawl artefact)
        ("삼성전자의", "전자", False),  # (a Hangul one is part of the word before it)
    ],
)
def test_mentions_is_whole_word(text, name, expected):
    assert mentions(text, name) is expected


def test_groups_merge_and_keep_the_first_name_canonical():
    a = Aliases([["삼성전자", "삼전"], ["Samsung Electronics", "삼성전자"]])
    assert a.canonical("삼전") == "삼성전자"
    assert set(a.forms("Samsung Electronics")) == {"Samsung Electronics", "삼성전자", "삼전"}
    assert a.keys("삼전") == {"삼성전자", "삼전", "samsungelectronics"}
    assert not a.known("하이닉스")
    assert a.forms("하이닉스") == ("하이닉스",)


def test_shipped_alias_file_loads_and_knows_short_names():
    a = load_aliases(REPO / "data" / "aliases.yaml")
    for short, full in [
        ("삼전", "삼성전자"),
        ("현대차", "현대자동차"),
        ("LG엔솔", "LG에너지솔루션"),
        ("Nvidia", "엔비디아"),
        ("삼성운용", "삼성자산운용"),
        ("Walmart", "월마트"),  # large foreign companies by their English names
        ("Goldman Sachs", "골드만삭스"),
    ]:
        assert a.canonical(short) == full
    assert a.found_in("삼전 4분기 영업이익은?") == ["삼전"]


def test_shipped_alias_file_names_the_config_key_that_points_at_it():
    from rag.config import load_config

    header = (REPO / "data" / "aliases.yaml").read_text(encoding="utf-8")
    assert "`paths.aliases`" in header and "RAG__PATHS__ALIASES" in header
    assert load_config(REPO / "config.yaml").paths.aliases.name == "aliases.yaml"


def test_bad_alias_files_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_aliases(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("삼성전자: 삼전\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="list of names"):
        load_aliases(bad)


def test_parenthetical_pairs_are_learned_from_text():
    text = "미래모터스(Mirae Motors)는 회사채를 냈다. 매출(revenue)은 늘었다."
    pairs = learn_pairs(text, set(analyze(text).names))
    assert ("미래모터스", "Mirae Motors") in pairs
    assert all(a != "매출" for a, _ in pairs)  # a common noun is not a name


def test_a_former_name_in_parentheses_is_learned_in_any_script():
    text = "ZX증권(옛 한빛투자증권) 대표가 기소됐다. ZX증권은 해명했다. ZX전자(구 회사)는 아니다."
    pairs = learn_pairs(text, set(analyze(text).names))
    assert ("ZX증권", "한빛투자증권") in pairs
    assert all(b != "회사" for _, b in pairs)  # a common noun is no former name


def test_analyze_finds_names_and_the_clause_subject():
    a = analyze("ZX전자(123456)는 3분기 매출이 늘었고 미래모터스와 경쟁한다.")
    assert "zx전자" in a.names and "미래모터스" in a.names
    assert "zx전자" in a.subjects and "미래모터스" not in a.subjects
    b = analyze("엔비디아 주가가 3% 하락했다.")
    assert b.subjects == ("엔비디아",)  # a name leading the subject noun phrase


def test_forms_follow_groups_joined_after_they_were_asked():
    a = Aliases([["한빛자동차", "한빛차"], ["Hanbit Motor"]])
    assert a.forms("한빛차") == ("한빛차", "한빛자동차")
    a.add(["한빛차", "Hanbit Motor"])  # a later pair joins the groups: the forms asked before are stale
    assert set(a.forms("한빛차")) == {"한빛차", "한빛자동차", "Hanbit Motor"}
    merged = a.merged([["Hanbit Motor", "HBM"]])
    assert "HBM" in merged.forms("한빛자동차") and "HBM" not in a.forms("한빛자동차")


def test_keys_follow_groups_joined_after_they_were_asked():
    # keys() is memoised (the answerer asks it per sentence): a later pair must still reach it
    a = Aliases([["한빛자동차", "한빛차"], ["Hanbit Motor"]])
    assert a.keys("한빛차") == {"한빛차", "한빛자동차"}
    a.add(["한빛차", "Hanbit Motor"])
    assert a.keys("한빛차") == {"한빛차", "한빛자동차", "hanbitmotor"}
    merged = a.merged([["Hanbit Motor", "HBM"]])
    assert "hbm" in merged.keys("한빛차") and "hbm" not in a.keys("한빛차")


def test_the_shipped_file_knows_central_banks_by_the_words_news_describes_them_with():
    from pathlib import Path

    from rag.aliases import load_aliases

    aliases = load_aliases(Path(__file__).resolve().parents[1] / "data" / "aliases.yaml")
    assert "연준" in aliases.keys("미국 중앙은행") and "일본은행" in aliases.keys("일본 중앙은행")
    assert "상하이" in aliases.keys("Shanghai") and "유럽" in aliases.keys("Europe")


def test_the_shipped_file_has_no_ticker_that_is_an_everyday_english_word():
    """Matching ignores case: a ticker such as SPOT or COST would make "gold spot ETF" or "What does it
    cost" ask about Spotify or Costco."""
    from pathlib import Path

    from rag.aliases import load_aliases

    aliases = load_aliases(Path(__file__).resolve().parents[1] / "data" / "aliases.yaml")
    for word in ("spot", "cost", "coin", "hood", "shop", "now", "gold", "bid", "book", "crm", "apr"):
        assert not aliases.known(word), word
    assert "스포티파이" in aliases.keys("Spotify")


def test_the_shipped_file_knows_listed_companies_english_names_and_foreign_companies_hangul():
    """The README's promise: large Korean listed companies by their English names, large foreign ones by
    the Hangul news writes."""
    from pathlib import Path

    from rag.aliases import load_aliases

    aliases = load_aliases(Path(__file__).resolve().parents[1] / "data" / "aliases.yaml")
    assert "코웨이" in aliases.keys("Coway") and "리노공업" in aliases.keys("Leeno Industrial")
    assert "팬오션" in aliases.keys("Pan Ocean") and "한국전력" in aliases.keys("KEPCO")
    assert "허쉬" in aliases.keys("Hershey") and "로얄캐리비안" in aliases.keys("Royal Caribbean")
