"""Table 二 relations that should hold in a sound report, and what an agency of its level can publish."""

from __future__ import annotations

import re
from decimal import Decimal

from ..report import Severity
from .registry import Context, Violation, number, rule

_DOC_ROWS = ("rules", "normative_docs")
_ITEM_ROWS = ("licensing", "other_services", "penalty", "enforcement", "fees")
# 街道办事处, 乡/镇人民政府: township-level bodies have no rule-making power (立法法 第九十一、九十三条).
# 城乡 (as in 住房和城乡建设局) is not a township.
_TOWNSHIP = re.compile(r"(街道|(?<!城)[乡镇])(办事处|人民政府|政府)?$")


def _row_label(ctx: Context, row_key: str) -> str:
    return next(r.label for t in ctx.spec.tables_in(2) for r in t.rows if r.key == row_key)


@rule("s2.in_force_lt_issued", Severity.WARNING)
def in_force_lt_issued(ctx: Context):
    """2021 format: 现行有效件数 ≥ 本年制发件数 − 本年废止件数 (this year's documents are still in force)."""
    for row in _DOC_ROWS:
        ids = [f"s2.{row}.{c}" for c in ("issued", "repealed", "in_force")]
        values = ctx.values(ids) if ids[0] in ctx.spec.by_id else None
        if values is None:
            continue
        issued, repealed, in_force = values
        if in_force < issued - repealed:
            yield Violation(
                f"表二「{_row_label(ctx, row)}」：现行有效件数（{number(in_force)}）少于本年制发件数减本年废止件数"
                f"（{number(issued - repealed)}）",
                tuple(ids),
                issued - repealed,
                in_force,
            )


@rule("s2.total_lt_published", Severity.WARNING)
def total_lt_published(ctx: Context):
    """2019 format: 对外公开总数量 ≥ 本年新公开数量 (what was published this year is part of the total)."""
    for row in _DOC_ROWS:
        ids = [f"s2.{row}.published", f"s2.{row}.total"]
        values = ctx.values(ids) if ids[0] in ctx.spec.by_id else None
        if values is None:
            continue
        published, total = values
        if total < published:
            yield Violation(
                f"表二「{_row_label(ctx, row)}」：对外公开总数量（{number(total)}）少于本年新公开数量"
                f"（{number(published)}）",
                tuple(ids),
                published,
                total,
            )


@rule("s2.change_below_zero", Severity.WARNING)
def change_below_zero(ctx: Context):
    """2019 format: 上一年项目数量 + 本年增/减 cannot leave fewer than zero items."""
    for row in _ITEM_ROWS:
        ids = [f"s2.{row}.last_year", f"s2.{row}.change"]
        values = ctx.values(ids) if ids[0] in ctx.spec.by_id else None
        if values is None:
            continue
        last_year, change = values
        if last_year + change < 0:
            yield Violation(
                f"表二「{_row_label(ctx, row)}」：上一年项目数量（{number(last_year)}）加本年增/减（{number(change)}）"
                "小于零",
                tuple(ids),
                0,
                last_year + change,
            )


def level(agency: str | None) -> str | None:
    """`township` (乡、镇、街道), `county` (a 县/区/旗 government or one of its departments) or None (a city,
    province or ministry, or a name that does not tell). 自治区 and 自治州 are provincial and city level."""
    name = (agency or "").strip()
    if _TOWNSHIP.search(name):
        return "township"
    if _COUNTY.search(name):
        return "county"
    return None


# 县、自治县、旗、区 (a 市辖区 or 新区): but not 自治区 (a province), 地区 (a prefecture) or 城区 wording in a
# department's name after the place (住房和城乡建设局 has no 区). A county-level 市 cannot be told from its name.
_COUNTY = re.compile(r"[县旗]|(?<!自治)(?<!地)区")
_LEVEL_WORDS = {"township": "乡镇（街道）一级", "county": "县级"}


@rule("s2.rules_without_power", Severity.INFO)
def rules_without_power(ctx: Context):
    """An agency at 县级 or below reports 规章, which only ministries and the governments of provinces and 设区的市
    make (立法法 第九十一、九十三条)."""
    agency = (ctx.report.agency or "").strip()
    where = level(agency)
    if where is None:
        return
    ids = [c.id for c in ctx.spec.cells if c.id.startswith("s2.rules.")]
    nonzero = [c for c in ids if ctx.value(c)]
    if nonzero:
        yield Violation(
            f"「{agency}」为{_LEVEL_WORDS[where]}机关，无规章制定权（立法法第九十一条、第九十三条），"
            "但表二「规章」行填有非零数",
            tuple(nonzero),
            0,
            sum(ctx.value(c) for c in nonzero),
        )


# 行政复议法 (2023) 第二十三条第一款第（四）项: 申请政府信息公开，行政机关不予公开 → 复议前置; in force 2024-01-01 (第九十条).
REVIEW_FIRST_FROM = 2024


@rule("s4.direct_suit_after_2024", Severity.INFO)
def direct_suit_after_2024(ctx: Context):
    """From 2024, a refused applicant must apply for 行政复议 before suing: direct suits should not be about
    refusals (they may be about other replies, hence info)."""
    direct = ctx.value("s4.suit_direct.total")
    if ctx.report.year is None or ctx.report.year < REVIEW_FIRST_FROM or not direct:
        return
    yield Violation(
        f"表四「未经复议直接起诉」{number(direct)}件：自2024年1月1日起，申请政府信息公开被决定不予公开的，"
        "应先申请行政复议（行政复议法第二十三条第一款第（四）项），请核实这些案件是否涉及不予公开决定",
        ("s4.suit_direct.total",),
        found=direct,
    )


# A 万元 amount that reads as 元: an integer of at least 1亿元 (收费) or 1亿元 a project on average (采购).
YUAN_LIKE_WAN = Decimal(10000)


@rule("s2.amount_looks_like_yuan", Severity.INFO)
def amount_looks_like_yuan(ctx: Context):
    """A 万元 cell holding a whole number that would be 1亿元 or more (per procurement project): most likely the
    amount in 元 written under the 万元 header."""
    fee = ctx.value("s2.fees.amount") if "s2.fees.amount" in ctx.spec.by_id else None
    fee = None if fee is None else Decimal(fee)
    if fee is not None and fee >= YUAN_LIKE_WAN and fee == fee.to_integral_value():
        yield Violation(
            f"表二「行政事业性收费」本年收费金额为{number(fee)}万元（{number(fee / YUAN_LIKE_WAN)}亿元），"
            f"像是按元填写（即{number(fee / YUAN_LIKE_WAN)}万元），请核实单位",
            ("s2.fees.amount",),
            fee / YUAN_LIKE_WAN,
            fee,
        )
    ids = ("s2.procurement.projects", "s2.procurement.amount")
    values = ctx.values(ids) if ids[1] in ctx.spec.by_id else None
    if values and values[0] and Decimal(values[1]) == Decimal(values[1]).to_integral_value():
        projects, amount = values[0], Decimal(values[1])
        if amount >= YUAN_LIKE_WAN * projects:
            yield Violation(
                f"表二「政府集中采购」采购总金额为{number(amount)}万元，平均每个项目{number(amount / projects)}万元，"
                "像是按元填写，请核实单位",
                ids,
                amount / YUAN_LIKE_WAN,
                amount,
            )
