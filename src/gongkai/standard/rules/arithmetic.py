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


def sum_violation(
    ctx: Context, total_id: str, part_ids: list[str], where: str, parts_name: str, total_name: str = "总计"
):
    """`total = Σ parts`, or None when it holds. With blank parts only a definite break is reported: the parts
    already filled in exceed the total (counts are never negative, so no blank can mend that)."""
    total = ctx.value(total_id)
    parts = [ctx.value(i) for i in part_ids]
    if total is None:
        return None
    known = sum(p for p in parts if p is not None)
    if None not in parts and known != total:
        return Violation(
            f"{where}：{total_name}（{number(total)}）不等于{parts_name}之和（{number(known)}）",
            (total_id, *part_ids),
            known,
            total,
        )
    if None in parts and known > total:
        return Violation(
            f"{where}：{total_name}（{number(total)}）小于已填写的{parts_name}之和（{number(known)}）",
            (total_id, *(i for i, p in zip(part_ids, parts, strict=True) if p is not None)),
            known,
            total,
        )
    return None


@rule("s3.total_is_sum", Severity.ERROR)
def s3_total_is_sum(ctx: Context):
    """Each column of Table 三: （七）总计 = the sum of every outcome row, 予以公开 through 其他处理."""
    rows = outcome_rows(ctx.spec)
    for column in s3_table(ctx.spec).columns:
        part_ids = [f"s3.{row.key}.{column.key}" for row in rows]
        where = f"表三「{column.label}」列"
        found = sum_violation(ctx, f"s3.total.{column.key}", part_ids, where, "各项办理结果", "（七）总计")
        if found:
            yield found


@rule("s3.row_total", Severity.ERROR)
def s3_row_total(ctx: Context):
    """Each row of Table 三: 总计 = 自然人 + the five 法人或其他组织 columns."""
    table = s3_table(ctx.spec)
    applicants = [c for c in table.columns if c.key != "total"]
    for row in table.rows:
        part_ids = [f"s3.{row.key}.{c.key}" for c in applicants]
        found = sum_violation(
            ctx, f"s3.{row.key}.total", part_ids, f"表三「{row_label(row)}」行", "各类申请人"
        )
        if found:
            yield found


@rule("s4.total_is_sum", Severity.ERROR)
def s4_total_is_sum(ctx: Context):
    """Each group of Table 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    table = s4_table(ctx.spec)
    parts_columns = [c for c in table.columns if c.key != "total"]
    names = "、".join(c.label for c in parts_columns)
    for row in table.rows:
        part_ids = [table.cell_id(row, c) for c in parts_columns]
        found = sum_violation(ctx, f"s4.{row.key}.total", part_ids, f"表四「{row_label(row)}」", names)
        if found:
            yield found
