"""The rules evaluators apply (info, never error), on hand-made reports and on real published reports; and
report years before 2019 refused with one clear message."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.parsers import read_file
from gongkai.standard.formats import YearNotCovered, format_for_year
from gongkai.standard.report import Report, Severity
from gongkai.standard.rules import RULES, check, cross_year
from gongkai.standard.rules.continuity import jumped
from gongkai.standard.rules.plausibility import level

from ..shared import real_report

TODAY = dt.date(2040, 1, 1)
EVALUATOR_RULES = (
    "year.jump",
    "s2.rules_without_power",
    "s4.direct_suit_after_2024",
    "s2.amount_looks_like_yuan",
)


def zero_report(year: int, agency: str = "淮安市统计局") -> Report:
    report = Report.blank(format_for_year(year).id, agency=agency, year=year)
    report.cells = {
        k: (Decimal(0) if k.endswith("amount") else 0) for k in report.cells
    }  # every relation holds at zero
    return report


def fired(report: Report, rule_id: str, previous: Report | None = None) -> list:
    return [f for f in check(report, previous, today=TODAY) if f.rule == rule_id]


def test_evaluator_rules_are_never_errors():
    assert {RULES[r].severity for r in EVALUATOR_RULES} == {Severity.INFO}


# ------------------------------------------------------------------ year on year
@pytest.mark.parametrize(
    ("now", "before", "flagged"),
    [
        (0, 1, False),  # 0→1 and back: below the floor
        (1, 0, False),
        (9, 1, False),  # 9× but only 9
        (10, 0, True),  # the floor reached, from nothing
        (10, 2, False),  # exactly 5×: not more than
        (11, 2, True),
        (2, 11, True),  # under a fifth
        (2, 10, False),  # exactly a fifth
        (100, 30, False),
    ],
)
def test_jump_threshold_and_floor(now, before, flagged):
    assert jumped(now, before) is flagged
    previous, report = zero_report(2023), zero_report(2024)
    previous.cells["s3.new.total"], report.cells["s3.new.total"] = before, now
    found = [f for f in cross_year(report, previous) if f.rule == "year.jump"]
    assert [f.cells for f in found] == ([("s3.new.total",)] if flagged else [])


def test_jump_on_real_consecutive_reports():
    """洪泽区人民政府 2023 → 2024 (real reports 002, 003): 行政许可 decisions 550 → 9487 (hand-transcribed in
    002.meta.json / 003.meta.json) is flagged; 新收 21 → 95 (4.5×) is not."""
    before, now = read_file(str(real_report("002.pdf"))), read_file(str(real_report("003.pdf")))
    found = [f for f in cross_year(now, before) if f.rule == "year.jump"]
    assert [(f.cells, f.expected, f.found) for f in found] == [(("s2.licensing.decisions",), 550, 9487)]
    assert "超过上年的5倍" in found[0].message


# ------------------------------------------------------------------ 规章 without rule-making power
@pytest.mark.parametrize(
    ("agency", "expected"),
    [
        ("淮安市洪泽区人民政府", "county"),
        ("某某县财政局", "county"),
        ("某某自治县人民政府", "county"),
        ("某某旗人民政府", "county"),
        ("上海市浦东新区财政局", "county"),
        ("柞水县凤凰镇人民政府", "township"),
        ("绍兴市越城区东湖街道办事处", "township"),
        ("淮安市人民政府", None),  # 设区的市: may make 规章
        ("广西壮族自治区人民政府", None),
        ("某某自治州人民政府", None),
        ("淮安市住房和城乡建设局", None),
        ("江苏省自然资源厅", None),
    ],
)
def test_agency_level_from_its_name(agency, expected):
    assert level(agency) == expected


def test_county_government_reporting_rules_is_flagged_and_a_city_is_not():
    """Real report 003 (淮安市洪泽区人民政府, a 区 government) with one 现行有效 规章 typed in; real report 001
    (淮安市人民政府, a 设区的市) reports 11 in force and is not flagged."""
    county = read_file(str(real_report("003.pdf")))
    assert fired(county, "s2.rules_without_power") == []  # as published: 0 规章
    county.cells["s2.rules.in_force"] = 1
    (finding,) = fired(county, "s2.rules_without_power")
    assert finding.cells == ("s2.rules.in_force",) and "县级" in finding.message
    city = read_file(str(real_report("001.pdf")))
    assert city.cells["s2.rules.in_force"] == 11
    assert fired(city, "s2.rules_without_power") == []


# ------------------------------------------------------------------ 复议前置 from 2024
def test_direct_suits_after_2024_on_real_reports():
    """Real report 001 (淮安市人民政府 2024) counts 26 未经复议直接起诉 and 003 (洪泽区 2024) 1: both flagged
    (info); 002 (洪泽区 2023, before 复议前置) counts 0 and would not be flagged in 2023 anyway."""
    for name, direct in (("001.pdf", 26), ("003.pdf", 1)):
        (finding,) = fired(read_file(str(real_report(name))), "s4.direct_suit_after_2024")
        assert finding.found == direct and "第二十三条" in finding.message


def test_direct_suits_before_2024_are_not_flagged():
    report = zero_report(2023)
    report.cells["s4.suit_direct.other"] = report.cells["s4.suit_direct.total"] = 3
    assert fired(report, "s4.direct_suit_after_2024") == []
    report = zero_report(2024)
    report.cells["s4.suit_direct.other"] = report.cells["s4.suit_direct.total"] = 3
    assert [f.found for f in fired(report, "s4.direct_suit_after_2024")] == [3]


# ------------------------------------------------------------------ 万元 that reads as 元
@pytest.mark.parametrize(
    ("amount", "flagged"),
    [
        ("4339000", True),  # 433.9万元 typed in 元 under the 万元 header
        ("10000", True),  # 1亿元, whole
        ("96171.6", False),  # real report 001: 9.6亿元 with a decimal, a city's real figure
        ("7816", False),  # real text 004: 7816万元
        ("9999", False),
    ],
)
def test_fee_amount_that_looks_like_yuan(amount, flagged):
    report = zero_report(2022)
    report.cells["s2.fees.amount"] = Decimal(amount)
    found = fired(report, "s2.amount_looks_like_yuan")
    assert [f.expected for f in found] == ([Decimal(amount) / 10000] if flagged else [])


def test_procurement_amount_per_project_that_looks_like_yuan():
    report = zero_report(2020)
    report.cells["s2.procurement.projects"] = 3
    report.cells["s2.procurement.amount"] = Decimal(1_500_000)  # 50亿元 a project
    assert len(fired(report, "s2.amount_looks_like_yuan")) == 1
    report.cells["s2.procurement.amount"] = Decimal(150)  # 50万元 a project
    assert fired(report, "s2.amount_looks_like_yuan") == []


def test_real_reports_as_published_have_no_yuan_finding():
    for name in ("001.pdf", "002.pdf", "003.pdf"):
        assert fired(read_file(str(real_report(name))), "s2.amount_looks_like_yuan") == []


# ------------------------------------------------------------------ years before 2019
def test_years_before_2019_have_no_format():
    with pytest.raises(YearNotCovered, match="2018年度报告早于2019年"):
        format_for_year(2018)
    assert format_for_year(2019).id == "2019"


def test_a_2018_report_gets_one_clear_finding_and_nothing_else():
    report = zero_report(2019)
    report.year = 2018
    found = check(report, zero_report(2019), today=TODAY)
    assert [(f.rule, f.severity) for f in found] == [("year.not_covered", Severity.ERROR)]
    assert "2018年度报告早于2019年" in found[0].message
    assert cross_year(report, zero_report(2019)) == []


def test_audit_cli_refuses_a_2018_report(tmp_path):
    """A real 2019 text (real-reports/text/001.txt, 平潭综合实验区财政金融局) relabelled as 2018: the audit says
    the year is not covered instead of comparing it with a format."""
    text = real_report("text/001.txt").read_text(encoding="utf-8").replace("2019", "2018")
    path = tmp_path / "平潭综合实验区财政金融局2018年政府信息公开工作年度报告.txt"
    path.write_text(text, encoding="utf-8")
    root = Path(__file__).parents[2]
    out = subprocess.run(
        [sys.executable, "-m", "gongkai", "audit", str(path)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root / "src"), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert "2018年度报告早于2019年" in out.stdout
    assert "format.version" not in out.stdout and "s3.balance" not in out.stdout
    assert out.returncode == 1  # an error finding
