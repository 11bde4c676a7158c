"""What is wrong with a report: the core's consistency rules (with last year's report for continuity), and
prose copied from last year or from another agency's signed or published report of the same year
(gongkai.standard.similarity). Two unedited drafts share the platform's own template sentences, which is not
copying from each other, so drafts of other agencies are not compared."""

from __future__ import annotations

from django.db.models import Q
from gongkai.standard import similarity
from gongkai.standard.report import Finding, Report, Severity
from gongkai.standard.rules import check

from gongkai_platform.annual_reports.convert import to_core
from gongkai_platform.annual_reports.models import AnnualReport, Status

PUBLIC = (Status.SIGNED, Status.PUBLISHED)


def rules(report: Report, previous: Report | None = None) -> list[Finding]:
    return list(check(report, previous=previous))


def findings(report: AnnualReport) -> list[Finding]:
    return findings_many([report])[report.pk]


def findings_many(reports: list[AnnualReport]) -> dict[int, list[Finding]]:
    """Findings per report id; the reports compared against are loaded and converted once for the batch."""
    if not reports:
        return {}
    years = {r.year for r in reports}
    pool = {
        r.pk: r
        for r in AnnualReport.objects.filter(
            Q(year__in=years, status__in=PUBLIC)
            | Q(year__in={y - 1 for y in years}, agency__in={r.agency_id for r in reports})
        ).select_related("agency")
    }
    pool.update({r.pk: r for r in reports})
    cores = {pk: to_core(r) for pk, r in pool.items()}
    by_key = {(r.agency_id, r.year): r for r in pool.values()}
    out = {}
    for report in reports:
        previous = by_key.get((report.agency_id, report.year - 1))
        found = rules(cores[report.pk], cores[previous.pk] if previous else None)
        others = [
            cores[o.pk]
            for o in pool.values()
            if o.year == report.year and o.agency_id != report.agency_id and o.status in PUBLIC
        ]
        batch = [cores[report.pk], *([cores[previous.pk]] if previous else []), *others]
        found += similarity.findings_for(batch).get(0, [])
        out[report.pk] = found
    return out


def errors(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity is Severity.ERROR]
