"""The jurisdiction's roll-up report: every cell summed over the agencies of its subtree, from raw records.

Table 三 is one aggregate query over all the subtree's applications (the same row filters as an agency's
table), the manual Table 二 figures one grouped query; the catalogue and appeal figures are summed per agency.
A cell blank in every agency stays blank.
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from gongkai.standard.formats import format_for_year
from gongkai.standard.report import Report

from gongkai_platform.annual_reports import sources
from gongkai_platform.supervision.access import agencies_under


def _add(a, b):
    if a is None:
        return b
    return a if b is None else a + b


def table3_over(agencies, year: int) -> dict[str, int] | None:
    if not apps.is_installed(sources.APPLICATIONS_APP):
        return None
    from gongkai_platform.applications.models import Application

    return sources.count_table3(Application.objects.filter(agency__in=agencies), year)


def rollup(jurisdiction, year: int) -> Report:
    fmt = format_for_year(year)
    agencies = list(agencies_under(jurisdiction))
    cells = dict.fromkeys(fmt.cell_ids)
    manual = sources.manual_totals([a.pk for a in agencies], year)
    for agency in agencies:
        table2 = sources.table2(agency, fmt, year, manual={})
        for cell_id, value in table2.items():
            cells[cell_id] = _add(cells[cell_id], value)
        table4 = sources.table4(agency, year) or {}
        for cell_id, value in table4.items():
            cells[cell_id] = _add(cells[cell_id], value)
    for cell_id, value in manual.items():
        if cell_id in cells:
            cells[cell_id] = sources.as_cell_value(fmt, cell_id, Decimal(value))
    cells.update(table3_over(agencies, year) or {})
    return Report(
        format=fmt.id,
        agency=f"{jurisdiction.name}（汇总）",
        year=year,
        cells=cells,
        source=f"{jurisdiction.name}所辖{len(agencies)}个机构汇总",
    )
