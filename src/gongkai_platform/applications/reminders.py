"""Per-agency lists of overdue applications and those due within 3 working days, and the reminder e-mails."""

from datetime import date

from django.core.mail import send_mail
from django.db.models import Q

from gongkai_platform.agencies.models import Agency, Membership
from gongkai_platform.applications.models import Application, CaseState
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
    }


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
        ):
            lines += [f"\n{title}：{len(lists[key])}件"] + [
                f"  {a.tracking_number} 答复期限 {a.due_on or a.clock_error}" for a in lists[key]
            ]
        if recipients:
            send_mail(f"依申请公开期限提醒：{agency.name}", "\n".join(lines), None, recipients)
        sent[agency.slug] = total
    return sent
