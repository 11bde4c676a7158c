from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from gongkai_platform.accounts.forms import AdminLoginForm
from gongkai_platform.accounts.models import FailedLogin
from gongkai_platform.auditlog.admin import AuditedAdmin

admin.site.login_form = AdminLoginForm
admin.site.site_header = "政府信息公开平台管理"
admin.site.site_title = "政府信息公开平台"
admin.site.index_title = "系统管理"


@admin.register(FailedLogin)
class FailedLoginAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "at"]
    search_fields = ["username", "ip_address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    audit_exclude = ("password",)


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass
