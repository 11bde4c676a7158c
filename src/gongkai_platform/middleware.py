"""Site-wide response handling: the Permissions-Policy header and the 请稍后重试 page for a busy database."""

import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

# PostgreSQL SQLSTATEs of a database that is busy rather than broken: lock not available (lock_timeout),
# query cancelled (statement_timeout), deadlock, serialization failure, too many connections.
BUSY_SQLSTATES = {"55P03", "57014", "40P01", "40001", "53300"}
SQLITE_BUSY = ("database is locked", "database table is locked")
RETRY_AFTER_SECONDS = 5


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.__cause__, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return any(text in str(exc) for text in SQLITE_BUSY)


class DatabaseBusyMiddleware:
    """A write that waited out its lock timeout answers 503 with a page saying to try again, not a 500; the
    transaction it was in has rolled back, so nothing half-done is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        log.warning("database busy on %s %s: %s", request.method, request.path, exception)
        # rendered without the request's context: the user, the session and the messages may all be behind the
        # very lock that failed
        html = render_to_string("503.html", {"path": request.get_full_path()})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
