"""The register of 行政复议 and 行政诉讼 about disclosure, across the agencies the user may read. Cases are
registered and concluded on the application they challenge."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from gongkai_platform.agencies.permissions import readable_agencies
from gongkai_platform.appeals.models import Appeal
from gongkai_platform.workspace import tables

COLUMNS = [
    tables.Column("filed", "申请或立案日期", "filed_on"),
    tables.Column("group", "类型", "group"),
    tables.Column("case", "案号", "case_number"),
    tables.Column("organ", "复议机关或法院", "organ"),
    tables.Column("agency", "被申请机关", "application__agency__name"),
    tables.Column("application", "所涉申请"),
    tables.Column("result", "结果", "result"),
    tables.Column("concluded", "审结日期", "concluded_on"),
]
SHOW = {"pending": "尚未审结", "concluded": "已审结", "all": "全部"}
EMPTY = {"pending": "暂无尚未审结的案件", "concluded": "暂无已审结的案件", "all": "暂无复议诉讼案件"}


@login_required
def appeal_list(request):
    show = request.GET.get("show", "pending")
    show = show if show in SHOW else "pending"
    appeals = Appeal.objects.filter(application__agency__in=readable_agencies(request.user)).select_related(
        "application__agency"
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
        },
    )
