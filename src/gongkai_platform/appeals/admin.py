from django.contrib import admin

from gongkai_platform.appeals.models import Appeal
from gongkai_platform.auditlog.admin import AuditedAdmin


@admin.register(Appeal)
class AppealAdmin(AuditedAdmin):
    list_display = ["group", "case_number", "organ", "filed_on", "result", "concluded_on"]
    list_filter = ["group", "result"]
    raw_id_fields = ["application"]
