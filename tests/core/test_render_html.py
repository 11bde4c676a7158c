"""HTML: the official layout (title, six sections, merged table headers), and read back by the parsers."""

from __future__ import annotations

import re

from hypothesis import given, settings
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from gongkai.renderers import render
from gongkai.renderers.layout import value_text
from gongkai.standard.formats import FORMATS, SECTIONS
from gongkai.standard.report import Report
from tests.core.render_helpers import assert_round_trip, reader_for
from tests.strategies import reports


def _doc(report: Report) -> HTMLParser:
    return HTMLParser(render(report, "html").decode())


@settings(max_examples=20, deadline=None)
@given(reports())
def test_every_cell_is_printed_in_its_data_cell(report):
    doc = _doc(report)
    printed = {td.attributes["data-cell"]: td.text() for td in doc.css("td[data-cell]")}
    assert printed == {k: value_text(v) for k, v in report.cells.items()}


@settings(max_examples=10, deadline=None)
@given(reports())
def test_title_sections_and_prose_paragraphs(report):
    doc = _doc(report)
    assert doc.css_first("html").attributes["lang"] == "zh-CN"
    assert doc.css_first("h1").text() == f"{report.agency}{report.year}年政府信息公开工作年度报告"
    assert [h.text() for h in doc.css("h2")] == [s.title for s in SECTIONS]
    for number in (1, 5, 6):
        paragraphs = [p.text() for p in doc.css(f"section#s{number} p")]
        assert paragraphs == report.prose[number].splitlines()


def test_blank_signed_and_money_cells_print_plainly():
    report = Report.blank("2019", agency="某区财政局", year=2020)
    report.cells |= {"s2.licensing.change": -3, "s2.fees.change": 10, "s2.procurement.amount": __import__("decimal").Decimal("433.90")}
    doc = _doc(report)
    cell = {td.attributes["data-cell"]: td.text() for td in doc.css("td[data-cell]")}
    assert (cell["s2.licensing.change"], cell["s2.fees.change"], cell["s2.procurement.amount"]) == ("-3", "10", "433.90")
    assert cell["s3.new.natural"] == ""


def test_table_three_has_the_three_row_header_and_grouped_row_labels():
    for fid, results_rows in (("2021", 22), ("2019", 20)):
        doc = _doc(Report.blank(fid, agency="某局", year=2021 if fid == "2021" else 2020))
        table = doc.css_first("table.s3")
        head = table.css("thead tr")
        assert len(head) == 3
        first = head[0].css("th")
        assert (first[0].attributes["colspan"], first[0].attributes["rowspan"]) == ("3", "3")
        assert (first[1].text(), first[1].attributes["colspan"]) == ("申请人情况", "7")
        second = [(th.text(), th.attributes.get("colspan"), th.attributes.get("rowspan")) for th in head[1].css("th")]
        assert second == [("自然人", None, "2"), ("法人或其他组织", "5", None), ("总计", None, "2")]
        assert [th.text() for th in head[2].css("th")] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
        groups = {th.text(): th.attributes.get("rowspan") for th in table.css("tbody th")}
        assert groups["三、本年度办理结果"] == str(results_rows)
        assert groups["（三）不予公开"] == "8"
        assert groups["（四）无法提供"] == "3"
        assert groups["（五）不予处理"] == "5"
        assert groups.get("（六）其他处理") == ("3" if fid == "2021" else None)
        assert len(table.css("tbody tr")) == len(FORMATS[fid].tables_in(3)[0].rows)


def test_table_four_has_its_two_block_header_and_section_two_its_sub_tables():
    doc = _doc(Report.blank("2021", agency="某局", year=2022))
    head = doc.css_first("table.s4").css("thead tr")
    assert [(th.text(), th.attributes.get("colspan")) for th in head[0].css("th")] == [("行政复议", "5"), ("行政诉讼", "10")]
    assert [th.text() for th in head[1].css("th")][-2:] == ["未经复议直接起诉", "复议后起诉"]
    assert len(head[2].css("th")) == 10
    captions = [t.css_first("thead th").text() for t in doc.css("section#s2 table")]
    assert captions == [t.title for t in FORMATS["2021"].tables_in(2)]


def test_self_contained_and_printable():
    html = render(Report.blank("2021", agency="某局", year=2022), "html").decode()
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert '"Noto Serif CJK SC"' in html
    assert "@page" in html


@reader_for("html")
@settings(max_examples=15, deadline=None)
@given(reports())
def test_html_round_trip_through_the_parsers(report):
    assert_round_trip(report, "html")
