from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from gongkai_platform.accounts.forms import LoginForm, PasswordChangeForm
from gongkai_platform.accounts.throttle import LOCKED_MESSAGE
from gongkai_platform.auditlog.services import record


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record(form.get_user(), "login", form.get_user())
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = "/staff/"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request.user, "password.change", self.request.user)
        messages.success(self.request, "密码已修改。")
        return response


def locked_out(request, response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a lock that took hold during this very request shows the login page, 429."""
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    return render(request, "accounts/login.html", {"form": form, "error": LOCKED_MESSAGE}, status=429)


def audit_lockout(sender, request, username, ip_address, **kwargs):
    record(None, "login.locked_out", None, {"username": username, "ip": ip_address})
