"""The 勾稽关系 every report must satisfy exactly (FORMATS.md): errors, one finding per column, row or group."""

from __future__ import annotations

from ..formats import outcome_rows
from ..report import Severity
from .labels import row_label, s3_table, s4_table
from .registry import Context, Violation, number, rule


@rule("s3.balance", Severity.ERROR)
def s3_balance(ctx: Context):
    """Each column of Table 三: 一 + 二 = 三（七）总计 + 四 (the note printed in the table)."""
    table = s3_table(ctx.spec)
    for column in table.columns:
        ids = [f"s3.{row}.{column.key}" for row in ("new", "carried_in", "total", "carried_out")]
        values = ctx.values(ids)
        if values is None:
            continue
        left, right = values[0] + values[1], values[2] + values[3]
        if left != right:
            yield Violation(
                f"表三「{column.label}」列：第一项加第二项之和（{number(left)}）"
                f"不等于第三项加第四项之和（{number(right)}）",
                tuple(ids),
                left,
                right,
            )


@rule("s3.total_is_sum", Severity.ERROR)
def s3_total_is_sum(ctx: Context):
    """Each column of Table 三: （七）总计 = the sum of every outcome row, 予以公开 through 其他处理."""
    table = s3_table(ctx.spec)
    rows = outcome_rows(ctx.spec)
    for column in table.columns:
        total_id = f"s3.total.{column.key}"
        part_ids = [f"s3.{row.key}.{column.key}" for row in rows]
        values = ctx.values([total_id, *part_ids])
        if values is None:
            continue
        total, parts = values[0], sum(values[1:])
        if total != parts:
            yield Violation(
                f"表三「{column.label}」列：（七）总计（{number(total)}）不等于各项办理结果之和（{number(parts)}）",
                (total_id, *part_ids),
                parts,
                total,
            )


@rule("s3.row_total", Severity.ERROR)
def s3_row_total(ctx: Context):
    """Each row of Table 三: 总计 = 自然人 + the five 法人或其他组织 columns."""
    table = s3_table(ctx.spec)
    applicants = [c for c in table.columns if c.key != "total"]
    for row in table.rows:
        total_id = f"s3.{row.key}.total"
        part_ids = [f"s3.{row.key}.{c.key}" for c in applicants]
        values = ctx.values([total_id, *part_ids])
        if values is None:
            continue
        total, parts = values[0], sum(values[1:])
        if total != parts:
            yield Violation(
                f"表三「{row_label(row)}」行：总计（{number(total)}）不等于各类申请人之和（{number(parts)}）",
                (total_id, *part_ids),
                parts,
                total,
            )


@rule("s4.total_is_sum", Severity.ERROR)
def s4_total_is_sum(ctx: Context):
    """Each group of Table 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    table = s4_table(ctx.spec)
    parts_columns = [c for c in table.columns if c.key != "total"]
    for row in table.rows:
        total_id = f"s4.{row.key}.total"
        part_ids = [table.cell_id(row, c) for c in parts_columns]
        values = ctx.values([total_id, *part_ids])
        if values is None:
            continue
        total, parts = values[0], sum(values[1:])
        if total != parts:
            names = "、".join(c.label for c in parts_columns)
            yield Violation(
                f"表四「{row_label(row)}」：总计（{number(total)}）不等于{names}之和（{number(parts)}）",
                (total_id, *part_ids),
                parts,
                total,
            )
