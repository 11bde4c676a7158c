"""The consistency rules: consistent reports raise nothing, one perturbed cell fires the rule that covers it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.standard.formats import FORMATS, Kind, outcome_rows
from gongkai.standard.report import Finding, Report, Severity
from gongkai.standard.rules import RULES, check, cross_year

from .rules_reports import consecutive_reports, consistent_reports

TODAY = dt.date(2040, 1, 1)
FEW = settings(max_examples=40, deadline=None)
ARITHMETIC = {"s3.balance", "s3.total_is_sum", "s3.row_total", "s4.total_is_sum"}


def rules_of(findings, severity: Severity | None = None) -> set[str]:
    return {f.rule for f in findings if severity is None or f.severity is severity}


def without_jumps(findings):
    """year.jump (info) fires on the random counts of consecutive reports; test_rules_evaluators.py covers it."""
    return [f for f in findings if f.rule != "year.jump"]


def naming(findings, cell_id: str) -> set[str]:
    return {f.rule for f in findings if cell_id in f.cells}


def broken_by(report: Report, cell_id: str) -> set[str]:
    """The arithmetic rules a changed Table 三/四 count must break, stated from the table layout."""
    if cell_id.startswith("s4."):
        return {"s4.total_is_sum"}
    row = cell_id.removeprefix("s3.").rsplit(".", 1)[0]
    expected = {"s3.row_total"}
    if row in ("new", "carried_in", "total", "carried_out"):
        expected.add("s3.balance")
    if row == "total" or row in {r.key for r in outcome_rows(FORMATS[report.format])}:
        expected.add("s3.total_is_sum")
    return expected


@FEW
@given(consistent_reports())
def test_consistent_report_has_no_error_or_warning(report):
    found = check(report, today=TODAY)
    assert [f for f in found if f.severity is not Severity.INFO] == []


@FEW
@given(consecutive_reports())
def test_consistent_consecutive_years_have_no_cross_year_finding(pair):
    previous, report = pair
    assert [f for f in check(report, previous, today=TODAY) if f.severity is not Severity.INFO] == []
    assert without_jumps(cross_year(report, previous)) == []


@FEW
@given(consistent_reports(), st.data())
def test_one_changed_count_fires_the_rules_that_cover_it(report, data):
    cell_id = data.draw(st.sampled_from([i for i in report.cells if i.startswith(("s3.", "s4."))]))
    report.cells[cell_id] += data.draw(st.integers(1, 9))
    found = check(report, today=TODAY)
    assert naming(found, cell_id) >= broken_by(report, cell_id)
    errors = [f for f in found if f.severity is Severity.ERROR]
    assert {f.rule for f in errors} <= ARITHMETIC
    for f in errors:  # only relations over the changed cell break, each with both sides stated
        assert cell_id in f.cells and f.expected != f.found and f.message.startswith("表")


@FEW
@given(consistent_reports(), st.data())
def test_blank_cell_is_a_warning_and_skips_its_relations(report, data):
    cell_id = data.draw(st.sampled_from(list(report.cells)))
    report.cells[cell_id] = None
    found = check(report, today=TODAY)
    assert [f.rule for f in found if cell_id in f.cells] == ["cell.blank"]
    assert rules_of(found, Severity.ERROR) == set()


@FEW
@given(consistent_reports(), st.data())
def test_negative_count_is_an_error(report, data):
    spec = FORMATS[report.format]
    cell_id = data.draw(st.sampled_from([c.id for c in spec.cells if c.kind is not Kind.SIGNED]))
    report.cells[cell_id] = -report.cells[cell_id] - 1
    assert "cell.negative" in naming(check(report, today=TODAY), cell_id)


@FEW
@given(consistent_reports("2021"), st.sampled_from(("rules", "normative_docs")))
def test_fewer_in_force_than_issued_this_year(report, row):
    report.cells[f"s2.{row}.issued"] = (
        report.cells[f"s2.{row}.in_force"] + report.cells[f"s2.{row}.repealed"] + 1
    )
    found = [f for f in check(report, today=TODAY) if f.rule == "s2.in_force_lt_issued"]
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert f"s2.{row}.issued" in found[0].cells and found[0].found < found[0].expected


@FEW
@given(consistent_reports("2019"), st.sampled_from(("rules", "normative_docs")))
def test_fewer_in_total_than_published_this_year(report, row):
    report.cells[f"s2.{row}.published"] = report.cells[f"s2.{row}.total"] + 1
    assert "s2.total_lt_published" in naming(check(report, today=TODAY), f"s2.{row}.total")


@FEW
@given(consistent_reports("2019"))
def test_items_cannot_fall_below_zero(report):
    report.cells["s2.penalty.change"] = -report.cells["s2.penalty.last_year"] - 1
    assert "s2.change_below_zero" in naming(check(report, today=TODAY), "s2.penalty.change")


@FEW
@given(consistent_reports())
def test_format_must_match_the_year(report):
    report.year = 2021 if report.format == "2019" else 2020
    found = [f for f in check(report, today=TODAY) if f.rule == "format.version"]
    assert [(f.severity, f.found) for f in found] == [(Severity.ERROR, report.format)]


def test_unknown_format_is_reported_unless_the_file_was_unreadable():
    assert rules_of(check(Report(year=2021), today=TODAY)) == {"format.version"}
    unreadable = Report(findings=[Finding("parse.unreadable", Severity.ERROR, "无法打开文件")])
    assert check(unreadable, today=TODAY) == []


@FEW
@given(consecutive_reports(), st.data())
def test_carried_in_must_continue_last_years_carried_out(pair, data):
    previous, report = pair
    column = data.draw(st.sampled_from(("natural", "business", "research", "social", "legal", "other_org")))
    previous.cells[f"s3.carried_out.{column}"] += 1
    found = without_jumps(cross_year(report, previous))
    assert [(f.rule, f.cells) for f in found] == [("s3.continuity", (f"s3.carried_in.{column}",))]
    assert found[0].severity is Severity.WARNING and found[0].found + 1 == found[0].expected


@FEW
@given(
    consecutive_reports(), st.sampled_from(("licensing", "other_services", "penalty", "enforcement", "fees"))
)
def test_2019_item_counts_continue(pair, row):
    previous, report = pair
    previous.cells[f"s2.{row}.change"] = 1 + (previous.cells.get(f"s2.{row}.change") or 0)
    found = without_jumps(cross_year(report, previous))
    if previous.format == report.format == "2019":
        assert [(f.rule, f.cells) for f in found] == [("s2.items_continuity", (f"s2.{row}.last_year",))]
    else:
        assert found == []


@FEW
@given(consecutive_reports(), st.sampled_from(("rules", "normative_docs")))
def test_2021_in_force_continuity_is_information(pair, row):
    previous, report = pair
    previous.cells[f"s2.{row}.in_force"] = 1 + (previous.cells.get(f"s2.{row}.in_force") or 0)
    found = without_jumps(cross_year(report, previous))
    if previous.format == report.format == "2021":
        assert [(f.rule, f.severity) for f in found] == [("s2.in_force_continuity", Severity.INFO)]
    else:
        assert found == []


@FEW
@given(consecutive_reports())
def test_cross_year_rules_need_the_year_before(pair):
    previous, report = pair
    previous.cells = {k: (v + 1 if isinstance(v, int) else v) for k, v in previous.cells.items()}
    previous.year -= 1
    assert cross_year(report, previous) == []
    assert rules_of(check(report, previous, today=TODAY)) == rules_of(check(report, today=TODAY))


def test_every_rule_is_in_the_catalogue_with_its_severity():
    catalogue = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `([a-z0-9_.]+)` \| (error|warning|info) \|", catalogue, re.M))
    assert documented == {r.id: str(r.severity) for r in RULES.values()}


@FEW
@given(consistent_reports(), st.sampled_from(("review", "suit_direct", "suit_after_review")))
def test_filled_parts_above_the_total_are_an_error_despite_a_blank(report, group):
    report.cells[f"s4.{group}.pending"] = None
    report.cells[f"s4.{group}.upheld"] = report.cells[f"s4.{group}.total"] + 1
    found = [f for f in check(report, today=TODAY) if f.severity is Severity.ERROR]
    assert [(f.rule, f.cells[0], f.found) for f in found] == [
        ("s4.total_is_sum", f"s4.{group}.total", report.cells[f"s4.{group}.total"])
    ]
    assert f"s4.{group}.pending" not in found[0].cells and "小于已填写的" in found[0].message
