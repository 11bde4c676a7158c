"""Cross-year rules: this year's report against the same agency's report for the year before."""

from __future__ import annotations

from ..report import Severity
from .labels import s3_table
from .registry import Context, Violation, number, rule

_ITEM_ROWS = ("licensing", "other_services", "penalty", "enforcement", "fees")
_DOC_ROWS = ("rules", "normative_docs")


def _both(ctx: Context, format_id: str) -> bool:
    return ctx.spec.id == format_id and ctx.previous.format == format_id


def _row_label(ctx: Context, row_key: str) -> str:
    return next(r.label for t in ctx.spec.tables_in(2) for r in t.rows if r.key == row_key)


@rule("s3.continuity", Severity.WARNING, cross_year=True)
def carried_in_continuity(ctx: Context):
    """Each column: 二、上年结转 = last year's 四、结转下年度继续办理 (corrections happen, hence a warning)."""
    for column in s3_table(ctx.spec).columns:
        carried_in = ctx.value(f"s3.carried_in.{column.key}")
        carried_out = ctx.previous.cells.get(f"s3.carried_out.{column.key}")
        if carried_in is not None and carried_out is not None and carried_in != carried_out:
            yield Violation(
                f"表三「{column.label}」列：上年结转（{number(carried_in)}）不等于{ctx.previous.year or '上'}年度报告的"
                f"结转下年度继续办理（{number(carried_out)}）",
                (f"s3.carried_in.{column.key}",),
                carried_out,
                carried_in,
            )


@rule("s2.items_continuity", Severity.WARNING, cross_year=True)
def items_continuity(ctx: Context):
    """2019 format, both years: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减."""
    if not _both(ctx, "2019"):
        return
    for row in _ITEM_ROWS:
        this_year = ctx.value(f"s2.{row}.last_year")
        before = [ctx.previous.cells.get(f"s2.{row}.{c}") for c in ("last_year", "change")]
        if this_year is None or None in before:
            continue
        expected = before[0] + before[1]
        if this_year != expected:
            yield Violation(
                f"表二「{_row_label(ctx, row)}」：上一年项目数量（{number(this_year)}）不等于上年度报告的"
                f"上一年项目数量加本年增/减（{number(expected)}）",
                (f"s2.{row}.last_year",),
                expected,
                this_year,
            )


@rule("s2.in_force_continuity", Severity.INFO, cross_year=True)
def in_force_continuity(ctx: Context):
    """2021 format, both years: 现行有效件数 ≈ last year's + 本年制发件数 − 本年废止件数 (amendments break it)."""
    if not _both(ctx, "2021"):
        return
    for row in _DOC_ROWS:
        ids = [f"s2.{row}.{c}" for c in ("in_force", "issued", "repealed")]
        values = ctx.values(ids)
        before = ctx.previous.cells.get(f"s2.{row}.in_force")
        if values is None or before is None:
            continue
        in_force, issued, repealed = values
        expected = before + issued - repealed
        if in_force != expected:
            yield Violation(
                f"表二「{_row_label(ctx, row)}」：现行有效件数（{number(in_force)}）不等于上年度现行有效件数"
                f"加本年制发件数减本年废止件数（{number(expected)}）",
                tuple(ids),
                expected,
                in_force,
            )


# The counts evaluators compare year on year, present in both formats (a report and last year's may differ).
JUMP_CELLS = (
    "s3.new.total",
    "s4.review.total",
    "s4.suit_direct.total",
    "s4.suit_after_review.total",
    "s2.licensing.decisions",
    "s2.penalty.decisions",
    "s2.enforcement.decisions",
)
JUMP_RATIO = 5  # more than 5× or under 1/5 of last year's
JUMP_FLOOR = 10  # the larger of the two years must reach this: 0→1 or 2→9 is noise, not a jump


def jumped(this_year: int, last_year: int) -> bool:
    """More than JUMP_RATIO× (or under 1/JUMP_RATIO of) last year's, when the larger count reaches JUMP_FLOOR."""
    if max(this_year, last_year) < JUMP_FLOOR:
        return False
    return this_year > JUMP_RATIO * last_year or JUMP_RATIO * this_year < last_year


@rule("year.jump", Severity.INFO, cross_year=True)
def year_on_year_jump(ctx: Context):
    """A count more than five times, or under a fifth of, last year's: worth a look (a typo, a unit, a real
    change the prose should explain)."""
    for cell_id in JUMP_CELLS:
        now, before = ctx.value(cell_id), ctx.previous.cells.get(cell_id)
        if cell_id not in ctx.spec.by_id or now is None or before is None or not jumped(now, before):
            continue
        how = "超过上年的5倍" if now > before else "不足上年的五分之一"
        yield Violation(
            f"「{_cell_label(ctx, cell_id)}」为{number(now)}，{ctx.previous.year or '上'}年度为{number(before)}，{how}，"
            "请核实数据或在报告中说明原因",
            (cell_id,),
            before,
            now,
        )


def _cell_label(ctx: Context, cell_id: str) -> str:
    cell = ctx.spec.by_id[cell_id]
    table = {2: "表二", 3: "表三", 4: "表四"}[cell.table.section]
    return f"{table}·{cell.label}"
