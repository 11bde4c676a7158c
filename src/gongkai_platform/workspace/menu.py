"""The staff menu: the areas a user may open, and how many things wait for that user in each.

`build()` answers from a handful of aggregate queries (memberships, items, applications, appeals, reports),
whatever the size of the agency, so every staff page pays the same small fixed cost. Counts are the user's own
work: drafts where the user is 编辑, items to review where 审核, to sign where 签批领导, open and overdue cases
where the user handles applications. A 公开办 supervisor reads everything but acts on none of it, so the
supervisor's menu carries no counts there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlsplit

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from gongkai_platform.agencies.models import Membership, Role
from gongkai_platform.annual_reports.models import AnnualReport, Status
from gongkai_platform.appeals.models import Appeal
from gongkai_platform.applications.models import Application, CaseState
from gongkai_platform.catalogue import deadlines
from gongkai_platform.catalogue.models import InformationItem, State
from gongkai_platform.supervision.dashboard import deadline
from gongkai_platform.supervision.models import Notice
from gongkai_platform.workdays.services import CalendarMissing, WorkCalendar

PUBLISHING_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SIGNER)
ACTING_ROLES = (*PUBLISHING_ROLES, Role.CASEWORKER)  # 依申请公开经办 works applications only

# The applications list reads `show` to pick its view; the menu links each view by that name.
APPLICATION_VIEWS = {"todo": "待办", "overdue": "超期", "all": "全部", "register": "台账"}


@dataclass
class Entry:
    label: str
    url: str
    count: int | None = None  # None: nothing waits here for this user (no badge)
    urgent: bool = False  # the count is of overdue work
    current: bool = False


@dataclass
class Section:
    label: str
    entries: list[Entry] = field(default_factory=list)
    prefix: str = ""  # pages under this path belong to the section (an item's page is 主动公开's)
    here: bool = False

    @property
    def current(self) -> bool:
        return self.here or any(e.current for e in self.entries)


@dataclass
class Position:
    """One agency and the user's roles in it, shown in the header."""

    agency: str
    roles: list[str]

    def __str__(self):
        return f"{self.agency} · {'、'.join(self.roles)}"


@dataclass
class Menu:
    sections: list[Section]
    positions: list[Position]

    @property
    def total(self) -> int:
        """Everything that waits, shown on the collapsed phone menu."""
        return sum(e.count or 0 for s in self.sections for e in s.entries)


@dataclass
class Waiting:
    drafts: int | None = None
    to_review: int | None = None
    to_sign: int | None = None
    overdue_items: int | None = None
    open_cases: int | None = None
    overdue_cases: int | None = None
    pending_appeals: int | None = None
    unpublished_reports: int | None = None
    report_late: bool = False
    notices: int | None = None
    notices_late: bool = False


def build(user, path: str = "", today: date | None = None) -> Menu:
    today = today or timezone.localdate()
    memberships = list(Membership.objects.filter(user=user).select_related("agency").order_by("agency__name"))
    by_role: dict[str, set[int]] = defaultdict(set)
    for m in memberships:
        by_role[m.role].add(m.agency_id)
    names = {m.agency_id: m.agency.name for m in memberships}
    waiting = count_waiting(by_role, today, names)
    sections = _sections(user, by_role, waiting)
    _mark_current(sections, path)
    return Menu(sections, _positions(memberships))


def _positions(memberships) -> list[Position]:
    labels = dict(Role.choices)
    grouped: dict[str, list[str]] = {}
    for m in memberships:
        grouped.setdefault(m.agency.display_name, []).append(labels[m.role])
    return [Position(agency, roles) for agency, roles in grouped.items()]


def count_waiting(by_role: dict[str, set[int]], today: date, names: dict[int, str]) -> Waiting:
    acting = set().union(*(by_role[r] for r in ACTING_ROLES))
    if not acting:
        return Waiting()
    waiting = Waiting()
    items = InformationItem.objects.filter(agency_id__in=acting).aggregate(
        drafts=Count("pk", filter=Q(state=State.DRAFT, agency_id__in=by_role[Role.EDITOR] or [0])),
        to_review=Count("pk", filter=Q(state=State.IN_REVIEW, agency_id__in=by_role[Role.REVIEWER] or [0])),
        to_sign=Count(
            "pk", filter=Q(state=State.AWAITING_SIGNOFF, agency_id__in=by_role[Role.SIGNER] or [0])
        ),
    )
    waiting.drafts = items["drafts"] if by_role[Role.EDITOR] else None
    waiting.to_review = items["to_review"] if by_role[Role.REVIEWER] else None
    waiting.to_sign = items["to_sign"] if by_role[Role.SIGNER] else None
    publishing = set().union(*(by_role[r] for r in PUBLISHING_ROLES))
    waiting.overdue_items = _overdue_items(publishing, today) if publishing else None

    cases = Application.objects.filter(agency_id__in=acting).exclude(state=CaseState.CLOSED)
    counted = cases.aggregate(open=Count("pk"), overdue=Count("pk", filter=overdue_cases_q(today)))
    waiting.open_cases, waiting.overdue_cases = counted["open"], counted["overdue"]
    waiting.pending_appeals = Appeal.objects.filter(agency_id__in=acting, result="").count()

    received = Notice.objects.filter(agency_id__in=acting, answered_at__isnull=True).aggregate(
        open=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today))
    )
    waiting.notices, waiting.notices_late = received["open"], bool(received["late"])

    reporting = by_role[Role.EDITOR] | by_role[Role.SIGNER]
    if reporting:
        year = report_year_due(today)
        published = set(
            AnnualReport.objects.filter(
                agency_id__in=reporting, year=year, status=Status.PUBLISHED
            ).values_list("agency_id", flat=True)
        )
        waiting.unpublished_reports = len(reporting - published)
        waiting.report_late = any(today > deadline(year, names[a]) for a in reporting - published)
    return waiting


def overdue_cases_q(today: date) -> Q:
    """Open cases past the reply, correction or fee deadline (the applications list's 已超期)."""
    return (
        Q(due_on__lt=today)
        | Q(correction_due__lt=today, state=CaseState.AWAITING_CORRECTION)
        | Q(fee_due__lt=today, state=CaseState.AWAITING_FEE)
    )


def report_year_due(today: date) -> int:
    """The year whose annual report is due next or is late: last year's until it is published."""
    return today.year - 1


def _overdue_items(agency_ids: set[int], today: date) -> int | None:
    written = InformationItem.objects.filter(
        agency_id__in=agency_ids, state__in=deadlines.UNPUBLISHED, written_on__isnull=False
    ).values_list("written_on", flat=True)
    written = list(written)
    calendar = WorkCalendar()
    due: dict[date, date] = {}
    try:
        for on in written:
            if on not in due:
                due[on] = calendar.add_workdays(on, deadlines.PUBLISH_WITHIN_WORKDAYS)
    except CalendarMissing:
        return None  # the calendar banner tells the admin; a wrong count would mislead
    return sum(1 for on in written if due[on] < today)


def _sections(user, by_role, w: Waiting) -> list[Section]:
    acting = any(by_role[r] for r in ACTING_ROLES)
    supervisor = bool(by_role[Role.SUPERVISOR]) or user.is_superuser
    reads = acting or supervisor
    items = reverse("catalogue:item_list")
    publishes = supervisor or any(by_role[r] for r in PUBLISHING_ROLES)
    home = Entry("工作台", reverse("workspace:home"), w.notices or None, urgent=w.notices_late)
    sections = [Section("工作台", [home])]
    if reads:
        publish = Section("主动公开", prefix=items)
        if by_role[Role.EDITOR]:
            publish.entries.append(Entry("起草信息", reverse("catalogue:item_create")))
        publish.entries += [
            Entry("草稿", f"{items}?state=draft", w.drafts),
            Entry("待审核", f"{items}?state=in_review", w.to_review),
            Entry("待签批", f"{items}?state=awaiting_signoff", w.to_sign),
            Entry("已发布", f"{items}?state=published"),
            Entry("超期", reverse("catalogue:overdue"), w.overdue_items, urgent=True),
            Entry("公开目录", reverse("catalogue:directory")),
            Entry("送交登记", reverse("catalogue:deliveries")),
        ]
        if by_role[Role.EDITOR] or by_role[Role.SIGNER]:
            publish.entries.append(Entry("公开指南", reverse("catalogue:guide_fields")))
        cases = reverse("applications:staff_list")
        apply = Section("依申请公开", prefix=cases)
        counts = {"todo": (w.open_cases, False), "overdue": (w.overdue_cases, True)}
        for key, label in APPLICATION_VIEWS.items():
            count, urgent = counts.get(key, (None, False))
            apply.entries.append(Entry(label, f"{cases}?show={key}", count, urgent))
        if acting:
            apply.entries.append(Entry("登记申请", reverse("applications:staff_register")))
        sections += [
            *([publish] if publishes else []),
            apply,
            Section("复议诉讼", [Entry("复议诉讼", reverse("appeals:list"), w.pending_appeals)]),
            Section(
                "年度报告",
                [
                    Entry(
                        "年度报告",
                        reverse("annual_reports:list"),
                        w.unpublished_reports or None,
                        urgent=w.report_late,
                    )
                ],
            ),
        ]
    if supervisor:
        sections.append(
            Section(
                "监督",
                [
                    Entry("年报监督", reverse("supervision:home")),
                    Entry("督办", reverse("supervision:notices")),
                    Entry("批量检查", reverse("supervision:audit")),
                ],
            )
        )
    if user.is_staff:
        sections.append(Section("系统管理", [Entry("系统管理", reverse("admin:index"))]))
    return sections


def _mark_current(sections: list[Section], full_path: str) -> None:
    """The entry for this page and its section. An entry with a query string (草稿 = items?state=draft) is
    this page when the path is the same and the query carries its parameters; an entry without one is this
    page or an ancestor of it (the longest wins), except 工作台 (/staff/), which is every staff path's
    ancestor. A page no entry claims marks the section whose prefix it lies under."""
    path, query = urlsplit(full_path).path, parse_qs(urlsplit(full_path).query)
    home = reverse("workspace:home")

    def claims(entry: Entry) -> int:
        url = urlsplit(entry.url)
        if url.query:
            wanted = parse_qs(url.query)
            return (
                len(url.path) + 1
                if url.path == path and all(query.get(k) == v for k, v in wanted.items())
                else 0
            )
        if url.path == path or (url.path != home and path.startswith(url.path)):
            return len(url.path)
        return 0

    entries = [e for s in sections for e in s.entries]
    best = max(entries, key=claims, default=None)
    if best is not None and claims(best):
        best.current = True
        return
    for section in sections:
        section.here = bool(section.prefix) and path.startswith(section.prefix)
