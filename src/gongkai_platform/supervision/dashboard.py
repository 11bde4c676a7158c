"""The supervisor's view of one jurisdiction for one report year: a row per agency."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Count, Q
from gongkai.standard.report import Finding, Severity

from gongkai_platform.annual_reports import checks
from gongkai_platform.annual_reports.models import AnnualReport, Source, Status
from gongkai_platform.annual_reports.sources import APPLICATIONS_APP
from gongkai_platform.supervision.access import agencies_under
from gongkai_platform.supervision.staleness import StaleColumn, stale_columns

STATUS_LABELS = {
    "not_started": "未开始",
    "drafted": "起草中",
    "signed": "已签批",
    "published": "已发布",
    "late": "逾期未发布",
    "published_late": "已发布（逾期）",
    "imported": "导入",
}


def deadline(year: int, agency_name: str | None = None) -> date:
    """When a report for `year` is due (条例 第四十九条): 31 January of the next year for a department, 31 March
    for a 县级以上 government's own report (本级政府年度报告, compiled by its 办公厅/室) — the core's rule."""
    from gongkai.standard.rules.publication import deadline as core_deadline

    return core_deadline(agency_name, year)


def deadlines(year: int) -> list[tuple[str, date]]:
    """Both deadlines the dashboard tracks, for the page's heading."""
    return [
        ("部门年度报告", date(year + 1, 1, 31)),
        ("本级人民政府年度报告", date(year + 1, 3, 31)),
    ]


@dataclass
class AgencyRow:
    agency: object
    report: AnnualReport | None
    status: str
    findings: list[Finding] = field(default_factory=list)
    overdue_applications: int = 0
    stale: list[StaleColumn] = field(default_factory=list)
    due: date | None = None  # this agency's deadline: a government's own report 31 March, others 31 January

    @property
    def government_report(self) -> bool:
        return self.due is not None and self.due.month == 3

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def report_status(report: AnnualReport | None, year: int, today: date, agency_name: str | None = None) -> str:
    due = deadline(year, agency_name)
    if report is not None and report.source == Source.IMPORTED:
        return "imported"  # published outside the platform: its date is only what the file says
    if report is not None and report.status == Status.PUBLISHED:
        return "published_late" if report.published_on and report.published_on > due else "published"
    if today > due:
        return "late"
    return "not_started" if report is None else report.status


def overdue_applications(agencies, today: date) -> dict[int, int]:
    """Open applications past their due date, per agency id, in one grouped query."""
    if not apps.is_installed(APPLICATIONS_APP):
        return {}
    from gongkai_platform.applications.models import Application

    rows = (
        Application.objects.filter(agency__in=agencies, replied_on__isnull=True)
        .values("agency")
        .annotate(n=Count("pk", filter=Q(due_on__lt=today)))
    )
    return {r["agency"]: r["n"] for r in rows}


# What a row reads of a report is its state and its stored findings: the tables, the prose and their
# fingerprints are most of a report's bytes (a thousand reports' JSON took a quarter of the page's time).
UNREAD = ("cells", "prose1", "prose5", "prose6", "prose_print", "privacy_overrides")


def _reports(agencies: list, selected, year: int) -> dict[int, AnnualReport]:
    """{agency id: its report of the year}, without the parts a row does not read. A report checked before
    findings were stored is read whole, since its findings are computed from its cells (one more query)."""
    by_pk = {a.pk: a for a in agencies}
    reports = {
        r.agency_id: r for r in AnnualReport.objects.filter(agency__in=selected, year=year).defer(*UNREAD)
    }
    unchecked = [r.pk for r in reports.values() if r.checked_at is None]
    if unchecked:
        reports.update((r.agency_id, r) for r in AnnualReport.objects.filter(pk__in=unchecked))
    for report in reports.values():
        report.agency = by_pk[report.agency_id]
    return reports


def rows(jurisdiction, year: int, today: date) -> list[AgencyRow]:
    selected = agencies_under(jurisdiction)
    agencies = list(selected)
    selected = selected.values("pk")  # the queries filter by the subquery, not by a thousand ids
    reports = _reports(agencies, selected, year)
    overdue = overdue_applications(selected, today)
    stale = stale_columns(agencies, today, selected)
    found = checks.stored_findings(reports.values(), within={a.pk for a in agencies})
    out = []
    for agency in agencies:
        report = reports.get(agency.pk)
        out.append(
            AgencyRow(
                agency=agency,
                report=report,
                status=report_status(report, year, today, agency.name),
                findings=found[report.pk] if report else [],
                overdue_applications=overdue.get(agency.pk, 0),
                stale=stale.get(agency.pk, []),
                due=deadline(year, agency.name),
            )
        )
    return out


def status_counts(agency_rows: list[AgencyRow]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in agency_rows:
        counts[row.status] += 1
    return counts


# The dashboard's tabs: which rows each shows.
VIEWS = {
    "all": ("全部", lambda row: True),
    "late": ("逾期未发布", lambda row: row.status == "late"),
    "errors": ("报告有错误", lambda row: row.errors > 0),
    "overdue": ("有超期未答复申请", lambda row: row.overdue_applications > 0),
    "stale": ("有未按时更新栏目", lambda row: bool(row.stale)),
}

# Sorting by status puts what needs following up first.
STATUS_ORDER = {s: i for i, s in enumerate(("late", "not_started", "drafted", "signed", "published_late"))}

SORT_KEYS = {  # a column's sort value of a row
    "name": lambda row: (row.agency.jurisdiction.name, row.agency.name),
    "due": lambda row: row.due,
    "status": lambda row: STATUS_ORDER.get(row.status, len(STATUS_ORDER)),
    "errors": lambda row: (row.errors, row.warnings),
    "overdue": lambda row: row.overdue_applications,
    "stale": lambda row: len(row.stale),
}

CHART_TOP = 10


def most_problems(agency_rows: list[AgencyRow], top: int = CHART_TOP) -> list[AgencyRow]:
    """The rows with the most errors and overdue applications, most first: a chart of a thousand bars is
    no chart, so it names the agencies to look at and the table holds the rest."""
    ranked = sorted(agency_rows, key=lambda row: row.errors + row.overdue_applications, reverse=True)
    return ranked[:top]
