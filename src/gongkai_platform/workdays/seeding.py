"""Seeding the calendar tables from the chinese_calendar package (used by the data migration and the
`seed_workdays` command). Existing rows win: dates an admin has edited are never overwritten."""

import chinese_calendar
from chinese_calendar import constants

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def chinese_name(name: str) -> str:
    return HOLIDAY_NAMES.get(name, name)


def library_years() -> list[int]:
    return sorted({d.year for d in constants.holidays})


def seed(calendar_year, holiday, adjusted_workday, years=None) -> list[int]:
    """Create missing rows for `years` (default: all the library knows). Returns the years newly marked
    known."""
    known = set(library_years())
    wanted = sorted(known if years is None else set(years) & known)
    existing_years = set(calendar_year.objects.values_list("year", flat=True))
    source = f"chinese_calendar {getattr(chinese_calendar, '__version__', '')}".strip()
    holiday.objects.bulk_create(
        [holiday(date=d, name=chinese_name(n)) for d, n in constants.holidays.items() if d.year in wanted],
        ignore_conflicts=True,
    )
    adjusted_workday.objects.bulk_create(
        [
            adjusted_workday(date=d, name=chinese_name(n))
            for d, n in constants.workdays.items()
            if d.year in wanted
        ],
        ignore_conflicts=True,
    )
    new = [y for y in wanted if y not in existing_years]
    calendar_year.objects.bulk_create(
        [calendar_year(year=y, source=source) for y in new], ignore_conflicts=True
    )
    return new
