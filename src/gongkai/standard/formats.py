"""The two national annual-report formats, defined once as data.

Every parser, rule, renderer and database query is driven from these definitions, so a cell id is spelled in
exactly one place. Ids and labels follow FORMATS.md (国办公开办函〔2019〕60号 and 〔2021〕30号).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property


class Kind(StrEnum):
    """What a cell holds."""

    COUNT = "count"  # non-negative integer (件)
    SIGNED = "signed"  # 本年增/减: signed integer
    MONEY = "money"  # Decimal in 万元


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    group: str | None = None  # printed group label, e.g. （三）不予公开
    aliases: tuple[str, ...] = ()  # other labels seen in published reports


@dataclass(frozen=True)
class Table:
    """One printed table block: rows × columns, every (row, column) a cell."""

    section: int  # 2, 3 or 4
    key: str
    title: str  # e.g. 第二十条第（一）项
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]

    def cell_id(self, row: Row, column: Column) -> str:
        return f"s{self.section}.{row.key}.{column.key}"

    def cells(self) -> list[Cell]:
        return [Cell(self.cell_id(r, c), self, r, c, c.kind) for r in self.rows for c in self.columns]


@dataclass(frozen=True)
class Cell:
    id: str
    table: Table
    row: Row
    column: Column
    kind: Kind

    @property
    def label(self) -> str:
        """A human label: 表三·（三）不予公开 1.属于国家秘密·自然人."""
        row = f"{self.row.group} {self.row.label}" if self.row.group else self.row.label
        return f"{row}·{self.column.label}"


@dataclass(frozen=True)
class Section:
    number: int  # 1..6
    title: str
    keywords: tuple[str, ...]  # any one identifies a (possibly paraphrased) heading
    prose: bool


SECTIONS: tuple[Section, ...] = (
    Section(1, "一、总体情况", ("总体情况", "基本情况", "概述"), True),
    Section(2, "二、主动公开政府信息情况", ("主动公开",), False),
    Section(
        3,
        "三、收到和处理政府信息公开申请情况",
        ("收到和处理", "依申请公开", "申请情况", "处理政府信息公开申请"),
        False,
    ),
    Section(4, "四、政府信息公开行政复议、行政诉讼情况", ("行政复议", "复议", "行政诉讼"), False),
    Section(
        5,
        "五、存在的主要问题及改进情况",
        ("存在的主要问题", "问题及改进", "主要问题", "存在问题", "存在的问题"),
        True,
    ),
    Section(6, "六、其他需要报告的事项", ("其他需要报告", "其他事项", "需要报告的事项", "需要说明"), True),
)


@dataclass(frozen=True)
class Format:
    id: str
    notice: str
    tables: tuple[Table, ...]

    @cached_property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(c for t in self.tables for c in t.cells())

    @cached_property
    def cell_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cells)

    @cached_property
    def by_id(self) -> dict[str, Cell]:
        return {c.id: c for c in self.cells}

    def tables_in(self, section: int) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if t.section == section)


# ---------------------------------------------------------------- Section 二
_ISSUED_2021 = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)

_S2_2021 = (
    Table(
        2,
        "art20_1",
        "第二十条第（一）项",
        (Row("rules", "规章"), Row("normative_docs", "行政规范性文件", aliases=("规范性文件",))),
        _ISSUED_2021,
    ),
    Table(2, "art20_5", "第二十条第（五）项", (Row("licensing", "行政许可"),), _DECISIONS_2021),
    Table(
        2,
        "art20_6",
        "第二十条第（六）项",
        (Row("penalty", "行政处罚"), Row("enforcement", "行政强制")),
        _DECISIONS_2021,
    ),
    Table(
        2,
        "art20_8",
        "第二十条第（八）项",
        (Row("fees", "行政事业性收费"),),
        (Column("amount", "本年收费金额（单位：万元）", Kind.MONEY),),
    ),
)

_MADE_2019 = (
    Column("made", "本年新制作数量"),
    Column("published", "本年新公开数量"),
    Column("total", "对外公开总数量"),
)
_ITEMS_2019 = (
    Column("last_year", "上一年项目数量"),
    Column("change", "本年增/减", Kind.SIGNED),
    Column("decisions", "处理决定数量"),
)

_S2_2019 = (
    Table(
        2,
        "art20_1",
        "第二十条第（一）项",
        (Row("rules", "规章"), Row("normative_docs", "规范性文件", aliases=("行政规范性文件",))),
        _MADE_2019,
    ),
    Table(
        2,
        "art20_5",
        "第二十条第（五）项",
        (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")),
        _ITEMS_2019,
    ),
    Table(
        2,
        "art20_6",
        "第二十条第（六）项",
        (Row("penalty", "行政处罚"), Row("enforcement", "行政强制")),
        _ITEMS_2019,
    ),
    Table(2, "art20_8", "第二十条第（八）项", (Row("fees", "行政事业性收费"),), _ITEMS_2019[:2]),
    Table(
        2,
        "art20_9",
        "第二十条第（九）项",
        (Row("procurement", "政府集中采购"),),
        (Column("projects", "采购项目数量"), Column("amount", "采购总金额", Kind.MONEY)),
    ),
)

# ---------------------------------------------------------------- Section 三
S3_COLUMNS = (
    Column("natural", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("social", "社会公益组织"),
    Column("legal", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
APPLICANT_COLUMNS = tuple(c.key for c in S3_COLUMNS[:-1])  # the columns an application can be counted in

_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"
_RESULTS = "三、本年度办理结果"


def _s3_rows(other_rows: tuple[Row, ...]) -> tuple[Row, ...]:
    return (
        Row("new", "一、本年新收政府信息公开申请数量"),
        Row("carried_in", "二、上年结转政府信息公开申请数量"),
        Row("granted", "（一）予以公开", _RESULTS),
        Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", _RESULTS),
        Row("withheld.state_secret", "1.属于国家秘密", _WITHHELD),
        Row("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", _WITHHELD),
        Row("withheld.security_stability", "3.危及“三安全一稳定”", _WITHHELD),
        Row("withheld.third_party", "4.保护第三方合法权益", _WITHHELD),
        Row("withheld.internal_affairs", "5.属于三类内部事务信息", _WITHHELD),
        Row("withheld.process_info", "6.属于四类过程性信息", _WITHHELD),
        Row("withheld.enforcement_file", "7.属于行政执法案卷", _WITHHELD),
        Row("withheld.query_matter", "8.属于行政查询事项", _WITHHELD),
        Row("unavailable.not_held", "1.本机关不掌握相关政府信息", _UNAVAILABLE),
        Row("unavailable.needs_creation", "2.没有现成信息需要另行制作", _UNAVAILABLE),
        Row("unavailable.still_unclear", "3.补正后申请内容仍不明确", _UNAVAILABLE),
        Row("not_processed.petition", "1.信访举报投诉类申请", _NOT_PROCESSED),
        Row("not_processed.duplicate", "2.重复申请", _NOT_PROCESSED),
        Row("not_processed.publication", "3.要求提供公开出版物", _NOT_PROCESSED),
        Row("not_processed.excessive", "4.无正当理由大量反复申请", _NOT_PROCESSED),
        Row("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", _NOT_PROCESSED),
        *other_rows,
        Row("total", "（七）总计", _RESULTS),
        Row("carried_out", "四、结转下年度继续办理"),
    )


_OTHER_2019 = (Row("other", "（六）其他处理", _RESULTS),)
_OTHER_2021 = (
    Row("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _OTHER),
    Row(
        "other.no_fee_paid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _OTHER,
    ),
    Row("other.other", "3.其他", _OTHER),
)

S3_TITLE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# ---------------------------------------------------------------- Section 四
S4_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
S4_ROWS = (
    Row("review", "行政复议"),
    Row("suit_direct", "未经复议直接起诉", "行政诉讼"),
    Row("suit_after_review", "复议后起诉", "行政诉讼"),
)

_S4 = Table(4, "s4", "行政复议、行政诉讼", S4_ROWS, S4_COLUMNS)

FORMAT_2019 = Format(
    "2019",
    "国办公开办函〔2019〕60号",
    (*_S2_2019, Table(3, "s3", S3_TITLE, _s3_rows(_OTHER_2019), S3_COLUMNS), _S4),
)
FORMAT_2021 = Format(
    "2021",
    "国办公开办函〔2021〕30号",
    (*_S2_2021, Table(3, "s3", S3_TITLE, _s3_rows(_OTHER_2021), S3_COLUMNS), _S4),
)
FORMATS: dict[str, Format] = {f.id: f for f in (FORMAT_2019, FORMAT_2021)}


FIRST_YEAR = 2019  # the first report year of the 2019 条例 and its national formats (60号)


class YearNotCovered(ValueError):
    """A report year before FIRST_YEAR: no national format exists to read, check or generate it by."""


def year_not_covered_message(year: int) -> str:
    return (
        f"{year}年度报告早于{FIRST_YEAR}年：2019年修订的《政府信息公开条例》施行前的年度报告没有全国统一格式，"
        f"本系统只处理{FIRST_YEAR}年度及以后的报告"
    )


def format_for_year(year: int) -> Format:
    """The format a report for `year` must use: 60号 for 2019–2020, 30号 from 2021. Earlier years raise
    YearNotCovered (with the Chinese message) rather than getting a format they never had."""
    if year < FIRST_YEAR:
        raise YearNotCovered(year_not_covered_message(year))
    return FORMAT_2019 if year <= 2020 else FORMAT_2021


def outcome_rows(fmt: Format) -> tuple[Row, ...]:
    """Table 三 outcome rows, 予以公开 through 其他处理: the rows an application can close in."""
    rows = fmt.tables_in(3)[0].rows
    keys = [r.key for r in rows]
    return rows[keys.index("granted") : keys.index("total")]
