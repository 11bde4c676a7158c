"""URL converters shared by every app: `<year:year>` matches only a year the platform can hold.

Reports exist from 2019, the first year of the revised 条例 and its national formats (gongkai.standard.formats
FIRST_YEAR; earlier years have no format to count or check by), to next year (a report being drafted in
January); any other number, however many digits, does not match, so the URL is a 404 instead of an overflow or
a date error deep in a view.
"""

from django.urls import register_converter
from django.utils import timezone
from gongkai.standard.formats import FIRST_YEAR


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= timezone.localdate().year + 1


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not valid_year(year):
            raise ValueError(f"year {year} is outside {FIRST_YEAR}..next year")
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


register_converter(YearConverter, "year")
