"""The jurisdiction's roll-up report: every cell summed over the agencies of its subtree, from raw records.

Each table is counted by the same queries as one agency's report, run over the whole subtree (Table 三 one
grouped query over all its applications, the manual Table 二 figures one grouped query), so the number of
queries does not grow with the agencies. A cell blank in every agency stays blank.
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from gongkai.standard.formats import format_for_year
from gongkai.standard.report import Report

from gongkai_platform.annual_reports import sources
from gongkai_platform.supervision.access import agencies_under


def table3_over(agencies, year: int) -> dict[str, int] | None:
    if not apps.is_installed(sources.APPLICATIONS_APP):
        return None
    from gongkai_platform.applications.models import Application

    return sources.count_table3(Application.objects.filter(agency__in=agencies), year)


def rollup(jurisdiction, year: int) -> Report:
    fmt = format_for_year(year)
    agencies = agencies_under(jurisdiction)
    count = agencies.count()
    manual = sources.manual_totals(agencies.values("pk"), year)
    cells = dict.fromkeys(fmt.cell_ids)
    cells.update(sources.table2(agencies, fmt, year, manual={}) if count else {})
    cells.update((sources.table4(agencies, year) or {}) if count else {})
    for cell_id, value in manual.items():
        if cell_id in cells:
            cells[cell_id] = sources.as_cell_value(fmt, cell_id, Decimal(value))
    cells.update((table3_over(agencies, year) or {}) if count else {})
    return Report(
        format=fmt.id,
        agency=f"{jurisdiction.name}（汇总）",
        year=year,
        cells=cells,
        source=f"{jurisdiction.name}所辖{count}个机构汇总",
    )
