"""督办: a 公开办 sends a notice to an agency it supervises; it sits on that agency's 工作台 until an agency user
answers it; both writes are audited; the 工作台 gathers each role's tasks."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai_platform.agencies.models import Role
from gongkai_platform.annual_reports.models import AnnualReport, Status
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.catalogue import services as items
from gongkai_platform.supervision import notices
from gongkai_platform.supervision.models import Notice, Topic
from gongkai_platform.workspace import tasks
from tests.platform.conftest import make_user
from tests.platform.test_workspace import application

TODAY = timezone.localdate()


def send(staff, agency, **over):
    fields = {
        "topic": Topic.LATE_REPORT,
        "subject": "2025年度政府信息公开工作年度报告未按时发布",
        "text": "请尽快发布并报告办理情况。",
        "due_on": TODAY + timedelta(days=10),
    }
    return notices.send(staff["supervisor"], agency, **fields | over)


def test_supervisor_sends_and_agency_answers_once_audited(staff, tree):
    notice = send(staff, tree["stats"])
    assert AuditEntry.objects.filter(action="notice.send", object_id=str(notice.pk)).count() == 1
    assert list(notices.received(staff["reviewer"])) == [notice]
    assert list(notices.sent_under(staff["supervisor"])) == [notice]

    notices.answer(staff["signer"], notice, "已于12月3日发布，索引号 11152200MB0000002/2026-00012。")
    notice.refresh_from_db()
    assert not notice.is_open and notice.answered_by == staff["signer"]
    assert AuditEntry.objects.filter(action="notice.answer", object_id=str(notice.pk)).count() == 1
    assert list(notices.received(staff["reviewer"])) == []
    with pytest.raises(ValidationError, match="已经答复"):
        notices.answer(staff["editor"], notice, "再答复一次")


def test_only_the_right_people_send_and_answer(staff, tree):
    county_supervisor = make_user("county_supervisor", tree["kc"], Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        send({"supervisor": county_supervisor}, tree["stats"])  # not its jurisdiction
    with pytest.raises(PermissionDenied):
        send({"supervisor": staff["editor"]}, tree["stats"])  # not a supervisor
    notice = send(staff, tree["stats"])
    for outsider in (staff["other_editor"], staff["supervisor"], county_supervisor):
        with pytest.raises(PermissionDenied):
            notices.answer(outsider, notice, "办理情况")
    assert Notice.objects.get(pk=notice.pk).is_open


def test_bad_input_is_refused_with_messages_and_nothing_saved(staff, tree):
    with pytest.raises(ValidationError) as caught:
        send(staff, tree["stats"], subject=" ", text="", due_on=TODAY - timedelta(days=1), topic="nonsense")
    assert set(caught.value.message_dict) == {"subject", "text", "due_on", "topic"}
    assert not Notice.objects.exists() and not AuditEntry.objects.filter(action="notice.send").exists()
    notice = send(staff, tree["stats"])
    with pytest.raises(ValidationError):
        notices.answer(staff["editor"], notice, "   ")
    assert Notice.objects.get(pk=notice.pk).is_open


def test_notice_sits_on_the_agency_workbench_until_answered(client, staff, tree):
    notice = send(staff, tree["stats"])
    client.force_login(staff["editor"])
    home = client.get(reverse("workspace:home")).content.decode()
    assert notice.subject in home and reverse("workspace:notice", args=[notice.pk]) in home

    client.force_login(staff["other_editor"])  # another agency neither sees nor opens it
    assert notice.subject not in client.get(reverse("workspace:home")).content.decode()
    assert client.get(reverse("workspace:notice", args=[notice.pk])).status_code == 404

    client.force_login(staff["editor"])
    failed = client.post(reverse("workspace:notice", args=[notice.pk]), {"reply": ""})
    assert "请修改以下内容" in failed.content.decode() and Notice.objects.get(pk=notice.pk).is_open
    client.post(reverse("workspace:notice", args=[notice.pk]), {"reply": "已发布。"})
    assert notice.subject not in client.get(reverse("workspace:home")).content.decode()

    client.force_login(staff["supervisor"])
    answered = client.get(reverse("supervision:notices"), {"show": "answered"}).content.decode()
    assert notice.subject in answered
    assert notice.subject not in client.get(reverse("supervision:notices")).content.decode()


def test_send_form_is_drafted_from_the_dashboard_problem(client, staff, tree):
    client.force_login(staff["supervisor"])
    url = reverse("supervision:notice_new", args=["mzl-stats"])
    form = client.get(url, {"topic": "late_report", "year": "2025"}).context["form"]
    assert form.initial["subject"] == "2025年度政府信息公开工作年度报告未按时发布"
    assert "2026年1月31日前公布" in form.initial["text"]
    response = client.post(
        url,
        {"topic": "late_report", "subject": "年报逾期", "text": "请尽快发布。", "due_on": "2020-01-01"},
    )
    assert (
        "办理期限不能早于今天" in response.content.decode()
        and 'value="年报逾期"' in response.content.decode()
    )
    due = (TODAY + timedelta(days=5)).isoformat()
    client.post(url, {"topic": "late_report", "subject": "年报逾期", "text": "请尽快发布。", "due_on": due})
    assert Notice.objects.get().agency == tree["stats"]
    client.force_login(staff["editor"])
    assert client.get(url).status_code == 404


def test_workbench_gathers_each_roles_tasks(staff, tree, draft, calendar):
    editor, stats = staff["editor"], tree["stats"]
    returned = items.submit_for_review(editor, draft(editor, stats, title="被退回的草稿", written_on=TODAY))
    items.return_to_draft(staff["reviewer"], returned, "请补充文号")
    items.submit_for_review(editor, draft(editor, stats, title="等待审核", written_on=TODAY))
    signing = items.submit_for_review(editor, draft(editor, stats, title="等待签批", written_on=TODAY))
    items.approve_review(staff["reviewer"], signing)
    # Monday 2026-11-30: the week ends Sunday 2026-12-06
    monday = date(2026, 11, 30)
    application(stats, 1, due_on=monday - timedelta(days=1))
    application(stats, 2, due_on=date(2026, 12, 4))
    application(stats, 3, due_on=date(2026, 12, 7))  # next week
    AnnualReport.objects.create(
        agency=stats, year=2025, status=Status.PUBLISHED, published_on=date(2026, 1, 20)
    )

    bench = tasks.for_user(editor, monday)
    assert [(i.title, i.return_comment) for i in bench.returned.rows] == [("被退回的草稿", "请补充文号")]
    assert bench.to_review is None and bench.to_sign is None  # not the editor's role
    assert [a.tracking_number for a in bench.cases_overdue.rows] == ["YSTEST0000000001"]
    assert [a.tracking_number for a in bench.cases_this_week.rows] == ["YSTEST0000000002"]
    assert bench.week_ends == date(2026, 12, 6)
    assert [(t.year, t.status) for t in bench.reports] == [(2025, "published"), (2026, "not_started")]

    assert [i.title for i in tasks.for_user(staff["reviewer"], monday).to_review.rows] == ["等待审核"]
    assert [i.title for i in tasks.for_user(staff["signer"], monday).to_sign.rows] == ["等待签批"]
    supervisor = tasks.for_user(staff["supervisor"], monday)
    assert not supervisor.acting and [j.name for j in supervisor.supervised] == ["满洲里市"]
