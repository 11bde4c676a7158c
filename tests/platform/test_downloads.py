"""Downloads carry Chinese names in RFC 5987 `filename*` with an ASCII fallback. The header is read back with the
standard library's RFC 2231 parser (email.message), not with the code that wrote it; the expected names are
written out by hand."""

import email.message
import email.utils
import re
from datetime import date

import pytest
import reports_world
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from test_annual_reports_views import client_for

from gongkai_platform.agencies.models import Role
from gongkai_platform.applications.models import Letter
from gongkai_platform.downloads import content_disposition, safe_filename
from tests.platform.test_applications_register import world as register_world  # noqa: F401
from tests.platform.test_applications_workflow import counter, seeded_calendar, user  # noqa: F401

TODAY = timezone.localdate()


def parsed(header: str) -> tuple[str, str, str]:
    """(disposition type, decoded file name, plain fallback) as a mail or HTTP client would read them."""
    msg = email.message.Message()
    msg["Content-Disposition"] = header
    params = msg.get_params(header="content-disposition")
    extended = [
        v for k, v in params if k == "filename" and isinstance(v, tuple)
    ]  # filename*, RFC 2231 decoded
    assert len(extended) == 1, header
    plain = re.search(r'filename="([^"]*)"', header).group(1)
    return msg.get_content_disposition(), email.utils.collapse_rfc2231_value(extended[0]), plain


def test_header_round_trips_a_chinese_name():
    kind, name, plain = parsed(content_disposition("满洲里市统计局2026-YSQ-0012答复书.pdf"))
    assert (kind, name, plain) == ("attachment", "满洲里市统计局2026-YSQ-0012答复书.pdf", "2026-YSQ-0012.pdf")


def test_names_no_file_system_accepts_are_cleaned():
    assert safe_filename('报告/2025:"终稿"?.docx') == "报告_2025_终稿_.docx"
    assert safe_filename("  \t ") == "下载"
    long = "很长的名称" * 40 + ".xlsx"
    assert safe_filename(long) == "很长的名称" * 23 + ".xlsx"  # 115 + 5 characters, the suffix kept
    assert parsed(content_disposition("年报.pdf"))[2] == "download.pdf"


@settings(max_examples=60)
@given(st.text(min_size=1, max_size=80))
def test_any_name_survives_the_header(name):
    header = content_disposition(name)
    assert "\n" not in header and "\r" not in header
    _, decoded, plain = parsed(header)
    assert decoded == safe_filename(name)
    assert plain.isascii() and '"' not in plain and plain


@pytest.mark.django_db
def test_register_is_named_after_the_agency_and_day(client, register_world):  # noqa: F811
    _agency, clerk, _cases = register_world
    client.force_login(clerk)
    r = client.get("/yisqing/staff/register.xlsx?show=all")
    assert parsed(r["Content-Disposition"])[1] == f"满洲里市统计局依申请公开登记台账{TODAY:%Y%m%d}.xlsx"


@pytest.mark.django_db
def test_register_of_a_supervisor_is_named_after_the_filtered_agency_or_the_city(client, register_world):  # noqa: F811
    agency, _clerk, _cases = register_world
    office = agency.jurisdiction.agencies.get(slug="mzl-office")
    supervisor = user("gkb", office, Role.SUPERVISOR)
    client.force_login(supervisor)
    everything = client.get("/yisqing/staff/register.xlsx?show=all")
    assert parsed(everything["Content-Disposition"])[1] == f"满洲里市依申请公开登记台账{TODAY:%Y%m%d}.xlsx"
    one = client.get(f"/yisqing/staff/register.xlsx?show=all&agency={agency.pk}")
    assert parsed(one["Content-Disposition"])[1] == f"满洲里市统计局依申请公开登记台账{TODAY:%Y%m%d}.xlsx"


@pytest.mark.django_db
def test_letters_are_named_after_agency_case_and_kind(client, tree, seeded_calendar):  # noqa: F811
    clerk = user("clerk", tree["stats"], Role.CASEWORKER)
    app = counter(clerk, tree["stats"], received=date(2025, 3, 3))
    letter = Letter.objects.get(application=app, kind="receipt")
    client.force_login(clerk)
    r = client.get(f"/yisqing/staff/{app.pk}/letters/{letter.pk}.docx")
    assert r.status_code == 200
    assert parsed(r["Content-Disposition"]) == (
        "attachment",
        "满洲里市统计局2025-YSQ-0001收件回执.docx",
        "2025-YSQ-0001.docx",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/supervision/manzhouli/2025/export.xlsx", "满洲里市2025年度政府信息公开工作年度报告报送情况.xlsx"),
        ("/supervision/manzhouli/2025/export.csv", "满洲里市2025年度政府信息公开工作年度报告报送情况.csv"),
        (
            "/supervision/manzhouli/2025/rollup/?format=docx",
            "满洲里市2025年度政府信息公开工作年度报告汇总.docx",
        ),
        (
            "/supervision/manzhouli/2025/rollup/?format=pdf",
            "满洲里市2025年度政府信息公开工作年度报告汇总.pdf",
        ),
        (
            "/supervision/manzhouli/2025/rollup/?format=xlsx",
            "满洲里市2025年度政府信息公开工作年度报告汇总及各机构报告.xlsx",
        ),
        (
            "/supervision/manzhouli/2025/rollup/?format=csv",
            "满洲里市2025年度政府信息公开工作年度报告汇总及各机构报告（单元格编号）.csv",
        ),
    ],
)
def test_supervision_downloads_are_named_in_chinese(client, path, expected):
    world = reports_world.build()
    r = client_for(client, world["users"]["supervisor"]).get(path)
    assert r.status_code == 200
    assert parsed(r["Content-Disposition"])[:2] == ("attachment", expected)
