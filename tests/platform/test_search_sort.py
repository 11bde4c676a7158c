"""The two orders of search results, 相关度 and 时间, on hand-built items whose expected order is written out,
and against a Python reading of the relevance rule on random items. Either order finds the same items."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai_platform.catalogue import services
from gongkai_platform.catalogue.models import Attachment
from gongkai_platform.search.services import RELEVANCE, TIME, search
from tests.platform.portal_data import draft, make_world, published


@pytest.fixture
def world(db):
    return make_world()


def _titles(results):
    return [h.item.title for h in results.hits]


@pytest.fixture
def sorting_set(world):
    """Items that mention 垃圾分类 in different places (the score each earns is worked out in the comments:
    title 100, 关键词/文号 30, each body occurrence 1 up to 10)."""
    col = world.column("article20-12")
    published(world.office, col, "关于垃圾分类的通知", on=date(2025, 1, 1))  # 100
    published(world.office, col, "垃圾分类试点方案", on=date(2025, 2, 1))  # 100, newer
    published(
        world.office, col, "城市管理工作要点", keywords="垃圾分类", body="推进垃圾分类。", on=date(2025, 3, 1)
    )  # 31
    published(
        world.office, col, "环境卫生月报", body="垃圾分类、垃圾分类、垃圾分类", on=date(2025, 5, 1)
    )  # 3
    published(world.office, col, "垃圾分类宣传周", body="垃圾分类进社区", on=date(2024, 6, 1))  # 101
    published(world.office, col, "简报第一期", body="垃圾分类；" * 15, on=date(2024, 7, 1))  # 10 (15, capped)
    published(world.office, col, "简报第二期", body="垃圾分类；" * 11, on=date(2024, 8, 1))  # 10 (11, capped)
    minutes = draft(world.office, col, "会议纪要")  # 0: only its attachment says it
    Attachment.objects.create(
        item=minutes,
        file="m.txt",
        original_name="纪要.txt",
        content_type="text/plain",
        size=1,
        extracted_text="会上部署垃圾分类",
    )
    services.publish(None, minutes, on=date(2025, 6, 1))
    published(world.office, col, "防汛工作通知", body="与本次检索无关", on=date(2025, 7, 1))


BY_RELEVANCE = [
    "垃圾分类宣传周",
    "垃圾分类试点方案",
    "关于垃圾分类的通知",
    "城市管理工作要点",
    "简报第二期",
    "简报第一期",
    "环境卫生月报",
    "会议纪要",
]
BY_TIME = [
    "会议纪要",
    "环境卫生月报",
    "城市管理工作要点",
    "垃圾分类试点方案",
    "关于垃圾分类的通知",
    "简报第二期",
    "简报第一期",
    "垃圾分类宣传周",
]


def test_relevance_puts_title_matches_first_then_metadata_then_body_hits(sorting_set):
    results = search("垃圾分类", sort=RELEVANCE, page_size=100)
    assert _titles(results) == BY_RELEVANCE
    assert results.sort == RELEVANCE and results.total == 8


def test_time_puts_the_newest_first(sorting_set):
    assert _titles(search("垃圾分类", sort=TIME, page_size=100)) == BY_TIME
    assert _titles(search("垃圾分类", page_size=100)) == BY_TIME  # the service's default


def test_pages_follow_the_chosen_order(sorting_set):
    for sort, expected in ((RELEVANCE, BY_RELEVANCE), (TIME, BY_TIME)):
        pages = [search("垃圾分类", sort=sort, page=n, page_size=3) for n in (1, 2, 3)]
        assert [t for p in pages for t in _titles(p)] == expected
        assert [p.page for p in pages] == [1, 2, 3] and pages[0].pages == 3
    past_the_end = search("垃圾分类", sort=RELEVANCE, page=4, page_size=3)
    assert past_the_end.hits == [] and past_the_end.pages == 3  # an API client paging on stops here


def test_every_term_of_a_query_adds_to_the_score(sorting_set):
    assert _titles(search("垃圾分类 通知", sort=RELEVANCE, page_size=100)) == ["关于垃圾分类的通知"]
    # every item's 发布机构 is 满洲里市人民政府办公室: it matches but scores nothing
    assert _titles(search("垃圾分类 满洲里", sort=RELEVANCE, page_size=100)) == BY_RELEVANCE
    assert _titles(search("垃圾 分类", sort=RELEVANCE, page_size=100)) == BY_RELEVANCE


def test_latin_words_score_whatever_their_case(world):
    col = world.column("article20-4")
    published(world.stats, col, "2024年GDP核算说明", on=date(2025, 1, 1))  # 100
    published(world.stats, col, "地区生产总值核算", body="按gdp口径", on=date(2025, 2, 1))  # 1
    assert _titles(search("Gdp", sort=RELEVANCE)) == ["2024年GDP核算说明", "地区生产总值核算"]
    assert _titles(search("Gdp", sort=TIME)) == ["地区生产总值核算", "2024年GDP核算说明"]


def test_relevance_without_query_text_falls_back_to_time(sorting_set):
    browse = search("", sort=RELEVANCE, page_size=100)
    assert browse.sort == TIME
    assert _titles(browse)[0] == "防汛工作通知"


def test_capped_relevance_ranks_the_newest_matches(world, monkeypatch):
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_CAP", 4)
    monkeypatch.setattr("gongkai_platform.search.services.RANK_NEWEST", 3)
    col = world.column("article20-4")
    published(world.stats, col, "统计公报", on=date(2025, 1, 1))  # the best match, but not among the newest 3
    published(world.stats, col, "月报一", body="统计", on=date(2025, 2, 1))
    published(world.stats, col, "统计月报二", on=date(2025, 3, 1))
    published(world.stats, col, "月报三", body="统计", on=date(2025, 4, 1))
    published(world.stats, col, "月报四", body="统计", on=date(2025, 5, 1))
    published(world.stats, col, "年报", body="统计", on=date(2024, 12, 1))
    results = search("统计", sort=RELEVANCE, page_size=10)
    assert results.capped and results.total == 4 and results.ranked_among == 3
    assert _titles(results) == ["统计月报二", "月报四", "月报三"]
    assert results.pages == 1 and _titles(search("统计", sort=RELEVANCE, page=2, page_size=2)) == ["月报三"]
    assert search("统计", sort=RELEVANCE, page=3, page_size=2).hits == []  # the 4th match was not ranked
    assert search("统计", sort=TIME, page_size=10).ranked_among is None


@pytest.mark.parametrize(
    "walk_factor, probe, reach",
    [(0, 1000, 20_000), (1, 1000, 20_000), (20, 1000, 20_000), (20, 1, 1000), (0, 2, 4)],
)
def test_capped_relevance_ranks_the_same_newest_matches_whether_the_walk_finds_them_or_not(
    world, monkeypatch, walk_factor, probe, reach
):
    """On PostgreSQL the newest RANK_NEWEST matches of a capped query are looked for among the newest
    WALK_FACTOR × RANK_NEWEST entries, falling back to the full-text index: 0 always falls back, 1 falls back
    because newer items without the word come between, 20 finds them in the walk. When the count's probe
    (COUNT_PROBE oldest entries) neither reaches the cap nor rules the walk out, the count itself walks the
    newest COUNT_REACH entries and hands its matches on: (20, 1, 1000) counts and ranks from that walk, (0, 2, 4)
    walks too few and falls back. The ranking is the same in every case."""
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_CAP", 3)
    monkeypatch.setattr("gongkai_platform.search.services.RANK_NEWEST", 3)
    monkeypatch.setattr("gongkai_platform.search.services.WALK_FACTOR", walk_factor)
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_PROBE", probe)
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_REACH", reach)
    col = world.column("article20-4")
    for title, body, on in [
        ("快讯专刊", "", date(2025, 1, 1)),  # the best match (title), but not among the newest 3
        ("一月简报", "快讯", date(2025, 2, 1)),
        ("三月快讯", "", date(2025, 3, 1)),
        ("人口公报", "", date(2025, 3, 15)),
        ("四月简报", "快讯", date(2025, 4, 1)),
        ("财政公告", "", date(2025, 4, 15)),
        ("五月简报", "快讯、快讯", date(2025, 5, 1)),
        ("防汛通知", "", date(2025, 6, 1)),
    ]:
        published(world.office, col, title, body=body, on=on)
    results = search("快讯", sort=RELEVANCE, page_size=10)
    assert results.capped and results.ranked_among == 3
    # by hand, the newest three matches: 三月快讯 100, 五月简报 2, 四月简报 1
    assert _titles(results) == ["三月快讯", "五月简报", "四月简报"]
    assert _titles(search("快讯", sort=RELEVANCE, page=2, page_size=2)) == ["四月简报"]


CJK = "垃圾分类通知甲"
TEXT = st.text(CJK + "，", max_size=12)


def _score(item, pieces):
    """The relevance rule of search.services, written out independently."""
    score = 0
    for p in pieces:
        score += 100 if p in item.title else 0
        score += 30 if p in item.keywords or p in item.doc_number else 0
        score += min(10, item.body.count(p))
    return score


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(TEXT.filter(str.strip), TEXT, TEXT, st.integers(0, 30)), min_size=1, max_size=10),
    query=st.sampled_from(["垃圾", "分类", "垃圾分类", "通知", "类", "垃圾 通知", "甲甲"]),
)
def test_relevance_order_follows_the_rule_and_finds_the_same_items(world, rows, query):
    col = world.column("article20-12")
    savepoint = transaction.savepoint()
    try:
        items = [
            published(world.office, col, title, body=body, keywords=kw, on=date(2025, 1, 1 + day))
            for title, body, kw, day in rows
        ]
        pieces = query.split()
        matching = [i for i in items if all(p in i.search_text() for p in pieces)]
        expected = sorted(matching, key=lambda i: (-_score(i, pieces), -i.published_on.toordinal(), -i.pk))
        ranked = search(query, sort=RELEVANCE, page_size=100)
        assert [h.item.pk for h in ranked.hits] == [i.pk for i in expected]
        newest = search(query, sort=TIME, page_size=100)
        assert {h.item.pk for h in newest.hits} == {i.pk for i in matching}
    finally:
        transaction.savepoint_rollback(savepoint)
