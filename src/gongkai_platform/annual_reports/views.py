"""Staff pages for the annual report: generate, edit prose and manual figures, lock, sign, publish, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from gongkai.renderers import OUTPUTS
from gongkai.renderers import render as render_report
from gongkai.standard.formats import FORMATS
from gongkai.standard.report import Finding
from gongkai.standard.rules.prose import is_government

from gongkai_platform.agencies import permissions
from gongkai_platform.agencies.models import Agency, Role
from gongkai_platform.annual_reports import checks, services
from gongkai_platform.annual_reports.convert import cells_from_json, to_core
from gongkai_platform.annual_reports.forms import (
    MAX_PROSE_CHARS,
    GovernmentResultsForm,
    ManualFigureForm,
    ProseForm,
)
from gongkai_platform.annual_reports.models import AnnualReport, ManualFigure, Scope, Status
from gongkai_platform.converters import FIRST_YEAR, valid_year
from gongkai_platform.downloads import attachment_response
from gongkai_platform.portal import reports as portal_reports
from gongkai_platform.portal.sites import site_of

DOWNLOADS = ("docx", "pdf", "xlsx", "json")
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


def _tables(report: AnnualReport, numbered: list[tuple[int, Finding]], stale: dict) -> list[dict]:
    """The report's tables row by row; each cell with the numbers of the findings on it, and each row with the
    findings whose first cell lies in it (their message is shown under that row)."""
    fmt = FORMATS[report.format]
    cells = cells_from_json(report.format, report.cells)
    marks: dict[str, list[int]] = {}
    notes: dict[str, list[tuple[int, Finding]]] = {}
    for n, finding in numbered:
        for cell in finding.cells:
            marks.setdefault(cell, []).append(n)
        if finding.cells:
            notes.setdefault(finding.cells[0], []).append((n, finding))
    tables = []
    for table in fmt.tables:
        rows = []
        for row in table.rows:
            ids = [table.cell_id(row, col) for col in table.columns]
            rows.append(
                {
                    "row": row,
                    "cells": [
                        {"id": i, "value": cells.get(i), "marks": marks.get(i, ()), "stale": stale.get(i)}
                        for i in ids
                    ],
                    "notes": [note for i in ids for note in notes.get(i, ())],
                }
            )
        tables.append({"table": table, "rows": rows, "span": len(table.columns) + 1})
    return tables


@login_required
def report_detail(request, slug, year):
    return _editor(request, _agency(request, slug), year)


def _editor(request, agency: Agency, year: int, *, prose_form=None, manual_form=None, results_form=None):
    """The editor page; a refused save passes its bound form back, so what the user typed is shown again."""
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    roles = permissions.roles_in(request.user, agency)
    context = {"agency": agency, "year": year, "report": report, "roles": roles}
    if report:
        fmt = FORMATS[report.format]
        found = checks.findings(report)
        numbered = list(enumerate(found, 1))
        stale = services.stale_cells(report)
        can_edit = Role.EDITOR in roles
        writable = can_edit and report.status == Status.DRAFTED
        context.update(
            findings=numbered,
            errors=checks.errors(found),
            prose_findings=[(n, f) for n, f in numbered if f.rule.startswith("prose.")],
            tables=_tables(report, numbered, stale),
            stale=[
                (services.cell_name(fmt.by_id[c]), old, new)
                for c, (old, new) in stale.items()
                if c in fmt.by_id
            ],
            recomputable=services.recomputable(report),
            prose_form=prose_form or ProseForm(report=report, readonly=not writable),
            manual_form=manual_form or ManualFigureForm(format_id=report.format),
            manual=[
                (fmt.by_id[m.cell].label, m)
                for m in ManualFigure.objects.filter(agency=agency, year=year).select_related("entered_by")
                if m.cell in fmt.by_id
            ],
            can_edit=can_edit,
            writable=writable,
            can_sign=Role.SIGNER in roles,
            can_review=bool(roles & {Role.REVIEWER, Role.SIGNER}),
            privacy_hits=services.unresolved_privacy_hits(report) if report.status == Status.DRAFTED else [],
            downloads=DOWNLOADS,
            prose_limit=MAX_PROSE_CHARS,
            scopes=Scope.choices,
            results_form=(results_form or GovernmentResultsForm(instance=report))
            if is_government(agency.name)
            else None,
        )
    return render(request, "annual_reports/detail.html", context)


@login_required
@require_POST
def save_prose(request, slug, year):
    agency = _agency(request, slug)
    report = get_object_or_404(AnnualReport, agency=agency, year=year)
    form = ProseForm(request.POST, report=report)
    if form.is_valid():
        try:
            services.update_prose(request.user, report, form.prose())
        except (services.ReportError, PermissionDenied) as exc:
            form.add_error(None, str(exc) or "您没有此项操作的权限。")
        else:
            messages.success(request, "正文已保存，表格和检查结果已更新。")
            return redirect(reverse("annual_reports:detail", args=[slug, year]) + "#prose-h")
    return _editor(request, agency, year, prose_form=form)


@login_required
@require_POST
def save_manual_figure(request, slug, year):
    agency = _agency(request, slug)
    report = get_object_or_404(AnnualReport, agency=agency, year=year)
    form = ManualFigureForm(request.POST, format_id=report.format)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_manual_figure(request.user, agency, year, data["cell"], data["value"], data["note"])
        except (services.ReportError, PermissionDenied) as exc:
            form.add_error(None, str(exc) or "您没有此项操作的权限。")
        else:
            messages.success(request, "已保存，表格和检查结果已按新数据更新。")
            return redirect(reverse("annual_reports:detail", args=[slug, year]) + f"#cell-{data['cell']}")
    return _editor(request, agency, year, manual_form=form)


@login_required
@require_POST
def report_action(request, slug, year, action):
    agency = _agency(request, slug)
    user = request.user
    try:
        if action == "generate":
            existed = AnnualReport.objects.filter(agency=agency, year=year).exists()
            services.generate(agency, year, user)
            messages.success(
                request, "已按最新业务数据重新计算表格。" if existed else "已按业务数据生成报告。"
            )
        else:
            report = get_object_or_404(AnnualReport, agency=agency, year=year)
            if action == "scope":
                services.set_scope(user, report, request.POST.get("scope", ""))
                messages.success(request, "已更改统计范围，请重新生成报告表格。")
            elif action == "results":
                form = GovernmentResultsForm(request.POST, instance=AnnualReport(agency=agency, year=year))
                if not form.is_valid():
                    return _editor(request, agency, year, results_form=form)
                _, written = services.set_government_results(user, report, form.cleaned_data)
                messages.success(
                    request,
                    "已保存，并写入第一部分“监督保障”。"
                    if written
                    else "已保存。第一部分已改写过，请将结果写入“监督保障”部分。",
                )
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
def report_preview(request, slug, year):
    """The report as the portal will show it once published: the portal's layout and the core's renderer (for
    a published report, what the portal shows: the article stored at publication)."""
    agency = _agency(request, slug)
    report = get_object_or_404(AnnualReport, agency=agency, year=year)
    stored = portal_reports.signed_html(report.item) if report.item_id else None
    context = {
        "site": site_of(agency),
        "agency": agency,
        "report": report,
        "title": str(report),
        "report_html": stored or portal_reports.report_html(to_core(report)),
    }
    return render(request, "annual_reports/preview.html", context)


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
    if fmt == "html":  # shown in the browser
        return HttpResponse(data, content_type=OUTPUTS[fmt].media_type)
    return attachment_response(data, f"{report}{OUTPUTS[fmt].suffix}", OUTPUTS[fmt].media_type)
