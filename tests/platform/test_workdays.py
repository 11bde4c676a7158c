"""Working days from the calendar tables: 调休, holidays, counting, and a loud failure for unknown years."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from gongkai_platform.workdays import seeding
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday
from gongkai_platform.workdays.services import CalendarMissing, WorkCalendar, missing_year_warning


@pytest.fixture
def cal(calendar):
    return calendar


def test_adjusted_saturday_is_a_workday(cal):
    assert date(2026, 2, 14).weekday() == 5
    assert cal.is_workday(date(2026, 2, 14))


def test_holiday_on_a_weekday_is_not_a_workday(cal):
    assert date(2026, 10, 5).weekday() == 0
    assert not cal.is_workday(date(2026, 10, 5))
    assert cal.is_workday(date(2026, 10, 9)) and not cal.is_workday(date(2026, 10, 11))


def test_plain_weekend_is_not_and_plain_weekday_is(cal):
    assert not cal.is_workday(date(2026, 3, 7))
    assert cal.is_workday(date(2026, 3, 9))


def test_add_workdays_counts_from_the_next_day_across_national_day(cal):
    # 中秋 25–27 September and 国庆 1–7 October 2026 are off; Saturday 10 October is a 调休 workday.
    assert cal.add_workdays(date(2026, 9, 24), 1) == date(2026, 9, 28)
    assert cal.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert cal.add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert cal.add_workdays(date(2026, 9, 24), 0) == date(2026, 9, 24)


def test_missing_year_raises_clearly(cal):
    with pytest.raises(CalendarMissing, match="2027年"):
        cal.is_workday(date(2027, 3, 1))
    with pytest.raises(CalendarMissing):
        cal.add_workdays(date(2026, 12, 10), 20)


def test_admin_entered_year_is_used(cal):
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕测试")
    Holiday.objects.create(date=date(2027, 1, 1), name="元旦")
    AdjustedWorkday.objects.create(date=date(2027, 1, 2), name="元旦")
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 2))
    assert cal.add_workdays(date(2026, 12, 10), 20) == date(2027, 1, 7)


def test_warning_from_first_november_when_next_year_missing(calendar):
    assert missing_year_warning(date(2026, 10, 31)) is None
    assert "2027" in missing_year_warning(date(2026, 11, 1))
    CalendarYear.objects.create(year=2027, source="录入")
    assert missing_year_warning(date(2026, 11, 1)) is None
    assert "2028" in missing_year_warning(date(2028, 2, 1))


class WorkdayArithmetic(HypothesisTestCase):
    def setUp(self):
        seeding.seed(CalendarYear, Holiday, AdjustedWorkday)

    @settings(max_examples=60, deadline=None)
    @given(st.dates(min_value=date(2010, 1, 1), max_value=date(2025, 12, 31)), st.integers(0, 60))
    def test_between_inverts_add(self, start, n):
        cal = WorkCalendar()
        end = cal.add_workdays(start, n)
        assert cal.workdays_between(start, end) == n
        assert cal.workdays_between(end, start) == -n
        assert n == 0 or cal.is_workday(end)
