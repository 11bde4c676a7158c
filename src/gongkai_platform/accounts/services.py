"""Login lockout: after LOGIN_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW for a user name, or from one
address, further attempts are refused until the oldest failure in the window has aged out."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from gongkai_platform.accounts.models import FailedLogin
from gongkai_platform.auditlog.services import record


def _recent(username: str, ip_address: str | None):
    since = timezone.now() - settings.LOGIN_FAILURE_WINDOW
    who = Q(username__iexact=username)
    if ip_address:
        who |= Q(ip_address=ip_address)
    return FailedLogin.objects.filter(who, at__gte=since)


def is_locked_out(username: str, ip_address: str | None = None) -> bool:
    recent = _recent(username, ip_address)
    by_name = recent.filter(username__iexact=username).count()
    by_ip = recent.filter(ip_address=ip_address).count() if ip_address else 0
    return max(by_name, by_ip) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, ip_address: str | None = None) -> None:
    FailedLogin.objects.create(username=username[:150], ip_address=ip_address)
    if is_locked_out(username, ip_address):
        record(None, "login.locked_out", None, {"username": username, "ip": ip_address})


def clear_failures(username: str) -> None:
    """A successful login forgives earlier failures for that name (not for the address)."""
    FailedLogin.objects.filter(username__iexact=username).delete()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
