from django.contrib import admin

from gongkai_platform.applications.models import Application, Step
from gongkai_platform.applications.personal import mask_id, mask_phone
from gongkai_platform.auditlog.admin import ReadOnlyAdmin


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    can_delete = False
    readonly_fields = [
        "kind",
        "on",
        "party",
        "workdays",
        "received_on",
        "amount",
        "fee_method",
        "note",
        "created_by",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through the services so the clock and audit log stay right."""

    list_display = [
        "tracking_number",
        "agency",
        "applicant_kind",
        "masked_id",
        "masked_phone",
        "received_on",
        "state",
        "due_on",
        "outcome",
    ]
    list_filter = ["state", "applicant_kind", "channel", "outcome"]
    search_fields = ["tracking_number"]
    date_hierarchy = "received_on"
    inlines = [StepInline]
    exclude = ["id_number", "phone", "email", "address", "id_proof"]  # only the handling agency sees these

    @admin.display(description="证件号码")
    def masked_id(self, obj):
        return mask_id(obj.id_number)

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return mask_phone(obj.phone)
