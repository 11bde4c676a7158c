"""Whole-page caching of the public pages, which are the same for every visitor.

Off unless settings.PORTAL_CACHE_SECONDS is above 0 (GONGKAI_PORTAL_CACHE_SECONDS in production). A cached page
is keyed by the site version token, which every catalogue change replaces inside its own transaction. Each
process re-reads the token at most every TOKEN_SECONDS (a cache hit then costs no database query), so a
publication or withdrawal shows within that second everywhere, at once in the process that made it; the page
timeout bounds how long other edits (agency details, columns in the admin) take to show.
"""

import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from gongkai_platform.portal.models import SiteVersion


def seconds() -> int:
    return int(getattr(settings, "PORTAL_CACHE_SECONDS", 0))


TOKEN_SECONDS = 1.0
_memo = {"token": "", "at": 0.0}


def on_catalogue_event(event, item) -> None:
    token = uuid.uuid4().hex
    if not SiteVersion.objects.filter(pk=1).update(token=token):
        SiteVersion.objects.create(pk=1, token=token)
    _memo.update(token=token, at=time.monotonic())


def _token() -> str:
    now = time.monotonic()
    if now - _memo["at"] > TOKEN_SECONDS:
        token = SiteVersion.objects.filter(pk=1).values_list("token", flat=True).first() or "none"
        _memo.update(token=token, at=now)
    return _memo["token"]


def cached_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        timeout = seconds()
        if timeout <= 0 or request.method != "GET":
            return view(request, *args, **kwargs)
        key = f"portal:{_token()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), timeout)
        return response

    return wrapper
