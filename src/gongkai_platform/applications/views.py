"""Server-rendered pages: the public form and tracking page, and the clerks' case pages."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from gongkai.standard.formats import format_for_year

from gongkai_platform import ratelimit
from gongkai_platform.agencies.models import Agency
from gongkai_platform.agencies.permissions import can_read, readable_agencies
from gongkai_platform.appeals import services as appeal_services
from gongkai_platform.appeals.models import Appeal, Result
from gongkai_platform.appeals.table4 import table4
from gongkai_platform.applications import fees, forms, letters, services, similar
from gongkai_platform.applications.models import RECEIPT_RULES, Application, CaseState, Channel, StepKind
from gongkai_platform.applications.outcomes import NATURAL
from gongkai_platform.applications.personal import mask_address, mask_id, mask_name, mask_phone
from gongkai_platform.applications.table3 import fee_totals, table3
from gongkai_platform.catalogue import services as catalogue_services
from gongkai_platform.catalogue.models import Column
from gongkai_platform.clientip import client_ip
from gongkai_platform.workdays.services import CalendarMissing, WorkCalendar

POSTS_PER_HOUR = 10  # every attempt counts (bots), with room for a person correcting typos
NOTICE_KINDS = (StepKind.CORRECTION_REQUESTED, StepKind.EXTENSION_APPROVED, StepKind.FEE_NOTICE_SENT)


def masked(app: Application) -> dict:
    natural = app.applicant_kind == NATURAL
    return {
        "name": mask_name(app.applicant_name, natural),
        "id_number": mask_id(app.id_number),
        "phone": mask_phone(app.phone),
        "address": mask_address(app.address),
    }


def rate_limited(request) -> bool:
    """At most POSTS_PER_HOUR submission attempts per address per hour, counted in the shared cache."""
    return not ratelimit.hit("applications-submit", client_ip(request) or "", POSTS_PER_HOUR, 3600)


# ---------------------------------------------------------------- public
def apply(request):
    form = forms.ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if rate_limited(request):
            return render(request, "applications/apply.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            try:
                app = services.register_online(form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"申请已提交，请保存查询码：{app.tracking_number}")
                return redirect("applications:track", app.tracking_number)
    return render(request, "applications/apply.html", {"form": form}, status=400 if form.errors else 200)


def lookup(request):
    tn = request.GET.get("tn", "").strip().upper()
    if tn:
        if Application.objects.filter(tracking_number=tn).exists():
            return redirect("applications:track", tn)
        return render(
            request, "applications/lookup.html", {"tn": tn, "error": "未找到该查询码对应的申请。"}, status=404
        )
    return render(request, "applications/lookup.html", {"tn": ""})


def track(request, tracking_number):
    app = get_object_or_404(Application.objects.select_related("agency"), tracking_number=tracking_number)
    try:
        trace = services.compute(app).trace
    except CalendarMissing:
        trace = []
    return render(
        request,
        "applications/track.html",
        {
            "app": app,
            "masked": masked(app),
            "steps": app.steps.exclude(kind="closed"),
            "trace": trace,
            "receipt_rule": RECEIPT_RULES[Channel(app.channel)],
        },
    )


def _letter_response(app: Application, fmt: str, step=None) -> HttpResponse:
    if step is None and not app.outcome:
        raise Http404("申请尚未办结")
    try:
        letter = letters.compose_notice(app, step) if step is not None else letters.compose(app)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    name = app.tracking_number + (f"-{step.kind}" if step is not None else "")
    if fmt == "pdf":
        return HttpResponse(letters.render_pdf(app, letter), content_type="application/pdf")
    if fmt == "docx":
        resp = HttpResponse(
            letters.render_docx(app, letter),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        resp["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        return resp
    raise Http404


def public_letter(request, tracking_number, fmt):
    return _letter_response(get_object_or_404(Application, tracking_number=tracking_number), fmt)


# ---------------------------------------------------------------- staff
def _readable(request, pk) -> Application:
    app = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    if not can_read(request.user, app.agency):
        raise Http404
    return app


@login_required
def staff_list(request):
    agencies = readable_agencies(request.user)
    today = timezone.localdate()
    try:
        soon = WorkCalendar().add_workdays(today, 3)
    except CalendarMissing:
        soon = today + timedelta(days=3)
    apps = Application.objects.filter(agency__in=agencies).select_related("agency")
    open_apps = apps.exclude(state=CaseState.CLOSED)
    lists = {
        "overdue": open_apps.filter(
            Q(due_on__lt=today)
            | Q(correction_due__lt=today, state=CaseState.AWAITING_CORRECTION)
            | Q(fee_due__lt=today, state=CaseState.AWAITING_FEE)
        ),
        "due_soon": open_apps.filter(due_on__gte=today, due_on__lte=soon),
        "problems": open_apps.exclude(clock_error=""),
    }
    rows = [(a, masked(a)) for a in apps[:200]]
    return render(
        request,
        "applications/staff_list.html",
        {
            "rows": rows,
            "lists": {k: [(a, masked(a)) for a in v] for k, v in lists.items()},
            "soon": soon,
            "agencies": agencies,
            "year": today.year,
        },
    )


@login_required
def staff_detail(request, pk):
    app = _readable(request, pk)
    handler = services.can_handle(request.user, app.agency)
    try:
        result = services.compute(app)
        trace, clock_error = result.trace, ""
    except CalendarMissing as exc:
        trace, clock_error = [], str(exc)
    today = timezone.localdate().isoformat()
    peers = Application.objects.filter(
        agency=app.agency, received_on__gte=app.received_on - timedelta(days=365)
    )
    suggestions = similar.similar(app.description, peers.exclude(pk=app.pk)[:500])
    return render(
        request,
        "applications/staff_detail.html",
        {
            "app": app,
            "handler": handler,
            "masked": masked(app),
            "trace": trace,
            "clock_error": clock_error,
            "steps": app.steps.all(),
            "appeals": app.appeals.all(),
            "similar": suggestions[:10],
            "suggest_publish": len(suggestions) >= 2,
            "can_publish": handler and app.outcome in ("granted", "partial") and not app.catalogue_item_id,
            "result_choices": Result.choices,
            "notice_kinds": NOTICE_KINDS,
            "columns": Column.objects.filter(Q(agency=None) | Q(agency=app.agency)),
            "forms": {
                "correction": forms.CorrectionForm(initial={"on": today}),
                "correction_received": forms.NoteForm(initial={"on": today}),
                "consult_start": forms.ConsultationForm(initial={"on": today}),
                "consult_end": forms.ConsultationForm(initial={"on": today}),
                "extend": forms.ExtensionForm(initial={"on": today}),
                "fee_notice": forms.FeeNoticeForm(initial={"on": today}),
                "fee_paid": forms.StepForm(initial={"on": today}),
                "close": forms.CloseForm(initial={"on": today}),
                "appeal": forms.AppealForm(),
            },
        },
    )


ACTIONS = {
    "correction": (
        forms.CorrectionForm,
        lambda u, a, d: services.request_correction(u, a, d["on"], d["period"], d["note"]),
    ),
    "correction_received": (
        forms.NoteForm,
        lambda u, a, d: services.receive_correction(u, a, d["on"], d["note"]),
    ),
    "consult_start": (
        forms.ConsultationForm,
        lambda u, a, d: services.start_consultation(u, a, d["on"], d["party"]),
    ),
    "consult_end": (
        forms.ConsultationForm,
        lambda u, a, d: services.end_consultation(u, a, d["on"], d["party"]),
    ),
    "extend": (
        forms.ExtensionForm,
        lambda u, a, d: services.extend(u, a, d["on"], d["workdays"], d["reason"]),
    ),
    "fee_notice": (
        forms.FeeNoticeForm,
        lambda u, a, d: services.send_fee_notice(u, a, d["on"], d["method"], d["pages"], d["received_on"]),
    ),
    "fee_paid": (forms.StepForm, lambda u, a, d: services.record_payment(u, a, d["on"])),
    "close": (forms.CloseForm, lambda u, a, d: services.close(u, a, d["outcome"], d["on"], d["notes"])),
}


def _errors(form) -> str:
    return "；".join(
        f"{form.fields[f].label if f in form.fields else ''}{'：' if f in form.fields else ''}{' '.join(e)}"
        for f, e in form.errors.items()
    )


@login_required
@require_POST
def staff_action(request, pk, action):
    app = _readable(request, pk)
    if action not in ACTIONS:
        raise Http404
    form_class, run = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("applications:staff_detail", pk)
    try:
        run(request.user, app, form.cleaned_data)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "没有权限。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已登记。")
    return redirect("applications:staff_detail", pk)


@login_required
def staff_register(request):
    agencies = Agency.objects.filter(
        pk__in=[a.pk for a in readable_agencies(request.user) if services.can_handle(request.user, a)]
    )
    form = forms.RegisterForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("agency", "website", "channel", "received_on")
        }
        if not data.get("id_proof"):
            data.pop("id_proof", None)
        try:
            app = services.register(
                request.user,
                form.cleaned_data["agency"],
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                **data,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, f"已登记，查询码：{app.tracking_number}")
            return redirect("applications:staff_detail", app.pk)
    return render(request, "applications/register.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def staff_letter(request, pk, fmt):
    return _letter_response(_readable(request, pk), fmt)


@login_required
def staff_notice(request, pk, step_pk, fmt):
    app = _readable(request, pk)
    return _letter_response(app, fmt, get_object_or_404(app.steps, pk=step_pk))


@login_required
def staff_id_proof(request, pk):
    """The uploaded identity document: only the handling agency's staff may open it."""
    app = _readable(request, pk)
    if not services.can_handle(request.user, app.agency) or not app.id_proof:
        raise Http404
    return FileResponse(
        app.id_proof.open("rb"), as_attachment=True, filename=app.id_proof.name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
def staff_publish(request, pk):
    """第四十四条: turn the released information into a catalogue draft in one step."""
    app = _readable(request, pk)
    column = Column.objects.filter(
        Q(agency=None) | Q(agency=app.agency), pk=request.POST.get("column") or 0
    ).first()
    if column is None:
        messages.error(request, "请选择栏目。")
    elif app.outcome not in ("granted", "partial"):
        messages.error(request, "只有予以公开或部分公开的信息可以转为主动公开。")
    else:
        try:
            item = catalogue_services.create_draft(
                request.user, app.agency, column=column, title=app.description[:300], body=app.reply_notes
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            app.catalogue_item = item
            app.save(update_fields=["catalogue_item"])
            messages.success(request, "已生成主动公开信息草稿，请在信息发布中审核发布。")
    return redirect("applications:staff_detail", pk)


@login_required
@require_POST
def appeal_add(request, pk):
    app = _readable(request, pk)
    form = forms.AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            appeal_services.register(request.user, app, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "已登记复议或诉讼案件。")
    return redirect("applications:staff_detail", pk)


@login_required
@require_POST
def appeal_conclude(request, appeal_pk):
    appeal = get_object_or_404(Appeal.objects.select_related("application__agency"), pk=appeal_pk)
    if not can_read(request.user, appeal.application.agency):
        raise Http404
    form = forms.AppealResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            appeal_services.conclude(
                request.user, appeal, form.cleaned_data["result"], form.cleaned_data["on"]
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    return redirect("applications:staff_detail", appeal.application_id)


@login_required
def staff_table3(request, agency_pk, year):
    agency = get_object_or_404(Agency, pk=agency_pk)
    if not can_read(request.user, agency):
        raise Http404
    fmt = format_for_year(year)
    counts = table3(agency, year)
    t3 = fmt.tables_in(3)[0]
    rows = [(r, [counts[t3.cell_id(r, c)] for c in t3.columns]) for r in t3.rows]
    t4 = fmt.tables_in(4)[0]
    counts4 = table4(agency, year)
    rows4 = [(r, [counts4[t4.cell_id(r, c)] for c in t4.columns]) for r in t4.rows]
    paid = fee_totals(agency, year)
    return render(
        request,
        "applications/table3.html",
        {
            "agency": agency,
            "year": year,
            "columns": t3.columns,
            "rows": rows,
            "columns4": t4.columns,
            "rows4": rows4,
            "fee_statement": fees.fee_statement(year, paid["notices"], paid["paid"]),
        },
    )
