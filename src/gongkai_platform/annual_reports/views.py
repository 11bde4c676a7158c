"""Staff pages for the annual report: generate, edit prose and manual figures, lock, sign, publish, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from gongkai.renderers import OUTPUTS
from gongkai.renderers import render as render_report
from gongkai.standard.formats import format_for_year

from gongkai_platform.agencies import permissions
from gongkai_platform.agencies.models import Agency, Role
from gongkai_platform.annual_reports import checks, services
from gongkai_platform.annual_reports.convert import cells_from_json, to_core
from gongkai_platform.annual_reports.models import MANUAL_CELLS, AnnualReport, ManualFigure, Status
from gongkai_platform.converters import FIRST_YEAR, valid_year

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _agency(request, slug) -> Agency:
    agency = get_object_or_404(Agency, slug=slug)
    if not permissions.can_read(request.user, agency):
        raise Http404
    return agency


@login_required
def report_list(request):
    agencies = permissions.readable_agencies(request.user).order_by("name")
    reports = AnnualReport.objects.filter(agency__in=agencies).select_related("agency")
    return render(
        request,
        "annual_reports/list.html",
        {"agencies": agencies, "reports": reports, "default_year": timezone.localdate().year - 1},
    )


def _tables(report: AnnualReport):
    fmt = format_for_year(report.year)
    cells = cells_from_json(report.format, report.cells)
    return [
        {
            "table": table,
            "rows": [
                {
                    "row": row,
                    "cells": [
                        (table.cell_id(row, col), cells.get(table.cell_id(row, col))) for col in table.columns
                    ],
                }
                for row in table.rows
            ],
        }
        for table in fmt.tables
    ]


@login_required
def report_detail(request, slug, year):
    agency = _agency(request, slug)
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    roles = permissions.roles_in(request.user, agency)
    context = {"agency": agency, "year": year, "report": report, "roles": roles}
    if report:
        found = checks.findings(report)
        flagged = {c for f in found for c in f.cells}
        context.update(
            findings=found,
            errors=checks.errors(found),
            tables=_tables(report),
            flagged=flagged,
            manual=[
                (format_for_year(year).by_id[m.cell].label, m)
                for m in ManualFigure.objects.filter(agency=agency, year=year).select_related("entered_by")
                if m.cell in format_for_year(year).by_id
            ],
            manual_cells=[(c, format_for_year(year).by_id[c].label) for c in MANUAL_CELLS[report.format]],
            can_edit=Role.EDITOR in roles,
            can_sign=Role.SIGNER in roles,
            can_review=bool(roles & {Role.REVIEWER, Role.SIGNER}),
            privacy_hits=services.unresolved_privacy_hits(report) if report.status == Status.DRAFTED else [],
        )
    return render(request, "annual_reports/detail.html", context)


@login_required
@require_POST
def report_action(request, slug, year, action):
    agency = _agency(request, slug)
    user = request.user
    try:
        if action == "generate":
            services.generate(agency, year, user)
            messages.success(request, "已按业务数据生成报告。")
        elif action == "manual":
            services.set_manual_figure(
                user,
                agency,
                year,
                request.POST.get("cell", ""),
                request.POST.get("value", ""),
                request.POST.get("note", ""),
            )
            messages.success(request, "已保存。")
        else:
            report = get_object_or_404(AnnualReport, agency=agency, year=year)
            if action == "prose":
                services.update_prose(
                    user, report, {n: request.POST.get(f"prose{n}", "")[:20000] for n in (1, 5, 6)}
                )
                messages.success(request, "正文已保存。")
            elif action == "lock":
                services.lock(user, report)
                messages.success(request, "数据已锁定。")
            elif action == "unlock":
                services.unlock(user, report, request.POST.get("reason", ""))
                messages.success(request, "数据已解锁。")
            elif action == "privacy_override":
                services.override_privacy(user, report, request.POST.get("reason", ""))
                messages.success(request, "已记录放行理由。")
            elif action == "sign":
                services.sign_off(user, report)
                messages.success(request, "报告已签批。")
            elif action == "publish":
                services.publish(user, report)
                messages.success(request, "报告已发布到“政府信息公开年报”栏目。")
            else:
                raise Http404
    except services.ReportError as exc:
        messages.error(request, str(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有此项操作的权限。")
    return redirect("annual_reports:detail", slug=slug, year=year)


@login_required
@require_POST
def report_import(request, slug):
    agency = _agency(request, slug)
    upload = request.FILES.get("file")
    year = request.POST.get("year", "").strip()
    if upload is None or upload.size > MAX_IMPORT_BYTES:
        messages.error(request, "请选择不超过20 MB的报告文件（TXT、HTML、DOCX、PDF）。")
        return redirect("annual_reports:list")
    if year and not (year.isdigit() and len(year) == 4 and valid_year(int(year))):
        messages.error(request, f"年度应为{FIRST_YEAR}年至明年之间的四位数字。")
        return redirect("annual_reports:list")
    try:
        report = services.import_published(
            request.user,
            agency,
            upload.read(),
            upload.name,
            int(year) if year else None,
            confirm_reason=request.POST.get("confirm_reason", "")[:500],
        )
    except (services.ReportError, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return redirect("annual_reports:list")
    messages.success(request, f"已导入{report}。")
    return redirect("annual_reports:detail", slug=slug, year=report.year)


@login_required
def report_download(request, slug, year, fmt):
    agency = _agency(request, slug)
    report = get_object_or_404(AnnualReport, agency=agency, year=year)
    if fmt not in OUTPUTS:
        raise Http404
    stored = getattr(report, f"{fmt}_file", None)
    data = stored.read() if stored else render_report(to_core(report), fmt)
    response = HttpResponse(data, content_type=OUTPUTS[fmt].media_type)
    if fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="{agency.slug}-{year}{OUTPUTS[fmt].suffix}"'
    return response
