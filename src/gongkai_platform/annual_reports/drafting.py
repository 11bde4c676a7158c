"""A first draft of sections 一, 五 and 六 from the year's facts, for the clerk to rewrite.

Only facts the platform holds go in: items published per column, Table 三/四 figures, fees and late replies.
The numbers are written the way the rules read them back (新收…申请N件), so an edit that changes a number
without changing the table is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Count, F, Q

from gongkai_platform.annual_reports.sources import APPLICATIONS_APP
from gongkai_platform.catalogue.models import InformationItem, State

_OUTCOME_WORDS = (
    ("granted", "予以公开"),
    ("partial", "部分公开"),
    ("withheld", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
)


@dataclass
class Facts:
    items_by_column: list[tuple[str, int]] = field(default_factory=list)
    fee_notices: int = 0
    fees_paid: list[int] = field(default_factory=list)  # yuan, one entry per payment
    late_replies: int = 0  # closed in the year after the due date
    open_overdue: int = 0  # still open on 31 December and past due


def facts(agency, year: int) -> Facts:
    return facts_by_agency([agency.pk], year)[agency.pk]


def facts_by_agency(agency_ids, year: int) -> dict[int, Facts]:
    """{agency id: Facts} for every id in `agency_ids`, in the same few grouped queries for any number."""
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
    if apps.is_installed(APPLICATIONS_APP):
        from gongkai_platform.applications.models import Application
        from gongkai_platform.applications.table3 import fee_totals_by_agency

        for agency_id, fees in fee_totals_by_agency(ids, year).items():
            found[agency_id].fee_notices = fees["notices"]
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
    def n(cell_id):
        return cells.get(cell_id) or 0

    published = sum(c for _, c in known.items_by_column)
    columns = "、".join(f"“{name}”栏目{count}条" for name, count in known.items_by_column[:8])
    one = [
        f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"坚持以公开为常态、不公开为例外，依法依规做好政府信息公开工作。",
        f"全年主动公开政府信息{published}条" + (f"，其中{columns}" if columns else "") + "。",
    ]
    outcomes = []
    for prefix, word in _OUTCOME_WORDS:
        count = sum(v or 0 for k, v in cells.items() if k.endswith(".total") and _row(k).startswith(prefix))
        if count:
            outcomes.append(f"{word}{count}件")
    one.append(
        f"全年新收政府信息公开申请{n('s3.new.total')}件，上年结转{n('s3.carried_in.total')}件，"
        f"本年度办结{n('s3.total.total')}件"
        + (f"（{'、'.join(outcomes)}）" if outcomes else "")
        + f"，结转下年度继续办理{n('s3.carried_out.total')}件。"
    )
    reviews, suits = n("s4.review.total"), n("s4.suit_direct.total") + n("s4.suit_after_review.total")
    one.append(f"全年因政府信息公开引起行政复议{reviews}件、行政诉讼{suits}件。")
    five = ["（请根据本年度工作实际，填写存在的主要问题及改进措施。）"]
    if known.late_replies or known.open_overdue:
        five.insert(
            0,
            f"本年度有{known.late_replies}件申请超过法定期限答复，年末仍有{known.open_overdue}件超期未办结，"
            "答复时效有待提高。下一步将加强申请办理的期限管理。",
        )
    paid, unpaid = sum(known.fees_paid), n("s3.other.no_fee_paid.total")
    fees = []
    if known.fee_notices:
        fees.append(f"本年度共发出信息处理费收费通知{known.fee_notices}件")
    if unpaid:
        fees.append(f"有{unpaid}件申请因申请人逾期未按收费通知缴纳费用，不再处理")
    if fees or paid:
        fees.append(f"实际收取信息处理费{len(known.fees_paid)}笔，共计{paid}元")
    six = "，".join(fees) + "。" if fees else "本年度未收取信息处理费。"
    return {1: "".join(one), 5: "".join(five), 6: six}


def _row(cell_id: str) -> str:
    """`s3.withheld.state_secret.total` -> `withheld.state_secret`; only Table 三 outcome rows matter here."""
    if not cell_id.startswith("s3."):
        return ""
    row = cell_id[3:].rsplit(".", 1)[0]
    return "" if row in ("new", "carried_in", "total", "carried_out") else row
