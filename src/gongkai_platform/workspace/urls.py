from django.urls import path

from gongkai_platform.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
]
