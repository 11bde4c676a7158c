from django.urls import path

from gongkai_platform import converters  # noqa: F401 (registers <year:...>)
from gongkai_platform.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_upload, name="audit"),
    path("audit/<int:pk>/", views.audit_job, name="audit_job"),
    path("audit/<int:pk>/status.json", views.audit_status, name="audit_status"),
    path("audit/<int:pk>/download/<slug:fmt>", views.audit_download, name="audit_download"),
    path("audit/<int:pk>/delete/", views.audit_delete, name="audit_delete"),
    path("audit/<int:pk>/resume/", views.audit_resume, name="audit_resume"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/new/<slug:agency_slug>/", views.notice_new, name="notice_new"),
    path("<slug:slug>/<year:year>/", views.jurisdiction_dashboard, name="dashboard"),
    path("<slug:slug>/<year:year>/export.<slug:fmt>", views.dashboard_export, name="export"),
    path("<slug:slug>/<year:year>/rollup/", views.rollup_report, name="rollup"),
]
