"""The portal's front doors over HTTP: a jurisdiction's home leads to the latest publications, the 指南,
依申请公开, the annual reports and search; every agency's pages lead to its 指南 and to applying online."""

import re
from datetime import date

import pytest

from tests.platform.portal_data import make_world, published


@pytest.fixture
def world(db):
    w = make_world()
    published(w.stats, w.column("article20-4"), "2024年统计公报", on=date(2025, 3, 1))
    published(w.office, w.column("article20-12"), "防汛工作通知", on=date(2025, 4, 1))
    published(w.street, w.column("system"), "街道信息公开制度", on=date(2025, 2, 1))
    published(w.stats, w.column("guide"), "满洲里市统计局政府信息公开指南", on=date(2021, 3, 2))
    return w


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def _hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html.replace("&amp;", "&")))


def test_jurisdiction_home_opens_every_front_door(client, world):
    page = client.get("/xxgk/qh/manzhouli/").content.decode()
    latest = _section(page, "latest-h")
    titles = re.findall(r'<a href="/xxgk/item/\d+/">([^<]+)</a>', latest)
    # across columns and agencies (the district's street office too), newest first
    assert titles == ["防汛工作通知", "2024年统计公报", "街道信息公开制度", "满洲里市统计局政府信息公开指南"]
    links = _hrefs(page)
    assert {
        "/xxgk/qh/manzhouli/guide/",
        "/xxgk/qh/manzhouli/reports/",
        "/yisqing/apply/",
        "/yisqing/",
        "/xxgk/qh/manzhouli/search/?sort=time",
    } <= links
    assert re.search(
        r'<form class="home-search" role="search" method="get" action="/xxgk/qh/manzhouli/search/">', page
    )
    doors = _section(page, "apply-door-h")
    assert "在线申请" in doors and "查询办理进度" in doors and "政府信息公开指南" in doors


def test_jurisdiction_home_lists_each_agency_with_its_guide_and_application(client, world):
    agencies = _section(client.get("/xxgk/qh/manzhouli/").content.decode(), "agencies-h")
    for agency in (world.office, world.stats, world.street):
        assert {
            f"/xxgk/jg/{agency.slug}/",
            f"/xxgk/jg/{agency.slug}/guide/",
            f"/yisqing/apply/?agency={agency.pk}",
        } <= _hrefs(agencies), agency.name


@pytest.mark.parametrize("path", ["", "guide/", "reports/", "column/article20-4/", "search/?q=统计"])
def test_every_agency_page_links_to_its_guide_and_to_applying_online(client, world, path):
    page = client.get(f"/xxgk/jg/mzl-stats/{path}").content.decode()
    links = _hrefs(page)
    assert "/xxgk/jg/mzl-stats/guide/" in links
    assert f"/yisqing/apply/?agency={world.stats.pk}" in links


def test_the_apply_link_preselects_the_agency(client, world):
    form = client.get(f"/yisqing/apply/?agency={world.stats.pk}").content.decode()
    assert re.search(rf'<option value="{world.stats.pk}" selected>满洲里市统计局</option>', form)


def test_a_large_jurisdiction_lists_its_own_agencies_first_and_links_the_rest(client, world, monkeypatch):
    from gongkai_platform.portal import views

    monkeypatch.setattr(views, "HOME_AGENCIES", 2)
    agencies = _section(client.get("/xxgk/qh/manzhouli/").content.decode(), "agencies-h")
    listed = re.findall(r'<li><a href="/xxgk/jg/([\w-]+)/">', agencies)
    assert sorted(listed) == sorted(
        [world.office.slug, world.stats.slug]
    )  # the city's own; the street is below
    assert "全部3个机构的公开指南和联系方式" in agencies and "/xxgk/qh/manzhouli/guide/" in _hrefs(agencies)
    assert "/xxgk/qh/zhalainuoer/" in _hrefs(agencies)  # the district's own home


def test_a_home_section_shows_the_newest_six_of_all_its_columns(client, world):
    four, twelve = world.column("article20-4"), world.column("article20-12")
    assert four.parent_id == twelve.parent_id  # two sub-columns of one home section
    for day in range(1, 6):
        published(world.stats, four, f"统计{day}", on=date(2025, 6, day * 2))
        published(world.street, twelve, f"防汛{day}", on=date(2025, 6, day * 2 + 1))
    section = _section(client.get("/xxgk/qh/manzhouli/").content.decode(), f"col-{four.parent.slug}")
    titles = re.findall(r'<a href="/xxgk/item/\d+/">([^<]+)</a>', section)
    # 11 June 防汛5, 10 June 统计5, …: both columns and agencies merged, newest first, six of them
    assert titles == ["防汛5", "统计5", "防汛4", "统计4", "防汛3", "统计3"]
