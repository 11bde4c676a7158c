"""Table 四 counted from the register, as one aggregate query.

Counting rule (decision): a case counts in the year it was filed; its result is the one known on
31 December of that year, otherwise 尚未审结.
"""

from datetime import date

from django.db.models import Count, Q
from gongkai.standard.formats import S4_ROWS

from gongkai_platform.agencies.scope import of_agencies
from gongkai_platform.appeals.models import Appeal, Result


def table4(agencies, year: int) -> dict[str, int]:
    """One agency's Table 四, or the sum over many (an iterable or queryset) in the same query."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    decided = Q(concluded_on__lte=end)
    cells: dict[str, Q] = {}
    for row in S4_ROWS:
        base = Q(group=row.key)
        for result in Result.values:
            cells[f"s4.{row.key}.{result}"] = base & decided & Q(result=result)
        cells[f"s4.{row.key}.pending"] = base & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=end))
        cells[f"s4.{row.key}.total"] = base
    aliases = {f"c{i}": cid for i, cid in enumerate(cells)}
    counts = Appeal.objects.filter(
        of_agencies(agencies, "application__agency"), filed_on__range=(start, end)
    ).aggregate(**{alias: Count("pk", filter=cells[cid]) for alias, cid in aliases.items()})
    return {cid: counts[alias] for alias, cid in aliases.items()}
