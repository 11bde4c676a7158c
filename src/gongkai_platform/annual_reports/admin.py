from django.contrib import admin

from gongkai_platform.annual_reports.models import AnnualReport, ManualFigure
from gongkai_platform.auditlog.admin import ReadOnlyAdmin


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    """Read-only: figures, prose, sign-off and publication go through the report services, so a published
    report shows exactly what was signed."""

    list_display = ["agency", "year", "status", "source", "locked_on", "published_on"]
    list_filter = ["year", "status", "source"]


@admin.register(ManualFigure)
class ManualFigureAdmin(ReadOnlyAdmin):
    """Read-only: a manual figure is entered through the report page, which refuses it once the year is locked
    and logs the old and new value."""

    list_display = ["agency", "year", "cell", "value", "entered_by", "entered_at"]
    list_filter = ["year", "cell"]
