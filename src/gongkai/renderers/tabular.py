"""The researcher's and the supervisor's export: one row per report, one column per cell id, as CSV or XLSX.

The columns are the union of both formats' ids (2021 first, then the ids only 2019 has), so reports of either
format sit in one sheet. A blank cell is an empty field, never 0. Scripts read that first sheet by its cell ids;
people read the others: the XLSX adds a findings sheet (问题) and, per report, a sheet laid out as the national
table with the official Chinese labels, merged cells as printed. The CSV can carry Chinese column headers
(`headers="zh"`) for a person opening it in Excel.
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..standard.formats import FORMAT_2019, FORMAT_2021, FORMATS, SECTIONS
from ..standard.report import Report, Severity
from .layout import grids, meta_line, read_by_ocr, title, value_text

META_COLUMNS = (
    "file",
    "agency",
    "year",
    "format",
    "published",
    "index_number",
    "error_count",
    "warning_count",
    "ocr",
)
CELL_COLUMNS = (*FORMAT_2021.cell_ids, *(i for i in FORMAT_2019.cell_ids if i not in FORMAT_2021.by_id))
COLUMNS = (*META_COLUMNS, *CELL_COLUMNS)
DATA_SHEET = "报告"
NOTES_SHEET = "说明"
FINDINGS_SHEET = "问题"
FINDINGS_HEADER = ("文件", "机关", "年度", "级别", "规则", "说明", "单元格", "应为", "实为")
HEADERS = ("id", "zh")
NOTES_HEADER = ("列", "适用格式", "表", "含义", "类型")
META_NOTES = {
    "file": "来源文件",
    "agency": "机关名称",
    "year": "报告年度",
    "format": "报告格式（2019：国办公开办函〔2019〕60号；2021：国办公开办函〔2021〕30号）",
    "published": "发布日期",
    "index_number": "索引号",
    "error_count": "错误数",
    "warning_count": "警告数",
    "ocr": "OCR识别（由扫描件经文字识别读取的为 1；校正、存疑留空的单元格见 parse.ocr_corrected、parse.ocr_uncertain）",
}
KIND_NOTES = {"count": "件数（非负整数）", "signed": "增减数（有符号整数）", "money": "金额（万元）"}
SECTION_TABLES = {2: "表二", 3: "表三", 4: "表四"}


def _meta(report: Report) -> dict[str, object]:
    severities = [f.severity for f in report.findings]
    return {
        "file": report.source,
        "agency": report.agency,
        "year": report.year,
        "format": report.format,
        "published": report.published,
        "index_number": report.index_number,
        "error_count": severities.count(Severity.ERROR),
        "warning_count": severities.count(Severity.WARNING),
        "ocr": 1 if read_by_ocr(report) else None,
    }


def chinese_headers() -> tuple[str, ...]:
    """A Chinese header for every column: 机关名称 …, then 表三·（三）不予公开 1.属于国家秘密·自然人 for a cell."""
    meta = [META_NOTES[k].split("（")[0] for k in META_COLUMNS]
    cells = []
    for cell_id in CELL_COLUMNS:
        holders = [f for f in FORMATS.values() if cell_id in f.by_id]
        cell = holders[-1].by_id[cell_id]
        table = SECTION_TABLES[cell.table.section]
        where = f"{table}{cell.table.title}" if cell.table.section == 2 else table
        cells.append(f"{where}·{cell.label}")
    return (*meta, *cells)


def to_csv(reports: list[Report], headers: str = "id") -> bytes:
    """UTF-8 with BOM so that Excel opens the Chinese text correctly; money as the exact decimal string.
    `headers`: "id" (cell ids, for scripts) or "zh" (the Chinese labels, for people)."""
    if headers not in HEADERS:
        raise ValueError(f"不支持的表头：{headers}（可用：id、zh）")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS if headers == "id" else chinese_headers())
    for report in reports:
        meta = _meta(report)
        row = ["" if meta[k] is None else str(meta[k]) for k in META_COLUMNS]
        row += [value_text(report.cells.get(i)) for i in CELL_COLUMNS]
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(reports: list[Report], layouts: bool = True) -> bytes:
    """Sheet 报告 holds the data under an id header row (money a number: openpyxl writes the shortest float text,
    exact for 万元 with two decimals); sheet 说明 says what each column is, in Chinese. `layouts`: a sheet per
    report in the national layout (about 40 ms a report, so a batch of thousands may leave them out). Without
    layouts the workbook is written streaming (openpyxl's write-only mode: half the time for 1,000 reports);
    the layout sheets need merged cells, which only a normal workbook has. The data, findings and notes sheets
    are written row by row the same way in both."""
    wb = Workbook(write_only=not layouts)
    if layouts:
        wb.remove(wb.active)
    _data(wb.create_sheet(DATA_SHEET), reports)
    _findings(wb.create_sheet(FINDINGS_SHEET), reports)
    _notes(wb.create_sheet(NOTES_SHEET))
    names: set[str] = set()
    for n, report in enumerate(reports if layouts else [], start=1):
        if report.spec is not None:
            _layout(wb.create_sheet(sheet_name(n, report, names)), report)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _styled(ws, value, **style) -> Cell:
    """A cell for `ws.append` with its style set (the one way to style a cell in write-only mode; a normal
    sheet takes such cells too)."""
    cell = WriteOnlyCell(ws, value=value)
    for name, given in style.items():
        setattr(cell, name, given)
    return cell


def _header(ws, names, widths: dict[str, int], freeze: str) -> None:
    ws.freeze_panes = freeze
    for column, width in widths.items():
        ws.column_dimensions[column].width = width
    ws.append([_styled(ws, name, font=_BOLD) for name in names])


def _data(ws, reports: list[Report]) -> None:
    _header(ws, COLUMNS, {"B": 30}, "C2")
    published = COLUMNS.index("published")
    for report in reports:
        meta = _meta(report)
        row = [meta[k] for k in META_COLUMNS] + [report.cells.get(i) for i in CELL_COLUMNS]
        row[published] = _styled(ws, row[published], number_format="yyyy-mm-dd")
        ws.append(row)


def _findings(ws, reports: list[Report]) -> None:
    """Every finding of every report, errors first within each report, in the CLI's and the web's words."""
    _header(
        ws, FINDINGS_HEADER, dict(zip("ABCDEFGHI", (30, 28, 8, 6, 24, 70, 30, 12, 12), strict=True)), "A2"
    )
    order = list(Severity)
    for report in reports:
        for f in sorted(report.findings, key=lambda f: order.index(f.severity)):
            ws.append(
                (
                    report.source,
                    report.agency,
                    report.year,
                    f.severity.label,
                    f.rule,
                    _styled(ws, f.message, alignment=_WRAP_TOP),
                    "、".join(f.cells),
                    _plain(f.expected),
                    _plain(f.found),
                )
            )


def _plain(value: object) -> object:
    """A finding's expected/found as a spreadsheet value: numbers stay numbers, anything else becomes text."""
    if value is None or isinstance(value, int | float):
        return value
    return str(value)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(n: int, report: Report, taken: set[str]) -> str:
    """A unique sheet name (Excel: ≤ 31 characters, no []:*?/\\): the report's number, agency and year."""
    who = report.agency or (report.source or "").replace("\\", "/").rsplit("/", 1)[-1] or "报告"
    name = _SHEET_FORBIDDEN.sub("_", f"{n} {who}")
    year = f" {report.year}" if report.year else ""
    name = name[: 31 - len(year)] + year
    while name in taken:  # cut to fit, two reports may still end alike
        name = f"{n} {name}"[:31]
    taken.add(name)
    return name


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _layout(ws, report: Report) -> None:
    """The report as its national format prints it: title, then each table with its official labels and merges."""
    spec = report.spec
    ws.append((title(report),))
    ws["A1"].font = Font(bold=True, size=14)
    line = meta_line(report)
    extra = [f"文件：{report.source}"] if report.source else []
    ws.append(("　".join([*([line] if line else []), *extra, f"格式：{spec.notice}"]),))
    top = 3
    width = max(g.n_cols for n in (2, 3, 4) for g in grids(spec, n))
    banners = [1, 2]
    for section in SECTIONS:
        if section.prose:
            continue
        top += 1
        ws.cell(top, 1, section.title).font = Font(bold=True)
        banners.append(top)
        top += 1
        for grid in grids(spec, section.number):
            for slot in grid.slots:
                cell = ws.cell(top + slot.row, 1 + slot.col)
                if slot.cell_id is None:
                    cell.value = slot.text
                    cell.font = Font(bold=slot.row < grid.head)
                    cell.fill = _HEADER_FILL
                else:
                    cell.value = report.cells.get(slot.cell_id)
                    cell.alignment = Alignment(horizontal="center", vertical="center")
                if slot.cell_id is None:
                    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
                for r in range(slot.rowspan):
                    for c in range(slot.colspan):
                        ws.cell(top + slot.row + r, 1 + slot.col + c).border = _BOX
                if slot.rowspan > 1 or slot.colspan > 1:
                    ws.merge_cells(
                        start_row=top + slot.row,
                        start_column=1 + slot.col,
                        end_row=top + slot.row + slot.rowspan - 1,
                        end_column=slot.col + slot.colspan,
                    )
            top += grid.n_rows
    for row in banners:  # the title, the metadata line and the section headings run across the table
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14
    ws.column_dimensions["C"].width = 34


def _notes(ws) -> None:
    _header(ws, NOTES_HEADER, dict(zip("ABCDE", (36, 10, 24, 70, 20), strict=True)), "A2")
    for key in META_COLUMNS:
        ws.append((key, "", "", _styled(ws, META_NOTES[key], alignment=_WRAP), ""))
    for cell_id in CELL_COLUMNS:
        holders = [f for f in FORMATS.values() if cell_id in f.by_id]
        cell = holders[-1].by_id[cell_id]
        labels = {f.by_id[cell_id].label for f in holders}
        ws.append(
            (
                cell_id,
                "、".join(sorted(f.id for f in holders)),
                f"{SECTION_TABLES[cell.table.section]} {cell.table.title if cell.table.section == 2 else ''}".strip(),
                _styled(ws, "；".join(sorted(labels)), alignment=_WRAP),
                KIND_NOTES[cell.kind],
            )
        )
