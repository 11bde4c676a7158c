"""Login throttling: django-axes counts failures per (normalised user name, client address) in the database;
this module supplies the key and a gate that counts password checks in flight.

Axes records a failure only after the password check has run, so twenty guesses sent at once would all pass its
lock test before the first one is counted. The gate closes that gap: each attempt increments an in-flight
counter in the shared cache (atomic on Redis) before its check and is refused when recorded failures plus
checks under way already reach the limit.
"""

import hashlib
import unicodedata
from contextlib import contextmanager, suppress

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache

from gongkai_platform.clientip import client_ip

LOCKED_MESSAGE = "登录失败次数过多，该用户名在您的网络地址上已暂时锁定，请稍后再试或联系管理员解除。"
IN_FLIGHT_SECONDS = 60


class Throttled(Exception):
    pass


def normalise(username: str | None) -> str:
    """The name as Django would look it up (NFKC, surrounding spaces dropped), case-folded so that every
    spelling of one account shares one counter."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def axes_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the key axes stores and matches failures under."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get("username")
    return normalise(raw)


def _in_flight_key(request, username: str) -> str:
    ident = f"{normalise(username)}\n{client_ip(request) or ''}"
    return "login-inflight:" + hashlib.sha256(ident.encode()).hexdigest()[:32]


@contextmanager
def password_check(request, username: str):
    """Admit one password check for `username` from this client, or raise Throttled."""
    credentials = {"username": username}
    key = _in_flight_key(request, username)
    cache.add(key, 0, IN_FLIGHT_SECONDS)
    try:
        in_flight = cache.incr(key)
    except ValueError:
        cache.add(key, 1, IN_FLIGHT_SECONDS)
        in_flight = 1
    try:
        failures = AxesProxyHandler.get_failures(request, credentials)
        if failures + in_flight > settings.AXES_FAILURE_LIMIT:
            raise Throttled
        yield
    finally:
        with suppress(ValueError):
            cache.decr(key)


def record_failure(request, username: str) -> None:
    """A wrong password outside `authenticate()` (the password-change form) counts like a failed login."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
