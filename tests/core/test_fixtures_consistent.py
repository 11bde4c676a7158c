"""Guards the hand-transcribed expected fixtures against accidental edits.

Each fixture must name exactly its format's cells, and the arithmetic facts the source reports are known to
contain (including their own mistakes) must still hold in the transcription.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.parsers.metadata import Source
from gongkai.standard.formats import APPLICANT_COLUMNS, FORMATS, outcome_rows
from gongkai.standard.report import SOURCED

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "expected"
FILES = sorted(p for p in EXPECTED.glob("*.json") if not p.stem.startswith("text-"))
TEXTS = sorted(EXPECTED.glob("text-*.json"))  # the real texts: their own shape (ambiguous, not visible)
S3_COLUMNS = (*APPLICANT_COLUMNS, "total")


def load(stem: str) -> dict:
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"), parse_float=Decimal)


def seed(number: str) -> dict:
    (path,) = EXPECTED.glob(f"{number}_*.json")
    return load(path.stem)


def outcome_sum(fixture: dict, column: str) -> int:
    cells = fixture["cells"]
    return sum(cells[f"s3.{row.key}.{column}"] or 0 for row in outcome_rows(FORMATS[fixture["format"]]))


def test_every_source_has_a_fixture():
    stems = {p.stem for p in FILES}
    seeds = {p.stem for p in (EXPECTED.parent / "seeds").glob("*.txt")}
    pdfs = {"real-001", "real-002", "real-003"}
    webs = {"web-001", "web-007"}
    assert stems == seeds | pdfs | webs
    texts = {p.stem for p in TEXTS}
    assert texts == {f"text-{n}" for n in ("001", "004", "005", "006", "007", "010", "011")} | {
        f"text-{n}" for n in ("023", "024", "025", "027", "029", "030", "049")
    }


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_text_fixture_shape(path: Path):
    fixture = load(path.stem)
    keys = {"agency", "year", "format", "published", "index_number", "layout", "note", "cells"}
    assert set(fixture) == keys | {"ambiguous", "not_visible"}
    assert list(fixture["cells"]) == list(FORMATS[fixture["format"]].cell_ids)
    assert fixture["agency"] is None or isinstance(fixture["agency"], str)
    assert isinstance(fixture["year"], int)
    unknown = set(fixture["ambiguous"]) | set(fixture["not_visible"])
    assert unknown <= set(fixture["cells"])
    assert all(fixture["cells"][c] is None for c in unknown)
    assert not set(fixture["ambiguous"]) & set(fixture["not_visible"])


@pytest.mark.parametrize("n", ["004", "005", "006", "010", "011"])
def test_complete_crawler_texts_balance_and_sum(n: str):
    """The transcriptions of the complete crawler pages hold Table 三's relations (none of their cells is unknown)."""
    fixture = load(f"text-{n}")
    cells = fixture["cells"]
    for col in S3_COLUMNS:
        assert cells[f"s3.new.{col}"] + cells[f"s3.carried_in.{col}"] == (
            cells[f"s3.total.{col}"] + cells[f"s3.carried_out.{col}"]
        ), col
        assert outcome_sum(fixture, col) == cells[f"s3.total.{col}"], col


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_fixture_shape(path: Path):
    fixture = load(path.stem)
    required = {"agency", "year", "format", "published", "index_number", "cells"}
    sources = {f"{key}_source" for key in SOURCED}
    assert required <= set(fixture) <= required | sources
    assert {fixture[key] for key in sources & set(fixture)} <= {None, *(str(s) for s in Source)}
    assert fixture["format"] in FORMATS
    assert list(fixture["cells"]) == list(FORMATS[fixture["format"]].cell_ids)
    assert isinstance(fixture["agency"], str) and fixture["agency"]
    assert isinstance(fixture["year"], int)
    if fixture["published"] is not None:
        dt.date.fromisoformat(fixture["published"])
    for cell_id, value in fixture["cells"].items():
        assert value is None or isinstance(value, int | Decimal), cell_id


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_format_matches_year(path: Path):
    fixture = load(path.stem)
    assert fixture["format"] == ("2019" if fixture["year"] <= 2020 else "2021")


def test_seed_000_total_row_is_zero_but_outcomes_sum_to_3():
    fixture = seed("000")
    assert all(fixture["cells"][f"s3.total.{col}"] == 0 for col in S3_COLUMNS)
    assert outcome_sum(fixture, "total") == 3
    assert fixture["cells"]["s3.new.total"] == 3


def test_seed_004_outcomes_3_1_1_but_total_4():
    cells = seed("004")["cells"]
    assert (cells["s3.granted.total"], cells["s3.partial.total"], cells["s3.unavailable.not_held.total"]) == (
        3,
        1,
        1,
    )
    assert outcome_sum(seed("004"), "total") == 5
    assert cells["s3.total.total"] == 4
    assert cells["s3.new.total"] == 4


@pytest.mark.parametrize("number", ["001", "002", "003"])
def test_seed_balances(number: str):
    cells = seed(number)["cells"]
    for col in S3_COLUMNS:
        assert cells[f"s3.new.{col}"] + cells[f"s3.carried_in.{col}"] == (
            cells[f"s3.total.{col}"] + cells[f"s3.carried_out.{col}"]
        ), col


def test_seed_003_section_two():
    """Signed 增/减, the blank 其他对外管理服务事项 row and 4339000.00元 read as 万元."""
    cells = seed("003")["cells"]
    assert (cells["s2.licensing.change"], cells["s2.penalty.change"]) == (10, 4)
    assert [cells[f"s2.other_services.{c}"] for c in ("last_year", "change", "decisions")] == [None] * 3
    assert cells["s2.procurement.amount"] == Decimal("433.9")


def test_seed_004_metadata():
    fixture = seed("004")
    assert (fixture["index_number"], fixture["published"]) == ("13566001/2022-00330", "2022-01-31")


@pytest.mark.parametrize("stem", ["real-001", "real-003"])
def test_real_reports_balance_and_sum(stem: str):
    fixture = load(stem)
    cells = fixture["cells"]
    for col in S3_COLUMNS:
        assert cells[f"s3.new.{col}"] + cells[f"s3.carried_in.{col}"] == (
            cells[f"s3.total.{col}"] + cells[f"s3.carried_out.{col}"]
        ), col
        assert outcome_sum(fixture, col) == cells[f"s3.total.{col}"], col


def test_real_002_section_four_totals_are_zero():
    """The published report prints 0 in every 总计 of section 四 although its results are not 0."""
    cells = load("real-002")["cells"]
    assert [cells[f"s4.{g}.total"] for g in ("review", "suit_direct", "suit_after_review")] == [0, 0, 0]
    assert (
        cells["s4.review.upheld"],
        cells["s4.review.corrected"],
        cells["s4.suit_after_review.upheld"],
    ) == (10, 1, 5)


@pytest.mark.parametrize("stem", ["real-002", "real-003"])
def test_single_other_row_maps_to_other_other(stem: str):
    """One printed （六）其他处理 row is read as 3.其他; the sub-rows these reports do not print are blank."""
    cells = load(stem)["cells"]
    for col in S3_COLUMNS:
        assert cells[f"s3.other.other.{col}"] == 0
        assert cells[f"s3.other.no_correction.{col}"] is None
        assert cells[f"s3.other.no_fee_paid.{col}"] is None
