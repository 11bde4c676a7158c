"""Issue #12, the catalogue's metadata: 内容概述, 公开属性, 公开方式, 服务对象, 涉密状态, 有效性 dates and the two-level
主题分类/体裁分类 vocabularies, through the services, the staff pages, the portal and the API."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from gongkai_platform.catalogue import services, standard_columns
from gongkai_platform.catalogue.models import Disclosure, Genre, InformationItem, Secrecy, State, Topic
from tests.platform.portal_data import make_world, published

OPEN = "综合政务\\政务公开"


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def _topic(path):
    top, _, child = path.partition("\\")
    return Topic.objects.get(parent__name=top, name=child)


def test_the_seeded_topics_are_two_levels_in_current_wording(db, column):
    paths = {str(t) for t in Topic.objects.select_related("parent")}
    assert {
        OPEN,
        "民政、乡村振兴、救灾\\乡村振兴",
        "城乡建设、环境保护\\城市规划",
        "民政、乡村振兴、救灾",
    } <= paths
    assert "民政、扶贫、救灾" not in paths
    assert Topic.objects.filter(parent=None).count() == 21
    assert _topic(OPEN).code == "0101"
    assert Genre.objects.filter(parent=None, name="通知").exists()


def test_summary_is_limited_to_100_characters(staff, tree, draft):
    with pytest.raises(ValidationError) as caught:
        draft(staff["editor"], tree["stats"], summary="字" * 101)
    assert "内容概述不超过100字" in str(caught.value)
    assert draft(staff["editor"], tree["stats"], summary="字" * 100).summary == "字" * 100


def test_empty_summary_warns_the_reviewer_but_does_not_block(staff, tree, draft, as_user):
    item = services.submit_for_review(staff["editor"], draft(staff["editor"], tree["stats"]))
    page = as_user(staff["reviewer"]).get(reverse("catalogue:item_review", args=[item.pk])).content.decode()
    assert "内容概述为空" in page
    assert services.approve_review(staff["reviewer"], item).state == State.AWAITING_SIGNOFF


def test_repeal_date_before_effective_date_is_refused(staff, tree, draft):
    with pytest.raises(ValidationError) as caught:
        draft(staff["editor"], tree["stats"], effective_on=date(2026, 3, 1), repealed_on=date(2026, 2, 28))
    assert caught.value.message_dict == {"repealed_on": ["废止日期不能早于生效日期。"]}
    item = draft(staff["editor"], tree["stats"], effective_on=date(2026, 3, 1), repealed_on=date(2026, 3, 1))
    assert item.repealed_on == date(2026, 3, 1)


def test_not_proactive_needs_a_reason(staff, tree, draft):
    with pytest.raises(ValidationError) as caught:
        draft(staff["editor"], tree["stats"], disclosure=Disclosure.ON_REQUEST)
    assert "disclosure_reason" in caught.value.message_dict


def test_form_error_keeps_what_was_typed(staff, tree, column, as_user):
    response = as_user(staff["editor"]).post(
        reverse("catalogue:item_create"),
        {
            "column": column.pk,
            "title": "保留输入的标题",
            "summary": "概述",
            "topic": _topic(OPEN).pk,
            "genre": Genre.objects.get(name="通知").pk,
            "doc_type": "other",
            "written_on": "2026-04-01",
            "validity": "valid",
            "disclosure": "proactive",
            "channels": ["website"],
            "audience": "public",
            "effective_on": "2026-04-02",
            "repealed_on": "2026-04-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "废止日期不能早于生效日期" in page and "保留输入的标题" in page
    assert not InformationItem.objects.filter(title="保留输入的标题").exists()


def test_secrecy_is_set_by_the_review_not_typed(staff, tree, draft, publish):
    item = draft(staff["editor"], tree["stats"])
    assert item.secrecy == Secrecy.UNREVIEWED
    with pytest.raises(ValueError):
        services.update_draft(staff["editor"], item, secrecy=Secrecy.NOT_SECRET)
    assert publish(item).secrecy == Secrecy.NOT_SECRET


def test_a_secret_finding_withholds_the_item_for_good(staff, tree, draft):
    item = services.submit_for_review(staff["editor"], draft(staff["editor"], tree["stats"]))
    item = services.classify_secret(staff["reviewer"], item, "含有尚未解密的内部文件内容")
    assert (item.state, item.secrecy, item.disclosure) == (State.DRAFT, Secrecy.SECRET, Disclosure.WITHHELD)
    with pytest.raises(services.WorkflowError, match="认定涉密"):
        services.submit_for_review(staff["editor"], item)


def test_portal_and_api_show_the_metadata_and_full_topic_path(client, world):
    item = published(
        world.stats,
        world.column("article20-1"),
        "关于做好政务公开工作的通知",
        body="正文内容",
        summary="部署本年度政务公开重点工作。",
        topic=world.topic(OPEN),
        genre=world.genre("通知"),
        channels=["website", "gazette"],
        effective_on=date(2025, 3, 1),
        repealed_on=date(2027, 2, 28),
    )
    page = client.get(f"/xxgk/item/{item.pk}/").content.decode()
    for text in (OPEN, "部署本年度政务公开重点工作。", "主动公开", "社会公众", "2027-02-28"):
        assert text in page, text
    column = client.get("/xxgk/jg/mzl-stats/column/article20-1/").content.decode()
    assert "部署本年度政务公开重点工作。" in column
    body = client.get(f"/api/catalogue/items/{item.pk}").json()
    assert (body["topic"], body["summary"], body["disclosure"]) == (
        OPEN,
        "部署本年度政务公开重点工作。",
        "主动公开",
    )
    assert body["repealed_on"] == "2027-02-28"
    found = client.get(
        "/api/catalogue/items", {"topic": "综合政务"}
    ).json()  # a first level includes its second
    assert [i["id"] for i in found["items"]] == [item.pk]


def test_on_request_items_are_listed_without_their_content(client, world):
    item = published(
        world.stats,
        world.column("article20-1"),
        "内部管理制度汇编",
        body="不应出现在网站上的正文",
        summary="本局内部管理制度。",
        disclosure=Disclosure.ON_REQUEST,
        disclosure_reason="涉及内部事务，依申请提供",
    )
    page = client.get(f"/xxgk/item/{item.pk}/").content.decode()
    assert "本局内部管理制度。" in page and "不应出现在网站上的正文" not in page and "依申请公开" in page
    assert client.get(f"/api/catalogue/items/{item.pk}").json()["body"] == ""
    assert client.get("/api/catalogue/items", {"q": "正文"}).json()["total"] == 0


@pytest.mark.django_db(transaction=True)
def test_migration_maps_old_single_level_topics_and_back():
    executor = MigrationExecutor(connection)
    old = [("catalogue", "0004_chinese_choice_labels"), ("agencies", "0003_separate_duties")]
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    Jurisdiction, Agency = apps.get_model("agencies", "Jurisdiction"), apps.get_model("agencies", "Agency")
    Column, Item = apps.get_model("catalogue", "Column"), apps.get_model("catalogue", "InformationItem")
    area = Jurisdiction.objects.create(name="区", slug="area")
    agency = Agency.objects.create(jurisdiction=area, name="民政局", slug="mz", org_code="001")
    standard_columns.ensure(Column)  # gone after an earlier transactional test's flush
    column = Column.objects.get(agency=None, slug="system")
    poor = Item.objects.create(
        agency=agency, column=column, title="甲", topic="民政、扶贫、救灾", genre="批复"
    )
    plain = Item.objects.create(agency=agency, column=column, title="乙", topic="卫生、体育", genre="通知")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = InformationItem.objects.select_related("topic__parent", "genre")
    assert (
        new.get(pk=poor.pk).topic.path == "民政、乡村振兴、救灾" and new.get(pk=poor.pk).genre.name == "批复"
    )
    assert new.get(pk=plain.pk).topic.path == "卫生、体育"

    executor = MigrationExecutor(connection)
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    Item = apps.get_model("catalogue", "InformationItem")
    assert Item.objects.get(pk=poor.pk).topic == "民政、扶贫、救灾"
    assert Item.objects.get(pk=plain.pk).genre == "通知"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_staff_list_filters_by_topic_with_its_second_levels(staff, tree, draft, as_user):
    draft(staff["editor"], tree["stats"], title="统计类草稿")  # 国民经济管理、国有资产监管\统计 (conftest)
    draft(staff["editor"], tree["stats"], title="政务公开类草稿", topic=_topic(OPEN))
    client = as_user(staff["editor"])
    top = Topic.objects.get(parent=None, name="综合政务")
    page = client.get(reverse("catalogue:item_list"), {"topic": top.pk}).content.decode()
    assert "政务公开类草稿" in page and "统计类草稿" not in page
    assert f'<option value="{_topic(OPEN).pk}">{OPEN}</option>' in page
