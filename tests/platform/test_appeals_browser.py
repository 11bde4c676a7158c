"""The 复议/诉讼 register in Debian's chromium: a clerk enters a review about proactive disclosure (no application),
sees it in the register, and records its result there. Pages are screenshotted to $GONGKAI_SHOTS."""

from datetime import date

import pytest

from gongkai_platform.agencies.models import Role
from gongkai_platform.appeals.models import Appeal
from tests.platform.browser import allow_orm_next_to_playwright, shot  # noqa: F401 (a fixture)
from tests.platform.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_review_about_proactive_disclosure_is_entered_and_concluded(live_server, tree, logged_in_page):
    clerk = make_user("clerk", tree["stats"], Role.CASEWORKER)
    page = logged_in_page(clerk)
    page.goto(f"{live_server.url}/staff/appeals/")
    page.get_by_role("link", name="登记案件").click()
    page.get_by_label("所涉事项").select_option("proactive")
    page.get_by_label("事由").fill("认为本机关未主动公开2023年度部门决算")
    page.get_by_label("类型").select_option("review")
    page.get_by_label("复议机关或法院").fill("满洲里市人民政府")
    page.get_by_role("button", name="登记").click()  # no date: the form comes back with what was typed
    assert page.get_by_label("事由").input_value() == "认为本机关未主动公开2023年度部门决算"
    shot(page, "appeals-new-error")
    page.get_by_label("申请或立案日期").fill("2024-04-01")
    page.get_by_role("button", name="登记").click()
    page.get_by_text("主动公开：认为本机关未主动公开2023年度部门决算").wait_for()
    shot(page, "appeals-list-pending")
    page.get_by_text("登记结果").click()
    page.get_by_label("结果").select_option("corrected")
    page.get_by_label("审结日期").fill("2024-06-01")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已登记审结结果").wait_for()
    shot(page, "appeals-list-concluded")
    appeal = Appeal.objects.get()
    assert (appeal.agency, appeal.subject, appeal.result, appeal.concluded_on) == (
        tree["stats"],
        "proactive",
        "corrected",
        date(2024, 6, 1),
    )
