"""What is wrong with a report: the core's consistency rules, and prose copied from last year or from another
agency's signed or published report of the same year (gongkai.standard.similarity)."""

from __future__ import annotations

from gongkai.standard import similarity
from gongkai.standard.report import Finding, Report, Severity

from gongkai_platform.annual_reports.convert import to_core
from gongkai_platform.annual_reports.models import AnnualReport, Status


def rules(report: Report, previous: Report | None = None) -> list[Finding]:
    try:
        from gongkai.standard.rules import check
    except ImportError:  # the core's rule set has not landed yet: the interim subset below stands in
        from gongkai_platform.annual_reports.interim_rules import check
    return list(check(report, previous=previous))


def previous_of(report: AnnualReport) -> AnnualReport | None:
    return (
        AnnualReport.objects.filter(agency=report.agency, year=report.year - 1)
        .select_related("agency")
        .first()
    )


def findings(report: AnnualReport) -> list[Finding]:
    """Every finding for a stored report: rules (with last year's report for continuity) and copied prose."""
    core = to_core(report)
    previous = previous_of(report)
    found = rules(core, to_core(previous) if previous else None)
    # Other agencies' reports count once signed or published: two unedited drafts share the platform's own
    # template sentences, which is not copying from each other.
    others = (
        AnnualReport.objects.filter(year=report.year, status__in=(Status.SIGNED, Status.PUBLISHED))
        .exclude(agency=report.agency)
        .select_related("agency")
    )
    batch = [core] + ([to_core(previous)] if previous else []) + [to_core(o) for o in others]
    found += similarity.findings_for(batch).get(0, [])
    return found


def errors(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity is Severity.ERROR]
