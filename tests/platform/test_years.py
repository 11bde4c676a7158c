"""A year in a URL is a year the platform can hold (2019, the first year with a national format, to next year); anything else is a 404, never a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

BAD_YEARS = [
    "0000",
    "1999",
    "2007",
    "2008",
    "2018",
    "3000",
    "9999",
    "0",
    "20250",
    "99999999999",
    "-2025",
    "２０２５",
]


@pytest.fixture
def admin_client_(client, tree):
    client.force_login(get_user_model().objects.create_superuser("root", password="correct-horse-battery"))
    return client


def year_urls(tree):
    stats, city = tree["stats"], tree["city"]
    return [
        f"/staff/reports/{stats.slug}/{{}}/",
        f"/staff/reports/{stats.slug}/{{}}/download/html/",
        f"/yisqing/staff/report/{stats.pk}/{{}}/",
        f"/supervision/{city.slug}/{{}}/",
        f"/supervision/{city.slug}/{{}}/export.csv",
        f"/supervision/{city.slug}/{{}}/rollup/",
    ]


def test_out_of_range_years_are_404_everywhere(admin_client_, tree):
    for url in year_urls(tree):
        for year in BAD_YEARS:
            response = admin_client_.get(url.format(year))
            assert response.status_code == 404, (url.format(year), response.status_code)


def test_years_in_range_still_resolve(admin_client_, tree):
    this_year = timezone.localdate().year
    assert admin_client_.get(f"/supervision/{tree['city'].slug}/{this_year}/").status_code == 200
    assert admin_client_.get(f"/supervision/{tree['city'].slug}/2019/").status_code == 200
    assert reverse("supervision:dashboard", args=[tree["city"].slug, 2024]).endswith("/2024/")
    assert admin_client_.get(f"/supervision/{tree['city'].slug}/{this_year + 2}/").status_code == 404
