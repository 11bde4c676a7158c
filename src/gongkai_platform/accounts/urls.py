from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai_platform.accounts.views import LoginView, PasswordChangeView

app_name = "accounts"
urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
]
