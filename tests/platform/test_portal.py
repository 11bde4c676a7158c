"""The public portal: only published items are visible; pages carry the standard columns, the metadata block,
attachments, the guide, annual reports and search with highlighting."""

from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from gongkai.parsers import read_file
from gongkai_platform.catalogue import services
from gongkai_platform.catalogue.models import Attachment, Column
from gongkai_platform.portal import reports
from tests.platform.portal_data import draft, make_world, published

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def report_item(world):
    return published(
        world.stats,
        world.column("annual-report"),
        "满洲里市统计局2024年政府信息公开工作年度报告",
        body="一、总体情况\n本年度……",
        on=date(2025, 1, 20),
    )


def test_index_lists_jurisdictions_and_agencies(client, world):
    page = client.get("/xxgk/").content.decode()
    for name in ("满洲里市", "扎赉诺尔区", "满洲里市统计局", "兴华街道办事处"):
        assert name in page


def test_agency_home_has_the_standard_columns_and_article20(client, world):
    published(world.stats, world.column("article20-4"), "2024年统计公报")
    page = client.get("/xxgk/jg/mzl-stats/").content.decode()
    for heading in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "统计信息",
    ):
        assert heading in page
    assert "2024年统计公报" in page
    assert 'href="#main"' in page and 'lang="zh-CN"' in page


def test_agency_own_columns_appear_on_its_site_only(client, world):
    own = Column.objects.create(agency=world.stats, name="统计分析", slug="analysis")
    published(world.stats, own, "一季度经济运行分析")
    assert "统计分析" in client.get("/xxgk/jg/mzl-stats/").content.decode()
    assert "统计分析" not in client.get("/xxgk/jg/mzl-office/").content.decode()
    assert "一季度经济运行分析" in client.get("/xxgk/jg/mzl-stats/column/analysis/").content.decode()
    assert client.get("/xxgk/jg/mzl-office/column/analysis/").status_code == 404


def test_jurisdiction_site_covers_lower_areas(client, world):
    published(world.street, world.column("system"), "街道信息公开制度")
    published(world.stats, world.column("system"), "统计局信息公开制度")
    city = client.get("/xxgk/qh/manzhouli/column/system/").content.decode()
    district = client.get("/xxgk/qh/zhalainuoer/column/system/").content.decode()
    assert "街道信息公开制度" in city and "统计局信息公开制度" in city
    assert "街道信息公开制度" in district and "统计局信息公开制度" not in district


def test_column_list_is_paginated(client, world):
    column = world.column("article20-4")
    for n in range(25):
        published(world.stats, column, f"统计月报第{n:02d}期", on=date(2025, 1, 1 + n))
    first = client.get("/xxgk/jg/mzl-stats/column/article20-4/").content.decode()
    second = client.get("/xxgk/jg/mzl-stats/column/article20-4/?page=2").content.decode()
    assert "统计月报第24期" in first and "统计月报第00期" not in first
    assert "统计月报第00期" in second and "共 25 条，第 2/2 页" in second
    assert 'href="?page=1">1</a>' in second and 'aria-current="page">2<' in second
    assert client.get("/xxgk/jg/mzl-stats/column/article20-4/?page=abc").status_code == 200


def test_item_page_shows_the_metadata_block(client, world):
    item = published(
        world.stats,
        world.column("article20-1"),
        "关于印发统计执法办法的通知",
        body="第一条 为了……",
        topic=world.topic("国民经济管理、国有资产监管\\统计"),
        genre=world.genre("通知"),
        doc_number="满统发〔2025〕3号",
        keywords="统计 执法",
        written_on=date(2025, 2, 20),
        on=date(2025, 3, 1),
    )
    page = client.get(f"/xxgk/item/{item.pk}/").content.decode()
    for text in (
        "索引号",
        item.index_number,
        "主题分类",
        "国民经济管理、国有资产监管\\统计",
        "体裁分类",
        "通知",
        "发布机构",
        "满洲里市统计局",
        "成文日期",
        "2025-02-20",
        "发布日期",
        "2025-03-01",
        "文号",
        "满统发〔2025〕3号",
        "有效性",
        "有效",
        "关键词",
        "统计 执法",
    ):
        assert text in page, text


def test_unpublished_items_and_their_attachments_are_not_public(client, world):
    item = draft(world.stats, world.column("article20-4"), "草稿")
    att = Attachment(item=item, original_name="a.txt", content_type="text/plain", size=5)
    att.file.save("a.txt", ContentFile(b"hello"), save=True)
    assert client.get(f"/xxgk/item/{item.pk}/").status_code == 404
    assert client.get(f"/xxgk/attachment/{att.pk}/").status_code == 404
    assert "草稿" not in client.get("/xxgk/jg/mzl-stats/").content.decode()


def test_attachment_download(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = draft(world.stats, world.column("article20-4"), "统计公报")
    att = Attachment(item=item, original_name="统计公报.txt", content_type="text/plain", size=6)
    att.file.save("stats.txt", ContentFile("公报".encode()), save=True)
    services.publish(None, item)
    assert "统计公报.txt" in client.get(f"/xxgk/item/{item.pk}/").content.decode()
    response = client.get(f"/xxgk/attachment/{att.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "公报".encode()
    assert "attachment" in response["Content-Disposition"]


def test_guide_page_shows_guide_items_and_contacts(client, world):
    world.stats.address, world.stats.phone = "满洲里市四道街1号", "0470-6222222"
    world.stats.save()
    published(world.stats, world.column("guide"), "关于修订政府信息公开指南的说明", body="一、主动公开……")
    page = client.get("/xxgk/jg/mzl-stats/guide/").content.decode()
    assert "关于修订政府信息公开指南的说明" in page and "满洲里市四道街1号" in page and "0470-6222222" in page
    area = client.get("/xxgk/qh/manzhouli/guide/").content.decode()
    assert "满洲里市统计局政府信息公开指南" in area and "0470-6222222" in area


def test_annual_reports_list_and_detail(client, report_item):
    listing = client.get("/xxgk/jg/mzl-stats/reports/").content.decode()
    assert report_item.title in listing
    detail = client.get(f"/xxgk/report/{report_item.pk}/").content.decode()
    assert "本年度" in detail
    assert client.get(f"/xxgk/report/{report_item.pk}/docx/").status_code == 404  # no core report behind it


def test_not_an_annual_report_is_404_on_the_report_page(client, world):
    item = published(world.stats, world.column("article20-4"), "统计公报")
    assert client.get(f"/xxgk/report/{item.pk}/").status_code == 404


def test_core_report_renders_as_an_article_and_downloads():
    seed = sorted(SEEDS.glob("*.txt"))[0]
    report = read_file(seed)
    html = str(reports.report_html(report))
    assert html.startswith("<article>") and html.endswith("</article>")
    assert "<style>" not in html
    data, media_type, suffix = reports.download(report, "docx")
    assert data[:2] == b"PK" and suffix == ".docx" and "wordprocessingml" in media_type


def test_search_page_highlights_and_filters(client, world):
    published(world.stats, world.column("article20-4"), "2024年统计公报")
    published(world.office, world.column("article20-1"), "统计工作制度")
    page = client.get("/xxgk/search/", {"q": "统计"}).content.decode()
    assert "共 2 条" in page and "<mark>统计</mark>公报" in page
    page = client.get("/xxgk/jg/mzl-stats/search/", {"q": "统计"}).content.decode()
    assert "共 1 条" in page and "统计工作制度" not in page


def test_search_page_rejects_bad_filters_politely(client, world):
    response = client.get("/xxgk/search/", {"q": "统计", "year": "abc", "agency": "nope", "page": "-1"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    response = client.get("/xxgk/search/", {"q": "统\x00计", "agency": "a\x00", "column": "\x00"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_search_query_is_escaped(client, world):
    page = client.get("/xxgk/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_cached_pages_follow_publication(client, world, settings):
    settings.PORTAL_CACHE_SECONDS = 60
    cache.clear()
    column = world.column("article20-4")
    published(world.stats, column, "第一份统计公报")
    url = "/xxgk/jg/mzl-stats/column/article20-4/"
    assert "第一份统计公报" in client.get(url).content.decode()
    draft(world.stats, column, "直接改库的标题")  # a change that is not a publication: the cached page stays
    published(world.stats, column, "第二份统计公报")
    page = client.get(url).content.decode()
    assert "第二份统计公报" in page and "直接改库的标题" not in page
    cache.clear()
