"""The dashboard's two deadlines and a government's 统计范围 in Debian's chromium (screenshots to $GONGKAI_SHOTS)."""

import pytest
import reports_world

from gongkai_platform.agencies.models import Agency
from gongkai_platform.annual_reports import services
from gongkai_platform.annual_reports.models import AnnualReport
from tests.platform.browser import allow_orm_next_to_playwright, shot  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scope_and_deadlines(live_server, logged_in_page):
    world = reports_world.build()
    gov = Agency.objects.create(
        jurisdiction=world["city"], name="满洲里市人民政府", slug="mzl-gov", org_code="G9"
    )
    editor = world["users"]["editor"]
    editor.memberships.create(agency=gov, role="editor")
    services.generate(gov, 2025, editor)
    page = logged_in_page(editor)
    page.goto(f"{live_server.url}/staff/reports/mzl-gov/2025/")
    page.get_by_label("本级政府及所属部门汇总").check()
    page.get_by_role("button", name="保存范围").click()
    page.get_by_text("已更改统计范围").wait_for()
    shot(page, "report-government-scope")
    assert AnnualReport.objects.get(agency=gov).scope == "level"
    page = logged_in_page(world["users"]["supervisor"])
    page.goto(f"{live_server.url}/supervision/manzhouli/2025/")
    assert "本级人民政府年度报告 2026年3月31日" in page.locator("#deadlines").inner_text()
    shot(page, "dashboard-deadlines")
