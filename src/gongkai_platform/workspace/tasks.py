"""The 工作台: a user's next tasks across every area, gathered by role.

编辑 sees drafts sent back to them and the agency's drafts; 审核 the items to review; 签批领导 the items to sign;
everyone who acts for an agency sees its 督办, its applications overdue or due this week, its items past the
publishing deadline, and the state of the annual report due next. A 公开办 supervisor sees the jurisdictions
to supervise and the 督办 sent. Lists are capped (LIMIT) with the full count beside them, so the page stays
fast for an agency with thousands of items.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from gongkai_platform.agencies import permissions
from gongkai_platform.agencies.models import Agency, Membership, Role
from gongkai_platform.annual_reports.models import AnnualReport
from gongkai_platform.applications.models import Application, CaseState
from gongkai_platform.catalogue import deadlines
from gongkai_platform.catalogue.models import InformationItem, State, WorkflowEvent
from gongkai_platform.supervision import dashboard, notices
from gongkai_platform.supervision.access import supervised_jurisdictions
from gongkai_platform.workspace.menu import ACTING_ROLES, PUBLISHING_ROLES, overdue_cases_q, report_year_due

LIMIT = 10


@dataclass
class Listing:
    """Up to LIMIT rows of a list and how many there are in all."""

    rows: list
    total: int

    @classmethod
    def of(cls, queryset) -> Listing:
        rows = list(queryset[: LIMIT + 1])
        total = len(rows) if len(rows) <= LIMIT else queryset.count()
        return cls(rows[:LIMIT], total)

    def __bool__(self):
        return self.total > 0


@dataclass
class ReportTask:
    agency: Agency
    year: int
    report: AnnualReport | None
    status: str
    due: date

    @property
    def label(self) -> str:
        return dashboard.STATUS_LABELS[self.status]

    @property
    def done(self) -> bool:
        return self.status in ("published", "published_late")


@dataclass
class Workbench:
    today: date
    notices: Listing | None = None
    to_sign: Listing | None = None
    to_review: Listing | None = None
    returned: Listing | None = None
    drafts: Listing | None = None
    overdue_items: list | None = None  # None: the user publishes nothing
    cases_overdue: Listing | None = None
    cases_this_week: Listing | None = None
    week_ends: date | None = None
    reports: list[ReportTask] = field(default_factory=list)
    supervised: list = field(default_factory=list)
    sent: Listing | None = None
    sent_late: int = 0
    overview: list = field(default_factory=list)
    calendar_problem: str = ""

    @property
    def acting(self) -> bool:
        return self.notices is not None


def for_user(user, today: date | None = None) -> Workbench:
    today = today or timezone.localdate()
    bench = Workbench(today)
    by_role: dict[str, set[int]] = {}
    for agency_id, role in Membership.objects.filter(user=user).values_list("agency_id", "role"):
        by_role.setdefault(role, set()).add(agency_id)
    acting = set().union(*(by_role.get(r, set()) for r in ACTING_ROLES))
    if acting:
        _agency_tasks(bench, user, by_role, acting)
    if by_role.get(Role.SUPERVISOR) or user.is_superuser:
        bench.supervised = supervised_jurisdictions(user)
        sent = notices.sent_under(user)
        bench.sent = Listing.of(sent.filter(answered_at__isnull=True).order_by("due_on", "pk"))
        bench.sent_late = sent.filter(answered_at__isnull=True, due_on__lt=today).count()
        bench.overview = agency_overview(user, today)
    return bench


def agency_overview(user, today: date) -> list[tuple[Agency, int]]:
    """Per-agency item counts for those who follow several agencies (公开办, admins): one annotated query
    and one deadline pass over the unpublished items."""
    readable = permissions.readable_agencies(user)
    report = deadlines.deadline_report(InformationItem.objects.filter(agency__in=readable), today)
    overdue = Counter(item.agency_id for item, _ in report.overdue)
    agencies = readable.annotate(
        drafts=Count("items", filter=Q(items__state=State.DRAFT)),
        in_review=Count("items", filter=Q(items__state=State.IN_REVIEW)),
        awaiting=Count("items", filter=Q(items__state=State.AWAITING_SIGNOFF)),
        published_this_year=Count(
            "items", filter=Q(items__state=State.PUBLISHED, items__published_on__year=today.year)
        ),
    )
    return [(agency, overdue[agency.pk]) for agency in agencies.order_by("jurisdiction__name", "name")]


def _agency_tasks(bench: Workbench, user, by_role, acting: set[int]) -> None:
    today = bench.today
    publishing = set().union(*(by_role.get(r, set()) for r in PUBLISHING_ROLES))
    items = InformationItem.objects.filter(agency_id__in=publishing).select_related("agency")
    bench.notices = Listing.of(notices.received(user).order_by("due_on", "pk"))
    if ids := by_role.get(Role.SIGNER):
        bench.to_sign = Listing.of(
            items.filter(agency_id__in=ids, state=State.AWAITING_SIGNOFF).order_by("pk")
        )
    if ids := by_role.get(Role.REVIEWER):
        bench.to_review = Listing.of(items.filter(agency_id__in=ids, state=State.IN_REVIEW).order_by("pk"))
    if ids := by_role.get(Role.EDITOR):
        drafts = items.filter(agency_id__in=ids, state=State.DRAFT)
        last_return = WorkflowEvent.objects.filter(item=OuterRef("pk"), action="return").order_by(
            "-at", "-pk"
        )
        bench.returned = Listing.of(
            drafts.filter(created_by=user, events__action="return")
            .distinct()
            .annotate(return_comment=Subquery(last_return.values("comment")[:1]))
            .order_by("-updated_at")
        )
        bench.drafts = Listing.of(drafts.order_by("-updated_at"))
    report = deadlines.deadline_report(items, today)
    bench.overdue_items = report.overdue[:LIMIT] if publishing else None
    bench.calendar_problem = report.unknown[0][1] if report.unknown else ""
    bench.week_ends = _end_of_week(today)
    cases = (
        Application.objects.filter(agency_id__in=acting)
        .exclude(state=CaseState.CLOSED)
        .select_related("agency")
    )
    bench.cases_overdue = Listing.of(cases.filter(overdue_cases_q(today)).order_by("due_on", "pk"))
    bench.cases_this_week = Listing.of(
        cases.filter(due_on__gte=today, due_on__lte=bench.week_ends).order_by("due_on", "pk")
    )
    reporting = by_role.get(Role.EDITOR, set()) | by_role.get(Role.SIGNER, set())
    bench.reports = _reports(reporting, today)


def _end_of_week(today: date) -> date:
    """The Sunday that ends this calendar week."""
    return today + timedelta(days=6 - today.weekday())


def _reports(agency_ids: set[int], today: date) -> list[ReportTask]:
    """Last year's report (due 31 January, or late) and this year's, which the agency is preparing."""
    years = (report_year_due(today), today.year)
    agencies = list(Agency.objects.filter(pk__in=agency_ids).order_by("name"))
    reports = {
        (r.agency_id, r.year): r for r in AnnualReport.objects.filter(agency__in=agencies, year__in=years)
    }
    tasks = []
    for year in years:
        for agency in agencies:
            report = reports.get((agency.pk, year))
            status = dashboard.report_status(report, year, today, agency.name)
            tasks.append(ReportTask(agency, year, report, status, dashboard.deadline(year, agency.name)))
    return tasks
