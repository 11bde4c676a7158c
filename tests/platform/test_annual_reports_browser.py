"""In a real browser: the clerk generates the report, fixes a flagged contradiction in the prose and locks it;
the leader signs and publishes; the report appears on the portal and the supervisor sees the status change."""

from datetime import date
from pathlib import Path

import pytest
import reports_world
from django.apps import apps
from django.conf import settings
from django.test import Client

from gongkai_platform.annual_reports import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not all(apps.is_installed(f"gongkai_platform.{a}") for a in ("applications", "portal"))
        or not (Path(settings.PACKAGE_DIR) / "templates" / "base.html").exists(),
        reason="needs the applications app, the portal and the staff layout",
    ),
]
YEAR = 2025


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    }


@pytest.fixture(scope="session", autouse=True)
def allow_orm_next_to_playwright(django_db_setup):
    """Playwright's sync API keeps an event loop running in this thread; the ORM calls here stay sync."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


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


def session_for(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def as_user(browser, url, user):
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session_for(user), "url": url}])
    return context.new_page()


def test_report_from_draft_to_portal(browser, live_server, world):
    url = live_server.url
    users = world["users"]
    detail = f"{url}/staff/reports/mzl-stats/{YEAR}/"
    contradiction = "li[data-rule^='prose.']:not([data-rule='prose.copied'])"

    supervisor = as_user(browser, url, users["supervisor"])
    dashboard = f"{url}/supervision/manzhouli/{YEAR}/"
    supervisor.goto(dashboard)
    stats_status = "tr[data-agency='mzl-stats'] td.status"
    assert supervisor.text_content(stats_status).strip() == "逾期未发布"  # it is past 31 January 2026

    clerk = as_user(browser, url, users["editor"])
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

    leader = as_user(browser, url, users["signer"])
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
