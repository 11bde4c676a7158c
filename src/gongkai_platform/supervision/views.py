"""The 公开办 pages: the jurisdiction dashboard with its export, the roll-up report, the bulk audit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from gongkai.renderers import OUTPUTS
from gongkai.renderers import render as render_report

from gongkai_platform.agencies.models import Jurisdiction
from gongkai_platform.supervision import bulk_audit, charts, dashboard, export
from gongkai_platform.supervision.access import can_supervise, supervised_jurisdictions
from gongkai_platform.supervision.rollup import rollup

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
        },
    )


@login_required
def dashboard_export(request, slug, year, fmt):
    jurisdiction = _jurisdiction(request, slug)
    agency_rows = dashboard.rows(jurisdiction, year, timezone.localdate())
    name = f"{jurisdiction.slug}-{year}"
    if fmt == "csv":
        response = HttpResponse(export.to_csv(agency_rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            export.to_xlsx(agency_rows, f"{year}年度"), content_type=OUTPUTS["xlsx"].media_type
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def rollup_report(request, slug, year):
    jurisdiction = _jurisdiction(request, slug)
    fmt = request.GET.get("format", "html")
    if fmt not in OUTPUTS:
        raise Http404
    response = HttpResponse(
        render_report(rollup(jurisdiction, year), fmt), content_type=OUTPUTS[fmt].media_type
    )
    if fmt != "html":
        response["Content-Disposition"] = (
            f'attachment; filename="{jurisdiction.slug}-{year}-rollup{OUTPUTS[fmt].suffix}"'
        )
    return response


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
        context = {
            "grouped": bulk_audit.by_agency(audited),
            "rejected": batch.rejected,
            "count": len(audited),
        }
        if not uploads:
            context["empty"] = True
    return render(request, "supervision/audit.html", context)
