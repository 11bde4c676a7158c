"""督办 service: the 公开办 sends a notice to an agency it supervises; a member of that agency answers it once.
Both writes are transactional and audited."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongkai_platform.agencies.models import Agency, Membership, Role
from gongkai_platform.agencies.permissions import jurisdiction_subtree
from gongkai_platform.auditlog.services import record
from gongkai_platform.supervision import dashboard
from gongkai_platform.supervision.access import can_supervise, supervised_jurisdictions
from gongkai_platform.supervision.models import Notice, Topic
from gongkai_platform.supervision.staleness import stale_columns
from gongkai_platform.workdays.services import CalendarMissing, WorkCalendar

ANSWERING_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.CASEWORKER)  # anyone acting for the agency


def send(user, agency: Agency, *, topic: str, subject: str, text: str, due_on: date) -> Notice:
    if not can_supervise(user, agency.jurisdiction):
        raise PermissionDenied("您不是该机构的公开办监督人员，不能发出督办。")
    subject, text = subject.strip(), text.strip()
    errors = {}
    if topic not in Topic.values:
        errors["topic"] = "请选择督办事项。"
    if not subject:
        errors["subject"] = "请填写督办标题。"
    if not text:
        errors["text"] = "请写明需要办理的内容。"
    if due_on < timezone.localdate():
        errors["due_on"] = "办理期限不能早于今天。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        notice = Notice.objects.create(
            agency=agency, topic=topic, subject=subject, text=text, due_on=due_on, sent_by=user
        )
        record(user, "notice.send", notice, {"agency": agency.name, "subject": subject, "due_on": due_on})
    return notice


def can_answer(user, notice: Notice) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, agency=notice.agency, role__in=ANSWERING_ROLES).exists()
    )


def can_view(user, notice: Notice) -> bool:
    return can_answer(user, notice) or can_supervise(user, notice.agency.jurisdiction)


def answer(user, notice: Notice, reply: str) -> Notice:
    if not can_answer(user, notice):
        raise PermissionDenied("只有被督办机构的工作人员可以答复督办。")
    reply = reply.strip()
    if not reply:
        raise ValidationError({"reply": "请写明办理情况。"})
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if not notice.is_open:
            raise ValidationError("该督办已经答复，不能重复答复。")
        notice.reply, notice.answered_by, notice.answered_at = reply, user, timezone.now()
        notice.save(update_fields=["reply", "answered_by", "answered_at"])
        record(user, "notice.answer", notice, {"reply": reply})
    return notice


def received(user) -> QuerySet[Notice]:
    """Open notices to the agencies where the user works, oldest deadline first."""
    agencies = Membership.objects.filter(user=user, role__in=ANSWERING_ROLES).values("agency")
    return Notice.objects.filter(agency__in=agencies, answered_at__isnull=True).select_related("agency")


def sent_under(user) -> QuerySet[Notice]:
    """Every notice to an agency the user supervises."""
    jurisdictions: set[int] = set()
    for j in supervised_jurisdictions(user):
        jurisdictions |= jurisdiction_subtree(j)
    return Notice.objects.filter(agency__jurisdiction_id__in=jurisdictions).select_related(
        "agency", "sent_by"
    )


def draft(agency: Agency, params, today: date) -> dict:
    """The send form filled in from the dashboard row the supervisor clicked (`?topic=…&year=…`): a subject
    and text naming the problem as the dashboard's own checks found it, and a deadline ten working days
    out."""
    topic = params.get("topic", "")
    year = int(params["year"]) if params.get("year", "").isdigit() else today.year - 1
    subject, text = "", ""
    if topic == Topic.OVERDUE_CASE:
        count = dashboard.overdue_applications([agency], today).get(agency.pk, 0)
        subject = f"{count}件政府信息公开申请超期未答复"
        text = (
            f"经查，贵单位有{count}件政府信息公开申请已超过法定答复期限仍未答复。"
            "请依照《中华人民共和国政府信息公开条例》第三十三条，尽快办结并答复申请人，并报告办理情况。"
        )
    elif topic == Topic.STALE_COLUMN:
        found = stale_columns([agency], today).get(agency.pk, [])
        subject = "政府信息公开栏目未按时更新"
        text = (
            "经查，贵单位以下栏目未按要求更新："
            + "；".join(s.message for s in found)
            + "。请及时更新并报告办理情况。"
        )
    elif topic == Topic.LATE_REPORT:
        due = dashboard.deadline(year, agency.name)
        subject = f"{year}年度政府信息公开工作年度报告未按时发布"
        text = (
            f"贵单位{year}年度政府信息公开工作年度报告应于{due:%Y年%-m月%-d日}前公布，至今未发布。"
            "请依照条例第四十九条尽快发布，并报告办理情况。"
        )
    elif topic == Topic.REPORT_ERRORS:
        subject = f"{year}年度政府信息公开工作年度报告存在错误"
        text = f"经检查，贵单位{year}年度政府信息公开工作年度报告存在错误，请核实更正并报告办理情况。"
    return {"topic": topic, "subject": subject, "text": text, "due_on": _ten_workdays(today)}


def _ten_workdays(today: date) -> date:
    try:
        return WorkCalendar().add_workdays(today, 10)
    except CalendarMissing:
        return today + timedelta(days=14)
