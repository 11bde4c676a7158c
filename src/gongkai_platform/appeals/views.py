"""The register of 行政复议 and 行政诉讼 about disclosure, across the agencies the user may read. A case about an
application on the platform is registered on that application's page; any other (主动公开, 其他, an application
older than the platform) is entered here, and concluded here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai_platform.agencies.models import Agency
from gongkai_platform.agencies.permissions import readable_agencies
from gongkai_platform.appeals import services
from gongkai_platform.appeals.forms import CaseForm, ResultForm
from gongkai_platform.appeals.models import Appeal
from gongkai_platform.applications.services import HANDLERS
from gongkai_platform.workspace import tables

COLUMNS = [
    tables.Column("filed", "申请或立案日期", "filed_on"),
    tables.Column("group", "类型", "group"),
    tables.Column("case", "案号", "case_number"),
    tables.Column("organ", "复议机关或法院", "organ"),
    tables.Column("agency", "被申请机关", "agency__name"),
    tables.Column("subject", "所涉事项", "subject"),
    tables.Column("result", "结果", "result"),
    tables.Column("concluded", "审结日期", "concluded_on"),
]
SHOW = {"pending": "尚未审结", "concluded": "已审结", "all": "全部"}
EMPTY = {"pending": "暂无尚未审结的案件", "concluded": "暂无已审结的案件", "all": "暂无复议诉讼案件"}


@login_required
def appeal_list(request):
    show = request.GET.get("show", "pending")
    show = show if show in SHOW else "pending"
    appeals = Appeal.objects.filter(agency__in=readable_agencies(request.user)).select_related(
        "agency", "application"
    )
    if show == "pending":
        appeals = appeals.filter(result="")
    elif show == "concluded":
        appeals = appeals.exclude(result="")
    return render(
        request,
        "appeals/list.html",
        {
            "table": tables.sort_and_paginate(request, appeals, COLUMNS, default="-filed"),
            "show": show,
            "empty": EMPTY[show],
            "views": [(key, label, f"?show={key}") for key, label in SHOW.items()],
            "cases_url": reverse("applications:staff_list"),
            "can_register": handled_agencies(request.user).exists(),
            "result_form": ResultForm(),
        },
    )


def handled_agencies(user):
    """Agencies where the user handles disclosure work (and so may register cases against them)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(Q(memberships__user=user) & Q(memberships__role__in=HANDLERS)).distinct()


@login_required
def case_new(request):
    agencies = handled_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied("您不是任何机关的政府信息公开经办人员。")
    form = CaseForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.register_case(request.user, data.pop("agency"), **data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "已登记复议或诉讼案件，计入该机关年度报告表四。")
            return redirect("appeals:list")
    return render(request, "appeals/new.html", {"form": form})


@login_required
@require_POST
def case_conclude(request, pk):
    appeal = get_object_or_404(Appeal.objects.select_related("agency"), pk=pk)
    if not readable_agencies(request.user).filter(pk=appeal.agency_id).exists():
        raise Http404
    form = ResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择结果并填写审结日期。")
    else:
        try:
            services.conclude(request.user, appeal, form.cleaned_data["result"], form.cleaned_data["on"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "已登记审结结果。")
    return redirect(f"{reverse('appeals:list')}?show=all")
