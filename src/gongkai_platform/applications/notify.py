"""Keeping the applicant informed: every step that changes what the applicant must do or may expect is
recorded as a Message (the tracking page's timeline) and sent by e-mail (Django's mail backend) and SMS
(applications.sms) once the transaction commits, so a rolled-back step never reaches the applicant."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from gongkai_platform.applications import sms
from gongkai_platform.applications.models import Application, Letter, Message, Step

log = logging.getLogger(__name__)


def tracking_url(app: Application) -> str:
    base = getattr(settings, "GONGKAI_PUBLIC_URL", "").rstrip("/")
    return base + reverse("applications:track", args=[app.tracking_number])


def inform(
    app: Application, subject: str, body: str, *, step: Step | None = None, letter: Letter | None = None
) -> Message:
    """Record the message and send it after commit through every channel the applicant gave."""
    message = Message.objects.create(
        application=app,
        step=step,
        letter=letter,
        subject=subject,
        body=body,
        email=app.email,
        phone=app.phone,
    )
    transaction.on_commit(lambda: _deliver(message.pk))
    return message


def _deliver(pk: int) -> None:
    message = Message.objects.select_related("application__agency").get(pk=pk)
    app = message.application
    link = tracking_url(app)
    results = []
    if message.email:
        try:
            send_mail(
                f"【{app.agency.name}】{message.subject}",
                f"{message.body}\n\n查询码：{app.tracking_number}\n查看办理进度：{link}\n",
                None,
                [message.email],
            )
            results.append("邮件已发送")
        except Exception as exc:  # a mail server failure must not lose the record
            log.exception("mail to applicant failed")
            results.append(f"邮件发送失败：{exc}"[:140])
    if message.phone:
        try:
            sms.backend().send(
                message.phone,
                f"【{app.agency.display_name}】{message.subject}，查询码{app.tracking_number}。",
            )
            results.append("短信已发送")
        except Exception as exc:
            log.exception("SMS to applicant failed")
            results.append(f"短信发送失败：{exc}"[:140])
    message.delivery = "；".join(results) or "申请人未留联系方式"
    message.save(update_fields=["delivery"])
