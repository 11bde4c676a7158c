from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("gongkai_platform.accounts.urls")),
    path("staff/", include("gongkai_platform.catalogue.urls")),
    path("staff/reports/", include("gongkai_platform.annual_reports.urls")),
    path("supervision/", include("gongkai_platform.supervision.urls")),
    path("", RedirectView.as_view(pattern_name="catalogue:dashboard", permanent=False)),
]
