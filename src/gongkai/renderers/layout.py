"""The printed layout of the three tables, computed once from the format definition.

HTML, Markdown and DOCX all draw the same merged-cell grids as the official templates (国办公开办函〔2021〕30号 and
〔2019〕60号), so the spans are worked out here and each renderer only decides how to draw a `Grid`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..standard.formats import Format, Row, Table
from ..standard.report import Report, Value

# Printed words the templates use that formats.py does not define (yet). They belong there; until then they are
# spelled once, here.
BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")
TITLE_SUFFIX = "年政府信息公开工作年度报告"
CONTENT_HEADER = "信息内容"  # the header of the label column of the 第二十条 tables
APPLICANT_HEADER = "申请人情况"  # spans every column of Table 三
ORG_HEADER = "法人或其他组织"  # spans the ORG_COLUMNS of Table 三
ORG_COLUMNS = ("business", "research", "social", "legal", "other_org")
INDEX_LABEL = "索引号"
PUBLISHED_LABEL = "发布日期"

# Column widths in twips, as in the 2021 template (template-2021-blank.docx).
S2_WIDTHS = (2435, 2435, 2435, 2435)
S3_WIDTHS = (754, 921, 3271, 685, 685, 685, 685, 685, 685, 685)
S4_COL_WIDTH = 649


@dataclass(frozen=True)
class Slot:
    """One printed cell: a label or header (`header`) or the value of `cell_id`, at (row, col) with its spans."""

    row: int
    col: int
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    cell_id: str | None = None


@dataclass(frozen=True)
class Grid:
    """A printed table: `head` leading rows are column headers; slots are listed in reading order."""

    key: str
    n_rows: int
    n_cols: int
    head: int
    slots: tuple[Slot, ...]
    widths: tuple[int, ...]

    def rows(self) -> list[list[Slot]]:
        """Slots grouped by the row they start in (the HTML view of a table)."""
        out: list[list[Slot]] = [[] for _ in range(self.n_rows)]
        for s in self.slots:
            out[s.row].append(s)
        return out


def title(report: Report) -> str:
    return f"{report.agency or ''}{report.year or ''}{TITLE_SUFFIX}"


def document_date(report: Report) -> dt.datetime:
    """The date a rendered file's properties carry: the report's 发布日期 (midnight, Beijing time) when known, so
    the same report renders the same file; otherwise the moment of rendering."""
    if report.published:
        return dt.datetime.combine(report.published, dt.time(), BEIJING)
    return dt.datetime.now(BEIJING).replace(microsecond=0)


def meta_line(report: Report) -> str:
    """索引号 and 发布日期 as a web page prints them above a report ("" when the report has neither)."""
    parts = []
    if report.index_number:
        parts.append(f"{INDEX_LABEL}：{report.index_number}")
    if report.published:
        parts.append(f"{PUBLISHED_LABEL}：{report.published.isoformat()}")
    return "　".join(parts)


def read_by_ocr(report: Report) -> bool:
    return any(f.rule == "parse.ocr_used" for f in report.findings)


def ocr_note(report: Report) -> str:
    """The line every rendering of a report read from a scan carries ("" for any other report)."""
    if not read_by_ocr(report):
        return ""
    corrected = sum(f.rule == "parse.ocr_corrected" for f in report.findings)
    uncertain = sum(f.rule == "parse.ocr_uncertain" for f in report.findings)
    return (
        "注：本报告由扫描件经文字识别（OCR）读取，数字已按表格勾稽关系核对"
        f"（校正 {corrected} 处，存疑留空 {uncertain} 处），请以原件为准。"
    )


def value_text(value: Value) -> str:
    """A cell as printed: blank stays empty, money is a plain decimal, signed changes keep their minus."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def grids(spec: Format, section: int) -> list[Grid]:
    """The printed grids of a table section: one per 第二十条 table for 二, one each for 三 and 四."""
    tables = spec.tables_in(section)
    if section == 2:
        width = 1 + max(len(t.columns) for t in tables)
        return [_s2_grid(t, width) for t in tables]
    if section == 3:
        return [_s3_grid(tables[0])]
    return [_s4_grid(tables[0])]


def _value(table: Table, row: Row, col_index: int, r: int, c: int, colspan: int = 1) -> Slot:
    return Slot(r, c, colspan=colspan, cell_id=table.cell_id(row, table.columns[col_index]))


def _s2_grid(table: Table, width: int) -> Grid:
    """Title row, 信息内容 header row, one row per item; a table with fewer columns widens its last one."""
    n = len(table.columns)
    spans = [1] * (n - 1) + [width - n]
    slots = [Slot(0, 0, table.title, colspan=width, header=True), Slot(1, 0, CONTENT_HEADER, header=True)]
    col = 1
    for column, span in zip(table.columns, spans, strict=True):
        slots.append(Slot(1, col, column.label, colspan=span, header=True))
        col += span
    for i, row in enumerate(table.rows, start=2):
        slots.append(Slot(i, 0, row.label, header=True))
        col = 1
        for j, span in enumerate(spans):
            slots.append(_value(table, row, j, i, col, span))
            col += span
    return Grid(f"s2.{table.key}", 2 + len(table.rows), width, 2, tuple(slots), S2_WIDTHS[:width])


def _chains(rows: tuple[Row, ...]) -> list[list[str]]:
    """Each row's printed labels from the outermost group in: a group whose rows enclose another group's rows
    (三、本年度办理结果 around （三）不予公开) is the outer one."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row.group:
            first.setdefault(row.group, i)
            last[row.group] = i
    chains = []
    for i, row in enumerate(rows):
        outer = [g for g in first if g != row.group and first[g] < i < last[g]]
        chains.append([*outer, *([row.group] if row.group else []), row.label])
    return chains


def _s3_grid(table: Table) -> Grid:
    columns = table.columns
    label_cols = 3
    head = 3
    slots = [
        Slot(0, 0, table.title, colspan=label_cols, rowspan=head, header=True),
        Slot(0, label_cols, APPLICANT_HEADER, colspan=len(columns), header=True),
    ]
    for j, column in enumerate(columns):
        c = label_cols + j
        if column.key in ORG_COLUMNS:
            if column.key == ORG_COLUMNS[0]:
                slots.append(Slot(1, c, ORG_HEADER, colspan=len(ORG_COLUMNS), header=True))
            slots.append(Slot(2, c, column.label, header=True))
        else:
            slots.append(Slot(1, c, column.label, rowspan=2, header=True))
    chains = _chains(table.rows)
    for i, (row, chain) in enumerate(zip(table.rows, chains, strict=True)):
        r = head + i
        for depth, text in enumerate(chain):
            if i > 0 and len(chains[i - 1]) > depth + 1 and chains[i - 1][: depth + 1] == chain[: depth + 1]:
                continue  # covered by the group label of an earlier row
            is_label = depth == len(chain) - 1
            run = 1
            while (
                not is_label and i + run < len(chains) and chains[i + run][: depth + 1] == chain[: depth + 1]
            ):
                run += 1
            slots.append(
                Slot(r, depth, text, colspan=label_cols - depth if is_label else 1, rowspan=run, header=True)
            )
        for j in range(len(columns)):
            slots.append(_value(table, row, j, r, label_cols + j))
    return Grid("s3", head + len(table.rows), label_cols + len(columns), head, tuple(slots), S3_WIDTHS)


def _s4_grid(table: Table) -> Grid:
    """Printed transposed: one block of columns per row (行政复议, then 行政诉讼's two), values in one row."""
    cols = table.columns
    n = len(cols)
    slots: list[Slot] = []
    c = 0
    blocks: list[list[Row]] = []
    for row in table.rows:
        if blocks and row.group and blocks[-1][0].group == row.group:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    for block in blocks:
        group = block[0].group
        if group:
            slots.append(Slot(0, c, group, colspan=n * len(block), header=True))
            for k, row in enumerate(block):
                slots.append(Slot(1, c + k * n, row.label, colspan=n, header=True))
                slots.extend(Slot(2, c + k * n + j, col.label, header=True) for j, col in enumerate(cols))
        else:
            (row,) = block
            slots.append(Slot(0, c, row.label, colspan=n, header=True))
            slots.extend(Slot(1, c + j, col.label, rowspan=2, header=True) for j, col in enumerate(cols))
        c += n * len(block)
    c = 0
    for row in table.rows:
        for j in range(n):
            slots.append(_value(table, row, j, 3, c))
            c += 1
    slots.sort(key=lambda s: (s.row, s.col))
    return Grid("s4", 4, c, 3, tuple(slots), (S4_COL_WIDTH,) * c)
