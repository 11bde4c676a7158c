"""Working-day arithmetic over the calendar tables.

Counting rule (as for legal time limits: the first day is not counted): `add_workdays(d, n)` is the n-th
working
day strictly after `d`, whatever kind of day `d` is; `workdays_between(a, b)` counts working days in (a, b],
so
`workdays_between(a, add_workdays(a, n)) == n`.
"""

from datetime import date, timedelta

from django.utils import timezone

from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday

MAX_SPAN_DAYS = 3660


class CalendarMissing(Exception):
    """A computation needed a year whose holiday schedule has not been entered."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"{year}年的节假日安排尚未录入工作日历，无法计算工作日；请管理员在后台录入。")


class WorkCalendar:
    """Loads a year's schedule on first use and answers from memory; create one per request or task."""

    def __init__(self):
        self._years: dict[int, tuple[set[date], set[date]]] = {}

    def _year(self, year: int) -> tuple[set[date], set[date]]:
        if year not in self._years:
            if not CalendarYear.objects.filter(year=year).exists():
                raise CalendarMissing(year)
            start, end = date(year, 1, 1), date(year, 12, 31)
            holidays = set(Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True))
            workdays = set(
                AdjustedWorkday.objects.filter(date__range=(start, end)).values_list("date", flat=True)
            )
            self._years[year] = (holidays, workdays)
        return self._years[year]

    def is_workday(self, d: date) -> bool:
        holidays, adjusted = self._year(d.year)
        if d in adjusted:
            return True
        if d in holidays:
            return False
        return d.weekday() < 5

    def add_workdays(self, d: date, n: int) -> date:
        if n < 0:
            raise ValueError("n must not be negative")
        current = d
        for _ in range(MAX_SPAN_DAYS):
            if n == 0:
                return current
            current += timedelta(days=1)
            if self.is_workday(current):
                n -= 1
        raise ValueError("working-day span too long")

    def workdays_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b` (negative when b is before a)."""
        if b < a:
            return -self.workdays_between(b, a)
        if (b - a).days > MAX_SPAN_DAYS:
            raise ValueError("working-day span too long")
        return sum(self.is_workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


def missing_year_warning(today: date | None = None) -> str | None:
    """From 1 November, the admins must enter next year's schedule before deadlines start crossing into it."""
    today = today or timezone.localdate()
    missing = [y for y in (today.year, today.year + 1) if not CalendarYear.objects.filter(year=y).exists()]
    if today.year in missing:
        return f"工作日历缺少{today.year}年的节假日安排，期限计算已停止，请立即录入。"
    if today.month >= 11 and missing:
        return f"工作日历尚未录入{today.year + 1}年的节假日安排，请在国务院办公厅通知发布后及时录入。"
    return None
