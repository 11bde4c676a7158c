from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.catalogue import hooks, services
from gongkai_platform.catalogue.models import State, WorkflowEvent

ID_NUMBER = "11010519491231002X"


def test_full_workflow_publishes_with_index_number_and_history(staff, tree, draft, publish):
    item = draft(staff["editor"], tree["stats"])
    item = publish(item)
    assert item.state == State.PUBLISHED
    assert item.index_number == f"11152200MB0000002/{item.published_on.year}-00001"
    actions = list(WorkflowEvent.objects.filter(item=item).values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "publish"]
    logged = set(AuditEntry.objects.filter(object_id=str(item.pk)).values_list("action", flat=True))
    assert {"item.create", "item.submit", "item.approve", "item.publish"} <= logged


def test_roles_are_enforced_per_step(staff, tree, draft, publish):
    item = draft(staff["editor"], tree["stats"])
    with pytest.raises(PermissionDenied):
        services.submit_for_review(staff["reviewer"], item)
    item = services.submit_for_review(staff["editor"], item)
    with pytest.raises(PermissionDenied):
        services.approve_review(staff["editor"], item)
    item = services.approve_review(staff["reviewer"], item)
    with pytest.raises(PermissionDenied):
        services.sign_off(staff["reviewer"], item)
    with pytest.raises(services.WorkflowError):
        services.submit_for_review(staff["editor"], item)


def test_clerk_of_another_agency_cannot_draft_or_see_drafts(staff, tree, draft, publish):
    item = draft(staff["editor"], tree["stats"])
    with pytest.raises(PermissionDenied):
        draft(staff["other_editor"], tree["stats"])
    assert not services.items_visible_to(staff["other_editor"]).filter(pk=item.pk).exists()
    assert not services.can_view(staff["other_editor"], item)
    assert services.items_visible_to(staff["editor"]).filter(pk=item.pk).exists()


def test_supervisor_reads_agencies_of_own_jurisdiction_only(staff, tree, draft, publish):
    city_draft = draft(staff["editor"], tree["stats"])
    county_draft = draft(staff["county_editor"], tree["kc"])
    visible = services.items_visible_to(staff["supervisor"])
    assert visible.filter(pk=city_draft.pk).exists()
    assert not visible.filter(pk=county_draft.pk).exists()
    with pytest.raises(PermissionDenied):
        services.submit_for_review(staff["supervisor"], city_draft)


def test_published_items_are_visible_to_everyone(staff, tree, draft, publish):
    item = publish(draft(staff["editor"], tree["stats"]))
    assert services.items_visible_to(staff["county_editor"]).filter(pk=item.pk).exists()


def test_privacy_hit_blocks_review_until_redacted(staff, tree, draft, publish):
    item = draft(staff["editor"], tree["stats"], body=f"联系人身份证号{ID_NUMBER}，电话13812345678。")
    item = services.submit_for_review(staff["editor"], item)
    kinds = {h.hit.kind for h in services.unresolved_hits(item)}
    assert kinds == {"id_number", "mobile"}
    with pytest.raises(services.WorkflowError, match="保密审查"):
        services.approve_review(staff["reviewer"], item)
    item = services.redact(staff["reviewer"], item)
    assert ID_NUMBER not in item.body and "＊" in item.body
    assert services.approve_review(staff["reviewer"], item).state == State.AWAITING_SIGNOFF


def test_privacy_override_needs_reason_and_is_recorded(staff, tree, draft, publish):
    item = draft(staff["editor"], tree["stats"], body="本文件密级：秘密")
    item = services.submit_for_review(staff["editor"], item)
    with pytest.raises(services.WorkflowError):
        services.override_privacy(staff["reviewer"], item, "")
    services.override_privacy(staff["reviewer"], item, "该文件已依法解密，解密文号见附件。")
    item = services.approve_review(staff["reviewer"], item)
    assert item.state == State.AWAITING_SIGNOFF
    entry = AuditEntry.objects.get(action="item.privacy_override")
    assert entry.changes["hits"] == ["classified:密级:秘密"]


def test_return_to_draft_then_resubmit(staff, tree, draft, publish):
    item = services.submit_for_review(staff["editor"], draft(staff["editor"], tree["stats"]))
    item = services.return_to_draft(staff["reviewer"], item, "数据需要核对")
    assert item.state == State.DRAFT
    item = services.update_draft(staff["editor"], item, title="修改后的标题")
    assert services.submit_for_review(staff["editor"], item).state == State.IN_REVIEW


def test_withdraw_keeps_index_number_and_history(staff, tree, draft, publish):
    item = publish(draft(staff["editor"], tree["stats"]))
    number = item.index_number
    item = services.withdraw(staff["signer"], item, "内容有误")
    assert item.state == State.WITHDRAWN and item.index_number == number
    second = publish(draft(staff["editor"], tree["stats"]))
    assert second.index_serial == 2


def test_validity_change_keeps_history(staff, tree, draft, publish):
    item = publish(draft(staff["editor"], tree["stats"]))
    item = services.change_validity(staff["reviewer"], item, "repealed", date(2026, 6, 1), "被新文件替代")
    assert item.get_validity_display() == "废止" and item.validity_changed_on == date(2026, 6, 1)
    change = item.validity_changes.get()
    assert (change.old, change.new) == ("valid", "repealed")
    with pytest.raises(services.WorkflowError):
        services.change_validity(staff["reviewer"], item, "repealed", date(2026, 6, 2))


def test_publish_hook_runs_inside_publication(staff, tree, draft, publish):
    seen = []

    def listener(event, item):
        seen.append((event, item.index_number))

    hooks.connect(listener)
    try:
        item = publish(draft(staff["editor"], tree["stats"]))
        services.withdraw(staff["signer"], item, "撤回测试")
    finally:
        hooks.disconnect(listener)
    assert seen == [("published", item.index_number), ("withdrawn", item.index_number)]


def test_failing_hook_rolls_back_publication_and_number(staff, tree, draft, publish):
    def broken(event, item):
        raise RuntimeError("index down")

    item = services.approve_review(
        staff["reviewer"],
        services.submit_for_review(staff["editor"], draft(staff["editor"], tree["stats"])),
    )
    hooks.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            services.sign_off(staff["signer"], item)
    finally:
        hooks.disconnect(broken)
    item.refresh_from_db()
    assert item.state == State.AWAITING_SIGNOFF and item.index_number is None
    assert services.sign_off(staff["signer"], item).index_serial == 1
