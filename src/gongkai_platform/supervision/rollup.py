"""The jurisdiction's roll-up report: every cell summed over the agencies of its subtree.

An agency whose report of the year is final — published on the platform or imported as published elsewhere —
contributes the cells of that report as it stands: the roll-up of published reports adds what the agencies
reported (corrections included), and reading the stored cells costs one row per agency instead of recounting
its applications and items. Every other agency (no report yet, a draft, a signed report not yet published)
contributes its figures counted live from the records, by the same queries as its own report, run once over
all of them (Table 三 one grouped query, the manual Table 二 figures one grouped query): the number of queries
does not grow with the agencies.

A 本级政府及所属部门汇总 report already holds its departments' figures, so it is never added as it stands (that
would count the departments twice); such an agency's own records are counted live. A cell blank in every
agency stays blank.
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from gongkai.standard.formats import Kind, format_for_year
from gongkai.standard.report import Report, coerce

from gongkai_platform.annual_reports import sources
from gongkai_platform.annual_reports.models import AnnualReport, Scope, Source, Status
from gongkai_platform.supervision.access import agencies_under


def table3_over(agencies, year: int) -> dict[str, int] | None:
    if not apps.is_installed(sources.APPLICATIONS_APP):
        return None
    from gongkai_platform.applications.models import Application

    return sources.count_table3(Application.objects.filter(agency__in=agencies), year)


def final_reports(year: int, format_id: str):
    """The reports a roll-up adds as they stand: final, of the agency's own work, in the year's format."""
    final = Q(status=Status.PUBLISHED) | Q(source=Source.IMPORTED)
    return AnnualReport.objects.filter(final, year=year, format=format_id, scope=Scope.OWN)


def rollup(jurisdiction, year: int) -> Report:
    fmt = format_for_year(year)
    agencies = agencies_under(jurisdiction).order_by()
    final = final_reports(year, fmt.id)
    reported = list(final.filter(agency__in=agencies).values_list("cells", flat=True))
    live = agencies.exclude(Exists(final.filter(agency=OuterRef("pk"))))
    counted = live.count()
    cells = _live_cells(live, fmt, year) if counted else dict.fromkeys(fmt.cell_ids)
    for stored in reported:
        for cell in fmt.cells:
            value = coerce(cell.kind, stored.get(cell.id))
            if value is not None:
                cells[cell.id] = value if cells[cell.id] is None else cells[cell.id] + value
    for cell in fmt.cells:
        if cell.kind is Kind.MONEY and cells[cell.id] is not None:
            cells[cell.id] = sources.as_cell_value(fmt, cell.id, cells[cell.id])
    return Report(
        format=fmt.id,
        agency=f"{jurisdiction.name}（汇总）",
        year=year,
        cells=cells,
        source=_source(jurisdiction, len(reported), counted),
    )


def _live_cells(agencies, fmt, year: int) -> dict:
    """Every cell summed over `agencies` from the records, in a fixed number of queries."""
    cells = dict.fromkeys(fmt.cell_ids)
    cells.update(sources.table2(agencies, fmt, year, manual={}))
    cells.update(sources.table4(agencies, year) or {})
    for cell_id, value in sources.manual_totals(agencies.values("pk"), year).items():
        if cell_id in cells:
            cells[cell_id] = sources.as_cell_value(fmt, cell_id, Decimal(value))
    cells.update(table3_over(agencies, year) or {})
    return cells


def _source(jurisdiction, reported: int, counted: int) -> str:
    """Where the figures come from, printed under the roll-up's title."""
    head = f"{jurisdiction.name}所辖{reported + counted}个机构汇总"
    if not reported:
        return f"{head}（按业务数据实时统计）"
    if not counted:
        return f"{head}（按各机构已发布的年度报告）"
    return f"{head}（{reported}个机构按已发布的年度报告，其余{counted}个机构按业务数据实时统计）"
