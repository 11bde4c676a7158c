"""Rules about single cells and the format as a whole."""

from __future__ import annotations

from ..formats import FIRST_YEAR, Kind, format_for_year, year_not_covered_message
from ..report import Severity
from .labels import row_label
from .registry import Context, Violation, number, rule

_TABLE_NAMES = {2: "表二", 3: "表三", 4: "表四"}
YEAR_NOT_COVERED = "year.not_covered"


@rule(YEAR_NOT_COVERED, Severity.ERROR, needs_format=False)
def year_not_covered(ctx: Context):
    """A report for a year before 2019: refused with one clear finding (`check` runs no other rule on it)."""
    if ctx.report.year is not None and ctx.report.year < FIRST_YEAR:
        yield Violation(year_not_covered_message(ctx.report.year), found=ctx.report.year)


@rule("format.version", Severity.ERROR, needs_format=False)
def format_version(ctx: Context):
    """Report years up to 2020 use the 60号 format (`2019`), years from 2021 the 30号 format (`2021`)."""
    report = ctx.report
    if ctx.spec is None:
        if not any(f.rule == "parse.unreadable" for f in report.findings):  # that finding says it all
            yield Violation("无法确定报告所用的格式")
        return
    if report.year is None or report.year < FIRST_YEAR:
        return
    expected = format_for_year(report.year)
    if expected.id != ctx.spec.id:
        yield Violation(
            f"{report.year}年度报告应使用{expected.notice}规定的格式，实际使用的是{ctx.spec.notice}的格式",
            expected=expected.id,
            found=ctx.spec.id,
        )


@rule("cell.blank", Severity.WARNING)
def cell_blank(ctx: Context):
    """A cell that must hold a number is empty; one finding per table row, naming its blank cells.

    Cells a parse finding already names (not read, rather than left blank) are not repeated here."""
    unread = {c for f in ctx.report.findings if f.rule.startswith("parse.") for c in f.cells}
    for table in ctx.spec.tables:
        for row in table.rows:
            cells = [(table.cell_id(row, column), column.label) for column in table.columns]
            blank = [(i, label) for i, label in cells if ctx.value(i) is None and i not in unread]
            if blank:
                columns = "、".join(label for _, label in blank)
                yield Violation(
                    f"{_TABLE_NAMES[table.section]}「{row_label(row)}」未填写：{columns}",
                    tuple(cell_id for cell_id, _ in blank),
                )


@rule("cell.negative", Severity.ERROR)
def cell_negative(ctx: Context):
    """Counts and amounts are never negative (only 本年增/减 is signed)."""
    for cell in ctx.spec.cells:
        value = ctx.value(cell.id)
        if cell.kind is not Kind.SIGNED and value is not None and value < 0:
            yield Violation(
                f"{_TABLE_NAMES[cell.table.section]}「{cell.label}」为负数（{number(value)}）",
                (cell.id,),
                0,
                value,
            )
