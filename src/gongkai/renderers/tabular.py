"""The researcher's export: one row per report, one column per cell id, as CSV or XLSX.

The columns are the union of both formats' ids (2021 first, then the ids only 2019 has), so reports of either
format sit in one sheet. A blank cell is an empty field, never 0.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..standard.formats import FORMAT_2019, FORMAT_2021, FORMATS
from ..standard.report import Report, Severity
from .layout import value_text

META_COLUMNS = (
    "file",
    "agency",
    "year",
    "format",
    "published",
    "index_number",
    "error_count",
    "warning_count",
)
CELL_COLUMNS = (*FORMAT_2021.cell_ids, *(i for i in FORMAT_2019.cell_ids if i not in FORMAT_2021.by_id))
COLUMNS = (*META_COLUMNS, *CELL_COLUMNS)
DATA_SHEET = "报告"
NOTES_SHEET = "说明"
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
    }


def to_csv(reports: list[Report]) -> bytes:
    """UTF-8 with BOM so that Excel opens the Chinese text correctly; money as the exact decimal string."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for report in reports:
        meta = _meta(report)
        row = ["" if meta[k] is None else str(meta[k]) for k in META_COLUMNS]
        row += [value_text(report.cells.get(i)) for i in CELL_COLUMNS]
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(reports: list[Report]) -> bytes:
    """Sheet 报告 holds the data under an id header row (money a number: openpyxl writes the shortest float text,
    exact for 万元 with two decimals); sheet 说明 says what each column is, in Chinese."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for report in reports:
        meta = _meta(report)
        ws.append([meta[k] for k in META_COLUMNS] + [report.cells.get(i) for i in CELL_COLUMNS])
    published = COLUMNS.index("published") + 1
    for (cell,) in ws.iter_rows(min_row=2, min_col=published, max_col=published):
        cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "C2"
    ws.column_dimensions["B"].width = 30
    _notes(wb.create_sheet(NOTES_SHEET))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _notes(ws) -> None:
    ws.append(NOTES_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for key in META_COLUMNS:
        ws.append((key, "", "", META_NOTES[key], ""))
    for cell_id in CELL_COLUMNS:
        holders = [f for f in FORMATS.values() if cell_id in f.by_id]
        cell = holders[-1].by_id[cell_id]
        labels = {f.by_id[cell_id].label for f in holders}
        ws.append(
            (
                cell_id,
                "、".join(sorted(f.id for f in holders)),
                f"{SECTION_TABLES[cell.table.section]} {cell.table.title if cell.table.section == 2 else ''}".strip(),
                "；".join(sorted(labels)),
                KIND_NOTES[cell.kind],
            )
        )
    for col, width in zip("ABCDE", (36, 10, 24, 70, 20), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True)
