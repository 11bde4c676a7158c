"""The case lists and the register (登记台账): filtering, the urgent groups at the top, and the XLSX export
agencies keep. One set of filters serves the page, the print view and the export, so they always agree."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from gongkai_platform.applications.models import CaseState, Step, StepKind
from gongkai_platform.applications.outcomes import NATURAL
from gongkai_platform.applications.personal import mask_name, mask_phone
from gongkai_platform.workdays.services import CalendarMissing, WorkCalendar

SHOWS = {"todo": "待办", "overdue": "超期", "all": "全部", "register": "台账"}


def overdue_q(today: date) -> Q:
    """Past a reply, correction or fee deadline, and still open."""
    return (
        Q(due_on__lt=today)
        | Q(correction_due__lt=today, state=CaseState.AWAITING_CORRECTION)
        | Q(fee_due__lt=today, state=CaseState.AWAITING_FEE)
    ) & ~Q(state=CaseState.CLOSED)


def week_end(today: date) -> date:
    """The Sunday of this week: 本周到期 means due by then."""
    return today + timedelta(days=6 - today.weekday())


def filtered(qs: QuerySet, data: dict, today: date) -> QuerySet:
    """Apply the list's filters (cleaned data of CaseFilterForm)."""
    if show := data.get("show"):
        if show == "todo":
            qs = qs.exclude(state=CaseState.CLOSED)
        elif show == "overdue":
            qs = qs.filter(overdue_q(today))
    for field in ("agency", "state", "channel", "applicant_kind", "outcome"):
        if value := data.get(field):
            qs = qs.filter(**{field: value})
    if data.get("due_from"):
        qs = qs.filter(due_on__gte=data["due_from"])
    if data.get("due_to"):
        qs = qs.filter(due_on__lte=data["due_to"])
    if data.get("received_from"):
        qs = qs.filter(received_on__gte=data["received_from"])
    if data.get("received_to"):
        qs = qs.filter(received_on__lte=data["received_to"])
    if q := (data.get("q") or "").strip():
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(tracking_number__iexact=q)
            | Q(applicant_name__icontains=q)
            | Q(description__icontains=q)
        )
    return qs


@dataclass
class Urgent:
    pending: QuerySet  # online applications waiting for confirmation of receipt
    overdue: QuerySet
    due_this_week: QuerySet
    problems: QuerySet  # no due date can be computed
    week_end: date


def urgent(qs: QuerySet, today: date) -> Urgent:
    open_cases = qs.exclude(state=CaseState.CLOSED)
    end = week_end(today)
    return Urgent(
        pending=open_cases.filter(state=CaseState.PENDING).order_by("submitted_at"),
        overdue=open_cases.filter(overdue_q(today)).order_by("due_on", "correction_due", "fee_due"),
        due_this_week=open_cases.filter(due_on__gte=today, due_on__lte=end).order_by("due_on"),
        problems=open_cases.exclude(clock_error="").exclude(state=CaseState.PENDING),
        week_end=end,
    )


def with_flags(qs: QuerySet) -> QuerySet:
    """Annotate what the register shows as yes/no columns."""

    def has(kind):
        return Exists(Step.objects.filter(application=OuterRef("pk"), kind=kind))

    return qs.select_related("agency").annotate(
        extended=has(StepKind.EXTENSION_APPROVED),
        consulted=has(StepKind.CONSULTATION_STARTED),
        corrected=has(StepKind.CORRECTION_REQUESTED),
    )


REGISTER_COLUMNS = [
    "序号",
    "登记编号",
    "受理机关",
    "收到申请日期",
    "提交渠道",
    "申请人类型",
    "申请人",
    "联系电话",
    "申请内容",
    "补正",
    "征求意见",
    "延期",
    "答复期限",
    "状态",
    "办理结果",
    "答复日期",
    "是否按期",
]


def _timely(app, calendar) -> str:
    """是/否 for a replied case whose reply period ran; blank otherwise (e.g. abandoned during 补正)."""
    from gongkai_platform.applications import services

    if not app.replied_on:
        return ""
    try:
        result = services.compute(app, calendar)
    except (CalendarMissing, ValueError):
        return ""
    return {True: "是", False: "否", None: ""}[result.timely]


def register_rows(qs: QuerySet, *, full: bool) -> list[list]:
    """The register's rows; `full` shows the applicant's name and phone (the agency's own staff), otherwise
    they are masked as on every page a supervisor sees."""
    calendar = WorkCalendar()
    rows = []
    for i, app in enumerate(with_flags(qs).prefetch_related("steps"), 1):
        natural = app.applicant_kind == NATURAL
        rows.append(
            [
                i,
                app.number or "（待确认）",
                app.agency.name,
                app.received_on,
                app.get_channel_display(),
                app.get_applicant_kind_display(),
                app.applicant_name if full else mask_name(app.applicant_name, natural),
                app.phone if full else mask_phone(app.phone),
                app.description[:300],
                "是" if app.corrected else "",
                "是" if app.consulted else "",
                "是" if app.extended else "",
                app.due_on if app.is_open else None,
                app.get_state_display(),
                app.get_outcome_display() if app.outcome else "",
                app.replied_on,
                _timely(app, calendar),
            ]
        )
    return rows


def register_xlsx(qs: QuerySet, *, full: bool, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "登记台账"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(REGISTER_COLUMNS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in register_rows(qs, full=full):
        ws.append(row)
    widths = {"登记编号": 15, "受理机关": 22, "申请内容": 50, "办理结果": 28}
    for i, name in enumerate(REGISTER_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, 12)
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def register_filename(agencies, chosen, today: date) -> str:
    """`满洲里市统计局依申请公开登记台账20261201.xlsx`: named after the one agency listed (the filter's or the
    user's only one), else the one jurisdiction they all belong to, and the day of the export."""
    names = {a.name for a in agencies} if chosen is None else {chosen.name}
    places = {a.jurisdiction.name for a in agencies}
    scope = names.pop() if len(names) == 1 else places.pop() if len(places) == 1 else ""
    return f"{scope}依申请公开登记台账{today:%Y%m%d}.xlsx"
