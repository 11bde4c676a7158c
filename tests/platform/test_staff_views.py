"""The staff pages drive the same workflow through HTTP: drafting, the highlighted review, sign-off."""

import pytest
from django.urls import reverse

from gongkai_platform.catalogue.models import Genre, InformationItem, State, Topic

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_draft_review_redact_sign_through_pages(staff, tree, column, calendar, as_user):
    client = as_user(staff["editor"])
    response = client.post(
        reverse("catalogue:item_create"),
        {
            "column": column.pk,
            "title": "关于2026年第一季度统计数据的公告",
            "body": f"经核查，申请人（身份证号{ID_NUMBER}）反映的数据已更正。",
            "topic": Topic.objects.get(parent__name="国民经济管理、国有资产监管", name="统计").pk,
            "genre": Genre.objects.get(name="公告").pk,
            "summary": "更正2026年第一季度统计数据中的一处错误。",
            "disclosure": "proactive",
            "channels": ["website", "gazette"],
            "audience": "public",
            "doc_type": "other",
            "written_on": "2026-04-01",
            "validity": "valid",
        },
    )
    item = InformationItem.objects.get(title="关于2026年第一季度统计数据的公告")
    assert response.status_code == 302 and item.agency == tree["stats"]
    assert "公开期限" in client.get(reverse("catalogue:item_detail", args=[item.pk])).content.decode()
    client.post(reverse("catalogue:submit", args=[item.pk]))

    client = as_user(staff["reviewer"])
    page = client.get(reverse("catalogue:item_review", args=[item.pk])).content.decode()
    assert f'<mark class="hit" title="居民身份证号码">{ID_NUMBER}</mark>' in page
    response = client.post(reverse("catalogue:approve", args=[item.pk]), follow=True)
    assert "保密审查发现" in response.content.decode()
    client.post(reverse("catalogue:redact", args=[item.pk]), {"fingerprint": f"id_number:{ID_NUMBER}"})
    client.post(reverse("catalogue:approve", args=[item.pk]))
    item.refresh_from_db()
    assert item.state == State.AWAITING_SIGNOFF and ID_NUMBER not in item.body

    client = as_user(staff["signer"])
    response = client.post(reverse("catalogue:sign", args=[item.pk]), follow=True)
    item.refresh_from_db()
    assert item.state == State.PUBLISHED
    assert item.index_number in response.content.decode()


def test_other_agency_clerk_gets_404_for_a_draft(staff, tree, draft, as_user):
    item = draft(staff["editor"], tree["stats"])
    client = as_user(staff["other_editor"])
    assert client.get(reverse("catalogue:item_detail", args=[item.pk])).status_code == 404
    assert client.post(reverse("catalogue:submit", args=[item.pk])).status_code == 404
    assert item.title not in client.get(reverse("catalogue:item_list")).content.decode()


def test_pages_render_for_each_role(staff, tree, draft, publish, calendar, as_user):
    item = publish(draft(staff["editor"], tree["stats"]))
    for name in ("editor", "reviewer", "signer", "supervisor"):
        client = as_user(staff[name])
        for url in ("workspace:home", "catalogue:item_list", "catalogue:overdue"):
            assert client.get(reverse(url)).status_code == 200
        assert client.get(reverse("catalogue:item_detail", args=[item.pk])).status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("workspace:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url
