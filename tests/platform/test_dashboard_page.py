"""The supervisor's dashboard of a large jurisdiction: a hundred agencies a page, tabs over all of them, every
column sorting the whole list, the chart naming the agencies with most problems, the export every row."""

import re
from datetime import date

import pytest
from django.utils import timezone

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.annual_reports.models import AnnualReport, Status

YEAR = 2025
N = 130


def error(n: int) -> list[dict]:
    return [{"rule": "s3.balance", "severity": "error", "message": f"第{i}处不平衡"} for i in range(n)]


@pytest.fixture
def city(db):
    """130 agencies; 测试局000–009 have published on time, 测试局050 has 3 errors and 测试局120 one (drafts),
    the others have no report: late, since the page is judged today, after 31 January of the next year."""
    assert timezone.localdate() > date(YEAR + 1, 3, 31)
    city = Jurisdiction.objects.create(name="大市", slug="big-city")
    agencies = Agency.objects.bulk_create(
        Agency(jurisdiction=city, name=f"测试局{k:03d}", slug=f"big-{k}", org_code=f"BIG{k:05d}")
        for k in range(N)
    )
    checked = timezone.now()
    reports = [
        AnnualReport(
            agency=a, year=YEAR, format="2021", status=Status.PUBLISHED, published_on=date(YEAR + 1, 1, 20)
        )
        for a in agencies[:10]
    ]
    reports += [
        AnnualReport(agency=agencies[50], year=YEAR, format="2021", rule_findings=error(3)),
        AnnualReport(agency=agencies[120], year=YEAR, format="2021", rule_findings=error(1)),
    ]
    for report in reports:
        report.checked_at = checked
    AnnualReport.objects.bulk_create(reports)
    return city


def listed(page: str) -> list[str]:
    return re.findall(r'<tr data-agency="([\w-]+)">', page)


def get(client, query: str = "") -> str:
    response = client.get(f"/supervision/big-city/{YEAR}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_hundred_agencies_a_page_in_name_order(admin_client, city):
    first, second = get(admin_client), get(admin_client, "?page=2")
    assert listed(first) == [f"big-{k}" for k in range(100)]
    assert listed(second) == [f"big-{k}" for k in range(100, N)]
    assert "共 130 条，第 1/2 页" in first


def test_sorting_orders_every_agency_not_only_the_page(admin_client, city):
    by_errors = listed(get(admin_client, "?sort=-findings"))
    assert by_errors[:2] == ["big-50", "big-120"]
    published = [f"big-{k}" for k in range(10)]
    assert (
        listed(get(admin_client, "?sort=status&page=2"))[-10:] == published
    )  # what needs following up first
    assert listed(get(admin_client, "?sort=-status"))[:10] == published


def test_tabs_count_and_show_all_agencies_of_their_kind(admin_client, city):
    page = get(admin_client)
    assert "逾期未发布（120）" in page and "报告有错误（2）" in page and "全部（130）" in page
    assert listed(get(admin_client, "?show=errors")) == ["big-50", "big-120"]
    assert len(listed(get(admin_client, "?show=late&page=2"))) == 20
    assert "没有符合条件的机构" in get(admin_client, "?show=overdue")


def test_the_problems_chart_names_the_ten_agencies_with_most(admin_client, city):
    page = get(admin_client)
    assert "错误数与超期未答复申请数最多的10个机构" in page
    _, problems_chart = re.findall(r"<svg.*?</svg>", page, re.S)
    labels = re.findall(r'text-anchor="end" font-size="13">([^<]+)<', problems_chart)
    assert len(labels) == 10 and labels[:2] == ["测试局050", "测试局120"]
    assert "错误 3 · 超期 0" in problems_chart and "错误 1 · 超期 0" in problems_chart  # both measures named


def test_the_status_chart_marks_what_is_late_in_red(admin_client, city):
    from gongkai_platform.supervision import charts

    status_chart, _ = re.findall(r"<svg.*?</svg>", get(admin_client), re.S)
    bars = dict(re.findall(r'font-size="13">([^<]+)</text><rect[^>]*fill="([^"]+)"', status_chart))
    assert bars["逾期未发布"] == charts.BAD and bars["已发布"] == charts.GOOD


def test_the_export_holds_every_agency(admin_client, city):
    text = admin_client.get(f"/supervision/big-city/{YEAR}/export.csv").content.decode("utf-8-sig")
    assert len(text.splitlines()) == 1 + N
