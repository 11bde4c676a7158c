"""The 本级政府年度报告: a 人民政府's report that counts the government's own work together with its departments'.

Decision (docs/legal.md §The government's report): "its departments" are the agencies of the government's own
jurisdiction (区划), not the lower levels, whose governments publish their own reports. Each cell is the sum of
the agencies' cells as their own reports count them (a cell blank in every agency stays blank), so the sum
keeps every relation each report keeps (Table 三's balance, the totals).
"""

from __future__ import annotations

from decimal import Decimal

from gongkai_platform.agencies.models import Agency
from gongkai_platform.annual_reports import sources


def level_cells(governments: list[Agency], year: int) -> dict[int, dict]:
    """{government agency id: its level's summed cells}, in one pass of the figure sources for all of them."""
    if not governments:
        return {}
    in_jurisdiction: dict[int, list[int]] = {}
    for pk, jurisdiction_id in Agency.objects.filter(
        jurisdiction_id__in={g.jurisdiction_id for g in governments}
    ).values_list("pk", "jurisdiction_id"):
        in_jurisdiction.setdefault(jurisdiction_id, []).append(pk)
    members = {g.pk: in_jurisdiction[g.jurisdiction_id] for g in governments}
    figures = sources.cells_by_agency({pk for ids in members.values() for pk in ids}, year)
    return {g: _sum([figures[pk] for pk in ids]) for g, ids in members.items()}


def _sum(cell_sets: list[dict]) -> dict:
    out = {}
    for cell_id in cell_sets[0]:
        values = [c[cell_id] for c in cell_sets if c[cell_id] is not None]
        out[cell_id] = (
            sum(values, Decimal(0) if any(isinstance(v, Decimal) for v in values) else 0) if values else None
        )
    return out
