from django.contrib import admin

from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership
from gongkai_platform.auditlog.admin import AuditedAdmin


@admin.register(Jurisdiction)
class JurisdictionAdmin(AuditedAdmin):
    list_display = ["name", "parent", "slug", "index_period", "index_separator", "index_serial_width"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "jurisdiction", "level", "org_code", "slug"]
    list_filter = ["jurisdiction", "level"]
    search_fields = ["name", "short_name", "org_code"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "agency__name"]
    autocomplete_fields = ["user", "agency"]
