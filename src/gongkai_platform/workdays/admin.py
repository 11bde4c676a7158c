from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from gongkai_platform.auditlog.admin import AuditedAdmin
from gongkai_platform.workdays import entry
from gongkai_platform.workdays.forms import DayFormSet, YearForm
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday
from gongkai_platform.workdays.notice import parse_notice


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    list_display = ["year", "source"]
    change_list_template = "admin/workdays/calendaryear/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.enter_view)
        return [path("enter/", view, name="workdays_calendaryear_enter"), *super().get_urls()]

    def enter_view(self, request):
        """One page per year: paste the notice and review what was read, or type the days into the table."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        problems, action = [], request.POST.get("action")
        if request.method == "POST":
            form = YearForm(request.POST)
            days = DayFormSet(request.POST, prefix="days")
            if action == "parse" and form.is_valid():
                schedule = parse_notice(form.cleaned_data["notice"], form.cleaned_data["year"])
                problems = schedule.problems
                if schedule.year and schedule.year != form.cleaned_data["year"]:
                    problems.append(
                        f"通知是{schedule.year}年的，与所填年份{form.cleaned_data['year']}不一致。"
                    )
                rows = sorted(
                    [(d, entry.HOLIDAY, n) for d, n in schedule.holidays.items()]
                    + [(d, entry.WORKDAY, n) for d, n in schedule.workdays.items()]
                )
                days = _formset(rows)
            elif action == "load" and form.is_valid():
                days = _formset(entry.rows_of_year(form.cleaned_data["year"]))
            elif action == "save" and form.is_valid() and days.is_valid():
                rows = [
                    (f["date"], f["kind"], f["name"])
                    for f in days.cleaned_data
                    if f and f.get("date") and not f.get("DELETE")
                ]
                try:
                    entry.save_year(
                        request.user, form.cleaned_data["year"], form.cleaned_data["source"], rows
                    )
                except ValidationError as exc:
                    problems = exc.messages
                else:
                    messages.success(
                        request,
                        f"{form.cleaned_data['year']}年的放假安排已保存（{len(rows)}天），未办结申请的期限已重新计算。",
                    )
                    return redirect(reverse("admin:workdays_calendaryear_changelist"))
        else:
            form, days = YearForm(initial={"year": request.GET.get("year") or None}), _formset([])
        context = {
            **self.admin_site.each_context(request),
            "title": "录入年度放假安排",
            "opts": self.model._meta,
            "form": form,
            "days": days,
            "problems": problems,
            "parsed": action == "parse",
        }
        return TemplateResponse(request, "admin/workdays/enter_year.html", context)


def _formset(rows):
    return DayFormSet(initial=[{"date": d, "kind": k, "name": n} for d, k, n in rows], prefix="days")


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(AdjustedWorkday)
class AdjustedWorkdayAdmin(AuditedAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
