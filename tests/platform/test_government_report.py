"""The 本级政府年度报告: a 人民政府's report covers its own work and can include its departments' (the agencies of
its jurisdiction, not lower levels); the dashboard tracks both deadlines, 31 January and 31 March."""

import random
from datetime import date

import pytest
import reports_world
from django.test import Client

from gongkai_platform.agencies.models import Agency
from gongkai_platform.annual_reports import services
from gongkai_platform.annual_reports.models import Scope
from gongkai_platform.supervision import dashboard

YEAR = 2025


@pytest.fixture
def world(db):
    world = reports_world.build()
    world["gov"] = Agency.objects.create(
        jurisdiction=world["city"], name="满洲里市人民政府", slug="mzl-gov", org_code="11152200MB0000009"
    )
    world["users"]["system"].memberships.create(agency=world["gov"], role="editor")
    return world


def test_a_governments_report_can_sum_its_level(world):
    system, gov, stats, street = world["users"]["system"], world["gov"], world["stats"], world["street"]
    own_stats = reports_world.make_cases(stats, random.Random(3), 30)
    reports_world.make_cases(street, random.Random(4), 20)  # the district below: not this level
    report = services.generate(gov, YEAR, system)
    assert report.cells["s3.new.total"] == 0  # its own work only, by default
    stats_report = services.generate(stats, YEAR, system)
    office_report = services.generate(world["office"], YEAR, system)
    services.set_scope(system, report, Scope.LEVEL)
    report = services.generate(gov, YEAR, system)
    for cell in ("s3.new.total", "s3.total.total", "s3.carried_out.total", "s4.review.total"):
        # hand sum: the government (no cases) + 统计局 + 市政府办公室, the city's agencies; not the street office
        assert report.cells[cell] == stats_report.cells[cell] + office_report.cells[cell], cell
    assert own_stats and report.cells["s3.new.total"] > 0


def test_only_a_government_may_sum_its_departments(world):
    system = world["users"]["system"]
    report = services.generate(world["stats"], YEAR, system)
    with pytest.raises(services.ReportError, match="只有人民政府"):
        services.set_scope(system, report, Scope.LEVEL)


def test_the_dashboard_tracks_both_deadlines(world):
    assert dashboard.deadlines(YEAR) == [
        ("部门年度报告", date(2026, 1, 31)),
        ("本级人民政府年度报告", date(2026, 3, 31)),
    ]
    rows = {r.agency.slug: r for r in dashboard.rows(world["city"], YEAR, date(2026, 2, 15))}
    assert (rows["mzl-gov"].due, rows["mzl-gov"].status) == (date(2026, 3, 31), "not_started")
    assert (rows["mzl-stats"].due, rows["mzl-stats"].status) == (date(2026, 1, 31), "late")
    rows = {r.agency.slug: r for r in dashboard.rows(world["city"], YEAR, date(2026, 4, 1))}
    assert rows["mzl-gov"].status == "late"
    client = Client()
    client.force_login(world["users"]["supervisor"])
    page = client.get(f"/supervision/manzhouli/{YEAR}/").content.decode()
    assert "部门年度报告 2026年1月31日；本级人民政府年度报告 2026年3月31日" in page
    row = page[page.index('data-agency="mzl-gov"') :]
    assert "3月31日" in row[: row.index("</tr>")] and "本级政府报告" in row[: row.index("</tr>")]
