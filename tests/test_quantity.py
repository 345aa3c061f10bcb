from rag.quantity import amount_score, asked_kinds, stated_kinds


def test_asked_kinds():
    assert asked_kinds("넷플릭스 주가는 첫날 얼마에 마감했나?")[0] == "money"
    assert asked_kinds("삼성전자 주가는 몇 % 올랐나?") == ["percent"]
    assert asked_kinds("40년 만기 채권 금리는?")[0] == "percent"
    # a reason is no amount, though the question names a rate; unless it asks one too
    assert asked_kinds("연준 이사가 금리 인하를 지지한 이유는?") == []
    assert asked_kinds("Why did the Fed cut rates?") == []
    assert asked_kinds("금리를 얼마나 내렸고 그 이유는?") != []
    assert asked_kinds("테슬라 10월 출하량은 몇 대인가?")[0] == "count"
    assert asked_kinds("OPEC+가 증산을 멈추는 시기는?")[0] == "time"
    assert asked_kinds("How many cars did Tesla ship?")[0] == "count"
    assert asked_kinds("EU가 외국인 투자자에게 요구하는 건?") == []


def test_stated_kinds_and_score():
    s = "넷플릭스 주가는 17일 2.4% 오른 113.8달러에 거래를 마쳤습니다."
    assert stated_kinds(s) == {"money", "percent", "time"}
    assert stated_kinds("출하량은 4만 1,300대입니다.") == {"count"}
    assert stated_kinds("시장 예상을 웃돌았습니다.") == set()
    assert amount_score(["money"], {"percent"}) == 0.25
    assert amount_score(["money", "percent"], {"percent"}) == 0.75
    assert amount_score(["percent"], {"percent", "money"}) == 1.0
    assert amount_score([], {"money"}) == 0.0 and amount_score(["money"], set()) == 0.0


def test_a_number_in_groups_with_some_more_is_an_amount():
    assert stated_kinds("기관 1만1천여 곳을 고객으로 둔다.") == {"count"}  # 1만1천, and 여: some more
    assert stated_kinds("매출은 3,512억 대만달러다.") == {"money"}  # 대만달러 is no 대 of cars
