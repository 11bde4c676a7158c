from django.contrib import admin

from gongkai_platform.auditlog.admin import AuditedAdmin
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    list_display = ["year", "source"]


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(AdjustedWorkday)
class AdjustedWorkdayAdmin(AuditedAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
