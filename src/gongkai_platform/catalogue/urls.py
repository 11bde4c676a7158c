from django.urls import path

from gongkai_platform.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
