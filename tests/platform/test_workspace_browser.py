"""In a real browser, each role starts at the login page and reaches every one of its tasks by clicking the
menu (and the links on the pages it opens), never by typing an address."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from gongkai_platform.catalogue import services
from gongkai_platform.supervision import notices
from gongkai_platform.supervision.models import Notice, Topic
from tests.platform.browser import allow_orm_next_to_playwright, log_in  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(staff, tree, draft, calendar):
    """The statistics bureau with one item in each step and a 督办 from the city's 公开办."""
    editor, stats = staff["editor"], tree["stats"]
    today = timezone.localdate()
    draft(editor, stats, title="统计局草稿", written_on=today)
    services.submit_for_review(editor, draft(editor, stats, title="统计局待审核信息", written_on=today))
    signing = services.submit_for_review(
        editor, draft(editor, stats, title="统计局待签批信息", written_on=today)
    )
    services.approve_review(staff["reviewer"], signing)
    notices.send(
        staff["supervisor"],
        stats,
        topic=Topic.STALE_COLUMN,
        subject="工作动态栏目未按时更新",
        text="请更新工作动态栏目。",
        due_on=today + timedelta(days=10),
    )
    return stats


def menu(page, section, entry=None):
    """Click an entry of the staff menu (a section's only link when `entry` is None)."""
    nav = page.get_by_role("navigation", name="工作导航")
    if entry is None:
        nav.get_by_role("link", name=section).click()
    else:
        nav.get_by_role("group", name=section).get_by_role("link", name=entry).click()
    page.wait_for_load_state()


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_editor_reaches_drafts_cases_appeals_reports_and_answers_a_notice(page, live_server, staff, office):
    log_in(page, live_server, "editor")
    assert heading(page) == "工作台"
    page.get_by_role("link", name="工作动态栏目未按时更新").click()
    page.get_by_label("办理情况").fill("已更新工作动态栏目，今后每周更新。")
    page.get_by_role("button", name="提交答复").click()
    page.get_by_text("已答复督办").wait_for()
    assert not Notice.objects.get().is_open

    menu(page, "主动公开", "草稿")
    assert heading(page) == "草稿" and page.get_by_role("link", name="统计局草稿").is_visible()
    menu(page, "主动公开", "起草信息")
    assert heading(page) == "起草信息"
    menu(page, "主动公开", "超期")
    assert heading(page) == "公开期限提醒"
    menu(page, "依申请公开", "待办")
    assert heading(page) == "依申请公开办理"
    menu(page, "依申请公开", "登记申请")
    assert "登记" in heading(page)
    menu(page, "复议诉讼")
    assert heading(page) == "政府信息公开行政复议、行政诉讼"
    menu(page, "年度报告")
    assert heading(page) == "政府信息公开工作年度报告"
    menu(page, "工作台")
    assert heading(page) == "工作台" and page.get_by_text("暂无待办督办").is_visible()


def test_reviewer_reaches_the_item_to_review(page, live_server, staff, office):
    log_in(page, live_server, "reviewer")
    menu(page, "主动公开", "待审核")
    assert heading(page) == "待审核"
    page.get_by_role("link", name="统计局待审核信息").click()
    page.get_by_role("link", name="审核（保密审查）").click()
    assert heading(page) == "审核与保密审查"
    assert page.get_by_role("button", name="审核通过，送签批").is_visible()


def test_signer_reaches_the_item_to_sign(page, live_server, staff, office):
    log_in(page, live_server, "signer")
    page.get_by_role("link", name="统计局待签批信息").click()  # listed on the 工作台 under 待我签批
    assert page.get_by_role("button", name="签批发布").is_visible()
    menu(page, "主动公开", "待签批")
    assert heading(page) == "待签批" and page.get_by_role("link", name="统计局待签批信息").is_visible()


def test_supervisor_reaches_dashboard_sends_a_notice_and_follows_it(page, live_server, staff, office):
    log_in(page, live_server, "supervisor")
    assert page.get_by_role("link", name="工作动态栏目未按时更新").is_visible()  # waiting for an answer
    menu(page, "监督", "年报监督")
    assert "年度政府信息公开工作年度报告" in heading(page)
    row = page.locator("tr[data-agency=mzl-stats]")
    row.get_by_role("link", name="督办年报").click()
    assert heading(page) == "发出督办"
    assert "年度政府信息公开工作年度报告未按时发布" in page.get_by_label("标题").input_value()
    page.get_by_role("button", name="发出督办").click()
    page.get_by_text("已向满洲里市统计局发出督办").wait_for()
    assert Notice.objects.filter(topic=Topic.LATE_REPORT, agency=office).count() == 1
    menu(page, "监督", "督办")
    assert heading(page) == "督办" and page.get_by_role("link", name="工作动态栏目未按时更新").is_visible()
    menu(page, "监督", "批量检查")
    assert heading(page) == "批量检查已发布的年度报告"
    nav = page.get_by_role("navigation", name="工作导航")
    assert nav.get_by_role("link", name="起草信息").count() == 0  # the 公开办 drafts nothing


def test_admin_reaches_the_system_administration(page, live_server, db):
    get_user_model().objects.create_superuser("root", "root@example.cn", "correct-horse-battery")
    log_in(page, live_server, "root")
    menu(page, "监督", "年报监督")
    assert heading(page) == "公开办监督"  # no jurisdiction yet: the page says so
    menu(page, "系统管理")
    page.wait_for_url("**/admin/")
    assert page.url.endswith(reverse("admin:index"))
