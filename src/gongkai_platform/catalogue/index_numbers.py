"""索引号 allocation: `组织机构代码/YYYY-NNNNN`, per agency and year, gap-free and never duplicated.

The sequence row is created if missing (INSERT … ON CONFLICT DO NOTHING) and then locked: `SELECT … FOR
UPDATE`
on PostgreSQL; on SQLite the IMMEDIATE transaction mode already holds the database write lock from BEGIN. The
caller's transaction spans the allocation and the publication, so a failed publication returns its number.
"""

from django.db import connection, transaction

from gongkai_platform.agencies.models import Agency
from gongkai_platform.catalogue.models import IndexNumberSequence


def format_index_number(org_code: str, year: int, serial: int) -> str:
    return f"{org_code}/{year}-{serial:05d}"


def allocate(agency: Agency, year: int) -> int:
    """The next serial for (agency, year). Must run inside the transaction that uses it."""
    if not connection.in_atomic_block:
        raise RuntimeError("index numbers must be allocated inside the publishing transaction")
    with transaction.atomic():
        IndexNumberSequence.objects.bulk_create(
            [IndexNumberSequence(agency=agency, year=year, last_value=0)], ignore_conflicts=True
        )
        seq = IndexNumberSequence.objects.select_for_update().get(agency=agency, year=year)
        seq.last_value += 1
        seq.save(update_fields=["last_value"])
        return seq.last_value
