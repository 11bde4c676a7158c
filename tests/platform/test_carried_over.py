"""Onboarding: an agency that imported last year's report registers the applications carried over. Until it
does, the report says how many (`上年结转 N 件未在系统登记，请补录`) instead of an unexplained s3.balance, and
offers the XLSX template; the upload is validated, all or nothing, and audited."""

import io
from datetime import date

import pytest
import reports_world
from django.test import Client
from openpyxl import load_workbook

from gongkai_platform.annual_reports import checks, services
from gongkai_platform.applications.models import Application, CaseState
from gongkai_platform.auditlog.models import AuditEntry
from tests.platform.test_annual_reports import report_text

ID = "11010519491231002X"  # valid GB 11643 check digit
USCC = "91350100M000100Y43"  # valid GB 32100 check character
LAST_YEAR = {  # 2024 as published: 3 received, all still open at 31 December (2 自然人, 1 商业企业)
    "s3.new.natural": 2,
    "s3.new.business": 1,
    "s3.new.total": 3,
    "s3.carried_out.natural": 2,
    "s3.carried_out.business": 1,
    "s3.carried_out.total": 3,
}
ROWS = [
    [
        "2024-001",
        "2024-11-04",
        "自然人",
        "张三",
        ID,
        "13812345678",
        "2024年统计执法检查结果",
        "当面提交",
        "纸质",
        "邮寄",
    ],
    [
        "2024-002",
        "2024-12-02",
        "自然人",
        "李四",
        ID,
        "13812345679",
        "2024年人口抽样调查方案",
        "邮寄（需签收）",
        "电子文本",
        "电子邮件",
    ],
    [
        "",
        "2024-12-20",
        "商业企业",
        "某某有限公司",
        USCC,
        "04701234567",
        "规上企业名录",
        "传真",
        "纸质",
        "当面领取",
    ],
]


@pytest.fixture
def world(db):
    world = reports_world.build()
    data = report_text("满洲里市统计局", 2024, **LAST_YEAR)
    services.import_published(world["users"]["signer"], world["stats"], data, "2024.md", 2024)
    world["users"]["editor"].memberships.create(agency=world["stats"], role="caseworker")
    return world


def workbook(client, agency, rows) -> io.BytesIO:
    response = client.get(f"/yisqing/staff/carried-over/{agency.pk}/2025/template.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    buf.seek(0)
    buf.name = "结转.xlsx"
    return buf


def test_unregistered_carry_over_is_named_and_registered_from_the_template(world):
    stats, editor = world["stats"], world["users"]["editor"]
    report = services.generate(stats, 2025, editor)
    found = checks.findings(report)
    assert [f.message for f in found if f.rule == checks.CARRIED_UNREGISTERED] == [
        "上年结转 3 件未在系统登记，请补录"
    ]
    assert not [f for f in found if f.rule == "s3.balance"]
    client = Client()
    client.force_login(editor)
    page = client.get(f"/staff/reports/{stats.slug}/2025/").content.decode()
    assert "上年结转 3 件未在系统登记，请补录" in page and "批量补录结转案件" in page

    bad = [list(r) for r in ROWS]
    bad[1][1] = "2025-01-03"  # received this year: not carried over
    bad[2][2] = "公司"  # not an applicant kind
    page = client.post(
        f"/yisqing/staff/carried-over/{stats.pk}/2025/", {"file": workbook(client, stats, bad)}
    ).content.decode()
    assert "第3行：“收到申请日期”应早于2025年1月1日" in page
    assert "第4行：“申请人类型”应为自然人、商业企业" in page
    assert not Application.objects.exists()  # all or nothing

    response = client.post(
        f"/yisqing/staff/carried-over/{stats.pk}/2025/", {"file": workbook(client, stats, ROWS)}, follow=True
    )
    assert "已补录结转案件3件" in response.content.decode()
    cases = list(Application.objects.order_by("received_on"))
    assert [(a.applicant_kind, a.received_on, a.state != CaseState.CLOSED) for a in cases] == [
        ("natural", date(2024, 11, 4), True),
        ("natural", date(2024, 12, 2), True),
        ("business", date(2024, 12, 20), True),
    ]
    assert cases[0].reply_notes == "平台启用前登记，原登记编号：2024-001" and cases[0].number.startswith(
        "2024-YSQ-"
    )
    assert AuditEntry.objects.filter(action="application.carried_over", user=editor).count() == 3

    report = services.generate(stats, 2025, editor)
    found = checks.findings(report)
    assert not [f for f in found if f.rule in (checks.CARRIED_UNREGISTERED, "s3.balance")]
    assert report.cells["s3.carried_in.total"] == report.cells["s3.carried_out.total"] == 3


def test_a_broken_upload_gets_a_message_and_a_reader_cannot_import(world):
    stats = world["stats"]
    client = Client()
    client.force_login(world["users"]["editor"])
    junk = io.BytesIO(b"not a workbook")
    junk.name = "x.xlsx"
    page = client.post(f"/yisqing/staff/carried-over/{stats.pk}/2025/", {"file": junk}).content.decode()
    assert "无法读取文件" in page
    client.force_login(world["users"]["supervisor"])  # reads every agency, handles none
    page = client.post(
        f"/yisqing/staff/carried-over/{stats.pk}/2025/", {"file": workbook(client, stats, ROWS)}
    ).content.decode()
    assert "不是该机关的政府信息公开经办人员" in page and not Application.objects.exists()


def test_a_generated_last_year_is_not_onboarding(world):
    """Only an imported report leaves cases unregistered: a generated one's balance error stays s3.balance."""
    from gongkai_platform.annual_reports.models import AnnualReport, Source

    AnnualReport.objects.filter(year=2024).update(source=Source.GENERATED)
    report = services.generate(world["stats"], 2025, world["users"]["editor"])
    rules = {f.rule for f in checks.findings(report)}
    assert "s3.balance" in rules and checks.CARRIED_UNREGISTERED not in rules


def test_the_page_counts_what_is_still_to_register(world):
    stats = world["stats"]
    services.generate(stats, 2025, world["users"]["editor"])
    client = Client()
    client.force_login(world["users"]["editor"])
    client.post(f"/yisqing/staff/carried-over/{stats.pk}/2025/", {"file": workbook(client, stats, ROWS[:2])})
    page = client.get(f"/yisqing/staff/carried-over/{stats.pk}/2025/").content.decode()
    assert "上年结转 1 件未在系统登记，请补录" in page  # 3 carried over, 2 registered
