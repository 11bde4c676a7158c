"""Every change to an application goes through here: the step is checked by replaying the clock with it,
saved with an audit entry in the same transaction, and the cached due dates are refreshed."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from gongkai_platform.agencies.models import Agency, Role
from gongkai_platform.agencies.permissions import roles_in
from gongkai_platform.applications import clock, fees
from gongkai_platform.applications.models import Application, CaseState, Channel, Step, StepKind
from gongkai_platform.applications.outcomes import OUTCOMES
from gongkai_platform.auditlog.services import record
from gongkai_platform.workdays.services import CalendarMissing, WorkCalendar

HANDLERS = {Role.EDITOR, Role.REVIEWER, Role.SIGNER}
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_tracking_number() -> str:
    return "YS" + "".join(secrets.choice(_ALPHABET) for _ in range(14))


def can_handle(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency) & HANDLERS)


def _require_handler(user, agency: Agency, *, head: bool = False):
    roles = roles_in(user, agency)
    if head and Role.SIGNER not in roles:
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
                out.append(clock.ConsultationStarted(s.on, s.party))
            case StepKind.CONSULTATION_ENDED:
                out.append(clock.ConsultationEnded(s.on, s.party))
            case StepKind.EXTENSION_APPROVED:
                out.append(clock.ExtensionApproved(s.on, s.workdays))
            case StepKind.FEE_NOTICE_SENT:
                out.append(clock.FeeNoticeSent(s.on, s.received_on))
            case StepKind.FEE_PAID:
                out.append(clock.FeePaid(s.on))
            case StepKind.CLOSED:
                out.append(clock.Closed(s.on))
    return out


def compute(app: Application, calendar=None, extra: Step | None = None) -> clock.ClockResult:
    steps = list(app.steps.all()) if app.pk else []
    if extra is not None:
        steps.append(extra)
    return clock.compute(calendar or WorkCalendar(), app.received_on, clock_events(steps))


def refresh(app: Application, calendar=None, save: bool = True) -> Application:
    """Recompute the cached clock fields; a missing calendar year is stored as a visible problem."""
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
def check_receipt(channel: str, received_on: date, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if channel not in Channel.values:
        raise ValidationError({"channel": "提交渠道无效。"})
    if received_on > today:
        raise ValidationError({"received_on": "收到申请之日不能晚于今天。"})


@transaction.atomic
def register(user, agency: Agency, *, channel: str, received_on: date, **fields) -> Application:
    """Create an application: from the online form (user None, channel online, received today) or by a
    clerk for counter, post, fax, e-mail and oral applications."""
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
    return app


def register_online(cleaned: dict) -> Application:
    """An application from the public form or API (its validated data): received today (第三十一条), with the
    form's own fields (the agency, the anti-bot field, an absent proof upload) left out of the record."""
    fields = {k: v for k, v in cleaned.items() if k not in ("agency", "website")}
    if not fields.get("id_proof"):
        fields.pop("id_proof", None)
    return register(
        None, cleaned["agency"], channel=Channel.ONLINE, received_on=timezone.localdate(), **fields
    )


# ---------------------------------------------------------------- steps
def _locked(app: Application) -> Application:
    return Application.objects.select_for_update().get(pk=app.pk)


@transaction.atomic
def add_step(user, app: Application, kind: str, on: date, **fields) -> Step:
    app = _locked(app)
    _require_handler(user, app.agency, head=kind == StepKind.EXTENSION_APPROVED)
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
    return step


def request_correction(user, app, on: date, period: int, note: str) -> Step:
    if not note.strip():
        raise ValidationError("补正告知须一次性写明需要补正的事项。")
    return add_step(user, app, StepKind.CORRECTION_REQUESTED, on, workdays=period, note=note)


def receive_correction(user, app, on: date, note: str = "") -> Step:
    return add_step(user, app, StepKind.CORRECTION_RECEIVED, on, note=note)


def start_consultation(user, app, on: date, party: str) -> Step:
    if not party.strip():
        raise ValidationError("请填写被征求意见的第三方或机关。")
    return add_step(user, app, StepKind.CONSULTATION_STARTED, on, party=party.strip())


def end_consultation(user, app, on: date, party: str, note: str = "") -> Step:
    return add_step(user, app, StepKind.CONSULTATION_ENDED, on, party=party.strip(), note=note)


def extend(user, app, on: date, workdays: int, reason: str) -> Step:
    if not reason.strip():
        raise ValidationError("延长答复期限须说明理由。")
    return add_step(user, app, StepKind.EXTENSION_APPROVED, on, workdays=workdays, note=reason)


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
    )


def record_payment(user, app, on: date) -> Step:
    return add_step(user, app, StepKind.FEE_PAID, on)


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


@transaction.atomic
def close(user, app: Application, outcome: str, on: date, notes: str = "") -> Application:
    """Close with exactly one outcome (a Table 三 row of the 2021 format) and the reply date."""
    app = _locked(app)
    if outcome not in OUTCOMES:
        raise ValidationError("请选择一个办理结果。")
    if not app.is_open:
        raise ValidationError("该申请已办结。")
    if outcome == "partial" and not notes.strip():
        raise ValidationError("部分公开须说明不予公开部分的理由。")
    if outcome == "other.other" and not notes.strip():
        raise ValidationError("选择“其他”处理的，须在答复补充说明中写明处理情况。")
    _outcome_allowed(app, outcome, on)
    add_step(user, app, StepKind.CLOSED, on, note=OUTCOMES[outcome].title)
    app.refresh_from_db()
    app.outcome, app.replied_on, app.reply_notes = outcome, on, notes
    app.save(update_fields=["outcome", "replied_on", "reply_notes"])
    record(user, "application.decided", app, {"outcome": outcome, "replied_on": on})
    return app
