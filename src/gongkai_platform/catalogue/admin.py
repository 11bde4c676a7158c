from django.contrib import admin

from gongkai_platform.auditlog.admin import AuditedAdmin, ReadOnlyAdmin
from gongkai_platform.catalogue.models import (
    Attachment,
    Column,
    Delivery,
    Genre,
    IndexNumberSequence,
    InformationItem,
    PrivacyOverride,
    Topic,
    ValidityChange,
    WorkflowEvent,
)


@admin.register(Topic, Genre)
class VocabularyAdmin(AuditedAdmin):
    """主题分类 and 体裁分类 are edited here; a category in use is deactivated rather than deleted (PROTECT)."""

    list_display = ["__str__", "code", "order", "active"]
    list_filter = ["active", "parent"]
    list_editable = ["order", "active"]
    search_fields = ["name", "parent__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


@admin.register(Delivery)
class DeliveryAdmin(AuditedAdmin):
    list_display = ["delivered_on", "agency", "what", "recipient_name", "edition", "delivered_by"]
    list_filter = ["what", "recipient", "agency"]


@admin.register(Column)
class ColumnAdmin(AuditedAdmin):
    list_display = [
        "name",
        "parent",
        "agency",
        "kind",
        "article20_clause",
        "article21_level",
        "update_frequency",
        "order",
    ]
    list_filter = ["kind", "update_frequency", "agency"]
    search_fields = ["name"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "file"]
    readonly_fields = ["original_name", "content_type", "size", "file"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class WorkflowEventInline(admin.TabularInline):
    model = WorkflowEvent
    extra = 0
    readonly_fields = ["at", "user", "action", "from_state", "to_state", "comment"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InformationItem)
class InformationItemAdmin(AuditedAdmin):
    """Read-only: an item changes only through the workflow services (role checks, 保密审查, search index,
    portal cache, audit). A published item is corrected by withdrawing it and publishing a corrected one;
    nothing is deleted, so its 索引号 and history stay."""

    list_display = ["title", "agency", "column", "state", "index_number", "published_on", "validity"]
    list_filter = ["state", "agency", "validity", "doc_type", "topic"]
    search_fields = ["title", "index_number", "doc_number"]
    date_hierarchy = "published_on"
    inlines = [AttachmentInline, WorkflowEventInline]
    exclude = ["channels"]
    readonly_fields = ["channels_named"]

    @admin.display(description="公开方式")
    def channels_named(self, item):
        return item.channel_labels()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Uploads go through the workflow's type, size and 保密审查 checks; here they are only listed."""

    list_display = ["original_name", "item", "content_type", "size", "text_extracted", "uploaded_at"]
    list_filter = ["content_type", "text_extracted"]
    search_fields = ["original_name", "item__title"]


@admin.register(IndexNumberSequence)
class IndexNumberSequenceAdmin(ReadOnlyAdmin):
    """索引号 serials are allocated under a row lock by the publishing service and never reused."""

    list_display = ["agency", "year", "last_value"]


@admin.register(ValidityChange, PrivacyOverride, WorkflowEvent)
class HistoryAdmin(ReadOnlyAdmin):
    """History is evidence: readable, never editable."""
