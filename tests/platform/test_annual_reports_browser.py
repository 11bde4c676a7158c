"""In a real browser: the clerk generates the report, fixes a flagged contradiction in the prose and locks it;
the leader signs and publishes; the report appears on the portal and the supervisor sees the status change."""

from datetime import date

import pytest
import reports_world

from gongkai_platform.annual_reports import services
from tests.platform.browser import allow_orm_next_to_playwright  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2025


@pytest.fixture
def world(live_server):
    from gongkai_platform.applications.models import Application

    world = reports_world.build()
    stats, system = world["stats"], world["users"]["system"]
    for cell in (
        "s2.licensing.decisions",
        "s2.penalty.decisions",
        "s2.enforcement.decisions",
        "s2.fees.amount",
    ):
        services.set_manual_figure(system, stats, YEAR, cell, 0)
    for i, kind in enumerate(("natural", "business")):
        Application.objects.create(
            agency=stats,
            tracking_number=f"B{i}",
            applicant_kind=kind,
            applicant_name="申请人",
            id_number="110101199003070000",
            phone="0470-0000000",
            description="申请公开统计执法检查结果",
            delivery_form="electronic",
            delivery_method="email",
            channel="online",
            received_on=date(2025, 3, 3),
            due_on=date(2025, 3, 31),
            outcome="granted",
            replied_on=date(2025, 3, 20),
            state="closed",
        )
    return world


def test_report_from_draft_to_portal(browser, live_server, world, logged_in_page):
    url = live_server.url
    users = world["users"]
    detail = f"{url}/staff/reports/mzl-stats/{YEAR}/"
    contradiction = ".findings-summary li[data-rule^='prose.']:not([data-rule='prose.copied'])"

    supervisor = logged_in_page(users["supervisor"])
    dashboard = f"{url}/supervision/manzhouli/{YEAR}/"
    supervisor.goto(dashboard)
    stats_status = "tr[data-agency='mzl-stats'] td.status"
    assert supervisor.text_content(stats_status).strip() == "逾期未发布"  # it is past 31 January 2026

    clerk = logged_in_page(users["editor"])
    clerk.goto(detail)
    clerk.click("text=按业务数据生成报告")
    assert clerk.text_content("#report-status") == "起草中"
    assert "新收政府信息公开申请2件" in clerk.input_value("#prose1")
    clerk.fill("#prose1", "2025年，本局全年新收政府信息公开申请5件，均按期答复。")
    clerk.click("#save-prose")
    assert clerk.locator(contradiction).count() == 1
    clerk.fill("#prose1", "2025年，本局全年新收政府信息公开申请2件，均按期答复。")
    clerk.click("#save-prose")
    assert clerk.locator(contradiction).count() == 0
    clerk.click("text=锁定数据")
    assert "数据锁定于" in clerk.content()

    leader = logged_in_page(users["signer"])
    leader.goto(detail)
    leader.click("#sign")
    assert leader.text_content("#report-status") == "已签批"
    leader.click("#publish")
    assert leader.text_content("#report-status") == "已发布"

    citizen = browser.new_page()
    citizen.goto(f"{url}/xxgk/jg/mzl-stats/reports/")
    citizen.click(f"text=满洲里市统计局{YEAR}年政府信息公开工作年度报告")
    assert "主动公开政府信息情况" in citizen.content()
    assert "新收政府信息公开申请2件" in citizen.content()

    supervisor.goto(dashboard)
    assert supervisor.text_content(stats_status).strip() == "已发布（逾期）"


@pytest.fixture
def fresh(live_server):
    """The world with no manual figures and no applications: every Table 二 figure is still to be entered."""
    return reports_world.build()


def test_saved_figure_shows_at_once_and_stale_tables_cannot_be_locked(live_server, fresh, logged_in_page):
    from gongkai_platform.applications.models import Application

    detail = f"{live_server.url}/staff/reports/mzl-stats/{YEAR}/"
    fee = "#cell-s2\\.fees\\.amount"
    clerk = logged_in_page(fresh["users"]["editor"])
    clerk.goto(detail)
    clerk.click("text=按业务数据生成报告")
    assert clerk.text_content(f"{fee} .value") == "—"
    assert clerk.locator(f"{fee}.flagged").count() == 1  # 未填写

    clerk.select_option("#cell", "s2.fees.amount")
    clerk.fill("#value", "25000")
    clerk.fill("#note", "财务系统")
    clerk.click("#save-figure")
    assert "已保存，表格和检查结果已按新数据更新" in clerk.text_content(".alert-success")
    assert clerk.text_content(f"{fee} .value") == "25000"
    mark = clerk.locator(f"{fee} a.finding-mark")
    assert mark.count() == 1
    note = clerk.locator(mark.get_attribute("href"))
    assert note.get_attribute("data-rule") == "s2.amount_looks_like_yuan" and "2.5亿元" in note.text_content()

    count = "p[data-count-for='prose5'] .n"
    clerk.fill("#prose5", "存在 问题。")
    assert clerk.text_content(count) == "5"  # 存在问题。 counted live, the space not counted

    Application.objects.create(  # a case entered after the tables were computed
        agency=fresh["stats"],
        tracking_number="L1",
        applicant_kind="natural",
        applicant_name="申请人",
        id_number="110101199003070000",
        phone="0470-0000000",
        description="申请公开统计执法检查结果",
        delivery_form="electronic",
        delivery_method="email",
        channel="online",
        received_on=date(2025, 6, 2),
        due_on=date(2025, 6, 30),
        outcome="granted",
        replied_on=date(2025, 6, 20),
        state="closed",
    )
    clerk.goto(detail)
    assert "表格不是最新的" in clerk.text_content("#stale")
    clerk.click("#lock")
    assert "须先按最新业务数据重新计算表格" in clerk.content()
    assert "数据锁定于" not in clerk.content()
    clerk.click("#recompute")
    assert clerk.locator("#stale").count() == 0
    assert clerk.text_content("#cell-s3\\.new\\.total .value") == "1"
    clerk.click("#lock")
    assert "数据锁定于" in clerk.content()
