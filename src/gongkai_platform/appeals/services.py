"""Registering reviews and lawsuits and recording their results, with audit entries."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai_platform.agencies.models import Agency
from gongkai_platform.appeals.models import Appeal, Subject
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.services import _require_handler
from gongkai_platform.auditlog.services import record


def register(user, application: Application, **fields) -> Appeal:
    """A case about an application handled on the platform: its agency is the application's."""
    return register_case(
        user, application.agency, application=application, subject=Subject.APPLICATION, **fields
    )


@transaction.atomic
def register_case(user, agency: Agency, **fields) -> Appeal:
    """Any case against `agency`: about an application (on the platform or older), proactive disclosure or other
    work; without an application the 事由 (matter) says what it challenges."""
    _require_handler(user, agency)
    appeal = Appeal(agency=agency, **fields)
    appeal.full_clean()
    appeal.save()
    detail = {k: v for k, v in fields.items() if k != "application"}
    record(
        user,
        "appeal.registered",
        appeal,
        {**detail, "agency": agency.pk, "application": appeal.application_id},
    )
    return appeal


@transaction.atomic
def conclude(user, appeal: Appeal, result: str, on: date, note: str = "") -> Appeal:
    _require_handler(user, appeal.agency)
    if appeal.result:
        raise ValidationError("该案件已登记结果。")
    appeal.result, appeal.concluded_on = result, on
    if note:
        appeal.note = note
    appeal.full_clean()
    appeal.save()
    record(user, "appeal.concluded", appeal, {"result": result, "concluded_on": on})
    return appeal
