"""The onboarding page: download the template of open cases carried over, upload it filled in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from gongkai_platform.agencies.models import Agency
from gongkai_platform.agencies.permissions import can_read
from gongkai_platform.applications import carried_over
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.table3 import row_filters
from gongkai_platform.downloads import attachment_response


def _agency(request, agency_pk) -> Agency:
    agency = get_object_or_404(Agency, pk=agency_pk)
    if not can_read(request.user, agency):
        raise Http404
    return agency


def _unregistered(agency: Agency, year: int) -> str | None:
    """What is still to register, counted now: last year's imported 结转下年度 less the cases on the platform
    open on 1 January (the report's own finding waits for the tables to be generated again)."""
    from gongkai_platform.annual_reports import checks
    from gongkai_platform.annual_reports.models import AnnualReport, Source

    previous = AnnualReport.objects.filter(agency=agency, year=year - 1, source=Source.IMPORTED).first()
    carried = previous.cells.get("s3.carried_out.total") if previous else None
    if not carried:
        return None
    registered = Application.objects.filter(row_filters(year)["carried_in"], agency=agency).count()
    return checks.unregistered_message(carried - registered) if carried > registered else None


@login_required
def carried_over_page(request, agency_pk, year):
    agency = _agency(request, agency_pk)
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise carried_over.ImportRefused(["请选择填好的XLSX文件"])
            if upload.size > carried_over.MAX_BYTES:
                raise carried_over.ImportRefused([f"文件超过{carried_over.MAX_BYTES // 1024 // 1024} MB"])
            created = carried_over.import_open_cases(request.user, agency, year, upload.read())
        except carried_over.ImportRefused as exc:
            problems = exc.problems
        except PermissionDenied as exc:
            problems = [str(exc)]
        else:
            messages.success(
                request, f"已补录结转案件{len(created)}件，请在年度报告页面重新生成表格，使表三计入这些案件。"
            )
            return redirect("applications:carried_over", agency_pk=agency.pk, year=year)
    return render(
        request,
        "applications/carried_over.html",
        {"agency": agency, "year": year, "missing": _unregistered(agency, year), "problems": problems},
    )


@login_required
def carried_over_template(request, agency_pk, year):
    agency = _agency(request, agency_pk)
    return attachment_response(
        carried_over.template(agency, year), f"{agency.name}{year}年结转案件补录模板.xlsx", carried_over.XLSX
    )
