"""The fourteen real report texts in ../shared/real-reports/text read to their hand transcriptions, cell by cell.

Crawler pages flattened onto one line (cells space-separated or run together), pasted `|` tables in their
variants, a mirror site in traditional characters, and excerpts cut off mid-table. Each fixture
(tests/fixtures/expected/text-NNN.json) was typed from the page: `cells` holds what the page shows (null where a
cell is blank or cannot be known), `ambiguous` the cells whose run-together digits the table's arithmetic does not
pin down, `not_visible` the cells after an excerpt's end.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.parsers import read_file
from tests.core.test_seed_parsing import cell_diff
from tests.shared import real_report

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "expected"
TEXTS = sorted(p.stem.removeprefix("text-") for p in EXPECTED.glob("text-*.json"))
SPLIT = ("parse.split_ambiguous", "parse.split_impossible")


def expected(n: str) -> dict:
    return json.loads((EXPECTED / f"text-{n}.json").read_text(encoding="utf-8"), parse_float=Decimal)


def named(report, *rules: str) -> set[str]:
    return {c for f in report.findings if f.rule in rules for c in f.cells}


@pytest.mark.parametrize("n", TEXTS)
def test_text_reads_every_visible_cell(n: str):
    fixture = expected(n)
    report = read_file(real_report(f"text/{n}.txt"))
    assert report.format == fixture["format"]
    diff = cell_diff(report.cells, fixture["cells"])
    assert not diff, f"text/{n}.txt: {len(diff)} mismatch(es)\n" + "\n".join(diff)


@pytest.mark.parametrize("n", TEXTS)
def test_cells_not_pinned_down_are_named_never_guessed(n: str):
    fixture = expected(n)
    report = read_file(real_report(f"text/{n}.txt"))
    assert named(report, *SPLIT) == set(fixture["ambiguous"])
    assert not named(report, "parse.split_inferred") & set(fixture["ambiguous"])


@pytest.mark.parametrize("n", TEXTS)
def test_excerpt_says_where_it_stops(n: str):
    fixture = expected(n)
    report = read_file(real_report(f"text/{n}.txt"))
    assert named(report, "parse.truncated") == set(fixture["not_visible"])
    visible = set(fixture["cells"]) - set(fixture["not_visible"])
    assert not named(report, "parse.row_unread", "parse.cell_unread") & visible


def test_impossible_split_says_the_report_may_be_wrong():
    report = read_file(real_report("text/007.txt"))
    (finding,) = [f for f in report.findings if f.rule == "parse.split_impossible"]
    assert finding.found == "0 00000" and len(finding.cells) == 7
    assert "报告本身的数字可能有误" in finding.message


def test_ambiguous_split_lists_its_readings():
    report = read_file(real_report("text/007.txt"))
    finding = next(f for f in report.findings if "s2.penalty.last_year" in f.cells)
    assert finding.rule == "parse.split_ambiguous"
    assert finding.expected == ["6/3/600", "6/360/0", "63/60/0", "636/0/0"]


def test_traditional_page_is_read_in_simplified_characters():
    report = read_file(real_report("text/049.txt"))
    assert [f.rule for f in report.findings if f.rule == "parse.traditional"] == ["parse.traditional"]
    assert "规章" not in report.prose[1] and "根据《中华人民共和国政府信息公开条例》" in report.prose[1]
    assert "(jù)" not in report.prose[1]


def test_prose_numbers_never_fill_a_cell():
    """027 stops in section 一, whose prose counts 81 and 108 items and 0 applications: no cell is filled."""
    report = read_file(real_report("text/027.txt"))
    assert all(v is None for v in report.cells.values())
