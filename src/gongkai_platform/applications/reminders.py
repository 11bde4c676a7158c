"""Per-agency lists of overdue applications and those due within 3 working days, and the reminder e-mails."""

from datetime import date

from django.core.mail import send_mail
from django.db.models import Q

from gongkai_platform.agencies.models import Agency, Membership
from gongkai_platform.applications.clock import CONSULTATION_REPLY_WORKDAYS
from gongkai_platform.applications.models import Application, CaseState, StepKind
from gongkai_platform.applications.services import HANDLERS
from gongkai_platform.workdays.services import WorkCalendar

SOON_WORKDAYS = 3


def deadline_lists(agency: Agency, today: date, calendar=None) -> dict[str, list[Application]]:
    """Overdue (reply, correction or payment period passed) and due within SOON_WORKDAYS working days.
    Raises CalendarMissing when the next working days are not in the calendar."""
    soon = (calendar or WorkCalendar()).add_workdays(today, SOON_WORKDAYS)
    open_apps = Application.objects.filter(agency=agency).exclude(state=CaseState.CLOSED)
    overdue = open_apps.filter(
        Q(due_on__lt=today)
        | Q(state=CaseState.AWAITING_CORRECTION, correction_due__lt=today)
        | Q(state=CaseState.AWAITING_FEE, fee_due__lt=today)
    )
    return {
        "overdue": list(overdue.order_by("due_on")),
        "due_soon": list(open_apps.filter(due_on__gte=today, due_on__lte=soon).order_by("due_on")),
        "no_due_date": list(open_apps.exclude(clock_error="")),
        "consultation_overrun": consultations_overrun(open_apps, today),
    }


def consultations_overrun(open_apps, today: date) -> list[Application]:
    """Cases whose consulted party has not answered within its 15 working days (第三十二条): the clerk must
    now decide, and the clock runs again."""
    out = []
    for app in open_apps.filter(state=CaseState.CONSULTING).prefetch_related("steps"):
        ends = {s.party: s for s in app.steps.all() if s.kind == StepKind.CONSULTATION_ENDED}
        for s in app.steps.all():
            if s.kind == StepKind.CONSULTATION_STARTED and s.party not in ends:
                reply_by = WorkCalendar().add_workdays(s.received_on or s.on, CONSULTATION_REPLY_WORKDAYS)
                if today > reply_by:
                    out.append(app)
                    break
    return out


def remind(today: date) -> dict[str, int]:
    """E-mail every agency's handlers their lists; returns {agency slug: cases mentioned}."""
    calendar, sent = WorkCalendar(), {}
    for agency in Agency.objects.filter(applications__isnull=False).distinct():
        lists = deadline_lists(agency, today, calendar)
        total = sum(len(v) for v in lists.values())
        if not total:
            continue
        recipients = sorted(
            set(
                Membership.objects.filter(agency=agency, role__in=HANDLERS)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
        lines = [f"{agency.name}依申请公开办理提醒（{today:%Y-%m-%d}）"]
        for title, key in (
            ("已超期", "overdue"),
            ("3个工作日内到期", "due_soon"),
            ("期限无法计算", "no_due_date"),
            ("征求意见超过15个工作日未复", "consultation_overrun"),
        ):
            lines += [f"\n{title}：{len(lists[key])}件"] + [
                f"  {a.number or a.tracking_number} 答复期限 {a.due_on or a.clock_error or '暂停计算'}"
                for a in lists[key]
            ]
        if recipients:
            send_mail(f"依申请公开期限提醒：{agency.name}", "\n".join(lines), None, recipients)
        sent[agency.slug] = total
    return sent
