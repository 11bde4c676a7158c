from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm

from gongkai_platform.accounts import throttle


class ThrottledLoginMixin:
    """Checks the password only when the throttle admits it (axes then counts a failure)."""

    def clean(self):
        username = self.data.get("username", "")
        try:
            with throttle.password_check(self.request, username):
                return super().clean()
        except throttle.Throttled:
            raise forms.ValidationError(throttle.LOCKED_MESSAGE, code="locked_out") from None


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class PasswordChangeForm(DjangoPasswordChangeForm):
    """The old password is a password guess like any login: throttled and counted under the same key."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        username = self.user.get_username()
        try:
            with throttle.password_check(self.request, username):
                try:
                    return super().clean_old_password()
                except forms.ValidationError:
                    throttle.record_failure(self.request, username)
                    raise
        except throttle.Throttled:
            raise forms.ValidationError(throttle.LOCKED_MESSAGE, code="locked_out") from None
