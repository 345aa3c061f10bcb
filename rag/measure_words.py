"""The measure vocabulary of rag.measures: each measure's surface forms (Korean and English), the units
its figures take, and how specific it is. Domain words only; no company names.

A user adds a measure (or a form of one) here; ``rag.measures`` builds its matcher from this table.
"""

from __future__ import annotations

from .units import COUNT_UNITS, FX_UNITS, MONEY_UNITS, PERCENT_UNITS, PHYSICAL_UNITS, RATE_UNITS

_MONEY = MONEY_UNITS
_RATE = RATE_UNITS
_PCT = PERCENT_UNITS
_VOLUME = (COUNT_UNITS - {"위", "배", "차", "회", "차례", "번", "번째"}) | PHYSICAL_UNITS
_CHANGE = _MONEY | _RATE | _VOLUME | frozenset({"포인트", "배"})

# canonical, tier (0: a change, 1: a specific measure, 2: a generic one), units, "form|form|…"
MEASURE_TABLE: tuple[tuple[str, int, frozenset[str], str], ...] = (
    ("매출", 1, _MONEY, "매출|매출액|revenue|revenues|sales|net sales"),
    ("매출원가", 1, _MONEY, "매출원가|cost of sales|cost of revenue"),
    ("매출채권", 1, _MONEY, "매출채권|외상매출금|receivables|accounts receivable"),
    ("매출총이익", 1, _MONEY, "매출총이익|매출 총이익|gross profit"),
    ("매출총이익률", 1, _PCT, "매출총이익률|총이익률|gross margin|gross margins"),
    ("영업이익", 1, _MONEY, "영업이익|영업익|영업 이익|operating profit|operating income"),
    ("영업이익률", 1, _PCT, "영업이익률|영업익률|operating margin"),
    ("영업손실", 1, _MONEY, "영업손실|영업적자|operating loss"),
    ("순이익", 1, _MONEY, "순이익|당기순이익|순익|net income|net profit|net earnings|earn|earned|earns"),
    ("순이익률", 1, _PCT, "순이익률|net margin"),
    ("주당순이익", 1, _MONEY, "주당순이익|주당 순이익|EPS|earnings per share"),
    ("순손실", 1, _MONEY, "순손실|당기순손실|순적자|net loss"),
    (
        "충전이익",
        1,
        _MONEY,
        "충당금적립전영업이익|충당금적립전이익|충전이익|pre-provision profit|pre-provision operating profit",
    ),
    ("세전이익", 1, _MONEY, "세전이익|세전 이익|pretax profit|pre-tax profit"),
    ("EBITDA", 1, _MONEY, "EBITDA|에비타"),
    ("이익", 2, _MONEY, "이익|profit|profits|earnings"),
    ("손실", 1, _MONEY, "손실|손실액|손해|적자|loss|losses|writedown"),
    (
        "시가총액",
        1,
        _MONEY,
        "시가총액|시총|market cap|market capitalization|market capitalisation|market value",
    ),
    ("주가", 1, _MONEY | {""}, "주가|share price|stock price"),
    # what investors hold of a stock or a fund ("국내 투자자 보유액", 예탁결제원's 보관액), not what they bought
    ("보유액", 1, _MONEY, "보유액|보유 금액|보유금액|보유 규모|보관액|보관금액|보관 금액|보관 규모|holdings"),
    # the close of whatever the sentence prices (a share, an index, a currency, a yield)
    ("종가", 2, _MONEY | FX_UNITS | {"", "포인트"}, "종가|마감가|closing price|closed at"),
    ("목표주가", 1, _MONEY, "목표주가|목표 주가|목표가|적정주가|적정 주가|target price|price target"),
    # the price at which a convertible bond turns into shares (refixed as the share price falls)
    ("전환가액", 1, _MONEY, "전환가액|전환가격|conversion price"),
    # (and the band an IPO offers its shares in before the price is set: "희망 공모가 범위", "희망공모밴드")
    (
        "공모가",
        1,
        _MONEY,
        "공모가|공모가격|희망 공모가|희망공모가|공모 희망가|공모희망가|희망가액|희망공모 범위|희망공모범위"
        "|희망공모밴드|희망공모 밴드|공모밴드|희망 밴드|희망밴드|IPO price|offer price",
    ),
    ("지수", 2, frozenset({"", "포인트"}), "지수|주가지수|index"),
    ("환율", 1, _MONEY | FX_UNITS | {""}, "환율|달러당|exchange rate|exchange rates"),
    ("금리", 1, _RATE, "금리|이자율|이율|interest rate|interest rates|coupon|borrowing costs|rate|rates"),
    (
        "기준금리",
        1,
        _RATE,
        "기준금리|기준 금리|정책금리|policy rate|benchmark rate|base rate|key rate|federal funds rate|fed funds rate",
    ),
    ("가산금리", 1, _RATE, "가산금리|스프레드|spread|spreads"),
    ("수익률", 1, _RATE, "수익률|수익율|yield|yields|return|returns"),
    ("배당수익률", 1, _PCT, "배당수익률|시가배당률|dividend yield"),
    ("배당성향", 1, _PCT, "배당성향|payout ratio"),
    ("배당", 1, _MONEY, "배당|배당금|주당배당금|현금배당|dividend|dividends|DPS"),
    ("반응률", 1, _PCT, "반응률|객관적 반응률|객관적반응률|ORR|objective response rate|response rate"),
    ("주주환원", 1, _MONEY, "주주환원|주주환원액|주주 환원|shareholder return|shareholder returns"),
    ("인상폭", 0, _RATE | _MONEY, "인상 폭|인상폭|인상률|hike|rate hike"),
    ("인하폭", 0, _RATE | _MONEY, "인하 폭|인하폭|인하율|rate cut"),
    ("상승폭", 0, _CHANGE, "상승 폭|상승폭|상승률|오름폭|증가율|증가 폭|증가폭|gain|gains|growth|increase"),
    ("하락폭", 0, _CHANGE, "하락 폭|하락폭|하락률|낙폭|감소율|감소 폭|감소폭|decline|drop"),
    ("성장률", 1, _PCT, "성장률|경제성장률|growth rate|GDP growth"),
    ("물가", 1, _PCT, "물가|물가상승률|소비자물가|인플레이션|CPI|PCE|inflation"),
    ("실업률", 1, _PCT, "실업률|unemployment rate|jobless rate"),
    ("점유율", 1, _PCT, "점유율|시장점유율|시장 점유율|market share"),
    ("비중", 1, _PCT, "비중|비율|weight|weighting|proportion|share of"),
    ("확률", 1, _PCT, "확률|가능성|probability|odds|chance"),
    ("지분율", 1, _PCT | {"주"}, "지분율|지분|stake"),
    ("부채비율", 1, _PCT, "부채비율|빚 비율|debt ratio|debt-to-equity"),
    (
        "자사주",
        1,
        _MONEY | {"주"},
        "자사주|자기주식|자기 주식|자사주 매입|자기 회사 주식|buyback|buybacks|share repurchase|share repurchases",
    ),
    ("부채", 1, _MONEY, "부채|채무|빚|debt|liabilities|borrowings"),
    (
        "유입액",
        1,
        _MONEY,
        "유입액|순유입|유입|들어온|들어왔|몰렸|몰린|몰려|inflow|inflows|net inflow|net inflows",
    ),
    (
        "유출액",
        1,
        _MONEY,
        "유출액|순유출|유출|빠져나간|빠져나갔|인출|환매|outflow|outflows|net outflow|net outflows",
    ),
    (
        "발행액",
        1,
        _MONEY | {"주"},
        "발행 규모|발행규모|발행액|발행 금액|발행금액|발행|issuance|issue size|bond sale|offering",
    ),
    (
        "조달액",
        1,
        _MONEY,
        "조달액|조달 규모|조달|공모금|공모금액|공모 금액|공모 규모|공모규모|공모자금|raise|raised|raising|funding",
    ),
    ("관세율", 1, _PCT, "관세율|tariff rate|tariff rates"),
    ("관세", 1, _MONEY | _PCT, "관세|상호관세|관세 부담|tariff|tariffs|duty|duties"),
    ("판매량", 1, _VOLUME, "판매량|판매 대수|판매대수|판매|팔린|팔아|팔았|팔렸|sales volume|units sold|sold"),
    ("출하량", 1, _VOLUME, "출하량|출하|인도량|출고|shipments|shipped|deliveries|delivered"),
    ("생산량", 1, _VOLUME, "생산량|생산|산유량|output|production"),
    ("수출", 1, _MONEY | _VOLUME, "수출|수출액|수출량|exports"),
    ("수입", 1, _MONEY | _VOLUME, "수입액|수입량|imports"),
    (
        "무역수지",
        1,
        _MONEY,
        "무역수지|무역적자|무역흑자|경상수지|trade balance|trade deficit|trade surplus|current account",
    ),
    ("거래대금", 1, _MONEY, "거래대금|거래 대금|거래액|trading value|turnover"),
    ("거래량", 1, _VOLUME, "거래량|trading volume|volume"),
    ("순매수", 1, _MONEY | {"주"}, "순매수|순매입|사들였|사들인|net buying|net purchases|net bought"),
    ("순매도", 1, _MONEY | {"주"}, "순매도|팔아치|net selling|net sold|sold off"),
    (
        "투자",
        1,
        _MONEY,
        "투자|투자액|투자 규모|투자금|설비투자|capex|capital expenditure|investment|investments|invest",
    ),
    ("자기자본", 1, _MONEY, "자기자본|자본총계|자본 총계|shareholders' equity|equity capital"),
    ("주문액", 1, _MONEY, "주문|매수 주문|주문액|주문 규모|청약 증거금|증거금|orders|bid|bids|order book"),
    # a fund's value per unit (NAV), not its assets: "1주의 순자산가치는 2만2237원"
    ("순자산가치", 1, _MONEY, "순자산가치|주당 순자산가치|기준가격|기준가|NAV|net asset value"),
    (
        "자산",
        1,
        _MONEY,
        "자산|운용자산|순자산|총자산|AUM|assets|assets under management|net assets|total net assets"
        "|total net asset value",  # a fund's total, not its value per unit (NAV)
    ),
    ("시장 규모", 1, _MONEY, "시장 규모|시장규모|market size"),
    ("기업가치", 1, _MONEY, "기업가치|기업 가치|밸류에이션|몸값|valuation"),
    (
        "수주",
        1,
        _MONEY,
        "수주|수주액|수주잔고|수주 잔고|계약 규모|계약금액|계약 금액|공급 계약|공급계약|기술이전 규모|기술 이전 규모|기술수출 규모"
        "|기술 수출 규모|order backlog|contract|deal|deal value|deal size",
    ),
    (
        "인수 금액",
        1,
        _MONEY,
        "인수가|인수 금액|인수금액|인수 가격|인수대금|인수 대금|매각가|매각 금액|매각대금|매각 대금|인수|매각|취득가|취득 금액|취득금액|취득|"
        "양수도 대금|양수도대금|양수도 금액|양수 대금|양도 대금|양도대금|매매대금|매매 대금|acquisition|takeover|buyout",
    ),
    ("수수료", 1, _MONEY | _PCT, "수수료|총보수|보수율|fee|fees|commission|commissions"),
    ("예산", 1, _MONEY, "예산|budget"),
    ("세금", 1, _MONEY, "세금|세액|세수|법인세|tax|taxes"),
    ("세율", 1, _PCT, "세율|법인세율|tax rate"),
    ("충당금", 1, _MONEY, "충당금|대손충당금|provision|provisions"),
    ("보조금", 1, _MONEY, "보조금|지원금|subsidy|subsidies"),
    ("과징금", 1, _MONEY, "과징금|벌금|과태료|배상금|fine|penalty|settlement"),
    ("임금", 1, _MONEY | _PCT, "임금|연봉|급여|성과급|보너스|wage|wages|salary|bonus"),
    (
        "고용",
        1,
        frozenset({"명"}),
        "직원|임직원|인력|고용|채용|감원|해고|일자리|employees|jobs|headcount|workforce|layoffs",
    ),
    ("가입자", 1, frozenset({"명"}), "가입자|이용자|사용자|subscribers|users|customers"),
    ("유가", 1, _MONEY, "유가|국제유가|oil price|oil prices|crude"),
    ("금값", 1, _MONEY, "금값|금 가격|gold price"),
    ("PER", 1, frozenset({"배"}), "PER|주가수익비율|P/E|price-to-earnings"),
    ("PBR", 1, frozenset({"배"}), "PBR|주가순자산비율|price-to-book"),
    ("ROE", 1, _PCT, "ROE|자기자본이익률"),
    ("경쟁률", 1, frozenset({""}), "경쟁률"),
    ("순위", 1, frozenset({"위"}), "순위|ranking"),
    ("가격", 2, _MONEY | FX_UNITS, "가격|값|단가|시세|판매가|price|prices|cost"),
    ("규모", 2, _MONEY | _VOLUME, "규모|size"),
    ("금액", 2, _MONEY, "금액|액수|amount"),
)

# Korean forms that are not the measure inside a longer word (a negative lookahead per form)
NOT_BEFORE = {
    "투자": "자|가들|증권|은행|심리|의견|등급|업계|자문|주체|경고|유의|처|전략|매력|포인트|상품|문화|성향|위험|회사|운용|신탁|공사|조합|금융|협회|기관|환경|대상",
    "자산": "운용|가|관리|배분|시장|건전성",
    "유가": "증권",
    "주가": "연계",
    "수주": "주|식",
    "판매": "사|처|망|점|채널|원",
    "생산": "성|자|기지|시설|라인|공장",
    "발행": "사|인|주식 총수|어음",
    "인수": "위|자|인|단",
    "지수": "화",
    "이익": "단체|집단|공유|환원|실현",
    "유입": "되|될",
    "주문": "형|제작|자",
    "손해": "보험|보험사|사정|배상|율",  # (한화손해보험: a kind of insurer; 손해율 is a ratio, no loss)
}

# Korean forms that are not the measure at the end of a longer word (the letters that must not come right
# before the form): a bond's seniority is no ranking ("후순위채", "선순위 대출")
NOT_AFTER = {
    "순위": "후선",
}


__all__ = ["MEASURE_TABLE", "NOT_AFTER", "NOT_BEFORE"]
