"""The 公开办 pages: the jurisdiction dashboard with its export, the roll-up report, the bulk audit (a background
job: upload, progress, results)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from gongkai.renderers import OUTPUTS
from gongkai.renderers import render as render_report
from gongkai.standard.report import Severity

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.downloads import attachment_response, file_attachment
from gongkai_platform.portal.reports import report_html
from gongkai_platform.supervision import audit_jobs, bulk_audit, charts, dashboard, export, notices
from gongkai_platform.supervision.access import can_supervise, supervised_jurisdictions
from gongkai_platform.supervision.forms import NoticeForm
from gongkai_platform.supervision.models import BulkAudit, BulkAuditFile
from gongkai_platform.supervision.rollup import rollup
from gongkai_platform.supervision.uploads import BulkAuditUploadHandler, SpooledFile, with_paths
from gongkai_platform.workspace import tables


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


DASHBOARD_COLUMNS = [
    tables.Column("agency", "机构", "name"),
    tables.Column("due", "发布期限", "due"),
    tables.Column("status", "报告状态", "status"),
    tables.Column("findings", "检查结果", "errors"),
    tables.Column("overdue", "超期未答复申请", "overdue"),
    tables.Column("stale", "未按时更新栏目", "stale"),
    tables.Column("notice", "督办"),
]
DASHBOARD_PER_PAGE = 100
STATUS_COLOURS = {  # what needs following up stands out; the bars carry their words too
    "published": charts.GOOD,
    "imported": charts.GOOD,
    "late": charts.BAD,
    "published_late": charts.WARN,
    "not_started": charts.PALE,
}


@login_required
def jurisdiction_dashboard(request, slug, year):
    """Every agency of the jurisdiction, a hundred rows a page: tabs narrow the list to what needs following
    up, every column but 督办 sorts, and the CSV/XLSX export holds all rows at once."""
    jurisdiction = _jurisdiction(request, slug)
    today = timezone.localdate()
    agency_rows = dashboard.rows(jurisdiction, year, today)
    counts = dashboard.status_counts(agency_rows)
    status_chart = charts.bar_chart(
        "年度报告状态",
        [
            charts.Bar(dashboard.STATUS_LABELS[k], v, STATUS_COLOURS.get(k, charts.NEUTRAL))
            for k, v in counts.items()
            if v
        ],
    )
    top = dashboard.most_problems(agency_rows)
    problems_title = (
        "各机构错误数与超期未答复申请数"
        if len(top) == len(agency_rows)
        else f"错误数与超期未答复申请数最多的{len(top)}个机构"
    )
    problems_chart = charts.bar_chart(
        problems_title,
        [
            charts.Bar(
                r.agency.display_name,
                r.errors + r.overdue_applications,
                charts.BAD if r.errors + r.overdue_applications else charts.PALE,
                f"错误 {r.errors} · 超期 {r.overdue_applications}",
            )
            for r in top
        ],
    )
    show = request.GET.get("show", "all")
    show = show if show in dashboard.VIEWS else "all"
    shown = [row for row in agency_rows if dashboard.VIEWS[show][1](row)]
    table = tables.sort_and_paginate_rows(
        request, shown, DASHBOARD_COLUMNS, "agency", dashboard.SORT_KEYS, per_page=DASHBOARD_PER_PAGE
    )
    return render(
        request,
        "supervision/dashboard.html",
        {
            "jurisdiction": jurisdiction,
            "year": year,
            "table": table,
            "show": show,
            "views": _dashboard_tabs(request, agency_rows),
            "deadline": dashboard.deadline(year),
            "deadlines": dashboard.deadlines(year),
            "status_chart": mark_safe(status_chart),  # built from escaped text only
            "problems_chart": mark_safe(problems_chart),
            "problems_title": problems_title,
            "open_notices": _open_notices_by_agency(request.user, table.rows),
        },
    )


def _dashboard_tabs(request, agency_rows) -> list[tuple[str, str, str]]:
    """(key, label with its count, link) per tab; the link keeps the sort and goes to the first page."""
    tabs = []
    for key, (label, keep) in dashboard.VIEWS.items():
        query = request.GET.copy()
        query.pop("page", None)
        query["show"] = key
        tabs.append(
            (key, f"{label}（{sum(1 for row in agency_rows if keep(row))}）", f"?{query.urlencode()}")
        )
    return tabs


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
    report = rollup(jurisdiction, year)
    if fmt == "html":  # in the staff layout, laid out as the portal lays out a published report
        context = {
            "jurisdiction": jurisdiction,
            "year": year,
            "name": name,
            "report_html": report_html(report),
            "source": report.source,
            "downloads": ROLLUP_DOWNLOADS,
        }
        return render(request, "supervision/rollup.html", context)
    body = render_report(report, fmt)
    return attachment_response(body, f"{name}{OUTPUTS[fmt].suffix}", OUTPUTS[fmt].media_type)


ROLLUP_DOWNLOADS = (
    ("docx", "下载 DOCX"),
    ("pdf", "下载 PDF"),
    ("xlsx", "汇总及各机构报告 XLSX"),
    ("csv-zh", "汇总及各机构报告 CSV"),
)


AUDIT_VIEWS = {  # result tabs: label, filter
    "all": ("全部", {}),
    "errors": ("有错误", {"errors__gt": 0}),
    "warnings": ("有警告", {"warnings__gt": 0}),
    "ocr": ("OCR识别", {"ocr": True}),
}
AUDIT_COLUMNS = [
    tables.Column("position", "序号", "position"),
    tables.Column("name", "文件", "name"),
    tables.Column("agency", "机构", "agency"),
    tables.Column("year", "年度", "year"),
    tables.Column("errors", "错误", "errors"),
    tables.Column("warnings", "警告", "warnings"),
    tables.Column("findings", "问题"),
]
AUDIT_DOWNLOADS = {  # name in the URL -> (job field, suffix, label)
    "xlsx": ("result_xlsx", ".xlsx", "XLSX"),
    "csv-zh": ("result_csv_zh", ".csv", "CSV（中文表头）"),
    "csv": ("result_csv", ".csv", "CSV（单元格编号）"),
}


def _supervisor(request) -> None:
    if not supervised_jurisdictions(request.user):
        raise Http404


def _own_job(request, pk) -> BulkAudit:
    """Only the supervisor who submitted a batch sees it (a system admin included)."""
    _supervisor(request)
    return get_object_or_404(BulkAudit, pk=pk, owner=request.user)


@csrf_exempt  # the upload handlers are set before the body is read, then the CSRF check runs (audit_submit)
@login_required
def audit_upload(request):
    _supervisor(request)
    if request.method != "POST":
        return _upload_page(request)
    if int(request.META.get("CONTENT_LENGTH") or 0) > _max_request_bytes():
        return _upload_page(
            request, f"上传内容超过本批 {bulk_audit.limits()['batch']} 上限，请分批提交。", 413
        )
    request.upload_handlers = [BulkAuditUploadHandler(request)]
    try:
        try:
            request.POST  # noqa: B018 (reads the body through the handler above)
        except TooManyFilesSent:
            limit = bulk_audit.limits()["files"]
            return _upload_page(request, f"一次最多上传 {limit} 个文件，请分批提交或打包成 ZIP。", 400)
        return audit_submit(request)
    finally:  # stored or refused, the temporary copies go
        for path in getattr(request, "upload_spooled", []):
            SpooledFile("", path, 0).discard()


def _max_request_bytes() -> int:
    return settings.BULK_AUDIT_MAX_BATCH_BYTES + 1024 * 1024  # the form's own fields and part headers


@csrf_protect
def audit_submit(request):
    uploads, refused = with_paths(request)
    if not uploads and not refused:
        return _upload_page(request, "请选择报告文件、ZIP 压缩包或文件夹。", 400)
    job = audit_jobs.start(request.user, uploads, refused)
    return redirect("supervision:audit_job", pk=job.pk)


def _upload_page(request, error: str = "", status: int = 200):
    jobs = BulkAudit.objects.filter(owner=request.user)
    context = {
        "error": error,
        "limits": bulk_audit.limits(),
        "kinds": bulk_audit.KINDS,
        "accept": ",".join((*bulk_audit.SUFFIXES, bulk_audit.ARCHIVE)),
        "table": tables.sort_and_paginate(request, jobs, JOB_COLUMNS, default="-created"),
    }
    return render(request, "supervision/audit.html", context, status=status)


JOB_COLUMNS = [
    tables.Column("created", "提交时间", "created"),
    tables.Column("status", "状态", "status"),
    tables.Column("total", "报告数", "total"),
    tables.Column("result", "结果"),
]


@login_required
def audit_job(request, pk):
    job = _own_job(request, pk)
    show = request.GET.get("show", "all")
    show = show if show in AUDIT_VIEWS else "all"
    context = {
        "job": job,
        "refresh": not job.finished_work and not job.interrupted,
        "show": show,
        "layout_sheets_up_to": export.LAYOUT_SHEETS_UP_TO,
    }
    if job.status == BulkAudit.Status.DONE:
        files = job.files.filter(state=BulkAuditFile.State.AUDITED, **AUDIT_VIEWS[show][1])
        table = tables.sort_and_paginate(request, files, AUDIT_COLUMNS, default="position", per_page=50)
        table.page.object_list = [_with_labels(f) for f in table.page.object_list]
        context |= {
            "table": table,
            "views": [(key, label, f"?show={key}") for key, (label, _) in AUDIT_VIEWS.items()],
            "downloads": [
                (key, label) for key, (field, _, label) in AUDIT_DOWNLOADS.items() if getattr(job, field)
            ],
        }
    context["refused"] = job.files.filter(state=BulkAuditFile.State.REFUSED)
    return render(request, "supervision/audit_job.html", context)


def _with_labels(row: BulkAuditFile) -> BulkAuditFile:
    """The stored findings with their severity in Chinese, as every page and export says it."""
    for finding in row.report["findings"]:
        finding["severity_label"] = Severity(finding["severity"]).label
    return row


@login_required
def audit_status(request, pk):
    """What the progress page polls (supervision/static/.../progress.js)."""
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.label,
            "stage": job.stage,
            "tone": job.tone,
            "done": job.done,
            "total": job.total,
            "unpacking": bool(job.archives),
            "finished": job.finished_work or job.interrupted,  # the page reloads to show the outcome
        }
    )


@login_required
def audit_download(request, pk, fmt):
    job = _own_job(request, pk)
    if fmt not in AUDIT_DOWNLOADS or not getattr(job, AUDIT_DOWNLOADS[fmt][0]):
        raise Http404
    field, suffix, _ = AUDIT_DOWNLOADS[fmt]
    stamp = timezone.localtime(job.created).strftime("%Y%m%d-%H%M")
    extra = "（单元格编号）" if fmt == "csv" else ""
    name = f"年度报告批量检查-{stamp}{extra}{suffix}"
    return file_attachment(getattr(job, field).open("rb"), name, export.REPORT_FORMATS[fmt][1])


@login_required
@require_POST
def audit_delete(request, pk):
    job = _own_job(request, pk)
    audit_jobs.delete(request.user, job)
    messages.success(request, "已删除这次批量检查及其结果。")
    return redirect("supervision:audit")


@login_required
@require_POST
def audit_resume(request, pk):
    job = _own_job(request, pk)
    try:
        audit_jobs.resume(request.user, job)
    except audit_jobs.ResumeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已重新排队，将从中断处继续检查。")
    return redirect("supervision:audit_job", pk=job.pk)


def _reports_download(reports, fmt: str, name: str) -> HttpResponse:
    suffix, media_type = export.REPORT_FORMATS[fmt]
    return attachment_response(export.reports_file(reports, fmt), f"{name}{suffix}", media_type)
