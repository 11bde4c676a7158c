"""A 人民政府's office enters its 第五十条（四） results on the report page in Debian's chromium and sees them written
into section 一. Pages are screenshotted to $GONGKAI_SHOTS."""

import pytest

from gongkai_platform.agencies.models import Agency, Jurisdiction, Role
from gongkai_platform.annual_reports import services
from tests.platform.browser import allow_orm_next_to_playwright, shot  # noqa: F401 (a fixture)
from tests.platform.test_applications_workflow import user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_enters_the_results_and_section_one_states_them(live_server, logged_in_page):
    city = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    government = Agency.objects.create(
        jurisdiction=city, name="满洲里市人民政府", slug="mzl-gov", org_code="G1"
    )
    clerk = user("clerk", government, Role.EDITOR)
    services.generate(government, 2025, clerk)
    page = logged_in_page(clerk)
    page.goto(f"{live_server.url}/staff/reports/mzl-gov/2025/")
    page.get_by_label("参加考核的单位数").fill("32")
    page.get_by_label("工作考核结果").fill("优秀8个、良好20个、合格4个")
    page.get_by_label("社会评议次数").fill("2")
    page.get_by_label("社会评议结果").fill("群众满意率96.5%")
    page.get_by_label("责任追究人次").fill("0")
    page.get_by_role("button", name="保存结果").click()
    page.get_by_text("已保存，并写入第一部分").wait_for()
    assert "考核结果：优秀8个、良好20个、合格4个" in page.locator("#prose1").input_value()
    shot(page, "report-government-results")
