"""The portal's search page over HTTP: 相关度 by default, 时间 on request, numbered pages whose links keep the
query, the filters and the order, and the filters folded behind 筛选."""

import re
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.platform.portal_data import make_world, published


@pytest.fixture
def world(db):
    w = make_world()
    col = w.column("article20-4")
    for n in range(45):  # 月报 00…44, one a day; 统计 in the title of every fifth only
        title = f"统计月报第{n:02d}期" if n % 5 == 0 else f"月报第{n:02d}期"
        published(w.stats, col, title, body="统计数据", on=date(2025, 1 + n // 28, 1 + n % 28))
    return w


def _hits(page: str) -> list[str]:
    return [re.sub("<[^>]+>", "", t) for t in re.findall(r'<li class="hit">\s*<h3><a [^>]*>(.*?)</a>', page)]


def _links(page: str, text: str) -> list[dict]:
    hrefs = re.findall(rf'<a href="([^"]*)"[^>]*>{text}</a>', page)
    return [parse_qs(urlsplit(unescape(h)).query) for h in hrefs]


def test_relevance_is_the_default_and_time_is_one_click_away(client, world):
    page = client.get("/xxgk/jg/mzl-stats/search/", {"q": "统计"}).content.decode()
    titles = [
        f"统计月报第{n:02d}期" for n in (40, 35, 30, 25, 20, 15, 10, 5, 0)
    ]  # title matches, newest first
    assert _hits(page)[:9] == titles
    assert '<span class="current" aria-current="true">相关度</span>' in page
    (time_link,) = _links(page, "时间")
    assert time_link == {"q": ["统计"], "sort": ["time"]}
    newest = client.get("/xxgk/jg/mzl-stats/search/", {"q": "统计", "sort": "time"}).content.decode()
    assert _hits(newest)[:3] == ["月报第44期", "月报第43期", "月报第42期"]


def test_numbered_pages_keep_query_filters_and_order(client, world):
    params = {"q": "统计", "sort": "time", "year": "2025", "page": "2"}
    page = client.get("/xxgk/jg/mzl-stats/search/", params).content.decode()
    assert "共 45 条，第 2/3 页" in page
    assert _hits(page)[0] == "月报第24期"  # 44 … 25 on page 1
    numbered = {n: _links(page, str(n)) for n in (1, 3)}
    for n, (query,) in numbered.items():
        assert query == {"q": ["统计"], "sort": ["time"], "year": ["2025"], "page": [str(n)]}
    assert 'aria-current="page">2<' in page
    (prev,) = _links(page, "上一页")
    assert prev["page"] == ["1"] and prev["year"] == ["2025"]


def test_changing_the_order_goes_back_to_page_one(client, world):
    page = client.get("/xxgk/jg/mzl-stats/search/", {"q": "统计", "page": "3"}).content.decode()
    (time_link,) = _links(page, "时间")
    assert "page" not in time_link


def test_filters_fold_behind_a_toggle_that_counts_them(client, world):
    page = client.get("/xxgk/search/", {"q": "统计", "year": "2025", "agency": "mzl-stats"}).content.decode()
    assert re.search(r'<details class="search-filters">\s*<summary>筛选（已选 2 项）</summary>', page)
    assert 'name="sort"' in page  # the chosen order survives a new query from the same form
    bad = client.get("/xxgk/search/", {"q": "统计", "year": "abc"}).content.decode()
    assert '<details class="search-filters" open>' in bad  # an error inside is never hidden


def test_a_page_past_the_end_shows_the_last_page(client, world):
    page = client.get("/xxgk/jg/mzl-stats/search/", {"q": "统计", "page": "99"}).content.decode()
    assert "第 3/3 页" in page and len(_hits(page)) == 5


def test_a_common_query_says_which_matches_relevance_ranked(client, world, monkeypatch):
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_CAP", 30)
    monkeypatch.setattr("gongkai_platform.search.services.RANK_NEWEST", 25)
    ranked = client.get("/xxgk/jg/mzl-stats/search/", {"q": "统计"}).content.decode()
    assert "匹配结果超过 30 条，按相关度排列的是其中最新的 25 条" in ranked
    assert "共 25 条，第 1/2 页" in ranked
    newest = client.get("/xxgk/jg/mzl-stats/search/", {"q": "统计", "sort": "time"}).content.decode()
    assert 'id="ranked-among"' not in newest and "超过 30 条，第 1/2 页" in newest
