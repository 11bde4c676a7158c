"""Numbers that must never repeat or skip silently: the case register (登记编号) and each letter kind's 文号,
one sequence per agency, year and series, taken under a row lock."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from gongkai_platform.applications.models import Application, LetterKind, Sequence

REGISTER = "register"
LETTER_ABBREVIATIONS = {
    LetterKind.RECEIPT: "收",
    LetterKind.CORRECTION: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.CONSULTATION: "征",
    LetterKind.REPLY: "答",
    LetterKind.NOTICE: "告",
    LetterKind.FEE: "费",
}


@transaction.atomic
def take(agency, year: int, series: str) -> int:
    """The next number of the series (1, 2, …)."""
    try:
        with transaction.atomic():
            Sequence.objects.get_or_create(agency=agency, year=year, series=series)
    except IntegrityError:  # created concurrently by another request
        pass
    seq = Sequence.objects.select_for_update().get(agency=agency, year=year, series=series)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


def case_number(app: Application) -> str:
    """`2026-YSQ-0012`: the year of receipt and the agency's running number (依申请 = YSQ)."""
    year = app.received_on.year
    return f"{year}-YSQ-{take(app.agency, year, REGISTER):04d}"


def letter_number(agency, kind: str, year: int) -> tuple[int, str]:
    """(sequence number, 文号) such as `满洲里市统计局依申答〔2026〕3号`."""
    seq = take(agency, year, kind)
    return seq, f"{agency.display_name}依申{LETTER_ABBREVIATIONS[LetterKind(kind)]}〔{year}〕{seq}号"
