from django.urls import path

from gongkai_platform.appeals import views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/conclude/", views.case_conclude, name="conclude"),
]
