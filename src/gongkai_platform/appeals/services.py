"""Registering reviews and lawsuits and recording their results, with audit entries."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai_platform.appeals.models import Appeal
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.services import _require_handler
from gongkai_platform.auditlog.services import record


@transaction.atomic
def register(user, application: Application, **fields) -> Appeal:
    _require_handler(user, application.agency)
    appeal = Appeal(application=application, **fields)
    appeal.full_clean()
    appeal.save()
    record(user, "appeal.registered", appeal, fields)
    return appeal


@transaction.atomic
def conclude(user, appeal: Appeal, result: str, on: date, note: str = "") -> Appeal:
    _require_handler(user, appeal.application.agency)
    if appeal.result:
        raise ValidationError("该案件已登记结果。")
    appeal.result, appeal.concluded_on = result, on
    if note:
        appeal.note = note
    appeal.full_clean()
    appeal.save()
    record(user, "appeal.concluded", appeal, {"result": result, "concluded_on": on})
    return appeal
