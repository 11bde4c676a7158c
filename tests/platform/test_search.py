"""Search against the database (SQLite FTS5 by default, PostgreSQL tsvector with DATABASE_URL): exact for
CJK queries, filtered, highlighted, and kept in step with publishing."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai_platform.agencies.models import Membership, Role
from gongkai_platform.catalogue import services
from gongkai_platform.catalogue.models import Attachment, InformationItem, Validity
from gongkai_platform.search import index
from gongkai_platform.search.services import Filters, search
from tests.platform.portal_data import draft, make_world, published

CJK = "公开信息年报统计数据甲乙"
TITLE = st.text(CJK + "，。 a1", min_size=1, max_size=14)


@pytest.fixture
def world(db):
    return make_world()


def _ids(results):
    return {h.item.pk for h in results.hits}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    titles=st.lists(TITLE, min_size=1, max_size=12),
    queries=st.lists(
        st.integers(1, 4).filter(lambda n: n != 3).flatmap(lambda n: st.text(CJK, min_size=n, max_size=n)),
        min_size=1,
        max_size=6,
    ),
)
def test_search_finds_exactly_the_items_containing_the_query(world, titles, queries):
    column = world.column("article20-4")
    savepoint = transaction.savepoint()
    try:
        items = [published(world.stats, column, t, body=t[::-1]) for t in titles]
        starts = [t[i : i + n] for t in titles for n in (1, 2, 4) for i in (0, len(t) - n) if i >= 0]
        for query in queries + [q for q in starts if all(c in CJK for c in q)]:
            truth = {i.pk for i in items if query in i.search_text()}
            found = search(query, page_size=100)
            assert _ids(found) == truth, query
            assert found.total == len(truth)
    finally:
        transaction.savepoint_rollback(savepoint)


def test_metadata_and_attachment_text_are_searched(world):
    column = world.column("article20-1")
    item = draft(
        world.office, column, "关于印发管理办法的通知", doc_number="满政办发〔2025〕12号", keywords="营商环境"
    )
    Attachment.objects.create(
        item=item,
        file="x.txt",
        original_name="附件.txt",
        content_type="text/plain",
        size=1,
        extracted_text="附件里写着乡村振兴",
    )
    services.publish(None, item, on=date(2025, 5, 1))
    for query in ("满政办发", "营商环境", "乡村振兴", "人民政府办公室", "2025"):
        assert _ids(search(query)) == {item.pk}, query


def test_filters_narrow_the_results(world):
    statutory, stats_col = world.column("statutory"), world.column("article20-4")
    a = published(
        world.stats,
        stats_col,
        "统计公报一",
        on=date(2024, 2, 1),
        topic=world.topic("国民经济管理、国有资产监管\\统计"),
    )
    b = published(world.office, world.column("article20-1"), "统计制度二", on=date(2025, 2, 1))
    c = published(world.street, world.column("system"), "统计工作三", on=date(2025, 6, 1))
    assert [h.item.pk for h in search("统计").hits] == [c.pk, b.pk, a.pk]  # newest first
    assert _ids(search("统计", Filters(agency=world.stats))) == {a.pk}
    assert _ids(search("统计", Filters(jurisdiction=world.district))) == {c.pk}
    assert _ids(search("统计", Filters(jurisdiction=world.city))) == {a.pk, b.pk, c.pk}
    assert _ids(search("统计", Filters(column=statutory))) == {a.pk, b.pk}  # with its sub-columns
    assert _ids(search("统计", Filters(topic=world.topic("国民经济管理、国有资产监管")))) == {a.pk}
    assert _ids(search("统计", Filters(year=2025))) == {b.pk, c.pk}


def test_withdrawal_and_validity_changes_reach_the_index(world, django_user_model):
    signer = django_user_model.objects.create_user("signer", password="x" * 12)
    Membership.objects.create(user=signer, agency=world.stats, role=Role.SIGNER)
    column = world.column("article20-1")
    item = published(world.stats, column, "关于废止部分规范性文件的决定", written_on=date(2024, 1, 1))
    assert _ids(search("规范性文件")) == {item.pk}
    services.change_validity(signer, item, Validity.REPEALED, date(2025, 6, 1), "已被新文件替代")
    assert _ids(search("规范性文件", Filters(validity=Validity.REPEALED))) == {item.pk}
    assert _ids(search("规范性文件", Filters(validity=Validity.VALID))) == set()
    services.withdraw(signer, InformationItem.objects.get(pk=item.pk), "内容有误")
    assert _ids(search("规范性文件")) == set()


def test_drafts_are_never_found(world):
    draft(world.stats, world.column("article20-4"), "尚未发布的统计草稿")
    assert search("草稿").total == 0


def test_highlighting_escapes_html(world):
    item = published(
        world.stats, world.column("article20-4"), "<b>统计</b>公报 & 说明", body="正文<script>统计</script>"
    )
    hit = search("统计").hits[0]
    assert hit.item.pk == item.pk
    assert str(hit.title_html) == "&lt;b&gt;<mark>统计</mark>&lt;/b&gt;公报 &amp; 说明"
    assert "<script>" not in str(hit.snippet_html)
    assert "<mark>统计</mark>" in str(hit.snippet_html)


def test_punctuation_only_and_empty_queries(world):
    item = published(world.stats, world.column("article20-4"), "统计公报")
    assert search("，。！").total == 0
    browse = search("", Filters(agency=world.stats))
    assert _ids(browse) == {item.pk}


def test_rebuild_restores_the_index(world):
    item = published(world.stats, world.column("article20-4"), "人口普查公报")
    index.remove_item(item.pk)
    assert search("普查").total == 0
    assert index.rebuild() == 1
    assert _ids(search("普查")) == {item.pk}


def test_counting_stops_at_the_cap_and_pages_stay_newest_first(world, monkeypatch):
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_CAP", 3)
    column = world.column("article20-4")
    items = [published(world.stats, column, f"统计月报{n}", on=date(2025, 1, 1 + n)) for n in range(5)]
    first = search("统计", page_size=2)
    assert first.capped and first.total == 3
    assert [h.item.pk for h in first.hits] == [items[4].pk, items[3].pk]
    second = search("统计", page=2, page_size=2)
    assert [h.item.pk for h in second.hits] == [items[2].pk, items[1].pk]
    assert not search("月报4").capped


@pytest.mark.parametrize("walk_factor", [0, 1, 20])
def test_newest_pages_are_the_same_whether_the_newest_walk_finds_them_or_not(world, monkeypatch, walk_factor):
    """Capped 时间 pages on PostgreSQL first look among the newest entries (WALK_FACTOR per row shown) and fall
    back to the full-text index when those hold too few matches: 0 always falls back, 1 falls back where newer
    non-matching items come first, 20 finds every page in the walk. The pages are the same in every case."""
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_CAP", 2)
    monkeypatch.setattr("gongkai_platform.search.services.WALK_FACTOR", walk_factor)
    column = world.column("article20-4")
    days = {"快讯一": 1, "人口公报": 2, "快讯二": 3, "年度快讯": 4, "财政公告": 5, "预算公告": 6, "快讯三": 7}
    for title, day in days.items():  # odd days in 2025, even days in 2024
        published(world.stats, column, title, on=date(2024 + day % 2, 3, day))
    pages = [search("快讯", page=n, page_size=2) for n in (1, 2)]
    assert all(p.capped for p in pages)
    # by hand: 2025-03-07, 2025-03-03, 2025-03-01, 2024-03-04
    assert [h.item.title for p in pages for h in p.hits] == ["快讯三", "快讯二", "快讯一", "年度快讯"]
    only_2024 = search("快讯", Filters(year=2024), page_size=2)
    assert [h.item.title for h in only_2024.hits] == ["年度快讯"] and not only_2024.capped
    assert [h.item.title for h in search("快讯", Filters(year=2025), page=2, page_size=2).hits] == ["快讯一"]


def test_an_item_too_large_for_a_table_row_is_indexed_and_found(world):
    """On PostgreSQL tsvectors are kept in the row (storage MAIN, migration search.0002); one that cannot fit a
    page must still be stored (out of line) rather than refused. 20,000 different characters give ≈ 20,000
    different bigrams, a tsvector of about 200 KB."""
    text = "".join(chr(0x4E00 + n) for n in range(20_000))
    item = published(world.office, world.column("article20-4"), "长篇资料", body=text)
    assert _ids(search(text[9_000:9_002])) == {item.pk}
    assert _ids(search(text[100:104])) == {item.pk}
    assert search("长篇资料").total == 1


@pytest.mark.parametrize("probe, reach", [(0, 0), (1, 3), (2, 4), (1000, 20_000)])
def test_counts_are_the_same_whether_the_walked_count_reaches_the_cap_or_not(
    world, monkeypatch, probe, reach
):
    """PostgreSQL first counts over the oldest entries (COUNT_PROBE, then up to COUNT_REACH when the probe's
    density says the cap is within reach) and falls back to the full-text index: (0, 0) never walks; (1, 3)
    probes one match, walks three entries and falls short; (2, 4) finds the cap out of reach; (1000, 20000)
    walks everything. The counts are the same in every case."""
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_CAP", 2)
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_PROBE", probe)
    monkeypatch.setattr("gongkai_platform.search.services.COUNT_REACH", reach)
    column = world.column("article20-4")
    for title, year in [
        ("快讯一", 2025),
        ("公告", 2025),
        ("快讯二", 2024),
        ("通报", 2025),
        ("快讯三", 2025),
        ("快讯四", 2024),
    ]:
        published(world.stats, column, title, on=date(year, 3, 1))
    common = search("快讯")
    assert (common.total, common.capped) == (2, True)  # four matches, more than the cap of 2
    assert (search("通报").total, search("通报").capped) == (1, False)
    assert (search("快讯三").total, search("快讯三").capped) == (1, False)
    in_2024 = search("快讯", Filters(year=2024))
    assert (in_2024.total, in_2024.capped) == (2, False)
    assert search("快讯", Filters(agency=world.office)).total == 0
