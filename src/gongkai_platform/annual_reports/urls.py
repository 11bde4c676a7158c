from django.urls import path

from gongkai_platform import converters  # noqa: F401 (registers <year:...>)
from gongkai_platform.annual_reports import views

app_name = "annual_reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<slug:slug>/import/", views.report_import, name="import"),
    path("<slug:slug>/<year:year>/", views.report_detail, name="detail"),
    path("<slug:slug>/<year:year>/preview/", views.report_preview, name="preview"),
    path("<slug:slug>/<year:year>/do/prose/", views.save_prose, name="prose"),
    path("<slug:slug>/<year:year>/do/manual/", views.save_manual_figure, name="manual"),
    path("<slug:slug>/<year:year>/do/<slug:action>/", views.report_action, name="action"),
    path("<slug:slug>/<year:year>/download/<slug:fmt>/", views.report_download, name="download"),
]
