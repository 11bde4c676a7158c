from django.urls import path, register_converter

from gongkai_platform.portal import views
from gongkai_platform.portal.sites import AGENCY, AREA


class ScopeConverter:
    regex = f"{AGENCY}|{AREA}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ScopeConverter, "scope")

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("item/<int:pk>/", views.item, name="item"),
    path("attachment/<int:pk>/", views.attachment, name="attachment"),
    path("report/<int:pk>/", views.report_detail, name="report"),
    path("report/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
    path("<scope:scope>/<slug:slug>/", views.home, name="home"),
    path("<scope:scope>/<slug:slug>/guide/", views.guide, name="guide"),
    path("<scope:scope>/<slug:slug>/directory/<str:fmt>/", views.directory_download, name="directory"),
    path("<scope:scope>/<slug:slug>/reports/", views.report_list, name="reports"),
    path("<scope:scope>/<slug:slug>/search/", views.site_search, name="site_search"),
    path("<scope:scope>/<slug:slug>/column/<slug:column_slug>/", views.column, name="column"),
]
