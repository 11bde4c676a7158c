"""Every cell of a year's format, counted from the agency's records with aggregate queries.

Table 二 第（一）项 comes from the catalogue (catalogue.figures), the other Table 二 rows from ManualFigure;
Table 三 and 四 from the applications and appeals registers, one aggregate query each. A cell no record covers
stays None (blank), so the rules can say it is missing instead of the report claiming 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from gongkai.standard.formats import APPLICANT_COLUMNS, Format, Kind

from gongkai_platform.annual_reports.models import ManualFigure
from gongkai_platform.catalogue.figures import article20_figures

APPLICATIONS_APP = "gongkai_platform.applications"
APPEALS_APP = "gongkai_platform.appeals"

# The 2019 format's 第（一）项 columns: 本年新制作数量 by 成文日期, 本年新公开数量 by 发布日期 (catalogue.figures).
_ART20_1_2019 = {"made": "issued", "published": "published", "total": "in_force"}


def table2(agency, fmt: Format, year: int, manual: dict | None = None) -> dict[str, int | Decimal | None]:
    """Table 二 for one agency, or summed over many; `manual` (cell -> value) replaces the agency's own
    ManualFigure rows (required when `agency` is many)."""
    figures = article20_figures(agency, year)
    cells: dict[str, int | Decimal | None] = {}
    for table in fmt.tables_in(2):
        for cell in table.cells():
            cells[cell.id] = None
    for cell_id in list(cells):
        prefix, _, column = cell_id.rpartition(".")
        if prefix in ("s2.rules", "s2.normative_docs"):
            column = _ART20_1_2019.get(column, column) if fmt.id == "2019" else column
            cells[cell_id] = figures.get(f"{prefix}.{column}")
    if manual is None:
        manual = dict(ManualFigure.objects.filter(agency=agency, year=year).values_list("cell", "value"))
    for cell_id, value in manual.items():
        if cell_id in cells:
            cells[cell_id] = as_cell_value(fmt, cell_id, value)
    return cells


def manual_totals(agency_ids, year: int) -> dict[str, Decimal]:
    """Manual figures summed over several agencies, in one query (the jurisdiction roll-up)."""
    rows = (
        ManualFigure.objects.filter(agency_id__in=agency_ids, year=year)
        .values("cell")
        .annotate(total=Sum("value"))
        .values_list("cell", "total")
    )
    return dict(rows)


def as_cell_value(fmt: Format, cell_id: str, value: Decimal):
    if fmt.by_id[cell_id].kind is Kind.MONEY:
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return int(value)


def table3(agency, year: int) -> dict[str, int] | None:
    """Table 三 from the applications register, or None when the applications app is not installed."""
    if not apps.is_installed(APPLICATIONS_APP):
        return None
    from gongkai_platform.applications.models import Application

    return count_table3(Application.objects.filter(agency=agency), year)


def count_table3(applications, year: int) -> dict[str, int]:
    """Table 三 over any set of applications (one agency, or a jurisdiction's subtree) in one grouped query.

    The counting rules are the applications app's own: its row filters (applications.table3.row_filters) for
    新收, 上年结转, 总计 and 结转, and its outcome-to-row mapping (outcomes.row_for_year) for the outcome rows.
    Cases are grouped by applicant kind, outcome and those four conditions, so the database evaluates four
    expressions per case instead of one per cell (168): that keeps 100,000 cases well under a second on SQLite.
    """
    from gongkai_platform.applications.outcomes import row_for_year
    from gongkai_platform.applications.table3 import row_filters

    start, end = date(year, 1, 1), date(year, 12, 31)
    filters = row_filters(year)
    flags = {f"f{i}": row for i, row in enumerate(_FLAG_ROWS)}
    cells = {f"s3.{row}.{col}": 0 for row in filters for col in (*APPLICANT_COLUMNS, "total")}
    groups = (
        applications.filter(applicant_kind__in=APPLICANT_COLUMNS, received_on__lte=end)
        .filter(Q(replied_on__isnull=True) | Q(replied_on__gte=start))  # every row's cases lie in this window
        .annotate(
            **{a: ExpressionWrapper(filters[row], output_field=BooleanField()) for a, row in flags.items()}
        )
        .values("applicant_kind", "outcome", *flags)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for group in groups:
        kind, n = group["applicant_kind"], group["n"]
        rows = [row for alias, row in flags.items() if group[alias]]
        if "total" in rows:
            rows.append(row_for_year(group["outcome"], year))
        for row in rows:
            cells[f"s3.{row}.{kind}"] += n
            cells[f"s3.{row}.total"] += n
    return cells


_FLAG_ROWS = ("new", "carried_in", "total", "carried_out")


def table4(agency, year: int) -> dict[str, int] | None:
    """Table 四 for one agency, or summed over many (an iterable or queryset)."""
    if not apps.is_installed(APPEALS_APP):
        return None
    from gongkai_platform.appeals.table4 import table4 as query

    return query(agency, year)
