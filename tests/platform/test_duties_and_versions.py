"""Separation of duties (on by default, per jurisdiction) and the version check that stops two editors silently
overwriting each other's draft (issue 10 §3)."""

from datetime import date

import pytest
import reports_world
from conftest import make_user
from django.urls import reverse

from gongkai_platform.agencies.models import Role
from gongkai_platform.annual_reports import services as reports
from gongkai_platform.catalogue import services
from gongkai_platform.catalogue.models import InformationItem, State


@pytest.fixture
def all_rounder(tree):
    """One person holding every role in the statistics bureau, as in a small office."""
    return make_user("all_rounder", tree["stats"], Role.EDITOR, Role.REVIEWER, Role.SIGNER)


def test_the_drafter_can_neither_approve_nor_sign(staff, tree, draft, all_rounder):
    item = services.submit_for_review(all_rounder, draft(all_rounder, tree["stats"]))
    assert "approve" not in services.allowed_actions(all_rounder, item)
    with pytest.raises(services.WorkflowError, match="职责分离"):
        services.approve_review(all_rounder, item)
    item = services.approve_review(staff["reviewer"], item)
    assert "sign" not in services.allowed_actions(all_rounder, item)
    with pytest.raises(services.WorkflowError, match="职责分离"):
        services.sign_off(all_rounder, item)
    assert services.sign_off(staff["signer"], item).state == State.PUBLISHED


def test_an_editor_of_someone_elses_draft_counts_as_a_drafter(staff, tree, draft, all_rounder):
    item = draft(staff["editor"], tree["stats"])
    services.update_draft(all_rounder, item, body="补充一句。")
    item = services.approve_review(staff["reviewer"], services.submit_for_review(staff["editor"], item))
    with pytest.raises(services.WorkflowError, match="职责分离"):
        services.sign_off(all_rounder, item)


def test_a_jurisdiction_may_turn_separation_off(staff, tree, draft, all_rounder):
    tree["city"].separate_duties = False
    tree["city"].save()
    item = services.submit_for_review(all_rounder, draft(all_rounder, tree["stats"]))
    item = services.approve_review(all_rounder, item)
    assert services.sign_off(all_rounder, item).state == State.PUBLISHED


def test_the_report_author_cannot_sign_it(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = reports_world.build()
    stats = world["stats"]
    author = make_user("author", stats, Role.EDITOR, Role.SIGNER)
    for cell in (
        "s2.licensing.decisions",
        "s2.penalty.decisions",
        "s2.enforcement.decisions",
        "s2.fees.amount",
    ):
        reports.set_manual_figure(author, stats, 2025, cell, 0)
    report = reports.lock(author, reports.generate(stats, 2025, author), on=date(2026, 1, 10))
    with pytest.raises(reports.ReportError, match="职责分离"):
        reports.sign_off(author, report)
    assert reports.sign_off(world["users"]["signer"], report).signed_by == world["users"]["signer"]


def test_a_stale_save_is_refused_and_keeps_what_was_typed(client, staff, tree, draft):
    second = make_user("second_editor", tree["stats"], Role.EDITOR)
    item = draft(staff["editor"], tree["stats"])
    url = reverse("catalogue:item_edit", args=[item.pk])
    client.force_login(staff["editor"])
    form = client.get(url).context["form"]
    opened_at = form.initial["version"]
    services.update_draft(second, item, expected_version=opened_at, body="第二位编辑保存的正文。")

    mine = {
        **{k: v for k, v in form.initial.items() if v is not None},
        "column": item.column_id,
        "written_on": "2026-03-02",
        "body": "我的正文，不能悄悄覆盖别人的修改。",
        "version": opened_at,
    }
    page = client.post(url, mine)
    assert page.status_code == 200
    text = page.content.decode()
    assert "已有他人" in text and "正文" in text and "我的正文，不能悄悄覆盖别人的修改。" in text
    assert InformationItem.objects.get(pk=item.pk).body == "第二位编辑保存的正文。"

    again = client.post(url, {**mine, "version": page.context["form"]["version"].value()})
    assert again.status_code == 302
    assert InformationItem.objects.get(pk=item.pk).body == "我的正文，不能悄悄覆盖别人的修改。"


def test_update_without_a_version_is_unconditional(staff, tree, draft):
    item = draft(staff["editor"], tree["stats"])
    services.update_draft(staff["editor"], item, body="一")
    assert services.update_draft(staff["editor"], item, body="二").version == item.version + 2
