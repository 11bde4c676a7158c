"""The publishing deadline of 条例 第二十六条: 20 working days from the day the information was formed
(成文日期)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from gongkai_platform.catalogue.models import InformationItem, State
from gongkai_platform.workdays.services import CalendarMissing, WorkCalendar

PUBLISH_WITHIN_WORKDAYS = 20
UNPUBLISHED = (State.DRAFT, State.IN_REVIEW, State.AWAITING_SIGNOFF)


def publish_deadline(item: InformationItem, calendar: WorkCalendar | None = None) -> date | None:
    """Last day to publish, or None when the item has no 成文日期. Raises CalendarMissing."""
    if item.written_on is None:
        return None
    return (calendar or WorkCalendar()).add_workdays(item.written_on, PUBLISH_WITHIN_WORKDAYS)


@dataclass
class DeadlineReport:
    overdue: list[tuple[InformationItem, date]]
    due_soon: list[tuple[InformationItem, date]]
    unknown: list[tuple[InformationItem, str]]


def deadline_report(items, today: date | None = None, soon_workdays: int = 5) -> DeadlineReport:
    """Unpublished items past their deadline, due within `soon_workdays`, or whose deadline cannot be
    computed."""
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    report = DeadlineReport([], [], [])
    for item in items.filter(state__in=UNPUBLISHED, written_on__isnull=False).select_related("agency"):
        try:
            due = publish_deadline(item, calendar)
            if due < today:
                report.overdue.append((item, due))
            elif calendar.workdays_between(today, due) <= soon_workdays:
                report.due_soon.append((item, due))
        except CalendarMissing as exc:
            report.unknown.append((item, str(exc)))
    report.overdue.sort(key=lambda pair: pair[1])
    report.due_soon.sort(key=lambda pair: pair[1])
    return report


def overdue_items(items, today: date | None = None) -> list[tuple[InformationItem, date]]:
    return deadline_report(items, today).overdue
