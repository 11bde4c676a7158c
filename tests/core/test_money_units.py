"""The unit of a money cell: the cell's own, the column header's, the prose's, or plausibility — in that order,
with a finding that says which unit was chosen and why whenever the report itself does not say."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.parsers import read_bytes
from tests import layouts

PROSE = "2019年，我局通过政府集中采购完成采购项目3个，涉及金额881.0055万元。"


def _page(
    amount: str, header: str = "采购总金额", prose: str = "本年度我局认真贯彻落实条例。", projects: int = 3
):
    report = layouts.Report.blank("2019", agency="平潭综合实验区金井片区管理局", year=2019)
    report.cells = dict.fromkeys(report.cells, 0)
    report.cells["s2.procurement.projects"] = projects
    report.cells["s2.procurement.amount"] = Decimal(
        7
    )  # a marker replaced by the amount as the page prints it
    report.prose = {1: prose, 5: "无。", 6: "无。"}
    page = layouts.html_page(report).decode()
    assert page.count(">7<") == 1
    page = page.replace(">7<", f">{amount}<").replace(">采购总金额<", f">{header}<")
    return read_bytes(page.encode(), "page.html")


def _amount(report):
    return report.cells["s2.procurement.amount"]


def _unit_findings(report):
    return [f for f in report.findings if f.rule == "money.unit_assumed"]


@pytest.mark.parametrize("header", ["采购总金额（元）", "采购总金额(元)", "采购总金额（单位：元）"])
def test_unit_from_the_column_header(header):
    report = _page("8810055", header)
    assert _amount(report) == Decimal("881.0055")
    assert not _unit_findings(report)  # the report says its unit: nothing to flag


def test_header_in_wan_yuan():
    report = _page("881.0055", "采购总金额（万元）")
    assert _amount(report) == Decimal("881.0055") and not _unit_findings(report)


def test_the_cells_own_unit_beats_the_header():
    """The 30号 template prints （单位：万元）; a clerk who types 元 in the cell means 元."""
    report = _page("4339000.00元", "采购总金额（万元）")
    assert _amount(report) == Decimal("433.9")


def test_unit_from_the_prose_when_the_header_has_none():
    report = _page("8810055", prose=PROSE)
    assert _amount(report) == Decimal("881.0055")
    (finding,) = _unit_findings(report)
    assert "881.0055万元" in finding.message and finding.expected == "元"


@pytest.mark.parametrize(
    ("printed", "projects", "value", "unit", "why"),
    [
        ("147230", 3, Decimal("14.723"), "元", "1亿元以上"),  # 49,077 a project as 万元 = 4.9亿元
        ("8810055", 3, Decimal("881.0055"), "元", "1亿元以上"),
        ("881.0055", 3, Decimal("881.0055"), "万元", "4位小数"),
        ("120.5", 2, Decimal("120.5"), "万元", "按原数值"),
    ],
)
def test_no_unit_anywhere_is_judged_by_plausibility(printed, projects, value, unit, why):
    report = _page(printed, projects=projects)
    assert _amount(report) == value
    (finding,) = _unit_findings(report)
    assert finding.expected == unit and why in finding.message and f"按{unit}读取" in finding.message


def test_a_zero_needs_no_unit():
    report = _page("0", projects=0)
    assert _amount(report) == 0 and not _unit_findings(report)
