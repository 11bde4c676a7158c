"""The 第二十条第（一）项 figures of an annual report (section 二), computed from the catalogue.

For report year Y and document type 规章 (`s2.rules.*`) or 行政规范性文件 (`s2.normative_docs.*`):
- issued: published items whose 成文日期 falls in Y (2021 本年制发件数, 2019 本年新制作数量);
- published: items whose 发布日期 falls in Y (2019 本年新公开数量: a document written in December and published
  in January is made in one year and published in the next);
- repealed: items whose 有效性 changed to 废止 or 失效 with a change date in Y (both end a document's force);
- in_force: published items formed by 31 December of Y that were 有效 on that day, judged from the validity
  history (an item that lost force after Y still counts).
Withdrawn items count nowhere: withdrawal means the publication itself was wrong.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q

from gongkai_platform.agencies.scope import of_agencies
from gongkai_platform.catalogue.models import DocType, InformationItem, State, Validity, ValidityChange

PREFIXES = {DocType.RULE: "s2.rules", DocType.NORMATIVE: "s2.normative_docs"}
ENDED = (Validity.REPEALED, Validity.EXPIRED)


def article20_figures(agencies, year: int) -> dict[str, int]:
    """The figures of one agency, or summed over many (an iterable or queryset) in the same queries."""
    year_end = date(year, 12, 31)
    published = InformationItem.objects.filter(of_agencies(agencies), state=State.PUBLISHED)
    ended_by_year_end = ValidityChange.objects.filter(
        item=OuterRef("pk"), new__in=ENDED, effective_on__lte=year_end
    )
    figures = {}
    for doc_type, prefix in PREFIXES.items():
        of_type = published.filter(doc_type=doc_type)
        figures[f"{prefix}.issued"] = of_type.filter(written_on__year=year).count()
        figures[f"{prefix}.published"] = of_type.filter(published_on__year=year).count()
        figures[f"{prefix}.repealed"] = (
            ValidityChange.objects.filter(item__in=of_type, new__in=ENDED, effective_on__year=year)
            .exclude(old__in=ENDED)
            .values("item")
            .distinct()
            .count()
        )
        figures[f"{prefix}.in_force"] = (
            of_type.filter(
                Q(written_on__lte=year_end) | Q(written_on__isnull=True, published_on__lte=year_end)
            )
            .exclude(Exists(ended_by_year_end))
            .count()
        )
    return figures
