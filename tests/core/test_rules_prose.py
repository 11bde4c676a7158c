"""Prose, sections, fees and publication dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.parsers import read_file
from gongkai.standard.report import Severity
from gongkai.standard.rules import check
from gongkai.standard.rules.numerals import parse_number
from gongkai.standard.rules.prose import received_in_prose, says_no_fee
from gongkai.standard.rules.publication import deadline
from tests.shared import real_report

from .rules_reports import consistent_reports

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"

TODAY = dt.date(2040, 1, 1)
FEW = settings(max_examples=30, deadline=None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        ("３", 3),
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十五", 25),
        ("一百零三", 103),
        ("两千", 2000),
        ("一万二千", 12000),
        ("二〇二一", 2021),
        ("零", 0),
        ("三件", None),
        ("", None),
    ],
)
def test_numerals(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2021年度，市政府办公室接到依申请公开事件3件，已经全部答复完成。", 3),  # seed 000
        ("2020年统计局未收到依申请公开事件。如公民需要获取……可以向统计局申请获取。", 0),  # seed 001
        ("确保在街道申请后可以最快的时间回复。2020年未收到政府信息公开申请。", 0),  # seed 002
        ("全年共受理依申请公开4件,均为自然人申请件,全部按《条例》规定予以答复。", 4),  # seed 004
        ("本年度共收到政府信息公开申请十二件，其中自然人申请十件。", 12),
        ("全年新收政府信息公开申请二十五件。", 25),
        ("我局严格执行依申请公开制度，及时公开信息二十条。", None),
        ("收到群众来信5件。", None),
        ("本年度未收到行政复议申请。全年共收到政府信息公开申请6件。", 6),
        ("收到行政复议申请1件。", None),
    ],
)
def test_received_in_prose(text, said):
    assert received_in_prose(text) == said


@FEW
@given(consistent_reports(), st.integers(1, 9))
def test_prose_count_that_contradicts_table_is_a_warning(report, extra):
    said = report.cells["s3.new.total"] + report.cells["s3.carried_in.total"] + extra
    report.prose[1] = f"本年度共收到政府信息公开申请{said}件。"
    found = [f for f in check(report, today=TODAY) if f.rule == "prose.contradicts_table"]
    assert [(f.severity, f.expected, f.found) for f in found] == [
        (Severity.WARNING, report.cells["s3.new.total"], said)
    ]
    assert "s3.new.total" in found[0].cells


@FEW
@given(consistent_reports())
def test_prose_count_in_chinese_numerals_agrees(report):
    new = report.cells["s3.new.total"]
    report.prose[1] = (
        f"本年度共收到政府信息公开申请{'零一二三四五六七八九'[new % 10] if new < 10 else new}件。"
    )
    assert "prose.contradicts_table" not in {f.rule for f in check(report, today=TODAY)}


@FEW
@given(consistent_reports(), st.sampled_from((1, 5, 6)))
def test_empty_or_missing_prose_section(report, section):
    report.prose[section] = " \n"
    found = [f for f in check(report, today=TODAY) if f.rule == "section.missing"]
    assert len(found) == 1 and found[0].message.endswith("没有内容")
    report.sections_found = tuple(n for n in report.sections_found if n != section)
    found = [f for f in check(report, today=TODAY) if f.rule == "section.missing"]
    assert len(found) == 1 and found[0].message.startswith("报告缺少第")


@FEW
@given(consistent_reports())
def test_sections_unknown_only_prose_is_checked(report):
    """A report from structured data records no headings: only the prose itself tells."""
    report.sections_found = ()
    assert "section.missing" not in {f.rule for f in check(report, today=TODAY)}
    report.prose[5] = ""
    assert "section.missing" in {f.rule for f in check(report, today=TODAY)}


@FEW
@given(consistent_reports("2021"))
def test_report_without_any_text_is_not_judged_on_its_prose(report):
    """Table data alone (a CSV export read back) says nothing about the prose."""
    report.sections_found, report.prose = (), {}
    assert not {"section.missing", "fee.statement_missing"} & {f.rule for f in check(report, today=TODAY)}


@FEW
@given(consistent_reports("2021"))
def test_2021_section_six_should_state_the_fee(report):
    report.prose[6] = "按照政务公开工作要点，加强了网站建设。"
    found = [f for f in check(report, today=TODAY) if f.rule.startswith("fee.")]
    assert [(f.rule, f.severity) for f in found] == [("fee.statement_missing", Severity.INFO)]


@FEW
@given(consistent_reports("2021"), st.integers(1, 5))
def test_unpaid_fee_notices_contradict_no_fee_statement(report, unpaid):
    report.cells["s3.other.no_fee_paid.natural"] += unpaid
    report.cells["s3.other.no_fee_paid.total"] += unpaid
    report.cells["s3.total.natural"] += unpaid
    report.cells["s3.total.total"] += unpaid
    report.cells["s3.carried_out.natural"] -= min(unpaid, report.cells["s3.carried_out.natural"])
    report.prose[6] = "本年度未收取信息处理费。"
    found = [f for f in check(report, today=TODAY) if f.rule == "fee.contradicts_table"]
    assert [(f.severity, f.cells) for f in found] == [(Severity.WARNING, ("s3.other.no_fee_paid.total",))]


@pytest.mark.parametrize(
    ("text", "no_fee"),
    [
        ("2021年市政府办公室未收取信息处理费。", True),
        ("本年度不涉及信息处理费。", True),
        ("信息处理费为0元。", True),
        ("本年度无信息处理费收取情况。", True),
        ("本年度发出收费通知2件，收取信息处理费300元。", False),
    ],
)
def test_says_no_fee(text, no_fee):
    assert says_no_fee(text) is no_fee


@FEW
@given(consistent_reports(), st.integers(1, 60))
def test_late_publication(report, days):
    report.published = deadline(report.agency, report.year) + dt.timedelta(days=days)
    found = [f for f in check(report, today=TODAY) if f.rule == "publication.late"]
    assert [(f.severity, f.found) for f in found] == [(Severity.WARNING, report.published.isoformat())]
    assert f"迟了{days}天" in found[0].message


def test_deadlines():
    assert deadline("满洲里市统计局", 2020) == dt.date(2021, 1, 31)
    assert deadline("满洲里市人民政府办公室", 2021) == dt.date(2022, 1, 31)
    assert deadline("满洲里市人民政府", 2021) == dt.date(2022, 3, 31)  # the government's own report
    assert deadline("某某镇人民政府", 2021) == dt.date(2022, 1, 31)


@FEW
@given(consistent_reports())
def test_publication_date_after_today_or_within_the_year_is_implausible(report):
    report.published = None
    assert not {"publication.late", "publication.implausible"} & {f.rule for f in check(report, today=TODAY)}
    report.published = dt.date(report.year, 6, 1)
    assert "publication.implausible" in {f.rule for f in check(report, today=TODAY)}
    report.published = dt.date(report.year + 1, 1, 20)
    rules = {f.rule for f in check(report, today=dt.date(report.year + 1, 1, 10))}
    assert "publication.implausible" in rules


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2024年，区政府办代表区政府受理政府\n信息公开申请17件，均已在法定期限内予以答复。", 17),  # real 003
        ("本年度共收到政府信息公开申\n请 6 件。", 6),
        ("全年未收到行政复议申请。\n全年收到政府信息公开申请3件。", 3),  # a sentence's end stays a break
        ("本年度未接到\n（二）收到政府信息公开申请5件。", 5),  # a break before a heading stays
    ],
)
def test_received_in_prose_across_pdf_line_breaks(text, said):
    assert received_in_prose(text) == said


def test_real_report_003_prose_17_against_table_95_is_flagged():
    """Hand-read from 003.pdf: section 一 says 受理政府信息公开申请17件 (broken across two lines); Table 三 新收 95."""
    report = read_file(real_report("003.pdf"))
    found = [f for f in check(report, today=TODAY) if f.rule == "prose.contradicts_table"]
    assert [(f.expected, f.found) for f in found] == [(95, 17)]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_seed_contradicts_its_table_in_prose(path):
    """The five seeds' prose agrees with their tables (read by hand: 3, 0, 0, -, 4 against Table 三)."""
    assert "prose.contradicts_table" not in {f.rule for f in check(read_file(path), today=TODAY)}
