"""The 公开办 pages: the jurisdiction dashboard with its export, the roll-up report, the bulk audit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from gongkai.renderers import OUTPUTS
from gongkai.renderers import render as render_report

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.downloads import attachment_response
from gongkai_platform.supervision import bulk_audit, charts, dashboard, export, notices
from gongkai_platform.supervision.access import can_supervise, supervised_jurisdictions
from gongkai_platform.supervision.forms import NoticeForm
from gongkai_platform.supervision.rollup import rollup
from gongkai_platform.workspace import tables

MAX_UPLOAD_FILES = 300


def _jurisdiction(request, slug) -> Jurisdiction:
    jurisdiction = get_object_or_404(Jurisdiction, slug=slug)
    if not can_supervise(request.user, jurisdiction):
        raise Http404
    return jurisdiction


def _default_year() -> int:
    return timezone.localdate().year - 1


@login_required
def home(request):
    jurisdictions = supervised_jurisdictions(request.user)
    if len(jurisdictions) == 1:
        return redirect("supervision:dashboard", slug=jurisdictions[0].slug, year=_default_year())
    return render(request, "supervision/home.html", {"jurisdictions": jurisdictions, "year": _default_year()})


@login_required
def jurisdiction_dashboard(request, slug, year):
    jurisdiction = _jurisdiction(request, slug)
    today = timezone.localdate()
    agency_rows = dashboard.rows(jurisdiction, year, today)
    counts = dashboard.status_counts(agency_rows)
    status_chart = charts.bar_chart(
        "年度报告状态", [(dashboard.STATUS_LABELS[k], v) for k, v in counts.items() if v]
    )
    problems_chart = charts.bar_chart(
        "各机构检查发现的错误与超期申请",
        [(r.agency.display_name, r.errors + r.overdue_applications) for r in agency_rows],
    )
    return render(
        request,
        "supervision/dashboard.html",
        {
            "jurisdiction": jurisdiction,
            "year": year,
            "rows": agency_rows,
            "deadline": dashboard.deadline(year),
            "status_chart": mark_safe(status_chart),  # built from escaped text only
            "problems_chart": mark_safe(problems_chart),
            "open_notices": _open_notices_by_agency(request.user, agency_rows),
        },
    )


def _open_notices_by_agency(user, agency_rows) -> dict[int, list]:
    found: dict[int, list] = {}
    agencies = [r.agency.pk for r in agency_rows]
    for notice in notices.sent_under(user).filter(agency_id__in=agencies, answered_at__isnull=True):
        found.setdefault(notice.agency_id, []).append(notice)
    return found


NOTICE_COLUMNS = [
    tables.Column("sent", "发出时间", "sent_at"),
    tables.Column("agency", "督办对象", "agency__name"),
    tables.Column("topic", "督办事项", "topic"),
    tables.Column("subject", "标题", "subject"),
    tables.Column("due", "办理期限", "due_on"),
    tables.Column("answered", "答复时间", "answered_at"),
]
NOTICE_VIEWS = {"open": "未答复", "answered": "已答复", "all": "全部"}


@login_required
def notice_list(request):
    if not supervised_jurisdictions(request.user):
        raise Http404
    show = request.GET.get("show", "open")
    show = show if show in NOTICE_VIEWS else "open"
    sent = notices.sent_under(request.user)
    if show == "open":
        sent = sent.filter(answered_at__isnull=True)
    elif show == "answered":
        sent = sent.filter(answered_at__isnull=False)
    return render(
        request,
        "supervision/notices.html",
        {
            "table": tables.sort_and_paginate(
                request, sent, NOTICE_COLUMNS, default="due" if show == "open" else "-sent"
            ),
            "show": show,
            "views": [(key, label, f"?show={key}") for key, label in NOTICE_VIEWS.items()],
            "today": timezone.localdate(),
            "dashboards": [(j, _default_year()) for j in supervised_jurisdictions(request.user)],
        },
    )


@login_required
def notice_new(request, agency_slug):
    agency = get_object_or_404(Agency.objects.select_related("jurisdiction"), slug=agency_slug)
    if not can_supervise(request.user, agency.jurisdiction):
        raise Http404
    form = NoticeForm(request.POST or None, initial=notices.draft(agency, request.GET, timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        try:
            notices.send(request.user, agency, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已向{agency.name}发出督办。")
            return redirect("supervision:notices")
    return render(request, "supervision/notice_form.html", {"form": form, "agency": agency})


@login_required
def dashboard_export(request, slug, year, fmt):
    jurisdiction = _jurisdiction(request, slug)
    agency_rows = dashboard.rows(jurisdiction, year, timezone.localdate())
    name = f"{jurisdiction.name}{year}年度政府信息公开工作年度报告报送情况.{fmt}"
    if fmt == "csv":
        return attachment_response(export.to_csv(agency_rows), name, "text/csv; charset=utf-8")
    if fmt == "xlsx":
        return attachment_response(
            export.to_xlsx(agency_rows, f"{year}年度"), name, OUTPUTS["xlsx"].media_type
        )
    raise Http404


@login_required
def rollup_report(request, slug, year):
    jurisdiction = _jurisdiction(request, slug)
    fmt = request.GET.get("format", "html")
    name = f"{jurisdiction.name}{year}年度政府信息公开工作年度报告汇总"
    if fmt in ("xlsx", "csv", "csv-zh"):  # the roll-up beside every agency's report, as a researcher's export
        suffix = "（单元格编号）" if fmt == "csv" else ""
        return _reports_download(
            export.rollup_reports(jurisdiction, year), fmt, f"{name}及各机构报告{suffix}"
        )
    if fmt not in OUTPUTS:
        raise Http404
    body = render_report(rollup(jurisdiction, year), fmt)
    if fmt == "html":
        return HttpResponse(body, content_type=OUTPUTS[fmt].media_type)
    return attachment_response(body, f"{name}{OUTPUTS[fmt].suffix}", OUTPUTS[fmt].media_type)


@login_required
def audit_upload(request):
    if not supervised_jurisdictions(request.user):
        raise Http404
    context = {}
    if request.method == "POST":
        uploads = request.FILES.getlist("files")[:MAX_UPLOAD_FILES]
        batch = bulk_audit.Batch()
        for upload in uploads:
            if upload.size > bulk_audit.MAX_TOTAL_BYTES:
                batch.rejected.append((upload.name, "文件过大"))
                continue
            bulk_audit.add_upload(batch, upload.name, upload.read())
        audited = bulk_audit.audit(batch)
        download = request.POST.get("download")
        if download in export.REPORT_FORMATS and audited:
            name = f"年度报告批量检查-{timezone.localdate():%Y%m%d}"
            return _reports_download([a.report for a in audited], download, name)
        context = {
            "grouped": bulk_audit.by_agency(audited),
            "rejected": batch.rejected,
            "count": len(audited),
        }
        if not uploads:
            context["empty"] = True
    return render(request, "supervision/audit.html", context)


def _reports_download(reports, fmt: str, name: str) -> HttpResponse:
    suffix, media_type = export.REPORT_FORMATS[fmt]
    return attachment_response(export.reports_file(reports, fmt), f"{name}{suffix}", media_type)
