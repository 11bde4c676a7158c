"""Table 三 of the annual report counted from the cases, as one aggregate query.

Counting rules: 新收 = received in the year; 上年结转 = received before the year and not closed before it;
an outcome row counts cases closed (replied) in the year, in the row the year's format gives the outcome;
结转下年度 = received by 31 December and not closed by then. So 新收 + 上年结转 = 总计 + 结转 holds per column.
"""

from datetime import date

from django.db.models import Count, Q, Sum
from gongkai.standard.formats import APPLICANT_COLUMNS, format_for_year, outcome_rows

from gongkai_platform.applications.models import Application
from gongkai_platform.applications.outcomes import OUTCOMES, row_for_year


def row_filters(year: int) -> dict[str, Q]:
    """Each Table 三 row key of the year's format → the cases it counts."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    open_at_start = Q(replied_on__isnull=True) | Q(replied_on__gte=start)
    rows = {
        "new": Q(received_on__range=(start, end)),
        "carried_in": Q(received_on__lt=start) & open_at_start,
    }
    replied = Q(replied_on__range=(start, end))
    for row in outcome_rows(format_for_year(year)):
        ids = [o for o in OUTCOMES if row_for_year(o, year) == row.key]
        rows[row.key] = replied & Q(outcome__in=ids)
    rows["total"] = replied
    rows["carried_out"] = Q(received_on__lte=end) & (Q(replied_on__isnull=True) | Q(replied_on__gt=end))
    return rows


def table3(agency, year: int) -> dict[str, int]:
    """{cell id: count} for every Table 三 cell of the year's format, e.g. "s3.new.natural"."""
    cells: dict[str, Q] = {}
    for row, q in row_filters(year).items():
        for col in APPLICANT_COLUMNS:
            cells[f"s3.{row}.{col}"] = q & Q(applicant_kind=col)
        cells[f"s3.{row}.total"] = q & Q(applicant_kind__in=APPLICANT_COLUMNS)
    aliases = {f"c{i}": cid for i, cid in enumerate(cells)}  # cell ids contain dots, unsafe as SQL aliases
    counts = Application.objects.filter(agency=agency).aggregate(
        **{alias: Count("pk", filter=cells[cid]) for alias, cid in aliases.items()}
    )
    return {cid: counts[alias] for alias, cid in aliases.items()}


def fee_totals(agency, year: int) -> dict:
    """Section 六: fee notices sent in the year and the yuan they billed, and the fees paid in the year."""
    return fee_totals_by_agency([agency.pk], year)[agency.pk]


def fee_totals_by_agency(agency_ids, year: int) -> dict[int, dict]:
    """{agency id: fee totals} for every id in `agency_ids`, in two queries for any number of them. A fee
    paid is the notice's amount, once per payment step in the year, in the order of the notices; billed is the
    sum of the amounts of the notices sent in the year."""
    from gongkai_platform.applications.models import Step, StepKind

    ids = list(agency_ids)
    start, end = date(year, 1, 1), date(year, 12, 31)
    out = {pk: {"notices": 0, "billed": 0, "paid": []} for pk in ids}
    notices = Step.objects.filter(application__agency_id__in=ids, kind=StepKind.FEE_NOTICE_SENT)
    sent = (
        notices.filter(on__range=(start, end))
        .values("application__agency_id")
        .annotate(n=Count("pk"), billed=Sum("amount"))
    )
    for row in sent.order_by():
        out[row["application__agency_id"]]["notices"] = row["n"]
        out[row["application__agency_id"]]["billed"] = row["billed"] or 0
    paid = notices.filter(
        application__steps__kind=StepKind.FEE_PAID, application__steps__on__range=(start, end)
    ).values_list("application__agency_id", "amount")
    for agency_id, amount in paid:
        out[agency_id]["paid"].append(amount)
    return out
