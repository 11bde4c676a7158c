"""The staff and supervisor pages, driven through the test client."""

import io
import zipfile
from pathlib import Path

import pytest
import reports_world

from gongkai_platform.annual_reports.models import AnnualReport, Status

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
YEAR = 2025


@pytest.fixture
def world(db):
    return reports_world.build()


def client_for(client, user):
    client.force_login(user)
    return client


def act(client, action, slug="mzl-stats", **data):
    return client.post(f"/staff/reports/{slug}/{YEAR}/do/{action}/", data, follow=True)


def test_clerk_drafts_and_leader_signs_and_publishes(world, client):
    users = world["users"]
    c = client_for(client, users["editor"])
    assert c.get("/staff/reports/").status_code == 200
    page = act(c, "generate").content.decode()
    assert "起草中" in page and "新收政府信息公开申请" in page
    for cell in (
        "s2.licensing.decisions",
        "s2.penalty.decisions",
        "s2.enforcement.decisions",
        "s2.fees.amount",
    ):
        act(c, "manual", cell=cell, value="0", note="业务系统")
    page = act(c, "manual", cell="s2.penalty.decisions", value="-3").content.decode()
    assert "不能为负数" in page
    page = act(
        c, "prose", prose1="本局全年新收政府信息公开申请0件。", prose5="无。", prose6="未收费。"
    ).content.decode()
    assert "正文已保存" in page
    assert "数据已锁定" in act(c, "lock").content.decode()
    assert "没有" in act(c, "sign").content.decode()  # the clerk may not sign
    c = client_for(client, users["signer"])
    assert "报告已签批" in act(c, "sign").content.decode()
    page = act(c, "publish").content.decode()
    report = AnnualReport.objects.get(agency=world["stats"], year=YEAR)
    assert report.status == Status.PUBLISHED and report.index_number in page
    pdf = c.get(f"/staff/reports/mzl-stats/{YEAR}/download/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_other_agencies_clerk_cannot_see_or_act(world, client):
    c = client_for(client, world["users"]["editor"])
    act(c, "generate")
    c = client_for(client, world["users"]["other_editor"])
    assert c.get(f"/staff/reports/mzl-stats/{YEAR}/").status_code == 404
    assert c.post(f"/staff/reports/mzl-stats/{YEAR}/do/lock/").status_code == 404


def test_import_page_reads_a_published_report(world, client):
    c = client_for(client, world["users"]["system"])
    seed = next(SEEDS.glob("001_*.txt"))
    page = c.post(
        "/staff/reports/mzl-stats/import/", {"file": io.BytesIO(seed.read_bytes()), "year": ""}, follow=True
    )
    assert AnnualReport.objects.get(agency=world["stats"], year=2020).source == "imported"
    assert "已导入" in page.content.decode()


def test_supervisor_dashboard_export_rollup_and_audit(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the bulk audit stores its upload
    act(client_for(client, world["users"]["editor"]), "generate")
    c = client_for(client, world["users"]["supervisor"])
    assert c.get("/supervision/").status_code == 302
    page = c.get(f"/supervision/manzhouli/{YEAR}/").content.decode()
    assert "满洲里市统计局" in page and "扎赉诺尔区灵泉街道办事处" in page and "<svg" in page
    assert "宽城" not in page
    assert "<script" not in page and "cdn" not in page.lower()
    csv = c.get(f"/supervision/manzhouli/{YEAR}/export.csv")
    assert csv.status_code == 200 and "满洲里市统计局" in csv.content.decode("utf-8-sig")
    assert c.get(f"/supervision/manzhouli/{YEAR}/export.xlsx").content.startswith(b"PK")
    rollup = c.get(f"/supervision/manzhouli/{YEAR}/rollup/").content.decode()
    assert "满洲里市（汇总）" in rollup
    assert 'aria-current="page">汇总报告' in rollup and 'class="report"' in rollup  # in the staff layout
    assert 'href="?format=docx"' in rollup and 'href="?format=pdf"' in rollup
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(SEEDS.glob("*.txt")):
            archive.writestr(path.name, path.read_bytes())
    buffer.seek(0)
    buffer.name = "seeds.zip"
    response = c.post(
        "/supervision/audit/", {"files": [buffer]}
    )  # queued for the worker (test_bulk_audit_jobs)
    assert response.status_code == 302 and "排队中" in c.get(response["Location"]).content.decode()
    assert c.get("/supervision/kuancheng/2025/").status_code == 404
    editor = client_for(client, world["users"]["editor"])
    assert editor.get(f"/supervision/manzhouli/{YEAR}/").status_code == 404
    assert editor.get("/supervision/audit/").status_code == 404
