"""Table 四 counted from the register, in one query grouped by agency.

Every case of the agency counts, whatever its subject (an application on the platform or not, 主动公开, 其他).
Counting across years (docs/legal.md §Table 四) is the setting GONGKAI_APPEALS_COUNTING:

- `filing_year` (default): a case counts in the year it was filed; its result is the one known on 31 December
  of that year, otherwise 尚未审结.
- `carry_open`: as above, and a case filed earlier and still undecided on 1 January counts again that year.

One agency's table, a jurisdiction's sum and every agency's table at once (`by_agency`) are read from the same
grouped query.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q
from gongkai.standard.formats import S4_ROWS

from gongkai_platform.agencies.scope import of_agencies
from gongkai_platform.appeals.models import Appeal, Result

FILING_YEAR, CARRY_OPEN = "filing_year", "carry_open"
MODES = {FILING_YEAR: "按立案年度计", CARRY_OPEN: "按立案年度计，上年未审结的案件次年再计"}


def counting_mode() -> str:
    mode = getattr(settings, "GONGKAI_APPEALS_COUNTING", FILING_YEAR)
    if mode not in MODES:
        raise ImproperlyConfigured(f"GONGKAI_APPEALS_COUNTING must be one of {sorted(MODES)}, not {mode!r}")
    return mode


def counted_in(year: int, mode: str | None = None) -> Q:
    """The cases a year's Table 四 counts."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    filed = Q(filed_on__range=(start, end))
    if (mode or counting_mode()) == CARRY_OPEN:
        open_at_start = Q(filed_on__lt=start) & (Q(concluded_on__isnull=True) | Q(concluded_on__gte=start))
        return filed | open_at_start
    return filed


def table4(agencies, year: int, mode: str | None = None) -> dict[str, int]:
    """One agency's Table 四, or the sum over many (an Agency, an iterable or a queryset)."""
    total = _zero(year)
    for cells in _grouped(agencies, year, mode).values():
        for cell, n in cells.items():
            total[cell] += n
    return total


def by_agency(agency_ids, year: int, mode: str | None = None) -> dict[int, dict[str, int]]:
    """{agency id: Table 四} for every id in `agency_ids`, in one query for any number of them."""
    ids = list(agency_ids)
    counted = _grouped(ids, year, mode)
    return {pk: counted.get(pk) or _zero(year) for pk in ids}


def _cells(year: int) -> dict[str, Q]:
    end = date(year, 12, 31)
    decided = Q(concluded_on__lte=end)
    cells: dict[str, Q] = {}
    for row in S4_ROWS:
        base = Q(group=row.key)
        for result in Result.values:
            cells[f"s4.{row.key}.{result}"] = base & decided & Q(result=result)
        cells[f"s4.{row.key}.pending"] = base & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=end))
        cells[f"s4.{row.key}.total"] = base
    return cells


def _zero(year: int) -> dict[str, int]:
    return dict.fromkeys(_cells(year), 0)


def _grouped(agencies, year: int, mode: str | None) -> dict[int, dict[str, int]]:
    cells = _cells(year)
    aliases = {f"c{i}": cid for i, cid in enumerate(cells)}  # cell ids contain dots, unsafe as SQL aliases
    rows = (
        Appeal.objects.filter(of_agencies(agencies, "agency"), counted_in(year, mode))
        .values("agency_id")
        .annotate(**{alias: Count("pk", filter=cells[cid]) for alias, cid in aliases.items()})
        .order_by()
    )
    return {row["agency_id"]: {cid: row[alias] for alias, cid in aliases.items()} for row in rows}
