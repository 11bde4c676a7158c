from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from gongkai_platform.accounts import services

LOCKED_MESSAGE = "登录失败次数过多，账户已暂时锁定，请稍后再试。"


class LockoutMixin:
    """Refuses to check the password while locked out, and counts every failed attempt."""

    def clean(self):
        username = self.data.get("username", "")
        ip = services.client_ip(self.request) if self.request else None
        if services.is_locked_out(username, ip):
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked_out")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.record_failure(username, ip)
            raise
        services.clear_failures(username)
        return cleaned


class LoginForm(LockoutMixin, AuthenticationForm):
    pass


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    pass
