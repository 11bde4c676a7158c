"""The 第二十条第（一）项 figures of an annual report (section 二), computed from the catalogue.

For report year Y and document type 规章 (`s2.rules.*`) or 行政规范性文件 (`s2.normative_docs.*`):
- issued: published items whose 成文日期 falls in Y (2021 本年制发件数, 2019 本年新制作数量);
- published: items whose 发布日期 falls in Y (2019 本年新公开数量: a document written in December and published
  in January is made in one year and published in the next);
- repealed: items whose 有效性 changed to 废止 or 失效 with a change date in Y (both end a document's force);
- in_force: published items formed by 31 December of Y that were 有效 on that day, judged from the validity
  history (an item that lost force after Y still counts).
Withdrawn items count nowhere: withdrawal means the publication itself was wrong.

Every agency's figures come from two grouped queries whatever the number of agencies (`by_agency`); one
agency's figures and a jurisdiction's sum are read from the same grouping.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from gongkai_platform.agencies.scope import of_agencies
from gongkai_platform.catalogue.models import DocType, InformationItem, State, Validity, ValidityChange

PREFIXES = {DocType.RULE: "s2.rules", DocType.NORMATIVE: "s2.normative_docs"}
ENDED = (Validity.REPEALED, Validity.EXPIRED)
FIGURES = ("issued", "published", "repealed", "in_force")


def article20_figures(agencies, year: int) -> dict[str, int]:
    """The figures of one agency, or summed over many (an Agency, an iterable or a queryset)."""
    total = _zero()
    for figures in _grouped(agencies, year).values():
        for cell, n in figures.items():
            total[cell] += n
    return total


def by_agency(agency_ids, year: int) -> dict[int, dict[str, int]]:
    """{agency id: figures} for every id in `agency_ids`, in the same two queries for any number of them."""
    ids = list(agency_ids)
    counted = _grouped(ids, year)
    return {pk: counted.get(pk) or _zero() for pk in ids}


def _zero() -> dict[str, int]:
    return {f"{prefix}.{figure}": 0 for prefix in PREFIXES.values() for figure in FIGURES}


def _grouped(agencies, year: int) -> dict[int, dict[str, int]]:
    year_end = date(year, 12, 31)
    published = InformationItem.objects.filter(
        of_agencies(agencies), state=State.PUBLISHED, doc_type__in=PREFIXES
    )
    ended_by_year_end = ValidityChange.objects.filter(
        item=OuterRef("pk"), new__in=ENDED, effective_on__lte=year_end
    )
    formed = Q(written_on__lte=year_end) | Q(written_on__isnull=True, published_on__lte=year_end)
    out: dict[int, dict[str, int]] = {}
    items = (
        published.values("agency_id", "doc_type")
        .annotate(
            issued=Count("pk", filter=Q(written_on__year=year)),
            published=Count("pk", filter=Q(published_on__year=year)),
            in_force=Count("pk", filter=formed & ~Exists(ended_by_year_end)),
        )
        .order_by()
    )
    for row in items:
        figures = out.setdefault(row["agency_id"], _zero())
        for figure in ("issued", "published", "in_force"):
            figures[f"{PREFIXES[row['doc_type']]}.{figure}"] = row[figure]
    repealed = (
        ValidityChange.objects.filter(item__in=published, new__in=ENDED, effective_on__year=year)
        .exclude(old__in=ENDED)
        .values("item__agency_id", "item__doc_type")
        .annotate(n=Count("item", distinct=True))
        .order_by()
    )
    for row in repealed:
        figures = out.setdefault(row["item__agency_id"], _zero())
        figures[f"{PREFIXES[row['item__doc_type']]}.repealed"] = row["n"]
    return out
