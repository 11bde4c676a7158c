"""The catalogue REST API: published items only, filters and search, clear 4xx for bad input."""

from datetime import date

import pytest

from tests.platform.portal_data import draft, make_world, published


@pytest.fixture
def world(db):
    return make_world()


def test_list_search_and_filter(client, world):
    a = published(
        world.stats,
        world.column("article20-4"),
        "2024年统计公报",
        on=date(2024, 3, 1),
        topic=world.topic("国民经济管理、国有资产监管\\统计"),
    )
    b = published(world.street, world.column("system"), "街道统计制度", on=date(2025, 3, 1))
    draft(world.stats, world.column("article20-4"), "统计草稿")
    body = client.get("/api/catalogue/items").json()
    assert [i["id"] for i in body["items"]] == [b.pk, a.pk] and body["total"] == 2
    body = client.get("/api/catalogue/items", {"q": "统计", "jurisdiction": "zhalainuoer"}).json()
    assert [i["id"] for i in body["items"]] == [b.pk]
    assert body["items"][0]["title_html"] == "街道<mark>统计</mark>制度"
    body = client.get("/api/catalogue/items", {"year": 2024, "topic": "国民经济管理、国有资产监管"}).json()
    assert [i["id"] for i in body["items"]] == [a.pk]
    assert body["items"][0]["index_number"] == a.index_number


def test_search_can_be_ordered_by_relevance(client, world):
    older = published(world.stats, world.column("article20-4"), "统计公报", on=date(2024, 3, 1))
    newer = published(world.stats, world.column("article20-4"), "年度报表", body="统计", on=date(2025, 3, 1))
    for sort, expected in (("relevance", [older.pk, newer.pk]), ("time", [newer.pk, older.pk])):
        body = client.get("/api/catalogue/items", {"q": "统计", "sort": sort}).json()
        assert [i["id"] for i in body["items"]] == expected, sort
    assert [i["id"] for i in client.get("/api/catalogue/items", {"q": "统计"}).json()["items"]] == [
        newer.pk,
        older.pk,
    ]
    for sort in ("relevance", "time"):  # past the last page: empty, so a client paging on stops
        past = client.get("/api/catalogue/items", {"q": "统计", "sort": sort, "page": 2}).json()
        assert past["items"] == [] and past["total"] == 2


def test_item_detail_is_published_only(client, world):
    item = published(world.stats, world.column("article20-4"), "统计公报", body="正文")
    hidden = draft(world.stats, world.column("article20-4"), "草稿")
    body = client.get(f"/api/catalogue/items/{item.pk}").json()
    assert body["body"] == "正文" and body["agency"] == "mzl-stats" and body["attachments"] == []
    response = client.get(f"/api/catalogue/items/{hidden.pk}")
    assert response.status_code == 404 and response.json()["detail"] == "没有这条已发布信息。"


def test_agencies_and_columns(client, world):
    agencies = client.get("/api/catalogue/agencies").json()
    assert {a["slug"] for a in agencies} == {"mzl-office", "mzl-stats", "xinghua"}
    columns = client.get("/api/catalogue/columns").json()
    assert {c["slug"] for c in columns} >= {"guide", "system", "statutory", "annual-report", "article20-15"}
    assert next(c for c in columns if c["slug"] == "article20-4")["parent"] == "statutory"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page": 0}, 422),
        ({"page_size": 1000}, 422),
        ({"year": "abc"}, 422),
        ({"topic": "不存在"}, 404),
        ({"topic": "综合政务\\不存在"}, 404),
        ({"q": "统" * 500}, 422),
        ({"agency": "nope"}, 404),
        ({"column": "nope"}, 404),
        ({"sort": "random"}, 422),
    ],
)
def test_bad_input_is_a_clear_4xx(client, world, params, status):
    response = client.get("/api/catalogue/items", params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_openapi_schema(client, db):
    schema = client.get("/api/openapi.json").json()
    assert {
        "/api/catalogue/items",
        "/api/catalogue/items/{item_id}",
        "/api/catalogue/agencies",
        "/api/catalogue/columns",
    } <= set(schema["paths"])


def test_nul_characters_are_refused(client, world):
    for params in ({"agency": "a\x00b"}, {"jurisdiction": "\x00"}, {"column": "x\x00"}):
        assert client.get("/api/catalogue/items", params).status_code == 422
    assert client.get("/api/catalogue/columns", {"agency": "\x00"}).status_code == 422
    assert client.get("/api/catalogue/items", {"q": "统计\x00"}).status_code == 200
