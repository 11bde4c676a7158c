from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from gongkai_platform.accounts import services
from gongkai_platform.accounts.forms import AdminLoginForm
from gongkai_platform.accounts.models import LoginFailure, LoginLock
from gongkai_platform.auditlog.admin import AuditedAdmin, ReadOnlyAdmin
from gongkai_platform.auditlog.services import record

admin.site.login_form = AdminLoginForm
admin.site.site_header = "政府信息公开平台管理"
admin.site.site_title = "政府信息公开平台"
admin.site.index_title = "系统管理"


@admin.register(LoginLock)
class LoginLockAdmin(ReadOnlyAdmin):
    """Counters of failed logins per user name and address; the unlock action deletes them (audited)."""

    list_display = ["username_", "ip_", "failures", "locked", "last_attempt"]
    search_fields = ["username", "ip_address"]
    actions = ["unlock"]

    @admin.display(description="用户名", ordering="username")
    def username_(self, obj):
        return obj.username

    @admin.display(description="来源地址", ordering="ip_address")
    def ip_(self, obj):
        return obj.ip_address

    @admin.display(description="失败次数", ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description="已锁定", boolean=True)
    def locked(self, obj):
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.display(description="最近一次", ordering="attempt_time")
    def last_attempt(self, obj):
        return obj.attempt_time

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description="解除所选用户名与地址的登录锁定")
    def unlock(self, request, queryset):
        for lock in queryset:
            record(
                request.user,
                "login.unlock",
                None,
                {"username": lock.username, "ip": lock.ip_address, "failures": lock.failures_since_start},
            )
        count = queryset.count()
        queryset.delete()
        messages.success(request, f"已解除 {count} 条登录锁定。")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    list_display = ["attempt_time", "username", "ip_address", "locked_out"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Users are deactivated, never deleted (accounts/services.py)."""

    audit_exclude = ("password",)
    list_display = ["username", "full_name", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    actions = ["deactivate", "reactivate"]

    @admin.display(description="姓名")
    def full_name(self, obj):
        return obj.get_full_name()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="停用所选用户（保留其全部操作记录）")
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                services.deactivate(request.user, user, "系统管理批量停用")
            except ValidationError as exc:
                messages.error(request, f"{user.get_username()}：{exc.messages[0]}")
            else:
                done += 1
        messages.success(request, f"已停用 {done} 个用户。")

    @admin.action(description="重新启用所选用户")
    def reactivate(self, request, queryset):
        for user in queryset:
            services.reactivate(request.user, user)
        messages.success(request, f"已启用 {queryset.count()} 个用户。")


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass
