"""The dashboard as a table for the supervisor's own follow-up: CSV (UTF-8 with BOM, so Excel reads Chinese)
and XLSX."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO

from openpyxl import Workbook

from gongkai_platform.supervision.dashboard import AgencyRow

HEADER = (
    "机构",
    "报告状态",
    "索引号",
    "发布日期",
    "错误",
    "警告",
    "问题摘要",
    "超期未答复申请",
    "未按时更新栏目",
)


def table(agency_rows: list[AgencyRow]) -> list[tuple]:
    out = []
    for row in agency_rows:
        report = row.report
        out.append(
            (
                row.agency.name,
                row.status_label,
                report.index_number if report else "",
                report.published_on.isoformat() if report and report.published_on else "",
                row.errors,
                row.warnings,
                "；".join(f.message for f in row.findings if f.severity != "info")[:2000],
                row.overdue_applications,
                "；".join(s.message for s in row.stale),
            )
        )
    return out


def to_csv(agency_rows: list[AgencyRow]) -> bytes:
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(table(agency_rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(agency_rows: list[AgencyRow], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(HEADER)
    for values in table(agency_rows):
        sheet.append(values)
    for column, width in zip("ABCDEFGHI", (30, 14, 26, 12, 6, 6, 60, 14, 50), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
