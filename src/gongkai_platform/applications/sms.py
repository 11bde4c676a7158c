"""A small SMS backend interface. Agencies connect their own SMS gateway by setting `GONGKAI_SMS_BACKEND` to
a dotted path of a class with `send(phone, text)`; the default only logs, so nothing leaves the machine."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("gongkai.sms")

DEFAULT_BACKEND = "gongkai_platform.applications.sms.LoggingBackend"


class BaseBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingBackend(BaseBackend):
    """Writes the message to the log instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


class MemoryBackend(BaseBackend):
    """Keeps sent messages in `outbox` (for tests and demonstrations)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemoryBackend.outbox.append((phone, text))


def backend() -> BaseBackend:
    return import_string(getattr(settings, "GONGKAI_SMS_BACKEND", DEFAULT_BACKEND))()
