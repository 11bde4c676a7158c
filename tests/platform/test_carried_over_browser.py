"""Onboarding in Debian's chromium: from the report's finding to the template, the upload and the registered
cases. Pages are screenshotted to $GONGKAI_SHOTS."""

import pytest
import reports_world
from django.test import Client

from gongkai_platform.annual_reports import services
from gongkai_platform.applications.models import Application
from tests.platform.browser import allow_orm_next_to_playwright, shot  # noqa: F401 (a fixture)
from tests.platform.test_annual_reports import report_text
from tests.platform.test_carried_over import LAST_YEAR, ROWS, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_finding_leads_to_the_bulk_import(live_server, tmp_path, logged_in_page):
    world = reports_world.build()
    stats, editor = world["stats"], world["users"]["editor"]
    services.import_published(
        world["users"]["signer"], stats, report_text(stats.name, 2024, **LAST_YEAR), "a.md"
    )
    editor.memberships.create(agency=stats, role="caseworker")
    services.generate(stats, 2025, editor)
    client = Client()
    client.force_login(editor)
    upload = tmp_path / "结转.xlsx"
    upload.write_bytes(workbook(client, stats, ROWS).getvalue())
    page = logged_in_page(editor)
    page.goto(f"{live_server.url}/staff/reports/{stats.slug}/2025/")
    page.get_by_text("上年结转 3 件未在系统登记，请补录").first.wait_for()
    page.locator("#carried-over-import").click()
    assert page.locator("#unregistered").inner_text() == "上年结转 3 件未在系统登记，请补录"
    shot(page, "carried-over-before")
    page.set_input_files("#file", str(upload))
    page.get_by_role("button", name="导入").click()
    page.get_by_text("已补录结转案件3件").wait_for()
    assert page.locator("#unregistered").inner_text() == "上年结转的申请均已在系统登记，无需补录。"
    shot(page, "carried-over-after")
    assert Application.objects.count() == 3
