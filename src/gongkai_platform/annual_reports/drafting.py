"""A first draft of sections 一, 五 and 六 from the year's facts, for the clerk to rewrite.

Only facts the platform holds go in: items published per column, Table 二/三/四 figures, fees, late replies and,
for a 人民政府, the 工作考核、社会评议和责任追究 results the office entered on the report (条例 第五十条第（四）项).
Section 一 is written in the five parts of 国办公开办函〔2021〕30号 (主动公开、依申请公开、政府信息管理、政府信息公开
平台建设、监督保障), each with its facts. The numbers are written the way the rules read them back
(新收…申请N件), so an edit that changes a number without changing the table is flagged.

The sentences themselves are the core's (gongkai.standard.drafts): the copy engine takes the same words out of
every report as reference text, so two agencies that keep the draft are not flagged as copying each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Count, F, Q
from gongkai.standard import drafts
from gongkai.standard.rules.prose import is_government

from gongkai_platform.annual_reports.sources import APPLICATIONS_APP
from gongkai_platform.catalogue.models import InformationItem, State

RESULTS_PLACEHOLDER = drafts.RESULTS_PLACEHOLDER
RESULT_FIELDS = (
    "assessment_units",
    "assessment_result",
    "public_reviews",
    "public_review_result",
    "accountability_count",
    "accountability_result",
)


@dataclass
class Results:
    """条例 第五十条第（四）项, as the office enters them on the report."""

    assessment_units: int | None = None
    assessment_result: str = ""
    public_reviews: int | None = None
    public_review_result: str = ""
    accountability_count: int | None = None
    accountability_result: str = ""

    @property
    def complete(self) -> bool:
        return (
            bool(self.assessment_result and self.public_review_result)
            and self.accountability_count is not None
        )


@dataclass
class Facts:
    items_by_column: list[tuple[str, int]] = field(default_factory=list)
    fee_notices: int = 0
    fees_billed: int = 0  # yuan, the amounts of the notices sent in the year
    fees_paid: list[int] = field(default_factory=list)  # yuan, one entry per payment
    late_replies: int = 0  # closed in the year after the due date
    open_overdue: int = 0  # still open on 31 December and past due
    results: Results = field(default_factory=Results)


def facts(agency, year: int) -> Facts:
    return facts_by_agency([agency.pk], year)[agency.pk]


def facts_by_agency(agency_ids, year: int) -> dict[int, Facts]:
    """{agency id: Facts} for every id in `agency_ids`, in the same few grouped queries for any number."""
    from gongkai_platform.annual_reports.models import AnnualReport

    ids = list(agency_ids)
    found = {pk: Facts() for pk in ids}
    columns = (
        InformationItem.objects.filter(agency_id__in=ids, state=State.PUBLISHED, published_on__year=year)
        .values_list("agency_id", "column__name")
        .annotate(n=Count("pk"))
        .order_by("agency_id", "-n", "column__name")
    )
    for agency_id, column, n in columns:
        found[agency_id].items_by_column.append((column, n))
    entered = AnnualReport.objects.filter(agency_id__in=ids, year=year).values("agency_id", *RESULT_FIELDS)
    for row in entered:
        agency_id = row.pop("agency_id")
        found[agency_id].results = Results(**{k: v for k, v in row.items() if v is not None})
    if apps.is_installed(APPLICATIONS_APP):
        from gongkai_platform.applications.models import Application
        from gongkai_platform.applications.table3 import fee_totals_by_agency

        for agency_id, fees in fee_totals_by_agency(ids, year).items():
            found[agency_id].fee_notices, found[agency_id].fees_billed = fees["notices"], fees["billed"]
            found[agency_id].fees_paid = [a for a in fees["paid"] if a]
        year_end = date(year, 12, 31)
        counts = (
            Application.objects.filter(agency_id__in=ids, due_on__isnull=False)
            .values("agency_id")
            .annotate(
                late=Count("pk", filter=Q(replied_on__year=year, replied_on__gt=F("due_on"))),
                open=Count(
                    "pk",
                    filter=Q(received_on__lte=year_end, due_on__lt=year_end)
                    & (Q(replied_on__isnull=True) | Q(replied_on__gt=year_end)),
                ),
            )
            .order_by()
        )
        for row in counts:
            found[row["agency_id"]].late_replies, found[row["agency_id"]].open_overdue = (
                row["late"],
                row["open"],
            )
    return found


def draft(agency, year: int, cells: dict, known: Facts) -> dict[int, str]:
    return {1: overview(agency, year, cells, known), 5: problems(known), 6: fees(cells, known)}


def overview(agency, year: int, cells: dict, known: Facts) -> str:
    """Section 一 in the five parts of 〔2021〕30号, each with the year's facts."""

    def n(cell_id):
        return cells.get(cell_id) or 0

    columns = drafts.SEPARATOR.join(
        drafts.COLUMN.format(column=name, count=count) for name, count in known.items_by_column[:8]
    )
    outcomes = drafts.SEPARATOR.join(
        drafts.OUTCOME.format(outcome=word, count=count)
        for prefix, word in drafts.OUTCOME_WORDS.items()
        if (
            count := sum(
                v or 0 for k, v in cells.items() if k.endswith(".total") and _row(k).startswith(prefix)
            )
        )
    )
    results = government_results(known.results) if is_government(agency.name) else ""
    parts = [
        drafts.OPENING.format(year=year, agency=agency.name),
        drafts.ACTIVE.format(
            published=sum(c for _, c in known.items_by_column),
            by_column=drafts.BY_COLUMN.format(columns=columns) if columns else "",
        ),
        drafts.REQUESTS.format(
            new=n("s3.new.total"),
            carried_in=n("s3.carried_in.total"),
            closed=n("s3.total.total"),
            outcomes=drafts.OUTCOMES.format(outcome_list=outcomes) if outcomes else "",
            carried_out=n("s3.carried_out.total"),
        ),
        drafts.MANAGEMENT.format(documents=_documents(cells)),
        drafts.PLATFORM.format(
            updated=drafts.UPDATED.format(column_count=len(known.items_by_column))
            if known.items_by_column
            else ""
        ),
        drafts.OVERSIGHT.format(
            reviews=n("s4.review.total"),
            suits=n("s4.suit_direct.total") + n("s4.suit_after_review.total"),
            results=results,
        ),
    ]
    return "\n".join(parts)


def _documents(cells: dict) -> str:
    """Table 二 第（一）项 in words: what the agency made, repealed and keeps in force (2021 or 2019 columns)."""
    if "s2.normative_docs.issued" in cells:
        return drafts.DOCUMENTS_2021.format(
            issued=cells.get("s2.normative_docs.issued") or 0,
            repealed=cells.get("s2.normative_docs.repealed") or 0,
            in_force=cells.get("s2.normative_docs.in_force") or 0,
        )
    if "s2.normative_docs.made" in cells:
        return drafts.DOCUMENTS_2019.format(
            made=cells.get("s2.normative_docs.made") or 0, disclosed=cells.get("s2.normative_docs.total") or 0
        )
    return ""


def government_results(results: Results) -> str:
    """条例 第五十条第（四）项 from the figures the office entered, or the placeholder until it has."""
    if not results.complete:
        return RESULTS_PLACEHOLDER
    if results.accountability_count:
        note = results.accountability_result
        accountability = drafts.ACCOUNTABLE.format(
            accountability_count=results.accountability_count,
            accountability_note=drafts.ACCOUNTABILITY_NOTE.format(accountability_result=note) if note else "",
        )
    else:
        accountability = drafts.NOT_ACCOUNTABLE
    return drafts.RESULTS.format(
        assessed=drafts.ASSESSED.format(assessment_units=results.assessment_units)
        if results.assessment_units
        else "",
        assessment_result=results.assessment_result,
        reviewed=drafts.REVIEWED.format(public_reviews=results.public_reviews)
        if results.public_reviews
        else "",
        public_review_result=results.public_review_result,
        accountability=accountability,
    )


def problems(known: Facts) -> str:
    late = ""
    if known.late_replies or known.open_overdue:
        late = drafts.LATE.format(late=known.late_replies, open_overdue=known.open_overdue)
    return late + drafts.PROBLEMS_PROMPT


def fees(cells: dict, known: Facts) -> str:
    """Section 六: the fee notices sent, the amount they billed and the amount collected (109号)."""
    paid, unpaid = sum(known.fees_paid), cells.get("s3.other.no_fee_paid.total") or 0
    said = []
    if known.fee_notices:
        said.append(drafts.FEE_NOTICES.format(notices=known.fee_notices, billed=known.fees_billed))
    if unpaid:
        said.append(drafts.UNPAID.format(unpaid=unpaid))
    if said or paid:
        said.append(drafts.COLLECTED.format(payments=len(known.fees_paid), paid=paid))
    return "，".join(said) + "。" if said else drafts.NO_FEES


def _row(cell_id: str) -> str:
    """`s3.withheld.state_secret.total` -> `withheld.state_secret`; only Table 三 outcome rows matter here."""
    if not cell_id.startswith("s3."):
        return ""
    row = cell_id[3:].rsplit(".", 1)[0]
    return "" if row in ("new", "carried_in", "total", "carried_out") else row
