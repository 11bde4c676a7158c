from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai_platform.accounts.views import LoginView

app_name = "accounts"
urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url="/staff/"
        ),
        name="password_change",
    ),
]
