"""Every change to an application goes through here: the step is checked by replaying the clock with it,
saved with an audit entry in the same transaction, the cached due dates are refreshed, the step's numbered
letter is issued and the applicant is told (notify.inform, sent after commit)."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from gongkai_platform.agencies.models import Agency, Role
from gongkai_platform.agencies.permissions import roles_in
from gongkai_platform.applications import clock, fees, notify, numbering
from gongkai_platform.applications.models import (
    Application,
    CaseFile,
    CaseState,
    Channel,
    FilePurpose,
    Letter,
    LetterKind,
    NotHeldGround,
    Step,
    StepKind,
)
from gongkai_platform.applications.outcomes import OUTCOMES
from gongkai_platform.applications.text import clause
from gongkai_platform.auditlog.services import record
from gongkai_platform.workdays.services import CalendarMissing, WorkCalendar

HANDLERS = {Role.CASEWORKER, Role.EDITOR, Role.REVIEWER, Role.SIGNER}
APPROVERS = {Role.SIGNER}  # 政府信息公开工作机构负责人: approves extensions (第三十三条第二款)
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_tracking_number() -> str:
    return "YS" + "".join(secrets.choice(_ALPHABET) for _ in range(14))


def can_handle(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency) & HANDLERS)


def can_approve(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency) & APPROVERS)


def _require_handler(user, agency: Agency, *, head: bool = False):
    roles = roles_in(user, agency)
    if head and not roles & APPROVERS:
        raise PermissionDenied("延长答复期限须经政府信息公开工作机构负责人（签批领导）同意。")
    if not roles & HANDLERS:
        raise PermissionDenied("您不是该机关的政府信息公开经办人员。")


# ---------------------------------------------------------------- clock
def clock_events(steps) -> list:
    """The clock's view of the saved steps."""
    out = []
    for s in steps:
        match s.kind:
            case StepKind.CORRECTION_REQUESTED:
                out.append(clock.CorrectionRequested(s.on, s.workdays or clock.DEFAULT_CORRECTION_PERIOD))
            case StepKind.CORRECTION_RECEIVED:
                out.append(clock.CorrectionReceived(s.on))
            case StepKind.CONSULTATION_STARTED:
                out.append(clock.ConsultationStarted(s.on, s.party, s.received_on))
            case StepKind.CONSULTATION_ENDED:
                out.append(clock.ConsultationEnded(s.on, s.party))
            case StepKind.EXTENSION_APPROVED:
                out.append(clock.ExtensionApproved(s.on, s.workdays))
            case StepKind.REPLY_DEFERRED:
                out.append(clock.ReplyDeferred(s.on, s.until))
            case StepKind.FEE_NOTICE_SENT:
                out.append(clock.FeeNoticeSent(s.on, s.received_on))
            case StepKind.FEE_PAID:
                out.append(clock.FeePaid(s.on))
            case StepKind.CLOSED:
                out.append(clock.Closed(s.on))
    return out


class NotReceived(ValueError):
    """The application has not been confirmed as received, so no period runs yet (第三十一条)."""


def compute(app: Application, calendar=None, extra: Step | None = None) -> clock.ClockResult:
    if app.received_on is None:
        raise NotReceived("尚未确认收到申请，答复期限尚未开始计算。")
    steps = list(app.steps.all()) if app.pk else []
    if extra is not None:
        steps.append(extra)
    return clock.compute(
        calendar or WorkCalendar(), app.received_on, clock_events(steps), today=timezone.localdate()
    )


def refresh(app: Application, calendar=None, save: bool = True) -> Application:
    """Recompute the cached clock fields; a missing calendar year is stored as a visible problem."""
    if app.received_on is None:
        app.state, app.clock_error = CaseState.PENDING, ""
        app.due_on = app.correction_due = app.fee_due = None
        if save and app.pk:
            app.save(update_fields=["state", "due_on", "correction_due", "fee_due", "clock_error"])
        return app
    try:
        result = compute(app, calendar)
    except (CalendarMissing, clock.ClockError) as exc:
        app.due_on = app.correction_due = app.fee_due = None
        app.clock_error = str(exc)[:300]
    else:
        app.state = result.state.value
        app.due_on, app.correction_due, app.fee_due = result.due, result.correction_due, result.fee_due
        app.clock_error = ""
    if save and app.pk:
        app.save(update_fields=["state", "due_on", "correction_due", "fee_due", "clock_error"])
    return app


def refresh_open(agency: Agency | None = None) -> int:
    """Recompute every open application (after a calendar edit); returns how many were updated."""
    calendar = WorkCalendar()
    qs = Application.objects.exclude(state=CaseState.CLOSED).prefetch_related("steps")
    if agency is not None:
        qs = qs.filter(agency=agency)
    n = 0
    for app in qs:
        refresh(app, calendar)
        n += 1
    return n


# ---------------------------------------------------------------- intake
def check_receipt(channel: str, received_on: date | None, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if channel not in Channel.values:
        raise ValidationError({"channel": "提交渠道无效。"})
    if received_on is None and channel != Channel.ONLINE:
        raise ValidationError({"received_on": "请填写收到申请之日（第三十一条）。"})
    if received_on is not None and received_on > today:
        raise ValidationError({"received_on": "收到申请之日不能晚于今天。"})


def auto_confirm() -> bool:
    """Whether online applications count as received when submitted (an agency's published rule), instead of
    when a clerk confirms them."""
    return bool(getattr(settings, "GONGKAI_APPLICATIONS_AUTO_CONFIRM", False))


@transaction.atomic
def register(user, agency: Agency, *, channel: str, received_on: date | None, **fields) -> Application:
    """Create an application: from the online form (user None, channel online; received when confirmed) or by
    a clerk for counter, post, fax, e-mail and oral applications with their 第三十一条 receipt date."""
    if user is not None:
        _require_handler(user, agency)
    elif channel != Channel.ONLINE:
        raise PermissionDenied("只有经办人员可以登记非网上渠道的申请。")
    check_receipt(channel, received_on)
    app = Application(
        agency=agency,
        channel=channel,
        received_on=received_on,
        tracking_number=new_tracking_number(),
        registered_by=user,
        **fields,
    )
    app.full_clean(exclude=["tracking_number"])
    refresh(app, save=False)
    app.save()
    record(user, "application.registered", app, {"channel": channel, "received_on": received_on})
    if received_on is None:
        notify.inform(
            app,
            "已收到您提交的政府信息公开申请",
            f"您向{agency.name}提交的政府信息公开申请已进入系统，工作人员确认后将向您出具收件回执，"
            "答复期限自确认收到申请之日起计算（第三十一条）。",
        )
    else:
        _received(user, app, received_on)
    return app


def register_online(cleaned: dict) -> Application:
    """An application from the public form or API (its validated data), with the form's own fields (the
    agency, the anti-bot field, an absent proof upload) left out of the record. It is received when the office
    confirms it, or at once where the agency confirms online applications automatically."""
    fields = {k: v for k, v in cleaned.items() if k not in ("agency", "website")}
    if not fields.get("id_proof"):
        fields.pop("id_proof", None)
    received = timezone.localdate() if auto_confirm() else None
    return register(None, cleaned["agency"], channel=Channel.ONLINE, received_on=received, **fields)


def _received(user, app: Application, on: date, step: Step | None = None) -> Letter:
    """Fix the receipt: the register number and the numbered 收件回执 that tells the applicant the date."""
    app.number = numbering.case_number(app)
    app.save(update_fields=["number"])
    letter = issue_letter(app, LetterKind.RECEIPT, on, step)
    refresh(app)
    notify.inform(
        app,
        "申请已收到",
        f"{app.agency.name}已于{_cn(on)}收到您的政府信息公开申请，登记编号{app.number}。"
        f"依照条例第三十一条，{receipt_rule(app).split('（')[0]}。"
        + (f"本机关将于{_cn(app.due_on)}前答复。" if app.due_on else ""),
        step=step,
        letter=letter,
    )
    return letter


def receipt_rule(app: Application) -> str:
    from gongkai_platform.applications.models import RECEIPT_RULES

    return RECEIPT_RULES[Channel(app.channel)]


@transaction.atomic
def confirm_receipt(user, app: Application, on: date, note: str = "") -> Application:
    """第三十一条: an online (or forwarded) application is received on the day the office confirms it."""
    app = _locked(app)
    _require_handler(user, app.agency)
    if app.received_on is not None:
        raise ValidationError("该申请已确认收到。")
    if on < timezone.localtime(app.submitted_at).date() or on > timezone.localdate():
        raise ValidationError("确认收到之日应在提交之日至今天之间。")
    app.received_on = on
    app.save(update_fields=["received_on"])
    step = Step.objects.create(
        application=app, kind=StepKind.RECEIPT_CONFIRMED, on=on, note=note, created_by=user
    )
    record(user, "application.receipt_confirmed", app, {"on": on})
    _received(user, app, on, step)
    return app


def _cn(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


# ---------------------------------------------------------------- letters
def issue_letter(app: Application, kind: str, on: date, step: Step | None = None) -> Letter:
    seq, number = numbering.letter_number(app.agency, kind, on.year)
    return Letter.objects.create(
        application=app, step=step, kind=kind, year=on.year, seq=seq, number=number, issued_on=on
    )


# ---------------------------------------------------------------- steps
def _locked(app: Application) -> Application:
    return Application.objects.select_for_update().get(pk=app.pk)


@transaction.atomic
def add_step(
    user,
    app: Application,
    kind: str,
    on: date,
    *,
    letter: str | None = None,
    tell: tuple[str, str] | None = None,
    **fields,
) -> Step:
    """Save one step after replaying the clock with it; issue its letter and tell the applicant (`tell`:
    subject and text, where {due}, {correction_due} and {fee_due} are the refreshed case's dates)."""
    app = _locked(app)
    if user is not None:
        _require_handler(user, app.agency, head=kind == StepKind.EXTENSION_APPROVED)
    if app.received_on is None:
        raise ValidationError("请先确认收到申请（第三十一条），再办理其他事项。")
    if on > timezone.localdate():
        raise ValidationError("日期不能晚于今天。")
    step = Step(application=app, kind=kind, on=on, created_by=user, **fields)
    step.full_clean(exclude=["application"])
    try:
        compute(app, extra=step)
    except clock.ClockError as exc:
        raise ValidationError(str(exc)) from exc
    except CalendarMissing as exc:
        raise ValidationError(str(exc)) from exc
    step.save()
    refresh(app)
    record(
        user,
        f"application.{kind}",
        app,
        {"on": on, **{k: v for k, v in fields.items() if v not in ("", None)}},
    )
    issued = issue_letter(app, letter, on, step) if letter else None
    if tell:
        subject, text = tell
        dates = {
            "due": _cn(app.due_on),
            "correction_due": _cn(app.correction_due),
            "fee_due": _cn(app.fee_due),
        }
        to_applicant = issued if issued is not None and issued.kind != LetterKind.CONSULTATION else None
        notify.inform(app, subject, text.format(**dates), step=step, letter=to_applicant)
    return step


def request_correction(user, app, on: date, period: int, note: str) -> Step:
    if not note.strip():
        raise ValidationError("补正告知须一次性写明需要补正的事项。")
    return add_step(
        user,
        app,
        StepKind.CORRECTION_REQUESTED,
        on,
        workdays=period,
        note=note.strip(),
        letter=LetterKind.CORRECTION,
        tell=(
            "请补正您的申请",
            "您的申请内容需要补正（第三十条）。需要补正的事项："
            + clause(note).replace("{", "（").replace("}", "）")
            + "。请于{correction_due}前在办理进度页面在线提交补正，或以原方式提交。",
        ),
    )


def receive_correction(user, app, on: date, note: str = "", *, by_applicant: bool = False) -> Step:
    return add_step(
        user,
        app,
        StepKind.CORRECTION_RECEIVED,
        on,
        note=note,
        by_applicant=by_applicant,
        tell=(
            "已收到您的补正",
            "本机关已收到您的补正，答复期限自收到补正之日起重新计算，至{due}。",
        ),
    )


CORRECTION_FILE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".txt", ".ofd")
CORRECTION_MAX_BYTES = 10 * 1024 * 1024
CORRECTION_MAX_FILES = 5


@transaction.atomic
def applicant_corrects(app: Application, text: str, uploads=()) -> Step:
    """The applicant answers a 补正 notice on the tracking page: the text and files are the correction, and
    today is its receipt (第三十一条 for an online channel: the system confirms it at once)."""
    if app.state != CaseState.AWAITING_CORRECTION:
        raise ValidationError("该申请当前不需要补正。")
    if not text.strip() and not uploads:
        raise ValidationError("请填写补正内容或上传补正材料。")
    step = receive_correction(None, app, timezone.localdate(), text.strip(), by_applicant=True)
    for upload in uploads:
        add_file(app, FilePurpose.CORRECTION, upload, step=step)
    record(None, "application.corrected_online", app, {"files": len(uploads)})
    return step


def check_file(upload, types=CORRECTION_FILE_TYPES, max_bytes=CORRECTION_MAX_BYTES) -> str:
    """The content type of an accepted upload; ValidationError in Chinese otherwise."""
    from gongkai_platform.catalogue.attachments import check_upload

    name = upload.name or ""
    if not name.lower().endswith(types):
        raise ValidationError(
            f"文件“{name}”的类型不受支持，请上传 {'、'.join(t.lstrip('.').upper() for t in types)} 文件。"
        )
    if upload.size > max_bytes:
        raise ValidationError(f"文件“{name}”超过{max_bytes // (1024 * 1024)}MB。")
    head = upload.read(16)
    upload.seek(0)
    return check_upload(name, head, upload.size)


def add_file(app, purpose: str, upload=None, *, step=None, title: str = "", item=None, redacted: str = ""):
    content_type = check_file(upload) if upload is not None else ""
    f = CaseFile(
        application=app,
        step=step,
        purpose=purpose,
        title=(title or (upload.name if upload else item.title))[:200],
        content_type=content_type,
        size=upload.size if upload else 0,
        catalogue_item=item,
        redacted=redacted,
    )
    if upload is not None:
        f.file.save(upload.name, upload, save=False)
    f.save()
    return f


@transaction.atomic
def attach_released(user, app, *, upload=None, item=None, title: str = "", redacted: str = "") -> CaseFile:
    """A document the reply releases (uploaded), or a published item it points to (第三十六条第（一）项)."""
    app = _locked(app)
    _require_handler(user, app.agency)
    if not app.is_open:
        raise ValidationError("申请已办结，不能再添加答复附件。")
    if upload is None and item is None:
        raise ValidationError("请上传文件或选择已主动公开的信息。")
    if item is not None and item.agency_id != app.agency_id:
        raise ValidationError("只能链接本机关已公开的信息。")
    f = add_file(app, FilePurpose.RELEASED, upload, title=title, item=item, redacted=redacted)
    record(user, "application.file_attached", app, {"title": f.title})
    return f


def start_consultation(user, app, on: date, party: str, received_on: date | None = None) -> Step:
    if not party.strip():
        raise ValidationError("请填写被征求意见的第三方或机关。")
    return add_step(
        user,
        app,
        StepKind.CONSULTATION_STARTED,
        on,
        party=party.strip(),
        received_on=received_on,
        letter=LetterKind.CONSULTATION,
        tell=(
            "您的申请正在征求第三方意见",
            "您申请的信息涉及第三方合法权益或与其他机关共同制作，本机关已书面征求意见（第三十二条、第三十四条），"
            "征求意见所需时间不计算在答复期限内（第三十三条第三款）。",
        ),
    )


def end_consultation(user, app, on: date, party: str, note: str = "") -> Step:
    return add_step(
        user,
        app,
        StepKind.CONSULTATION_ENDED,
        on,
        party=party.strip(),
        note=note,
        tell=("征求意见已结束", "征求意见已结束，答复期限恢复计算，本机关将于{due}前答复。"),
    )


def _check_before_due(app: Application, on: date) -> None:
    """An extension is decided within the reply period: on or before the due date, never after it. (The case
    page and the API also stop offering it once today is past the due date, so it cannot be backdated.)"""
    if app.due_on is not None and on > app.due_on:
        raise ValidationError(
            f"答复期限已于{_cn(app.due_on)}届满，不能再延长（第三十三条第二款：延期须在答复期限内决定）。"
        )


def _check_extension(app: Application, workdays: int, reason: str) -> None:
    if not reason.strip():
        raise ValidationError("延长答复期限须说明理由。")
    if app.steps.filter(kind=StepKind.EXTENSION_APPROVED).exists():
        raise ValidationError("答复期限只能延长一次（第三十三条第二款）。")
    if not 1 <= workdays <= clock.MAX_EXTENSION_WORKDAYS:
        raise ValidationError("延长期限应为1至20个工作日（第三十三条第二款）。")


def propose_extension(user, app, on: date, workdays: int, reason: str) -> Step:
    """A clerk asks the head of the disclosure office to approve an extension; the clock does not change."""
    app.refresh_from_db()
    _check_extension(app, workdays, reason)
    _check_before_due(app, on)
    if pending_extension(app):
        raise ValidationError("已提请延期，等待负责人审批。")
    return add_step(user, app, StepKind.EXTENSION_PROPOSED, on, workdays=workdays, note=reason.strip())


def pending_extension(app) -> Step | None:
    steps = list(app.steps.filter(kind__in=[StepKind.EXTENSION_PROPOSED, StepKind.EXTENSION_APPROVED]))
    return steps[-1] if steps and steps[-1].kind == StepKind.EXTENSION_PROPOSED else None


def extend(user, app, on: date, workdays: int, reason: str) -> Step:
    app.refresh_from_db()
    _require_handler(user, app.agency, head=True)
    _check_extension(app, workdays, reason)
    _check_before_due(app, on)
    return add_step(
        user,
        app,
        StepKind.EXTENSION_APPROVED,
        on,
        workdays=workdays,
        note=reason.strip(),
        letter=LetterKind.EXTENSION,
        tell=(
            "答复期限延长",
            f"经政府信息公开工作机构负责人同意，答复期限延长{workdays}个工作日（第三十三条第二款），"
            "本机关将于{due}前答复。",
        ),
    )


def request_reasons(user, app, on: date, note: str) -> Step:
    """第三十五条: the number or frequency of requests is clearly excessive; ask the applicant why."""
    if not note.strip():
        raise ValidationError("请写明申请数量、频次明显超过合理范围的情况。")
    if app.steps.filter(kind=StepKind.REASONS_REQUESTED).exists():
        raise ValidationError("已要求申请人说明理由。")
    return add_step(
        user,
        app,
        StepKind.REASONS_REQUESTED,
        on,
        note=note.strip(),
        letter=LetterKind.NOTICE,
        tell=(
            "请说明申请理由",
            "您申请公开政府信息的数量、频次明显超过合理范围，请说明理由（第三十五条）。理由不合理的，本机关不予处理；"
            "理由合理但无法在规定期限内答复的，本机关将确定延迟答复的合理期限并告知您。",
        ),
    )


def receive_reasons(user, app, on: date, note: str) -> Step:
    if not app.steps.filter(kind=StepKind.REASONS_REQUESTED).exists():
        raise ValidationError("尚未要求申请人说明理由（第三十五条）。")
    if app.steps.filter(kind=StepKind.REASONS_RECEIVED).exists():
        raise ValidationError("已登记申请人说明的理由。")
    if not note.strip():
        raise ValidationError("请摘要登记申请人说明的理由。")
    return add_step(user, app, StepKind.REASONS_RECEIVED, on, note=note.strip())


def defer_reply(user, app, on: date, until: date, note: str = "") -> Step:
    """第三十五条: the reasons are reasonable but the reply cannot be given in time; a later date is fixed."""
    if not app.steps.filter(kind=StepKind.REASONS_RECEIVED).exists():
        raise ValidationError("须先登记申请人说明的理由，才能确定延迟答复期限（第三十五条）。")
    return add_step(
        user,
        app,
        StepKind.REPLY_DEFERRED,
        on,
        until=until,
        note=note.strip(),
        letter=LetterKind.NOTICE,
        tell=(
            "答复期限延迟",
            "您说明的理由合理，但本机关无法在规定期限内答复，现确定延迟答复期限至{due}（第三十五条）。",
        ),
    )


def month_pieces_before(app: Application) -> int:
    """Pieces the same applicant filed with the same agency earlier in the calendar month of `app`."""
    first = app.received_on.replace(day=1)
    earlier = Application.objects.filter(
        agency=app.agency, id_number=app.id_number, received_on__gte=first, received_on__lte=app.received_on
    ).exclude(pk__gte=app.pk, received_on=app.received_on)
    return earlier.aggregate(n=Sum("pieces"))["n"] or 0


def assess_fee(app: Application, method: str, pages: int | None = None) -> int:
    if method == fees.Method.PER_PIECE:
        return fees.per_piece_fee(month_pieces_before(app), app.pieces)
    if method == fees.Method.PER_PAGE:
        if pages is None or pages < 0:
            raise ValidationError("按量计收须填写页数。")
        return fees.per_page_fee(pages)
    raise ValidationError("计费方式无效。")


def send_fee_notice(
    user, app, on: date, method: str, pages: int | None = None, received_on: date | None = None
) -> Step:
    amount = assess_fee(app, method, pages)
    if amount == 0:
        raise ValidationError("按该方式计算的信息处理费为0元，无需发出收费通知。")
    note = f"{fees.METHOD_LABELS[fees.Method(method)]}，金额{amount}元" + (f"（{pages}页）" if pages else "")
    return add_step(
        user,
        app,
        StepKind.FEE_NOTICE_SENT,
        on,
        amount=amount,
        fee_method=method,
        received_on=received_on,
        note=note,
        letter=LetterKind.FEE,
        tell=(
            "请缴纳信息处理费",
            f"您的申请应缴纳信息处理费{amount}元，请于{{fee_due}}前缴纳，逾期视为放弃申请"
            "（国办函〔2020〕109号）。",
        ),
    )


def record_payment(user, app, on: date) -> Step:
    return add_step(
        user,
        app,
        StepKind.FEE_PAID,
        on,
        tell=("已收到信息处理费", "本机关已收到您缴纳的信息处理费，答复期限恢复计算，至{due}。"),
    )


def _outcome_allowed(app: Application, outcome: str, on: date) -> None:
    kinds = set(app.steps.values_list("kind", flat=True))
    if outcome == "other.no_correction":
        if app.state != CaseState.AWAITING_CORRECTION or not app.correction_due or on <= app.correction_due:
            raise ValidationError("只有补正期限届满仍未补正的申请，才能按“逾期不补正”办结。")
    elif outcome == "other.no_fee_paid":
        if app.state != CaseState.AWAITING_FEE or not app.fee_due or on <= app.fee_due:
            raise ValidationError("只有缴费期限届满仍未缴费的申请，才能按“逾期未缴费”办结。")
    elif outcome == "unavailable.still_unclear":
        if StepKind.CORRECTION_RECEIVED not in kinds:
            raise ValidationError("“补正后申请内容仍不明确”须在收到补正之后才能选择。")
    elif app.state == CaseState.AWAITING_CORRECTION:
        raise ValidationError("申请正在等待补正，请先登记收到补正，或在补正期限届满后按“逾期不补正”办结。")
    if outcome == "not_processed.excessive" and StepKind.REASONS_REQUESTED not in kinds:
        raise ValidationError("“无正当理由大量反复申请”须先要求申请人说明理由（第三十五条）。")


def _details(outcome: str, details: dict) -> dict:
    """The fields the outcome's letter needs, checked; the others blanked."""
    out = {
        "not_held_ground": "",
        "responsible_organ": "",
        "responsible_contact": "",
        "withheld_parts": "",
        "withheld_basis": "",
    }
    given = {k: (details.get(k) or "").strip() for k in out}
    if outcome == "partial":
        if not given["withheld_parts"]:
            raise ValidationError("部分公开须写明不予公开的部分（第三十七条）。")
        if not given["withheld_basis"]:
            raise ValidationError("部分公开须选择不予公开部分的理由（第三十七条）。")
        out |= {"withheld_parts": given["withheld_parts"], "withheld_basis": given["withheld_basis"]}
    elif outcome == "unavailable.not_held":
        ground = given["not_held_ground"] or NotHeldGround.NONEXISTENT
        out["not_held_ground"] = ground
        if ground == NotHeldGround.NOT_OURS:
            if not given["responsible_organ"] or not given["responsible_contact"]:
                raise ValidationError(
                    "不属于本机关负责公开的，须告知负责公开该信息的机关名称及其联系方式（第三十六条第（五）项）。"
                )
            out |= {
                "responsible_organ": given["responsible_organ"],
                "responsible_contact": given["responsible_contact"],
            }
    return out


@transaction.atomic
def close(
    user, app: Application, outcome: str, on: date, notes: str = "", *, letter=LetterKind.REPLY, **details
) -> Application:
    """Close with exactly one outcome (a Table 三 row of the 2021 format), the reply date and what its
    letter must say; the 答复书 is numbered and the applicant told."""
    app = _locked(app)
    if outcome not in OUTCOMES:
        raise ValidationError("请选择一个办理结果。")
    if not app.is_open:
        raise ValidationError("该申请已办结。")
    if app.received_on is None:
        raise ValidationError("请先确认收到申请（第三十一条）。")
    if outcome == "other.other" and not notes.strip():
        raise ValidationError("选择“其他”处理的，须在答复补充说明中写明处理情况。")
    fields = _details(outcome, details)
    if outcome == "partial" and not (
        fields["withheld_basis"].startswith("withheld.") and fields["withheld_basis"] in OUTCOMES
    ):
        raise ValidationError("不予公开部分的理由无效。")
    _outcome_allowed(app, outcome, on)
    step = add_step(user, app, StepKind.CLOSED, on, note=OUTCOMES[outcome].title)
    app.refresh_from_db()
    app.outcome, app.replied_on, app.reply_notes = outcome, on, notes.strip()
    for k, v in fields.items():
        setattr(app, k, v)
    app.save(update_fields=["outcome", "replied_on", "reply_notes", *fields])
    record(user, "application.decided", app, {"outcome": outcome, "replied_on": on})
    issued = issue_letter(app, letter, on, step)
    notify.inform(
        app,
        "您的申请已答复",
        f"{app.agency.name}已于{_cn(on)}对您的申请作出答复：{OUTCOMES[outcome].title}。"
        "请在办理进度页面下载答复书"
        + ("和提供的信息。" if app.files.filter(purpose=FilePurpose.RELEASED).exists() else "。"),
        step=step,
        letter=issued,
    )
    return app


FORWARDED_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "description",
    "document_number",
    "delivery_form",
    "delivery_method",
    "pieces",
    "id_proof",
)


@transaction.atomic
def forward(user, app: Application, to: Agency, on: date, note: str = "") -> Application:
    """转办: the information is another agency's to disclose. This agency replies under 第三十六条第（五）项,
    naming that agency and its contact, and the application, with its history, goes to that agency's
    queue, where it is received when that agency confirms it."""
    if to.pk == app.agency_id:
        raise ValidationError("不能转办给本机关。")
    contact = "；".join(x for x in (to.phone and f"电话{to.phone}", to.address and f"地址{to.address}") if x)
    add_step(user, app, StepKind.FORWARDED, on, party=to.name, note=note.strip())
    close(
        user,
        app,
        "unavailable.not_held",
        on,
        note.strip(),
        letter=LetterKind.NOTICE,
        not_held_ground=NotHeldGround.NOT_OURS,
        responsible_organ=to.name,
        responsible_contact=contact or "可通过本平台查询该机关的办理进度",
    )
    copy = {name: getattr(app, name) for name in FORWARDED_FIELDS}
    new = Application.objects.create(
        agency=to,
        channel=app.channel,
        received_on=None,
        tracking_number=new_tracking_number(),
        forwarded_from=app,
        registered_by=user,
        **copy,
    )
    refresh(new)
    record(user, "application.forwarded", app, {"to": to.name, "new": new.tracking_number})
    notify.inform(
        new,
        "您的申请已转办",
        f"{app.agency.name}已将您的申请转至{to.name}办理，新的查询码为{new.tracking_number}；"
        f"{to.name}确认收到后，答复期限自确认之日起计算（第三十一条）。",
    )
    return new
