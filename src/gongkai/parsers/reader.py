"""Turn a token stream into a Report by walking the format definition over it.

The walk is sequential: sections are found by their headings, then each table row by its label, searching forward
from the previous row, and the values are the cells that follow the label. Reading in the printed order is what
lets short labels that recur (其他 as a column and as a row, 总计 likewise) resolve to the right place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from ..standard.formats import FORMATS, Format, Kind, Table
from ..standard.report import Finding, Report, Severity, Value
from . import metadata
from .labels import core, enumerator, matches, similar
from .metadata import Page
from .sections import headings
from .tokens import Kind as T
from .tokens import Token, make

_S4_CELLS = 15
_SUB_ROW = re.compile(r"^\(?\d{1,2}[.、,)]?$")


def read_tokens(tokens: Sequence[Token], source: str | None = None, page: Page | None = None) -> Report:
    """The report the tokens hold; `page` is what the container says about it besides (a web page's metadata)."""
    if not tokens:
        message = "文件中没有可读取的文字：扫描件或图片须先做文字识别，或请提供 Word、网页或带文字层的 PDF"
        return Report(source=source, findings=[Finding("parse.no_text", Severity.ERROR, message)])
    heads = headings(tokens)
    meta = metadata.extract(tokens, heads, page, source)
    fmt, format_finding = metadata.detect_format(tokens, meta.year)
    report = Report.blank(fmt.id, source=source, **vars(meta))
    report.sections_found = tuple(heads)
    if format_finding:
        report.findings.append(format_finding)
    if not heads:
        report.findings.append(
            Finding(
                "parse.no_sections",
                Severity.WARNING,
                "未找到报告的章节标题（一、总体情况 … 六、其他需要报告的事项）",
            )
        )
    cursor = 0
    for number in (2, 3, 4):
        start, end = _region(heads, number, cursor, len(tokens))
        if number == 4:
            _read_s4(tokens, start, end, fmt, report)
        else:
            cursor = max(cursor, _read_tables(tokens, start, end, fmt.tables_in(number), report))
    for number in (1, 5, 6):
        if number in heads:
            start, end = _region(heads, number, heads[number], len(tokens))
            report.prose[number] = "\n".join(t.raw for t in tokens[start:end] if t.kind is T.TEXT)
    return report


# ---------------------------------------------------------------- structure
def _region(heads: dict[int, int], number: int, cursor: int, size: int) -> tuple[int, int]:
    """Token range of section `number`: after its heading (or the cursor) up to the next heading."""
    start = heads[number] + 1 if number in heads else cursor
    later = [i for n, i in heads.items() if n > number and i >= start]
    return start, min(later, default=size)


# ---------------------------------------------------------------- tables
@lru_cache(maxsize=8)
def _all_label_cores(fmt_id: str) -> tuple[str, ...]:
    fmt = FORMATS[fmt_id]
    return tuple({core(r.label) for t in fmt.tables for r in t.rows})


def _read_tables(tokens, start: int, end: int, tables: tuple[Table, ...], report: Report) -> int:
    cursor = start
    others = _all_label_cores(report.format)
    for table in tables:
        found_in_group: dict[str, int] = {}
        for n, row in enumerate(table.rows):
            wanted = (core(row.label), *(core(a) for a in row.aliases))
            at = _find_label(tokens, cursor, end, wanted)
            if at is None:
                at = _find_misspelt(tokens, cursor, end, wanted, others)
                if at is not None:
                    report.findings.append(
                        Finding(
                            "parse.label_misspelt",
                            Severity.INFO,
                            f"行标题「{tokens[at - 1].raw}」与规定的「{row.label}」不一致，按后者读取",
                            tuple(table.cell_id(row, c) for c in table.columns),
                            expected=row.label,
                            found=tokens[at - 1].raw,
                        )
                    )
            if at is not None and row.group:
                found_in_group[row.group] = found_in_group.get(row.group, 0) + 1
            last_of_group = row.group and (n + 1 == len(table.rows) or table.rows[n + 1].group != row.group)
            if at is None and last_of_group and not found_in_group.get(row.group):
                at = _find_label(tokens, cursor, end, (core(row.group),))  # the group printed as one row
                if at is not None:
                    group_cells = {
                        table.cell_id(r, c) for r in table.rows if r.group == row.group for c in table.columns
                    }
                    report.findings[:] = [
                        f
                        for f in report.findings
                        if not (f.rule == "parse.row_unread" and set(f.cells) <= group_cells)
                    ]
                    report.findings.append(
                        Finding(
                            "parse.group_as_row",
                            Severity.INFO,
                            f"「{row.group}」只有一行（旧格式），其数字按「{row.label}」读取",
                            tuple(table.cell_id(row, c) for c in table.columns),
                        )
                    )
            cells = [table.cell_id(row, c) for c in table.columns]
            if at is None:
                report.findings.append(
                    Finding(
                        "parse.row_unread",
                        Severity.WARNING,
                        f"未能读取「{row.label}」一行（{table.title}）",
                        tuple(cells),
                    )
                )
                continue
            summed = _sub_rows(tokens, at, end, len(cells), others)
            if summed is not None:
                values, cursor = summed
                report.findings.append(
                    Finding(
                        "parse.rows_summed",
                        Severity.INFO,
                        f"「{row.label}」分项列出（新格式），按各项之和读取",
                        tuple(cells),
                    )
                )
            else:
                values, cursor = _take_values(tokens, at, end, len(cells), others)
            _assign(report, table, cells, values)
    return cursor


def _sub_rows(tokens, at: int, end: int, k: int, others) -> tuple[list[Token], int] | None:
    """A row the report splits into numbered sub-rows the format does not have (（六）其他处理 1./2./3. in a
    60号 report): the column sums of the sub-rows, or None when the label is followed by its own numbers."""
    j, sums, count = at, [None] * k, 0
    while (
        j < end
        and tokens[j].kind is T.TEXT
        and enumerator(tokens[j].raw)
        and core(tokens[j].raw) not in others
    ):
        if not _SUB_ROW.match(enumerator(tokens[j].raw) or ""):
            break
        values, after = _take_values(tokens, j + 1, end, k, others)
        if len(values) != k:
            return None
        for n, t in enumerate(values):
            if t.value is not None:
                sums[n] = (sums[n] or 0) + t.value
        count, j = count + 1, after
    if count < 2:
        return None
    row = tokens[at].row
    return [make("" if v is None else str(v), row) for v in sums], j


def _find_label(tokens, start: int, end: int, wanted: tuple[str, ...]) -> int | None:
    """Index just past the label's token(s), or None."""
    for i in range(start, end):
        t = tokens[i]
        if t.kind is not T.TEXT:
            continue
        printed = core(t.raw)
        if matches(printed, wanted):
            return i + 1
        nxt = tokens[i + 1] if i + 1 < end else None
        if nxt is not None and nxt.kind is T.TEXT and matches(printed + core(nxt.raw), wanted):
            return i + 2
    return None


def _find_misspelt(tokens, start: int, end: int, wanted: tuple[str, ...], others) -> int | None:
    """A label with a typo (其他法律行政止公开) among the next few labels, if it is no other row's label."""
    seen = 0
    for i in range(start, min(end, start + 12)):
        t = tokens[i]
        if t.kind is not T.TEXT:
            continue
        printed = core(t.raw)
        seen += 1
        if seen > 3 or printed in others:
            if seen > 3:
                return None
            continue
        if len(printed) >= 4 and any(similar(printed, w) for w in wanted):
            return i + 1
    return None


def _take_values(tokens, j: int, end: int, k: int, others: tuple[str, ...]) -> tuple[list[Token], int]:
    values: list[Token] = []
    skipped = 0
    row = None
    spare = _spare_blanks(tokens, j, end, k)
    while j < end and len(values) < k:
        t = tokens[j]
        if t.kind is T.TEXT:
            if values or skipped >= 2 or core(t.raw) in others:
                break
            skipped += 1  # a remark printed after the label, e.g. a broken-off parenthesis
        else:
            if values and row is not None and t.row is not None and t.row != row:
                break  # the table row ended: the missing cells are blank
            row = t.row
            if spare and t.kind is T.BLANK and not values:
                spare -= 1  # an empty cell between the label and the numbers
            else:
                values.append(t)
        j += 1
    return values, j


def _spare_blanks(tokens, j: int, end: int, k: int) -> int:
    """How many more cells than `k` the table row starting at `j` holds (when the container knows its rows)."""
    while j < end and tokens[j].kind is T.TEXT:
        j += 1
    if j >= end or tokens[j].row is None:
        return 0
    row, n = tokens[j].row, 0
    while j < end and tokens[j].kind is not T.TEXT and tokens[j].row == row:
        n += 1
        j += 1
    if tokens[j - 1].kind is T.BLANK:
        return 0  # the extra cell may as well be a blank remark column at the end: leave the row as printed
    return max(0, n - k)


def _assign(report: Report, table: Table, cells: list[str], values: list[Token]) -> None:
    for cell_id, column, token in zip(cells, table.columns, values, strict=False):
        report.cells[cell_id] = _value(report, cell_id, column.kind, token)
    missing = cells[len(values) :]
    if missing:
        report.findings.append(
            Finding(
                "parse.cell_unread",
                Severity.WARNING,
                f"「{table.title}」中有 {len(missing)} 个单元格未能读取",
                tuple(missing),
            )
        )


def _value(report: Report, cell_id: str, kind: Kind, token: Token) -> Value:
    if token.kind is T.BLANK:
        return None
    number = token.value
    if kind is Kind.MONEY:
        if token.unit == "元":
            return number / Decimal(10000)
        if token.unit is None and cell_id == "s2.procurement.amount":
            report.findings.append(
                Finding(
                    "money.unit_assumed",
                    Severity.INFO,
                    "采购总金额未注明单位，按原数值读取",
                    (cell_id,),
                    found=number,
                )
            )
        return number
    if number != number.to_integral_value():
        report.findings.append(
            Finding(
                "parse.not_integer",
                Severity.ERROR,
                f"单元格应为整数，实为「{token.raw}」",
                (cell_id,),
                found=token.raw,
            )
        )
        return None
    return int(number)


def _read_s4(tokens, start: int, end: int, fmt: Format, report: Report) -> None:
    """Table 四 prints one row of 15 numbers under a two-level header: take the runs of values that hold a number."""
    values: list[Token] = []
    run: list[Token] = []
    for t in [*tokens[start:end], None]:
        if t is not None and t.kind is not T.TEXT:
            run.append(t)
            continue
        if any(v.kind is T.VALUE for v in run):
            values.extend(run)
        run = []
        if len(values) >= _S4_CELLS:
            break
    table = fmt.tables_in(4)[0]
    cells = [table.cell_id(r, c) for r in table.rows for c in table.columns]
    for cell_id, token in zip(cells, values, strict=False):
        report.cells[cell_id] = _value(report, cell_id, Kind.COUNT, token)
    if len(values) < _S4_CELLS:
        report.findings.append(
            Finding(
                "parse.cell_unread",
                Severity.WARNING,
                f"表四（行政复议、行政诉讼）应有 15 个数，只读到 {len(values)} 个",
                tuple(cells[len(values) :]),
            )
        )
