"""Markdown: pipe tables shaped like the official ones, read back by the parsers' text reader."""

from __future__ import annotations

from hypothesis import given, settings

from gongkai.renderers import render
from gongkai.standard.formats import SECTIONS
from gongkai.standard.report import Report
from tests.core.render_helpers import assert_round_trip
from tests.strategies import reports


def test_headings_tables_and_row_labels_next_to_their_values():
    report = Report.blank("2021", agency="某市教育局", year=2023, prose={1: "第一段。\n第二段。"})
    report.cells["s3.withheld.third_party.natural"] = 4
    md = render(report, "md").decode()
    lines = md.splitlines()
    assert lines[0] == "# 某市教育局2023年政府信息公开工作年度报告"
    assert [line[3:] for line in lines if line.startswith("## ")] == [s.title for s in SECTIONS]
    assert "第一段。\n\n第二段。" in md
    assert "|  | （三）不予公开 | 1.属于国家秘密 |  |" in md
    assert "|  |  | 4.保护第三方合法权益 | 4 |" in md
    assert "| 行政复议 |  |  |  |  | 行政诉讼 |" in md
    assert sum(line.startswith("|---|") for line in lines) == 6  # four 第二十条 tables, 三 and 四


@settings(max_examples=25, deadline=None)
@given(reports())
def test_markdown_round_trip_through_the_parsers(report):
    assert_round_trip(report, "md")
