"""索引号 allocation from the jurisdiction's scheme: `机构代码{分隔符}{年|年月}[-{分类代码}]-{序号}`, default
`组织机构代码/YYYY-NNNNN` (the 实施指引's 前段码/后段码). Serials run per agency and period (year, or month when the
scheme uses 年月), gap-free and never duplicated.

The sequence row is created if missing (INSERT … ON CONFLICT DO NOTHING) and then locked:
`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the IMMEDIATE transaction mode already holds the
database write lock from BEGIN. The caller's transaction spans the allocation and the publication,
so a failed publication returns its number.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from gongkai_platform.agencies.models import Agency
from gongkai_platform.catalogue.models import IndexNumberSequence


@dataclass(frozen=True)
class Scheme:
    """The segments of a jurisdiction's 索引号."""

    period: str = "year"  # "year" (YYYY) or "month" (YYYYMM)
    separator: str = "/"
    topic_code: bool = False
    serial_width: int = 5

    def period_of(self, on: date) -> str:
        return f"{on:%Y%m}" if self.period == "month" else f"{on:%Y}"

    def format(self, org_code: str, period: str, serial: int, topic_code: str = "") -> str:
        topic = f"-{topic_code or '00'}" if self.topic_code else ""
        return f"{org_code}{self.separator}{period}{topic}-{serial:0{self.serial_width}d}"


DEFAULT = Scheme()


def scheme_of(agency: Agency) -> Scheme:
    area = agency.jurisdiction
    return Scheme(area.index_period, area.index_separator, area.index_topic_code, area.index_serial_width)


def format_index_number(org_code: str, year: int, serial: int) -> str:
    return DEFAULT.format(org_code, str(year), serial)


def allocate(agency: Agency, year: int, period: str | None = None) -> int:
    """The next serial for (agency, period; the year when no period is given). Must run inside the
    transaction that uses it."""
    if not connection.in_atomic_block:
        raise RuntimeError("index numbers must be allocated inside the publishing transaction")
    period = period or str(year)
    with transaction.atomic():
        IndexNumberSequence.objects.bulk_create(
            [IndexNumberSequence(agency=agency, year=year, period=period, last_value=0)],
            ignore_conflicts=True,
        )
        seq = IndexNumberSequence.objects.select_for_update().get(agency=agency, period=period)
        seq.last_value += 1
        seq.save(update_fields=["last_value"])
        return seq.last_value


def assign(item, on: date) -> None:
    """Give the item its 索引号 for publication on `on`, by its jurisdiction's scheme."""
    scheme = scheme_of(item.agency)
    period = scheme.period_of(on)
    serial = allocate(item.agency, on.year, period)
    topic_code = item.topic.code if item.topic_id else ""
    item.index_year, item.index_period, item.index_serial = on.year, period, serial
    item.index_number = scheme.format(item.agency.org_code, period, serial, topic_code)
