from django.contrib import admin

from gongkai_platform.auditlog.admin import ReadOnlyAdmin
from gongkai_platform.supervision.models import Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """督办 are sent and answered only through their pages (audited); the admin reads them."""

    list_display = ["sent_at", "agency", "topic", "subject", "due_on", "answered_at"]
    list_filter = ["topic", "agency"]
    search_fields = ["subject", "text", "reply"]
