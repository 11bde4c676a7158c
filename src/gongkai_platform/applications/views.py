"""Server-rendered pages: the public form and tracking page, and the clerks' case pages."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
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
from gongkai_platform.applications import actions, fees, forms, letters, services, similar, tasks
from gongkai_platform.applications.models import (
    RECEIPT_RULES,
    Application,
    CaseFile,
    CaseState,
    Channel,
    FilePurpose,
    Letter,
    LetterKind,
    StepKind,
)
from gongkai_platform.applications.outcomes import NATURAL
from gongkai_platform.applications.personal import mask_address, mask_id, mask_name, mask_phone
from gongkai_platform.applications.table3 import fee_totals, table3
from gongkai_platform.catalogue import services as catalogue_services
from gongkai_platform.catalogue.models import Column
from gongkai_platform.clientip import client_ip
from gongkai_platform.downloads import attachment_response, file_attachment
from gongkai_platform.workdays.services import CalendarMissing

POSTS_PER_HOUR = 10  # every attempt counts (bots), with room for a person correcting typos


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
    # ?agency=<pk> (the portal's 依申请公开 link on an agency's site) preselects the agency
    initial = {"agency": request.GET.get("agency")} if request.GET.get("agency", "").isdigit() else None
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, initial=initial)
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


def _public_case(tracking_number) -> Application:
    return get_object_or_404(Application.objects.select_related("agency"), tracking_number=tracking_number)


def track(request, tracking_number, correction_form=None, status=200):
    """The applicant's page: where the case stands, every message sent, the letters, the released
    information, and the 补正 form while a correction is awaited."""
    app = _public_case(tracking_number)
    return render(
        request,
        "applications/track.html",
        {
            "app": app,
            "masked": masked(app),
            "timeline": app.messages.select_related("letter").order_by("created_at", "pk"),
            "letters": [x for x in app.letters.all() if x.kind != LetterKind.CONSULTATION],
            "released": app.files.filter(purpose=FilePurpose.RELEASED) if not app.is_open else [],
            "correction_form": correction_form
            or (forms.CorrectionAnswerForm() if app.state == CaseState.AWAITING_CORRECTION else None),
            "receipt_rule": RECEIPT_RULES[Channel(app.channel)],
            "forwarded_to": app.forwards.select_related("agency").first(),
        },
        status=status,
    )


@require_POST
def correct(request, tracking_number):
    """The applicant answers the 补正 notice online (text and files)."""
    app = _public_case(tracking_number)
    if rate_limited(request):
        return HttpResponse(
            "提交过于频繁，请一小时后再试。", status=429, content_type="text/plain; charset=utf-8"
        )
    form = forms.CorrectionAnswerForm(request.POST, request.FILES)
    uploads = request.FILES.getlist("files")
    if form.is_valid():
        if len(uploads) > services.CORRECTION_MAX_FILES:
            form.add_error("files", f"最多上传{services.CORRECTION_MAX_FILES}个文件。")
        else:
            try:
                services.applicant_corrects(app, form.cleaned_data["text"], uploads)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "补正已提交，本机关已收到，答复期限自今日起重新计算。")
                return redirect("applications:track", app.tracking_number)
    return track(request, tracking_number, correction_form=form, status=400)


def letter_response(letter: Letter, fmt: str, *, public: bool) -> HttpResponse:
    """The letter as PDF or DOCX, named `满洲里市统计局2026-YSQ-0012答复书.pdf`."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    text = letters.compose(letter, public=public)
    if fmt == "pdf":
        body, content_type = letters.render_pdf(text), "application/pdf"
    else:
        body = letters.render_docx(text)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return attachment_response(body, f"{letter.filename_stem}.{fmt}", content_type)


def file_response(f: CaseFile) -> HttpResponse:
    if not f.file:
        raise Http404
    return file_attachment(f.file.open("rb"), f.file.name.rsplit("/", 1)[-1])


def public_letter(request, tracking_number, letter_pk, fmt):
    app = _public_case(tracking_number)
    letter = get_object_or_404(
        app.letters.exclude(kind=LetterKind.CONSULTATION).select_related("step"), pk=letter_pk
    )
    return letter_response(letter, fmt, public=True)


def public_file(request, tracking_number, file_pk):
    """Released information, once the reply is issued."""
    app = _public_case(tracking_number)
    if app.is_open:
        raise Http404
    return file_response(get_object_or_404(app.files, pk=file_pk, purpose=FilePurpose.RELEASED))


# ---------------------------------------------------------------- staff
def _readable(request, pk) -> Application:
    app = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    if not can_read(request.user, app.agency):
        raise Http404
    return app


@login_required
@require_POST
def remind_now(request):
    """Queue the reminder e-mails now (the daily timer does the same) for the worker to send."""
    if not request.user.is_superuser:
        raise PermissionDenied
    tasks.send_deadline_reminders.enqueue()
    messages.success(request, "期限提醒已加入后台队列，将由后台任务发出。")
    return redirect("applications:staff_list")


def action_form(action: actions.Action, app: Application, data=None, files=None, initial=None):
    """The action's form; its element ids carry the action's key, as one page shows several forms."""
    kwargs = {"agency": app.agency} if action.form is forms.ForwardForm else {}
    return action.form(data, files, initial=initial, auto_id=f"id_{action.key}_%s", **kwargs)


def _initial(action: actions.Action, app: Application) -> dict:
    today = timezone.localdate().isoformat()
    initial = {"on": today}
    if action.key == "consult_end":
        open_party = app.steps.filter(kind=StepKind.CONSULTATION_STARTED).values_list("party", flat=True)
        ended = set(app.steps.filter(kind=StepKind.CONSULTATION_ENDED).values_list("party", flat=True))
        initial["party"] = next((p for p in open_party if p not in ended), "")
    if action.key == "extend" and (proposal := services.pending_extension(app)):
        initial |= {"workdays": proposal.workdays, "reason": proposal.note}
    if action.key == "confirm":
        initial["on"] = timezone.localtime(app.submitted_at).date().isoformat()
    return initial


@login_required
def staff_detail(request, pk, bound=None, status=200):
    """The case: what it is, its timeline with letters, and only the actions possible now (each one form,
    which comes back with what was typed when it fails)."""
    app = _readable(request, pk)
    handler = services.can_handle(request.user, app.agency)
    try:
        result = services.compute(app)
        trace, clock_error, due = result.trace, "", result.due
    except (services.NotReceived, CalendarMissing) as exc:
        trace, clock_error, due = [], str(exc), None
    action_forms = [
        (a, bound[1] if bound and bound[0] == a.key else action_form(a, app, initial=_initial(a, app)))
        for a in actions.available_actions(app, request.user)
    ]
    peers = Application.objects.filter(
        agency=app.agency, submitted_at__gte=app.submitted_at - timedelta(days=365)
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
            "warnings": [s for s in trace if s.warning],
            "clock_error": clock_error,
            "steps": app.steps.prefetch_related("letters", "files").select_related("created_by"),
            "case_letters": app.letters.select_related("step"),
            "files": app.files.all(),
            "messages_sent": app.messages.all(),
            "pending_extension": services.pending_extension(app),
            "action_forms": action_forms,
            "failed": bound[0] if bound else "",
            "receipt_rule": RECEIPT_RULES[Channel(app.channel)],
            "today": timezone.localdate(),
            "due": due,  # as of today: the cache lags when a consultation runs past its period
            "appeals": app.appeals.all(),
            "similar": suggestions[:10],
            "suggest_publish": len(suggestions) >= 2,
            "can_publish": handler and app.outcome in ("granted", "partial") and not app.catalogue_item_id,
            "result_choices": Result.choices,
            "columns": Column.objects.filter(Q(agency=None) | Q(agency=app.agency)),
            "appeal_form": forms.AppealForm(),
        },
        status=status,
    )


def _errors(form) -> str:
    return "；".join(
        f"{form.fields[f].label if f in form.fields else ''}{'：' if f in form.fields else ''}{' '.join(e)}"
        for f, e in form.errors.items()
    )


@login_required
@require_POST
def staff_action(request, pk, action):
    app = _readable(request, pk)
    act = actions.ACTIONS.get(action)
    if act is None:
        raise Http404
    if action not in actions.available(app, request.user):
        messages.error(request, f"该申请当前不能办理“{act.label}”，或您没有相应权限。")
        return redirect("applications:staff_detail", pk)
    form = action_form(act, app, request.POST, request.FILES)
    if form.is_valid():
        try:
            act.run(request.user, app, form.cleaned_data)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or "没有权限。")
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"已办理：{act.label}。")
            return redirect("applications:staff_detail", pk)
    return staff_detail(request, pk, bound=(action, form), status=400)


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
def staff_letter(request, pk, letter_pk, fmt):
    app = _readable(request, pk)
    return letter_response(
        get_object_or_404(app.letters.select_related("step"), pk=letter_pk), fmt, public=False
    )


@login_required
def staff_file(request, pk, file_pk):
    app = _readable(request, pk)
    if not services.can_handle(request.user, app.agency):
        raise Http404
    return file_response(get_object_or_404(app.files, pk=file_pk))


@login_required
def staff_id_proof(request, pk):
    """The uploaded identity document: only the handling agency's staff may open it."""
    app = _readable(request, pk)
    if not services.can_handle(request.user, app.agency) or not app.id_proof:
        raise Http404
    suffix = app.id_proof.name.rpartition(".")[2].lower()
    return file_attachment(app.id_proof.open("rb"), f"{app.file_stem}-身份证明.{suffix}")


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
    form = forms.AppealForm(request.POST, instance=Appeal(application=app, agency_id=app.agency_id))
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
    appeal = get_object_or_404(Appeal.objects.select_related("agency"), pk=appeal_pk)
    if not can_read(request.user, appeal.agency):
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
    if appeal.application_id is None:
        return redirect("appeals:list")
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
