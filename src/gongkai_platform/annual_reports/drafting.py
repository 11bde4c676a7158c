"""A first draft of sections 一, 五 and 六 from the year's facts, for the clerk to rewrite.

Only facts the platform holds go in: items published per column, Table 二/三/四 figures, fees, late replies and,
for a 人民政府, the 工作考核、社会评议和责任追究 results the office entered on the report (条例 第五十条第（四）项).
Section 一 is written in the five parts of 国办公开办函〔2021〕30号 (主动公开、依申请公开、政府信息管理、政府信息公开
平台建设、监督保障), each with its facts. The numbers are written the way the rules read them back
(新收…申请N件), so an edit that changes a number without changing the table is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Count, F, Q
from gongkai.standard.rules.prose import is_government

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
# Where the 第五十条（四） results go until the office has entered them; replaced by them when it does. It names
# none of 考核/评议/追究, so section.government_results keeps warning until they are there.
RESULTS_PLACEHOLDER = (
    "（待填写：条例第五十条第（四）项要求人民政府报告的三项结果，在年度报告页面录入后自动写入此处。）"
)
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

    published = sum(c for _, c in known.items_by_column)
    columns = "、".join(f"“{name}”栏目{count}条" for name, count in known.items_by_column[:8])
    outcomes = []
    for prefix, word in _OUTCOME_WORDS:
        count = sum(v or 0 for k, v in cells.items() if k.endswith(".total") and _row(k).startswith(prefix))
        if count:
            outcomes.append(f"{word}{count}件")
    reviews, suits = n("s4.review.total"), n("s4.suit_direct.total") + n("s4.suit_after_review.total")
    parts = [
        f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，依法依规做好政府信息公开工作。",
        f"（一）主动公开。全年主动公开政府信息{published}条" + (f"，其中{columns}" if columns else "") + "。",
        "（二）依申请公开。"
        f"全年新收政府信息公开申请{n('s3.new.total')}件，上年结转{n('s3.carried_in.total')}件，"
        f"本年度办结{n('s3.total.total')}件"
        + (f"（{'、'.join(outcomes)}）" if outcomes else "")
        + f"，结转下年度继续办理{n('s3.carried_out.total')}件。",
        "（三）政府信息管理。" + _documents(cells) + "拟公开的政府信息发布前均经保密审查。",
        "（四）政府信息公开平台建设。"
        + (
            f"依托政府信息公开平台发布信息，本年度在{len(known.items_by_column)}个栏目更新信息，"
            "平台提供检索、查阅、下载功能。"
            if known.items_by_column
            else "依托政府信息公开平台发布信息，平台提供检索、查阅、下载功能。"
        ),
        "（五）监督保障。"
        f"全年因政府信息公开引起行政复议{reviews}件、行政诉讼{suits}件。"
        + (government_results(known.results) if is_government(agency.name) else ""),
    ]
    return "\n".join(parts)


def _documents(cells: dict) -> str:
    """Table 二 第（一）项 in words: what the agency made, repealed and keeps in force (2021 or 2019 columns)."""
    if "s2.normative_docs.issued" in cells:
        return (
            f"本年度制发行政规范性文件{cells.get('s2.normative_docs.issued') or 0}件、"
            f"废止{cells.get('s2.normative_docs.repealed') or 0}件，"
            f"现行有效{cells.get('s2.normative_docs.in_force') or 0}件。"
        )
    if "s2.normative_docs.made" in cells:
        return (
            f"本年度新制作规范性文件{cells.get('s2.normative_docs.made') or 0}件，"
            f"对外公开总数量{cells.get('s2.normative_docs.total') or 0}件。"
        )
    return ""


def government_results(results: Results) -> str:
    """条例 第五十条第（四）项 from the figures the office entered, or the placeholder until it has."""
    if not results.complete:
        return RESULTS_PLACEHOLDER
    units = f"对{results.assessment_units}个单位" if results.assessment_units else ""
    reviews = f"{results.public_reviews}次" if results.public_reviews else ""
    accountability = (
        f"因政府信息公开工作被责任追究{results.accountability_count}人次"
        + (f"，{results.accountability_result}" if results.accountability_result else "")
        if results.accountability_count
        else "未发生因政府信息公开工作被责任追究的情况"
    )
    return (
        f"本年度{units}开展政府信息公开工作考核，考核结果：{results.assessment_result}；"
        f"开展社会评议{reviews}，评议结果：{results.public_review_result}；{accountability}。"
    )


def problems(known: Facts) -> str:
    five = ["（请根据本年度工作实际，填写存在的主要问题及改进措施。）"]
    if known.late_replies or known.open_overdue:
        five.insert(
            0,
            f"本年度有{known.late_replies}件申请超过法定期限答复，年末仍有{known.open_overdue}件超期未办结，"
            "答复时效有待提高。下一步将加强申请办理的期限管理。",
        )
    return "".join(five)


def fees(cells: dict, known: Facts) -> str:
    """Section 六: the fee notices sent, the amount they billed and the amount collected (109号)."""
    paid, unpaid = sum(known.fees_paid), cells.get("s3.other.no_fee_paid.total") or 0
    said = []
    if known.fee_notices:
        said.append(
            f"本年度依据《政府信息公开信息处理费管理办法》共发出信息处理费收费通知{known.fee_notices}件，"
            f"通知收费金额共计{known.fees_billed}元"
        )
    if unpaid:
        said.append(f"有{unpaid}件申请因申请人逾期未按收费通知缴纳费用，不再处理")
    if said or paid:
        said.append(f"实际收取信息处理费{len(known.fees_paid)}笔，共计{paid}元")
    return "，".join(said) + "。" if said else "本年度未收取信息处理费。"


def _row(cell_id: str) -> str:
    """`s3.withheld.state_secret.total` -> `withheld.state_secret`; only Table 三 outcome rows matter here."""
    if not cell_id.startswith("s3."):
        return ""
    row = cell_id[3:].rsplit(".", 1)[0]
    return "" if row in ("new", "carried_in", "total", "carried_out") else row
