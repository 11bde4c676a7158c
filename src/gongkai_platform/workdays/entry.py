"""Entering a year of the calendar in one go: from the State Council's notice (parsed, then reviewed) or
typed into one table. The year is replaced as a whole, in one audited transaction, so the calendar never
holds half a year; open applications are recomputed once after it commits (applications.signals)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai_platform.auditlog.services import record
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday

HOLIDAY, WORKDAY = "holiday", "workday"


@transaction.atomic
def save_year(user, year: int, source: str, rows: list[tuple[date, str, str]]) -> CalendarYear:
    """rows: (date, HOLIDAY or WORKDAY, name). Dates of the year replace what the calendar had for it; a date of
    a neighbouring year (元旦 starting on 31 December) is added to that year's rows."""
    if not source.strip():
        raise ValidationError("请填写来源，如国务院办公厅通知的文号。")
    seen: dict[date, str] = {}
    for d, kind, _ in rows:
        if d in seen:
            raise ValidationError(f"{d:%Y-%m-%d}重复填写。")
        if kind == WORKDAY and d.weekday() < 5:
            raise ValidationError(f"{d:%Y-%m-%d}是工作日，不需要登记为调休上班日。")
        if abs(d.year - year) > 1:
            raise ValidationError(f"{d:%Y-%m-%d}不属于{year}年的放假安排。")
        seen[d] = kind
    before = {
        "holidays": Holiday.objects.filter(date__year=year).count(),
        "workdays": AdjustedWorkday.objects.filter(date__year=year).count(),
    }
    Holiday.objects.filter(date__year=year).delete()
    AdjustedWorkday.objects.filter(date__year=year).delete()
    for d, kind, name in rows:
        other = AdjustedWorkday if kind == HOLIDAY else Holiday
        other.objects.filter(date=d).delete()
        model = Holiday if kind == HOLIDAY else AdjustedWorkday
        model.objects.update_or_create(date=d, defaults={"name": name.strip()[:60] or "节假日"})
    entry, created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": source.strip()[:200]}
    )
    record(
        user,
        "calendar.year_entered",
        entry,
        {
            "before": before,
            "holidays": sum(k == HOLIDAY for _, k, _ in rows),
            "workdays": sum(k == WORKDAY for _, k, _ in rows),
            "new": created,
        },
    )
    return entry


def rows_of_year(year: int) -> list[tuple[date, str, str]]:
    holidays = [(h.date, HOLIDAY, h.name) for h in Holiday.objects.filter(date__year=year)]
    workdays = [(w.date, WORKDAY, w.name) for w in AdjustedWorkday.objects.filter(date__year=year)]
    return sorted(holidays + workdays)
