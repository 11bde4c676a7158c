"""The supervisor's downloads. The dashboard as a table for follow-up: CSV (UTF-8 with BOM, so Excel reads
Chinese) and XLSX. The roll-up and the bulk audit as the core's researcher export (`gongkai.renderers.tabular`):
one row per report under cell ids, a findings sheet, and a sheet per report in the national table layout."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO

from gongkai.renderers.tabular import to_csv as reports_csv
from gongkai.renderers.tabular import to_xlsx as reports_xlsx
from gongkai.standard.report import Report
from openpyxl import Workbook

from gongkai_platform.annual_reports import checks
from gongkai_platform.annual_reports.convert import to_core
from gongkai_platform.annual_reports.models import AnnualReport
from gongkai_platform.supervision.access import agencies_under
from gongkai_platform.supervision.dashboard import AgencyRow
from gongkai_platform.supervision.rollup import rollup

REPORT_FORMATS = {  # download name -> (suffix, media type)
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (".csv", "text/csv; charset=utf-8"),
    "csv-zh": (".csv", "text/csv; charset=utf-8"),
}

LAYOUT_SHEETS_UP_TO = 200

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


def reports_file(reports: list[Report], fmt: str) -> bytes:
    """Reports as one of REPORT_FORMATS: XLSX, CSV under cell ids, or CSV under Chinese headers. The XLSX has a
    sheet per report in the national layout up to LAYOUT_SHEETS_UP_TO reports: a sheet costs about 40 ms, so a
    province's 1,000 took 44 s; the data and findings sheets of 1,000 take 2 s."""
    if fmt == "xlsx":
        return reports_xlsx(reports, layouts=len(reports) <= LAYOUT_SHEETS_UP_TO)
    return reports_csv(reports, headers="zh" if fmt == "csv-zh" else "id")


def rollup_reports(jurisdiction, year: int) -> list[Report]:
    """The roll-up first, then every agency's own report of the year with its stored findings, by agency."""
    reports = list(
        AnnualReport.objects.filter(agency__in=agencies_under(jurisdiction), year=year)
        .select_related("agency")
        .order_by("agency__name")
    )
    found = checks.stored_findings(reports)
    out = [rollup(jurisdiction, year)]
    for report in reports:
        core = to_core(report)
        core.findings = found[report.pk]
        out.append(core)
    return out
