"""The client's address, as the throttles key it.

REMOTE_ADDR unless settings.TRUSTED_PROXY_HEADER names the header that the platform's own reverse proxy sets
(GONGKAI_TRUSTED_PROXY_HEADER, e.g. X-Forwarded-For or X-Real-IP). Without that setting no forwarding header is
believed: anyone can send one, and trusting it would let a visitor pick the address a lock falls on.
X-Forwarded-For is read from the right: each of the TRUSTED_PROXY_COUNT proxies in front of the app appends the
address it received the request from, so the entry that many places from the end is the one the outermost
trusted proxy saw; entries further left were written by the client and are ignored.
"""

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if not header:
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    entries = [e for e in value.split(",") if e.strip()]
    count = max(1, int(getattr(settings, "TRUSTED_PROXY_COUNT", 1)))
    if len(entries) < count:
        return remote
    return _valid(entries[-count]) or remote
