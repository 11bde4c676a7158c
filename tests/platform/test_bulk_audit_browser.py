"""The bulk audit in Debian's chromium: a supervisor uploads a zip and a folder through the form, watches the
progress page update itself (the local script polls; no reload) while the worker runs, and lands on the results
when the job ends. Pages are screenshotted to $GONGKAI_SHOTS at 1280 and 390 px."""

import re
from pathlib import Path

import pytest
from test_bulk_audit_jobs import as_zip, batch_files, work

from gongkai_platform.agencies.models import Role
from gongkai_platform.supervision.models import BulkAudit
from tests.platform.browser import allow_orm_next_to_playwright, shot  # noqa: F401 (a fixture)
from tests.platform.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def test_upload_progress_and_results_in_the_browser(live_server, tree, settings, tmp_path, logged_in_page):
    settings.MEDIA_ROOT = tmp_path / "media"
    supervisor = make_user("supervisor", tree["office"], Role.SUPERVISOR)
    page = logged_in_page(supervisor)
    page.goto(f"{live_server.url}/supervision/audit/")
    page.get_by_text("每批最多 5000 个报告文件").wait_for()
    shot(page, "bulk-audit-upload")

    zipped = tmp_path / "年度报告.zip"
    zipped.write_bytes(as_zip(batch_files()[:295]).getvalue())
    page.get_by_label("报告文件或 ZIP 压缩包").set_input_files(str(zipped))
    page.get_by_label("或选择整个文件夹").set_input_files(str(SEEDS))
    page.get_by_role("button", name="上传并开始检查").click()
    page.get_by_text("排队中，等待开始").wait_for()
    job = BulkAudit.objects.get()
    assert job.files.filter(state="pending").count() == 5  # the folder's seeds; the zip waits to be unpacked
    shot(page, "bulk-audit-queued")

    work(steps=2)  # unpack, then one chunk of 200
    page.locator("[data-done]").filter(has_text="200").wait_for()  # updated by the script, no reload
    page.get_by_role("heading", name="正在检查…").wait_for()
    assert page.locator("[data-total]").inner_text() == "300"
    shot(page, "bulk-audit-progress")

    work()
    page.get_by_role("heading", name=re.compile("批量检查")).wait_for()
    page.get_by_text("已完成").first.wait_for()  # the script reloaded the page when the job ended
    page.get_by_role("link", name="下载 XLSX").wait_for()
    assert "已处理" not in page.content()
    shot(page, "bulk-audit-results")
    page.get_by_role("link", name="有错误").click()
    page.locator("[data-rule='s3.row_total']").first.wait_for()
    assert page.locator("[data-rule='s3.balance']").count() >= 3  # seed 000 and the planted ones
    shot(page, "bulk-audit-results-errors")
    page.goto(f"{live_server.url}/supervision/audit/")
    page.get_by_text("300份，").wait_for()
    shot(page, "bulk-audit-list")
