"""Every seed export and real PDF report reads back to its hand-transcribed fixture, cell by cell."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.shared import real_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPECTED = FIXTURES / "expected"
REAL_PDFS = ("001", "002", "003")

CASES = [
    *(
        pytest.param(p, EXPECTED / f"{p.stem}.json", id=f"seed-{p.stem[:3]}")
        for p in sorted(FIXTURES.glob("seeds/*.txt"))
    ),
    *(pytest.param(f"{n}.pdf", EXPECTED / f"real-{n}.json", id=f"real-{n}") for n in REAL_PDFS),
]


def same(found: object, expected: object) -> bool:
    """Equal as numbers (an int and a Decimal may hold the same amount), or both blank."""
    if found is None or expected is None:
        return found is None and expected is None
    if isinstance(found, bool) or not isinstance(found, int | Decimal):
        return False
    return Decimal(found) == Decimal(expected)


def cell_diff(found: dict, expected: dict) -> list[str]:
    """One line per mismatching cell id, in the format's order; missing and extra ids included."""
    lines = [
        f"{cell_id}: expected {value!r}, found {found.get(cell_id, '<missing>')!r}"
        for cell_id, value in expected.items()
        if cell_id not in found or not same(found[cell_id], value)
    ]
    lines += [
        f"{cell_id}: unexpected cell, found {found[cell_id]!r}"
        for cell_id in found
        if cell_id not in expected
    ]
    return lines


@pytest.mark.parametrize(("source", "fixture"), CASES)
def test_reads_to_fixture(source: Path | str, fixture: Path):
    from gongkai.parsers import read_file  # imported here so a missing parser fails each case, not collection

    source = real_report(source) if isinstance(source, str) else source
    expected = json.loads(fixture.read_text(encoding="utf-8"), parse_float=Decimal)
    report = read_file(source)

    meta_found = {
        "format": report.format,
        "agency": report.agency,
        "year": report.year,
        "published": report.published.isoformat() if report.published else None,
        "index_number": report.index_number,
    }
    meta_expected = {key: expected[key] for key in meta_found}
    diff = [
        f"{key}: expected {meta_expected[key]!r}, found {meta_found[key]!r}"
        for key in meta_found
        if meta_found[key] != meta_expected[key]
    ]
    if report.format == expected["format"]:
        diff += cell_diff(report.cells, expected["cells"])
    assert not diff, f"{source.name}: {len(diff)} mismatch(es)\n" + "\n".join(diff)
