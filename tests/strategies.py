"""Hypothesis strategies for random annual reports of either format (shared by every core test)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st
from opencc import OpenCC

from gongkai.standard.formats import FORMATS, Kind
from gongkai.standard.report import Finding, Report, Severity

YEARS = {"2019": (2019, 2020), "2021": (2021, 2030)}
_CONVERT = OpenCC("t2s")
# simplified characters only (those OpenCC leaves as they are), as reports are written
_HAN = st.sampled_from([c for c in map(chr, range(0x4E00, 0x9FA6)) if _CONVERT.convert(c) == c])
_PLACES = ("北京", "上海", "满洲里", "淮安", "南京", "广州", "成都", "乌鲁木齐", "海淀", "浦东新")
_LEVELS = ("市", "区", "县", "省")
_BODIES = (
    "人民政府办公室",
    "人民政府",
    "教育局",
    "财政局",
    "生态环境局",
    "卫生健康委员会",
    "自然资源和规划局",
)


def han_text(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Chinese text with the full-width punctuation of prose. No digits, so it never reads as a table value, and a
    first word of two characters or more, so it never starts like a numbered heading (三、)."""
    first = st.text(_HAN, min_size=2, max_size=12)
    words = st.text(_HAN, min_size=1, max_size=12)
    punct = st.sampled_from("，。；：、")
    return st.tuples(first, st.lists(st.tuples(words, punct), min_size=min_size, max_size=max_size)).map(
        lambda parts: parts[0] + "".join(w + p for w, p in parts[1])
    )


def prose() -> st.SearchStrategy[str]:
    """One to four paragraphs separated by newlines."""
    return st.lists(han_text(1, 8), min_size=1, max_size=4).map("\n".join)


agencies = st.builds(
    lambda p, level, body: p + level + body,
    st.sampled_from(_PLACES),
    st.sampled_from(_LEVELS),
    st.sampled_from(_BODIES),
)

_money = st.one_of(
    st.integers(0, 10**6).map(Decimal),
    st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)
_VALUES = {
    Kind.COUNT: st.integers(0, 10**5),
    Kind.SIGNED: st.integers(-(10**4), 10**4),
    Kind.MONEY: _money,
}


def cell_value(kind: Kind, blanks: bool = True) -> st.SearchStrategy:
    """A value of `kind`, or (with `blanks`) possibly None: a cell the report leaves empty."""
    return st.one_of(st.none(), _VALUES[kind]) if blanks else _VALUES[kind]


findings = st.builds(
    Finding,
    rule=st.sampled_from(
        ("s3.balance", "s3.total_is_sum", "cell.blank", "format.version", "s2.in_force_lt_issued")
    ),
    severity=st.sampled_from(tuple(Severity)),
    message=han_text(1, 3),
    cells=st.lists(st.sampled_from(FORMATS["2021"].cell_ids), max_size=3).map(tuple),
    expected=st.one_of(st.none(), st.integers(0, 1000)),
    found=st.one_of(st.none(), st.integers(0, 1000)),
)


def plausible_procurement(cells: dict) -> dict:
    """`cells` with 采购总金额 under 1亿元 (10,000 万元) a project and 收费金额 under 10亿元, as real reports have it: the 2019 format prints the
    amount without a unit, so the reader judges a unit-less amount by plausibility (parsers/units.py;
    tests/core/test_money_units.py covers the implausible ones)."""
    if cells.get("s2.procurement.amount") is not None:
        bound = Decimal(10000) * max(cells.get("s2.procurement.projects") or 1, 1)
        cells["s2.procurement.amount"] %= bound
    if cells.get("s2.fees.amount") is not None:
        cells["s2.fees.amount"] %= Decimal(100000)
    return cells


@st.composite
def reports(draw, format_id: str | None = None, with_findings: bool = True) -> Report:
    """A random report: every cell of its format (blank, count, signed change or money), prose and metadata."""
    fid = format_id or draw(st.sampled_from(tuple(FORMATS)))
    spec = FORMATS[fid]
    year = draw(st.integers(*YEARS[fid]))
    blanks = draw(st.booleans())
    cells = {c.id: draw(cell_value(c.kind, blanks)) for c in spec.cells}
    cells = plausible_procurement(cells)
    published = draw(st.one_of(st.none(), st.dates(dt.date(year + 1, 1, 1), dt.date(year + 1, 3, 31))))
    return Report(
        format=fid,
        agency=draw(agencies),
        year=year,
        published=published,
        index_number=draw(st.one_of(st.none(), st.from_regex(r"\A[0-9]{9}/[0-9]{4}-[0-9]{5}\Z"))),
        prose={n: draw(prose()) for n in (1, 5, 6)},
        cells=cells,
        findings=draw(st.lists(findings, max_size=4)) if with_findings else [],
        source=draw(st.one_of(st.none(), st.from_regex(r"\A[a-z0-9_]{1,12}\.(pdf|docx|html)\Z"))),
    )
