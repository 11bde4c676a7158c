"""Table 二 relations that should hold in a sound report, and what an agency of its level can publish."""

from __future__ import annotations

import re

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


@rule("s2.rules_without_power", Severity.INFO)
def rules_without_power(ctx: Context):
    """A 街道/乡/镇 body reports 规章, which only ministries and provincial or city governments can make."""
    agency = (ctx.report.agency or "").strip()
    if not _TOWNSHIP.search(agency):
        return
    ids = [c.id for c in ctx.spec.cells if c.id.startswith("s2.rules.")]
    nonzero = [c for c in ids if ctx.value(c)]
    if nonzero:
        yield Violation(
            f"「{agency}」为乡镇（街道）一级，无规章制定权，但表二「规章」行填有非零数",
            tuple(nonzero),
            0,
            sum(ctx.value(c) for c in nonzero),
        )
