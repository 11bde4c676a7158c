from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from gongkai_platform.api import api
from gongkai_platform.apidocs import swagger_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("gongkai_platform.accounts.urls")),
    path("staff/", include("gongkai_platform.workspace.urls")),
    path("staff/", include("gongkai_platform.catalogue.urls")),
    path("yisqing/", include("gongkai_platform.applications.urls")),
    path("xxgk/", include("gongkai_platform.portal.urls")),
    path("api/", RedirectView.as_view(pattern_name="api:openapi-view"), name="api_index"),
    path("api/docs/swagger/", swagger_view(api), name="api_swagger"),
    path("api/", api.urls),
    path("staff/reports/", include("gongkai_platform.annual_reports.urls")),
    path("staff/appeals/", include("gongkai_platform.appeals.urls")),
    path("supervision/", include("gongkai_platform.supervision.urls")),
    path("", RedirectView.as_view(pattern_name="portal:index", permanent=False)),
]
