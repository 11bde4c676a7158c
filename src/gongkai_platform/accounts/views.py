from django.contrib.auth import views as auth_views

from gongkai_platform.accounts.forms import LoginForm
from gongkai_platform.auditlog.services import record


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record(form.get_user(), "login", form.get_user())
        return response
