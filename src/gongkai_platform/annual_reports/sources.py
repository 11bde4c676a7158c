"""Every cell of a year's format, counted from the records with grouped aggregate queries.

Table 二 第（一）项 comes from the catalogue (catalogue.figures), the other Table 二 rows from ManualFigure;
Table 三 and 四 from the applications and appeals registers. A cell no record covers stays None (blank), so the
rules can say it is missing instead of the report claiming 0.

Each source has one counting implementation, grouped by agency: `cells_by_agency` fills the reports of a
thousand agencies in the same handful of queries as one agency's report, and an agency's own figures are its
entry in that grouping. The roll-up sums the same groupings over a jurisdiction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from gongkai.standard.formats import APPLICANT_COLUMNS, S3_COLUMNS, Format, Kind, format_for_year

from gongkai_platform.annual_reports.models import AnnualReport, ManualFigure
from gongkai_platform.catalogue import figures as article20

APPLICATIONS_APP = "gongkai_platform.applications"
APPEALS_APP = "gongkai_platform.appeals"

# The 2019 format's 第（一）项 columns: 本年新制作数量 by 成文日期, 本年新公开数量 by 发布日期 (catalogue.figures).
_ART20_1_2019 = {"made": "issued", "published": "published", "total": "in_force"}


def cells_by_agency(agency_ids, year: int) -> dict[int, dict]:
    """{agency id: every cell of the year's format} from the records, in a fixed number of queries.
    上年结转 is last year's 结转下年度 when last year's report exists on the platform (generated or imported),
    otherwise the count of cases still open."""
    ids = list(agency_ids)
    fmt = format_for_year(year)
    out = {pk: dict.fromkeys(fmt.cell_ids) for pk in ids}
    for pk, cells in table2_by_agency(ids, fmt, year).items():
        out[pk].update(cells)
    for tables in (table3_by_agency(ids, year), table4_by_agency(ids, year)):
        for pk, table in (tables or {}).items():
            out[pk].update({k: v for k, v in table.items() if k in out[pk]})
    previous = AnnualReport.objects.filter(agency_id__in=ids, year=year - 1).values_list("agency_id", "cells")
    for pk, last_year in previous:
        for column in S3_COLUMNS:
            carried = last_year.get(f"s3.carried_out.{column.key}")
            if carried is not None:
                out[pk][f"s3.carried_in.{column.key}"] = int(carried)
    return out


# Table 二 ---------------------------------------------------------------------------------------------------


def table2(agencies, fmt: Format, year: int, manual: dict | None = None) -> dict[str, int | Decimal | None]:
    """One agency's Table 二 with its own manual figures, or (with `manual`, cell -> value) the sum over
    many agencies (an iterable or queryset) with `manual` as the manual figures (the roll-up's
    `manual_totals`)."""
    if manual is None:
        return table2_by_agency([agencies.pk], fmt, year)[agencies.pk]
    return _table2_cells(fmt, article20.article20_figures(agencies, year), manual)


def table2_by_agency(agency_ids, fmt: Format, year: int) -> dict[int, dict[str, int | Decimal | None]]:
    """{agency id: Table 二} with each agency's own ManualFigure rows, in three queries."""
    ids = list(agency_ids)
    manual: dict[int, dict] = defaultdict(dict)
    for pk, cell, value in ManualFigure.objects.filter(agency_id__in=ids, year=year).values_list(
        "agency_id", "cell", "value"
    ):
        manual[pk][cell] = value
    return {pk: _table2_cells(fmt, f, manual[pk]) for pk, f in article20.by_agency(ids, year).items()}


def _table2_cells(fmt: Format, figures: dict[str, int], manual: dict) -> dict[str, int | Decimal | None]:
    cells: dict[str, int | Decimal | None] = {}
    for table in fmt.tables_in(2):
        for cell in table.cells():
            cells[cell.id] = None
    for cell_id in list(cells):
        prefix, _, column = cell_id.rpartition(".")
        if prefix in ("s2.rules", "s2.normative_docs"):
            column = _ART20_1_2019.get(column, column) if fmt.id == "2019" else column
            cells[cell_id] = figures.get(f"{prefix}.{column}")
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


# Table 三 ---------------------------------------------------------------------------------------------------


def table3(agency, year: int) -> dict[str, int] | None:
    """One agency's Table 三, or None when the applications app is not installed."""
    tables = table3_by_agency([agency.pk], year)
    return None if tables is None else tables[agency.pk]


def table3_by_agency(agency_ids, year: int) -> dict[int, dict[str, int]] | None:
    """{agency id: Table 三} in one grouped query, or None when the applications app is not installed."""
    if not apps.is_installed(APPLICATIONS_APP):
        return None
    from gongkai_platform.applications.models import Application

    ids = list(agency_ids)
    counted = _count_table3(Application.objects.filter(agency_id__in=ids), year, "agency_id")
    zero = _zero_table3(year)
    return {pk: counted.get(pk) or dict(zero) for pk in ids}


def count_table3(applications, year: int) -> dict[str, int]:
    """Table 三 over any set of applications (a jurisdiction's subtree, for the roll-up) in one query."""
    return _count_table3(applications, year, None).get(None) or _zero_table3(year)


def _zero_table3(year: int) -> dict[str, int]:
    """Every Table 三 cell at 0 (built once per count: the row filters cost about 10 ms)."""
    from gongkai_platform.applications.table3 import row_filters

    return {f"s3.{row}.{col}": 0 for row in row_filters(year) for col in (*APPLICANT_COLUMNS, "total")}


def _count_table3(applications, year: int, per: str | None) -> dict:
    """{value of `per` (None: all in one): Table 三}.

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
    keys = (per,) if per else ()
    groups = (
        applications.filter(applicant_kind__in=APPLICANT_COLUMNS, received_on__lte=end)
        .filter(Q(replied_on__isnull=True) | Q(replied_on__gte=start))  # every row's cases lie in this window
        .annotate(
            **{a: ExpressionWrapper(filters[row], output_field=BooleanField()) for a, row in flags.items()}
        )
        .values(*keys, "applicant_kind", "outcome", *flags)
        .annotate(n=Count("pk"))
        .order_by()
    )
    zero, outcome_row, out = _zero_table3(year), {}, {}
    for group in groups:
        cells = out.setdefault(group[per] if per else None, dict(zero))
        kind, n = group["applicant_kind"], group["n"]
        rows = [row for alias, row in flags.items() if group[alias]]
        if "total" in rows:
            outcome = group["outcome"]
            if outcome not in outcome_row:
                outcome_row[outcome] = row_for_year(outcome, year)
            rows.append(outcome_row[outcome])
        for row in rows:
            cells[f"s3.{row}.{kind}"] += n
            cells[f"s3.{row}.total"] += n
    return out


_FLAG_ROWS = ("new", "carried_in", "total", "carried_out")


# Table 四 ---------------------------------------------------------------------------------------------------


def table4(agencies, year: int) -> dict[str, int] | None:
    """Table 四 summed over many agencies (an iterable or queryset), or None without the appeals app."""
    if not apps.is_installed(APPEALS_APP):
        return None
    from gongkai_platform.appeals.table4 import table4 as query

    return query(agencies, year)


def table4_by_agency(agency_ids, year: int) -> dict[int, dict[str, int]] | None:
    """{agency id: Table 四} in one grouped query, or None without the appeals app."""
    if not apps.is_installed(APPEALS_APP):
        return None
    from gongkai_platform.appeals.table4 import by_agency

    return by_agency(agency_ids, year)
