"""Pages of the workspace itself: the CSRF-failure page (settings.CSRF_FAILURE_VIEW)."""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request, reason=""):
    """A form posted without a valid security token (usually a page left open past the session): say so in
    Chinese and link back to the form. Django's CSRF middleware has already logged the technical reason."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return render(request, "403_csrf.html", {"back": back}, status=403)
