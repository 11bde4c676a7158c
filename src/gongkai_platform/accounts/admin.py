from django.contrib import admin

from gongkai_platform.accounts.forms import AdminLoginForm
from gongkai_platform.accounts.models import FailedLogin

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
