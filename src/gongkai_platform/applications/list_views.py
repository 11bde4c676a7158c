"""The clerks' case list: urgent groups first (待确认, 超期, 本周到期), then every case filtered, searched and
sorted; the same filters give the register (登记台账) as XLSX and as a print view."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone

from gongkai_platform.agencies.permissions import readable_agencies
from gongkai_platform.applications import forms, register, services
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.views import masked
from gongkai_platform.downloads import attachment_response

PER_PAGE = 30
SORTS = {
    "due": ("due_on", "截止日期"),
    "received": ("received_on", "收到日期"),
    "number": ("number", "登记编号"),
    "state": ("state", "状态"),
}


@dataclass
class Selection:
    cases: QuerySet
    form: forms.CaseFilterForm
    full: bool  # the user handles every agency listed, so sees applicants' names and phones
    agencies: QuerySet


def _select(request) -> Selection:
    """The user's cases after the filters (an invalid filter is ignored and shown with its error)."""
    agencies = readable_agencies(request.user)
    form = forms.CaseFilterForm(request.GET or None, agencies=agencies)
    qs = Application.objects.filter(agency__in=agencies).select_related("agency")
    data = form.cleaned_data if form.is_valid() else {}
    full = agencies.exists() and all(services.can_handle(request.user, a) for a in agencies)
    return Selection(register.filtered(qs, data, timezone.localdate()), form, full, agencies)


@login_required
def staff_list(request):
    sel = _select(request)
    cases = sel.cases
    today = timezone.localdate()
    sort = request.GET.get("sort", "-received")
    field, _ = SORTS.get(sort.lstrip("-"), SORTS["received"])
    ordered = cases.order_by(("-" if sort.startswith("-") else "") + field, "-pk")
    page = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
    urgent = register.urgent(cases, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/staff_list.html",
        {
            "form": sel.form,
            "filtering": any(request.GET.get(k) for k in sel.form.fields if k not in ("q", "show")),
            "page": page,
            "rows": [(a, masked(a)) for a in page.object_list],
            "urgent": urgent,
            "groups": [
                ("pending", "待确认收到", [(a, masked(a)) for a in urgent.pending[:50]]),
                ("overdue", "已超期", [(a, masked(a)) for a in urgent.overdue[:50]]),
                (
                    "due_week",
                    f"本周到期（至{urgent.week_end:%m月%d日}）",
                    [(a, masked(a)) for a in urgent.due_this_week[:50]],
                ),
                ("problems", "期限无法计算", [(a, masked(a)) for a in urgent.problems[:50]]),
            ],
            "sorts": SORTS,
            "sort": sort,
            "query": query.urlencode(),
            "show": request.GET.get("show", ""),
            "show_label": register.SHOWS.get(request.GET.get("show", ""), ""),
            "agencies": sel.agencies,
            "year": today.year,
            "today": today,
        },
    )


@login_required
def register_xlsx(request):
    sel = _select(request)
    today = timezone.localdate()
    body = register.register_xlsx(
        sel.cases.order_by("received_on", "pk"),
        full=sel.full,
        title=f"政府信息公开申请登记台账（{today:%Y年%m月%d日}导出）",
    )
    chosen = sel.form.cleaned_data.get("agency") if sel.form.is_bound and sel.form.is_valid() else None
    return attachment_response(
        body,
        register.register_filename(sel.agencies.select_related("jurisdiction"), chosen, today),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def register_print(request):
    sel = _select(request)
    return render(
        request,
        "applications/register_print.html",
        {
            "columns": register.REGISTER_COLUMNS,
            "rows": register.register_rows(sel.cases.order_by("received_on", "pk"), full=sel.full),
            "today": timezone.localdate(),
        },
    )
