"""Records no one can quietly change (issue 10 §3): the Django admin refuses to change or delete published
items, annual reports, manual figures, attachments and 索引号 sequences; what it may still write is audited
with the values before and after."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai_platform.annual_reports.models import AnnualReport, ManualFigure
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.catalogue import services
from gongkai_platform.catalogue.models import Column, IndexNumberSequence, InformationItem, State


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, db):
    root = get_user_model().objects.create_superuser("root", password="correct-horse-battery")
    client.force_login(root)
    client.root = root
    return client


def change_form(item):
    return {
        "title": "已被管理员改动的标题",
        "body": "联系电话13812345678",
        "column": item.column_id,
        "agency": item.agency_id,
        "topic": item.topic_id or "",
        "genre": item.genre_id or "",
        "doc_type": item.doc_type,
        "validity": item.validity,
        "written_on": "2026-03-02",
    }


def test_admin_cannot_change_or_delete_a_published_item(admin_client, staff, tree, draft, publish):
    item = publish(draft(staff["editor"], tree["stats"]))
    title, entries = item.title, AuditEntry.objects.count()
    url = reverse("admin:catalogue_informationitem_change", args=[item.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "已被管理员改动" not in page.content.decode()  # view only
    assert admin_client.post(url, change_form(item)).status_code == 403
    delete = reverse("admin:catalogue_informationitem_delete", args=[item.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse("admin:catalogue_informationitem_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
    admin_client.post(
        reverse("admin:catalogue_informationitem_changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )
    item.refresh_from_db()
    assert item.title == title and item.state == State.PUBLISHED
    assert AuditEntry.objects.count() == entries


def test_admin_cannot_delete_even_a_draft(admin_client, staff, tree, draft):
    item = draft(staff["editor"], tree["stats"], title="作废的草稿")
    delete = reverse("admin:catalogue_informationitem_delete", args=[item.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert InformationItem.objects.filter(pk=item.pk).exists()


def test_admin_cannot_touch_attachments_or_index_sequences(admin_client, staff, tree, draft, publish):
    item = draft(staff["editor"], tree["stats"])
    attachment = services.add_attachment(staff["editor"], item, "说明.txt", "无个人信息".encode())
    publish(item)
    sequence = IndexNumberSequence.objects.get()
    for model, obj in (("attachment", attachment), ("indexnumbersequence", sequence)):
        change = reverse(f"admin:catalogue_{model}_change", args=[obj.pk])
        assert admin_client.post(change, {}).status_code == 403
        delete = reverse(f"admin:catalogue_{model}_delete", args=[obj.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert attachment.file.storage.exists(attachment.file.name)
    assert IndexNumberSequence.objects.get().last_value == sequence.last_value == 1


def test_admin_cannot_change_annual_reports_or_manual_figures(admin_client, tree):
    report = AnnualReport.objects.create(agency=tree["stats"], year=2025, format="2021", status="published")
    figure = ManualFigure.objects.create(agency=tree["stats"], year=2025, cell="s2.fees.amount", value=0)
    for model, obj in (("annualreport", report), ("manualfigure", figure)):
        assert (
            admin_client.post(reverse(f"admin:annual_reports_{model}_change", args=[obj.pk]), {}).status_code
            == 403
        )
        delete = reverse(f"admin:annual_reports_{model}_delete", args=[obj.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert (
        AnnualReport.objects.filter(pk=report.pk).exists()
        and ManualFigure.objects.filter(pk=figure.pk).exists()
    )


def test_an_admin_change_records_values_before_and_after(admin_client, db, column):
    response = admin_client.post(
        reverse("admin:catalogue_column_change", args=[column.pk]),
        {
            "name": "新栏目名",
            "slug": column.slug,
            "kind": column.kind,
            "update_frequency": column.update_frequency,
            "order": column.order,
            "article20_clause": column.article20_clause or "",
            "description": column.description,
            "parent": column.parent_id or "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    old_name = Column.objects.get(pk=column.pk)
    entry = AuditEntry.objects.get(action="admin.change", object_id=str(column.pk))
    assert entry.changes["name"] == [column.name, "新栏目名"] and old_name.name == "新栏目名"


def test_what_is_published_is_what_was_reviewed(staff, tree, draft):
    """Content changed after approval by any path (here straight in the database) is not signed: the item goes
    back to review."""
    item = draft(staff["editor"], tree["stats"])
    item = services.approve_review(staff["reviewer"], services.submit_for_review(staff["editor"], item))
    InformationItem.objects.filter(pk=item.pk).update(publisher="联系人手机13812345678")
    with pytest.raises(services.WorkflowError, match="重新审核"):
        services.sign_off(staff["signer"], item)
    item.refresh_from_db()
    assert item.state == State.IN_REVIEW and item.published_on is None
    assert item.events.last().action == "changed_after_review"
    with pytest.raises(services.WorkflowError, match="保密审查"):
        services.approve_review(staff["reviewer"], item)
