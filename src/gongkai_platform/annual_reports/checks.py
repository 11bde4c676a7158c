"""What is wrong with a report: the core's consistency rules (with last year's report for continuity), and
prose copied from last year or from another agency's signed or published report of the same year
(gongkai.standard.similarity). A draft is compared only with what could have been copied: the year's signed or
published reports and its own agency's report of the year before (another agency's draft is not public). The
platform's own draft sentences are reference text (gongkai.standard.drafts), so a report that keeps them copies
nobody, published or not.

Both are computed when a report changes (`refresh`, called by the services after every write) and stored on
it, so the supervisor's pages read them and never recompute. Copied prose is compared across the report's whole
jurisdiction tree in one pass of the batch engine; a page about part of the tree shows only the matches whose
other report lies in that part.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from gongkai.standard import similarity
from gongkai.standard.report import PROSE_SECTIONS, Finding, Report, Severity
from gongkai.standard.rules import check

from gongkai_platform.agencies.models import Jurisdiction
from gongkai_platform.agencies.permissions import jurisdiction_subtree
from gongkai_platform.annual_reports.convert import to_core
from gongkai_platform.annual_reports.models import AnnualReport, Source, Status
from gongkai_platform.rowwrite import update_fields

PUBLIC = (Status.SIGNED, Status.PUBLISHED)
STORED_MATCHES = 20  # per section: enough to show the closest within any part of the tree, with the total


def rules(report: Report, previous: Report | None = None) -> list[Finding]:
    return list(check(report, previous=previous))


def report_rules(
    report: AnnualReport, previous: AnnualReport | None, core: Report | None = None
) -> list[Finding]:
    """The core's rules on a stored report, with the platform's own reading of an unbalanced Table 三 after
    onboarding (carried_unregistered)."""
    found = rules(core or to_core(report), to_core(previous) if previous else None)
    return carried_unregistered(report, previous, found)


CARRIED_UNREGISTERED = "s3.carried_unregistered"
_BALANCE_CELLS = ("s3.new.total", "s3.carried_in.total", "s3.total.total", "s3.carried_out.total")


def carried_unregistered(
    report: AnnualReport, previous: AnnualReport | None, found: list[Finding]
) -> list[Finding]:
    """An agency that imported last year's report carries its 结转下年度 into this year's 上年结转, but the cases
    behind it are not on the platform until it registers them: the other rows, counted from the cases, then fall
    short by exactly those cases. Instead of an unexplained s3.balance, say how many to register."""
    if previous is None or previous.source != Source.IMPORTED or report.source != Source.GENERATED:
        return found
    new, carried_in, total, carried_out = (report.cells.get(c) for c in _BALANCE_CELLS)
    if None in (new, carried_in, total, carried_out):
        return found
    missing = (new + carried_in) - (total + carried_out)
    if missing <= 0:
        return found
    kept = [f for f in found if f.rule != "s3.balance"]
    finding = Finding(
        CARRIED_UNREGISTERED,
        Severity.ERROR,
        unregistered_message(missing),
        _BALANCE_CELLS,
        carried_in,
        carried_in - missing,
    )
    return [finding, *kept]


def unregistered_message(n: int) -> str:
    return f"上年结转 {n} 件未在系统登记，请补录"


def errors(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity is Severity.ERROR]


# ---------------------------------------------------------------- reading what is stored
def findings(report: AnnualReport) -> list[Finding]:
    """The report's findings now: its rules computed afresh (cheap), its copied prose as last stored."""
    previous = AnnualReport.objects.filter(agency_id=report.agency_id, year=report.year - 1).first()
    found = report_rules(report, previous)
    stored = AnnualReport.objects.only("pk", "copies").get(
        pk=report.pk
    )  # another report's change may store it
    return found + copy_findings([stored])[report.pk]


def stored_findings(
    reports: Iterable[AnnualReport], within: set[int] | None = None
) -> dict[int, list[Finding]]:
    """Per report id, the stored rule findings and the copied prose whose other report's agency is `within`
    (default: anywhere) — no rule is run."""
    reports = list(reports)
    copies = copy_findings(reports, within)
    return {r.pk: _rules_stored(r) + copies[r.pk] for r in reports}


def _rules_stored(report: AnnualReport) -> list[Finding]:
    if report.checked_at is None:  # stored before checks were stored: computed now, kept by the next refresh
        return rules(to_core(report))
    return [_finding(d) for d in report.rule_findings]


def copy_findings(reports: list[AnnualReport], within: set[int] | None = None) -> dict[int, list[Finding]]:
    """Per report id, one `prose.copied` finding a section: the most similar report whose agency is `within`,
    with how many more the section stands in (a template copied by a hundred agencies is one finding each)."""
    others = {m["other"] for r in reports for m in r.copies}
    names = {
        pk: (agency_id, name, year)
        for pk, agency_id, name, year in AnnualReport.objects.filter(pk__in=others).values_list(
            "pk", "agency_id", "agency__name", "year"
        )
    }
    out = {}
    for r in reports:
        shown, found = set(), []
        for m in r.copies:  # stored most similar first within each section
            if m["section"] in shown or m["other"] not in names:
                continue
            agency_id, agency, year = names[m["other"]]
            if within is None or agency_id in within:
                shown.add(m["section"])
                found.append(_copied(m["section"], m["share"], agency, year, m.get("of", 1) - 1))
        out[r.pk] = found
    return out


def _finding(data: dict) -> Finding:
    return Finding(
        data["rule"],
        Severity(data["severity"]),
        data["message"],
        tuple(data.get("cells") or ()),
        data.get("expected"),
        data.get("found"),
    )


def _copied(section: int, share: float, agency: str, year: int, also: int) -> Finding:
    return similarity.copied_finding(
        similarity.Match(section, 0, share), Report(format="2021", agency=agency, year=year), also
    )


# ---------------------------------------------------------------- computing and storing
def refresh(report: AnnualReport) -> None:
    """After a change to `report`: its rules and those of next year's report (continuity reads this one),
    then the copied prose of its year across its jurisdiction tree, and next year's report's (compared with
    this one as its agency's report of the year before)."""
    following = list(AnnualReport.objects.filter(agency_id=report.agency_id, year=report.year + 1))
    refresh_rules([report, *following])
    top = root(report.agency.jurisdiction)
    refresh_copies(top, report.year)
    if following:
        refresh_copies(top, report.year + 1, only={r.pk for r in following})


def refresh_rules(reports: list[AnnualReport]) -> None:
    """Store each report's rule findings and prose fingerprint; last year's reports are loaded in one query."""
    if not reports:
        return
    previous = {
        (r.agency_id, r.year): r
        for r in AnnualReport.objects.filter(
            agency_id__in={r.agency_id for r in reports}, year__in={r.year - 1 for r in reports}
        ).select_related("agency")
    }
    now = timezone.now()
    for report in reports:
        core = to_core(report)
        before = previous.get((report.agency_id, report.year - 1))
        report.rule_findings = [f.as_dict() for f in report_rules(report, before, core)]
        report.prose_print = similarity.fingerprint(core).to_json()
        report.checked_at = now
    update_fields(reports, ["rule_findings", "prose_print", "checked_at"])


def refresh_copies(root: Jurisdiction, year: int, only: set[int] | None = None) -> None:
    """Compare every report of `year` in the tree under `root` (or of `only`, report ids) with the signed or
    published reports of that year and with its own agency's report of the year before, in one pass, and store
    the matches that changed. Naming `only` is exact when no signed or published report changed: a draft is
    nobody's source, so a new or refilled draft changes its own matches and no one else's."""
    rows = list(
        AnnualReport.objects.filter(
            agency__jurisdiction_id__in=jurisdiction_subtree(root), year__in=(year - 1, year)
        ).values("pk", "agency_id", "year", "status", "prose_print", "copies")
    )
    reprint([r for r in rows if not similarity.Fingerprint.current(r["prose_print"])])
    subjects = [n for n, r in enumerate(rows) if r["year"] == year and (only is None or r["pk"] in only)]
    candidates = [n for n, r in enumerate(rows) if r["year"] == year - 1 or r["status"] in PUBLIC]
    prints = [similarity.Fingerprint.from_json(r["prose_print"] or {}) for r in rows]
    matches = similarity.copied_sections(prints, subjects=subjects, candidates=candidates)
    changed = []
    for n in subjects:
        row = rows[n]
        kept = []
        for section in PROSE_SECTIONS:
            found = [
                m for m in matches.get(n, []) if m.section == section and _comparable(row, rows[m.other])
            ]
            kept += [
                {
                    "section": section,
                    "other": rows[m.other]["pk"],
                    "share": round(m.share, 3),
                    "of": len(found),
                }
                for m in found[:STORED_MATCHES]  # most similar first
            ]
        if kept != row["copies"]:
            changed.append(AnnualReport(pk=row["pk"], copies=kept))
    update_fields(changed, ["copies"])


def reprint(rows: list[dict]) -> None:
    """Fingerprint again, and store, the rows whose stored fingerprint was taken against another reference
    (stored by an older release): what they are compared on is then what the reference leaves today."""
    if not rows:
        return
    prose = {
        r.pk: r
        for r in AnnualReport.objects.filter(pk__in=[row["pk"] for row in rows]).only(
            "pk", "prose1", "prose5", "prose6"
        )
    }
    for row in rows:
        report = prose[row["pk"]]
        row["prose_print"] = report.prose_print = similarity.prose_fingerprint(report.prose).to_json()
    update_fields(list(prose.values()), ["prose_print"])


def _comparable(report: dict, other: dict) -> bool:
    if other["agency_id"] == report["agency_id"]:
        return other["year"] == report["year"] - 1
    return other["year"] == report["year"] and other["status"] in PUBLIC


def refresh_stored(years: Iterable[int] | None = None) -> int:
    """Every stored finding again (of `years`, default all): the rules, the fingerprints and the copied prose of
    every tree. After an upgrade that changed the rules or the copy engine's reference, the stored findings are
    otherwise those of the release that stored them until something in the tree changes."""
    reports = AnnualReport.objects.select_related("agency")
    if years is not None:
        reports = reports.filter(year__in=list(years))
    reports = list(reports.order_by("year", "pk"))
    refresh_rules(reports)
    for top, year in sorted(roots_of(reports), key=lambda ry: (ry[1], ry[0].pk)):
        refresh_copies(top, year)
    return len(reports)


def roots_of(reports: Iterable[AnnualReport]) -> set[tuple[Jurisdiction, int]]:
    """(top of the tree, year) of each report: what a copy pass runs over, found with one query."""
    parents = dict(Jurisdiction.objects.values_list("pk", "parent_id"))
    found = set()
    for report in reports:
        top = report.agency.jurisdiction_id
        while parents[top] is not None:
            top = parents[top]
        found.add((top, report.year))
    tops = Jurisdiction.objects.in_bulk({pk for pk, _ in found})
    return {(tops[pk], year) for pk, year in found}


def root(jurisdiction: Jurisdiction) -> Jurisdiction:
    """The top of the tree: copied prose is compared across the whole of it."""
    while jurisdiction.parent_id is not None:
        jurisdiction = Jurisdiction.objects.get(pk=jurisdiction.parent_id)
    return jurisdiction
