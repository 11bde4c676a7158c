from django.contrib import admin

from gongkai_platform.annual_reports.models import AnnualReport, ManualFigure


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "status", "source", "locked_on", "published_on"]
    list_filter = ["year", "status", "source"]
    readonly_fields = ["cells", "signed_by", "signed_at", "index_number", "item"]


@admin.register(ManualFigure)
class ManualFigureAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "cell", "value", "entered_by", "entered_at"]
    list_filter = ["year", "cell"]
    readonly_fields = ["entered_by", "entered_at"]
