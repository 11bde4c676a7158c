"""Columns not updated within their frequency (国办秘函〔2019〕19号 checks, research/domain.md §5.1).

动态、要闻类 columns must have an item within 2 weeks, 通知公告、政策文件类 within 6 months; an item without a
publication date counts as no update. Other columns are held to their own update frequency (每月/每季度/每年)
once the agency has published in them: a standard column an agency has never used may not apply to it. The
第二十一条 columns apply only to agencies of their level, and only once used ("根据本地方的具体情况").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Q

from gongkai_platform.catalogue import standard_columns
from gongkai_platform.catalogue.models import Column, InformationItem, State, UpdateFrequency

NEWS_WORDS = ("动态", "要闻")
NOTICE_WORDS = ("通知", "公告", "政策", "文件")
NEWS_DAYS, NOTICE_DAYS = 14, 183
FREQUENCY_DAYS = {UpdateFrequency.MONTHLY: 31, UpdateFrequency.QUARTERLY: 92, UpdateFrequency.YEARLY: 366}


@dataclass(frozen=True)
class StaleColumn:
    agency_id: int
    column: str
    last: date | None
    allowed_days: int
    rule: str  # what the limit is, in words

    @property
    def message(self) -> str:
        since = f"最近更新于{self.last:%Y-%m-%d}" if self.last else "从未更新"
        return f"“{self.column}”{since}，超过{self.rule}"


def limit_for(column: Column) -> tuple[int, str, bool] | None:
    """(days, description, checked even when never used) or None when the column has no limit."""
    if any(w in column.name for w in NEWS_WORDS):
        return NEWS_DAYS, "动态要闻类栏目2周更新要求", True
    if any(w in column.name for w in NOTICE_WORDS):
        return NOTICE_DAYS, "通知公告、政策文件类栏目6个月更新要求", True
    if column.update_frequency in FREQUENCY_DAYS:
        return (
            FREQUENCY_DAYS[column.update_frequency],
            f"“{column.get_update_frequency_display()}”的更新频率",
            False,
        )
    return None


def stale_columns(agencies, today: date, selected=None) -> dict[int, list[StaleColumn]]:
    """Per agency id, its stale columns; one query for the last publication dates. `selected` is the query
    that selected `agencies` (a thousand ids bound one by one cost more than the subquery)."""
    agency_ids = [a.pk for a in agencies]
    selected = agency_ids if selected is None else selected
    level_of = {a.pk: standard_columns.ARTICLE21_LEVELS.get(a.level) for a in agencies}
    last = {
        (row["agency"], row["column"]): row["last"]
        for row in InformationItem.objects.filter(agency_id__in=selected, state=State.PUBLISHED)
        .values("agency", "column")
        .annotate(last=Max("published_on"))
    }
    columns = list(Column.objects.filter(Q(agency__isnull=True) | Q(agency_id__in=selected)))
    found: dict[int, list[StaleColumn]] = {pk: [] for pk in agency_ids}
    for column in columns:
        limit = limit_for(column)
        if limit is None:
            continue
        days, rule, always = limit
        concerned = [column.agency_id] if column.agency_id else agency_ids
        if column.article21_level:
            concerned, always = [pk for pk in concerned if level_of[pk] == column.article21_level], False
        for agency_id in concerned:
            key = (agency_id, column.pk)
            if key not in last and not (always or column.agency_id):
                continue
            when = last.get(key)
            if when is None or when < today - timedelta(days=days):
                found[agency_id].append(StaleColumn(agency_id, column.name, when, days, rule))
    return found
