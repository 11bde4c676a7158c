import json

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join

from gongkai_platform.auditlog import actions, services
from gongkai_platform.auditlog.models import AuditEntry


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes land in the audit log like any other write."""

    audit_exclude: tuple[str, ...] = ()  # fields whose values must not be copied into the log

    def _snapshot(self, obj):
        data = services.snapshot(obj)
        return {k: ("（已隐藏）" if k in self.audit_exclude else v) for k, v in data.items()}

    def save_model(self, request, obj, form, change):
        before = services.snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        action = "admin.change" if change else "admin.add"
        changes = services.diff(before, services.snapshot(obj))
        changes.update({name: "（已修改）" for name in self.audit_exclude if name in changes})
        services.record(request.user, action, obj, changes)

    def save_formset(self, request, form, formset, change):
        model = formset.model
        pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk is not None and f.has_changed()]
        before = {obj.pk: self._snapshot(obj) for obj in model._default_manager.filter(pk__in=pks)}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            services.record(request.user, "admin.add", obj, self._snapshot(obj))
        for obj, _ in formset.changed_objects:
            changes = services.diff(before.get(obj.pk, {}), self._snapshot(obj))
            services.record(request.user, "admin.change", obj, changes)
        for obj in formset.deleted_objects:
            services.record(request.user, "admin.delete", obj, before.get(obj.pk) or self._snapshot(obj))

    def delete_model(self, request, obj):
        services.record(request.user, "admin.delete", obj, self._snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.record(request.user, "admin.delete", obj, self._snapshot(obj))
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are evidence (the audit log, workflow history, cases changed only through services): readable
    in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionFilter(admin.SimpleListFilter):
    """The actions the log holds, by their Chinese names (not every action the platform knows)."""

    title = "操作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((c, actions.name(c)) for c in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "object_repr"]
    list_filter = [ActionFilter, "content_type"]
    search_fields = ["object_repr", "user__username", "action"]
    date_hierarchy = "at"
    fields = ["at", "user", "action", "content_type", "object_id", "object_repr", "changes_table"]
    readonly_fields = ["changes_table"]

    @admin.display(description="变更内容")
    def changes_table(self, entry):
        """The recorded details, each under its field's Chinese name, codes shown by their labels."""
        model = entry.content_type.model_class() if entry.content_type else None
        details = entry.changes if isinstance(entry.changes, dict) else {"": entry.changes}
        rows = []
        for key, value in details.items():
            field = _field(model, key)
            label = str(field.verbose_name) if field else actions.DETAIL_NAMES.get(key, key)
            shown = _labelled(field, value)
            rows.append((label, shown if isinstance(shown, str) else json.dumps(shown, ensure_ascii=False)))
        if not rows:
            return "（无）"
        body = format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows)
        return format_html('<table class="audit-changes"><tbody>{}</tbody></table>', body)


def _field(model, key: str):
    for name in (key, key.removesuffix("_id")):
        try:
            return model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            continue
    return None


def _labelled(field, value):
    """A recorded value as people read it: a choice by its label (also inside a list), nothing as （空）."""
    if value is None:
        return "（空）"
    if isinstance(value, list):
        return [_labelled(field, v) for v in value]
    if isinstance(value, dict):
        return {k: _labelled(None, v) for k, v in value.items()}
    labels = (
        dict(field.flatchoices) if field is not None and field.choices else getattr(field, "value_labels", {})
    )
    return str(labels.get(value, value)) if isinstance(value, str | int) and value in labels else value
