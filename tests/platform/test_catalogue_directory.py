"""Issue #12: the 政府信息公开目录 as a document (XLSX, CSV) and the register of deliveries to the 档案馆 and 图书馆
(条例第十二条, 第二十五条)."""

import csv
from datetime import date, timedelta
from io import BytesIO, StringIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai_platform.agencies.models import Role
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.catalogue.models import Delivery, Disclosure
from tests.platform.conftest import make_user
from tests.platform.portal_data import make_world, published

HEADERS = ["索引号", "名称", "内容概述", "生成日期", "发布机构", "主题分类", "体裁分类", "文号", "发布日期"]


@pytest.fixture
def world(db):
    world = make_world()
    published(
        world.stats,
        world.column("article20-4"),
        "2025年统计公报",
        summary="全市国民经济和社会发展主要统计数据。",
        topic=world.topic("国民经济管理、国有资产监管\\统计"),
        genre=world.genre("公报"),
        written_on=date(2026, 2, 27),
        on=date(2026, 3, 2),
    )
    published(
        world.stats,
        world.column("system"),
        "统计局内部管理制度",
        summary="本局内部管理制度。",
        disclosure=Disclosure.ON_REQUEST,
        disclosure_reason="内部管理信息",
        on=date(2026, 3, 5),
    )
    published(world.office, world.column("system"), "其他机构的信息", on=date(2026, 3, 3))
    return world


def _filename(response) -> str:
    return unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])


def test_public_xlsx_has_the_article_12_columns(client, world):
    response = client.get("/xxgk/jg/mzl-stats/directory/xlsx/")
    assert response.status_code == 200 and _filename(response) == "满洲里市统计局政府信息公开目录.xlsx"
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "满洲里市统计局政府信息公开目录"
    assert list(rows[1][:9]) == HEADERS
    assert [r[1] for r in rows[2:]] == [
        "2025年统计公报",
        "统计局内部管理制度",
    ]  # own items only, oldest first
    first = rows[2]
    assert first[0] == "11152200MB0000002/2026-00001"
    assert first[2:6] == (
        "全市国民经济和社会发展主要统计数据。",
        "2026-02-27",
        "满洲里市统计局",
        "国民经济管理、国有资产监管\\统计",
    )
    assert rows[3][9] == "依申请公开"


def test_csv_opens_in_excel_and_has_the_same_rows(client, world):
    response = client.get("/xxgk/jg/mzl-stats/directory/csv/")
    assert _filename(response) == "满洲里市统计局政府信息公开目录.csv"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:9] == HEADERS and len(rows) == 3
    assert rows[1][:4] == [
        "11152200MB0000002/2026-00001",
        "2025年统计公报",
        "全市国民经济和社会发展主要统计数据。",
        "2026-02-27",
    ]


def test_unknown_format_and_area_sites_are_404(client, world):
    assert client.get("/xxgk/jg/mzl-stats/directory/pdf/").status_code == 404
    assert client.get("/xxgk/qh/manzhouli/directory/xlsx/").status_code == 404


def test_staff_directory_page_previews_and_downloads(client, world):
    clerk = make_user("clerk", world.stats, Role.EDITOR)
    client.force_login(clerk)
    page = client.get(reverse("catalogue:directory")).content.decode()
    assert "2025年统计公报" in page and "已发布 2 条" in page and "其他机构的信息" not in page
    response = client.get(reverse("catalogue:directory"), {"agency": world.stats.pk, "format": "xlsx"})
    assert _filename(response) == "满洲里市统计局政府信息公开目录.xlsx"
    other = client.get(reverse("catalogue:directory"), {"agency": world.office.pk, "format": "csv"})
    assert "其他机构的信息" not in other.content.decode("utf-8-sig")  # not readable: falls back to own agency


def _delivery(agency, **fields):
    return {
        "agency": agency.pk,
        "delivered_on": "2026-03-10",
        "recipient": "archives",
        "recipient_name": "满洲里市档案馆",
        "what": "annual_report",
        "edition": "2025年度",
        "copies": 2,
        "delivered_by": "张三",
        "received_by": "李四",
        "note": "",
        **fields,
    }


def test_a_delivery_is_recorded_audited_and_listed(client, world):
    clerk = make_user("clerk", world.stats, Role.EDITOR)
    client.force_login(clerk)
    response = client.post(reverse("catalogue:deliveries"), _delivery(world.stats))
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.agency, delivery.recorded_by, delivery.copies) == (world.stats, clerk, 2)
    assert AuditEntry.objects.filter(action="delivery.create", user=clerk).exists()
    page = client.get(reverse("catalogue:deliveries")).content.decode()
    assert "<td>2026-03-10</td>" in page and "满洲里市档案馆（国家档案馆）" in page and "2025年度" in page
    listed = client.get(reverse("catalogue:deliveries"), {"recipient": "library"}).content.decode()
    assert "<td>2026-03-10</td>" not in listed and "暂无送交记录" in listed


def test_a_bad_delivery_keeps_what_was_typed(client, world):
    client.force_login(make_user("clerk", world.stats, Role.EDITOR))
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(reverse("catalogue:deliveries"), _delivery(world.stats, delivered_on=tomorrow))
    page = response.content.decode()
    assert response.status_code == 200 and "送交日期不能晚于今天" in page and "满洲里市档案馆" in page
    assert not Delivery.objects.exists()


def test_only_the_agency_staff_record_and_others_do_not_see(client, world):
    client.force_login(make_user("clerk", world.stats, Role.EDITOR))
    client.post(reverse("catalogue:deliveries"), _delivery(world.office))  # not one of the clerk's agencies
    assert not Delivery.objects.exists()
    client.post(reverse("catalogue:deliveries"), _delivery(world.stats))
    client.force_login(make_user("outsider", world.office, Role.EDITOR))
    assert "<td>2026-03-10</td>" not in client.get(reverse("catalogue:deliveries")).content.decode()
