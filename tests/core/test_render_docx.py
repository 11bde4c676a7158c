"""DOCX: the 2021 template's table structure and merges, Chinese fonts, every value in its cell."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.oxml.ns import qn
from hypothesis import given, settings

from gongkai.renderers import render
from gongkai.renderers.layout import value_text
from gongkai.standard.formats import FORMATS
from gongkai.standard.report import Report
from tests.core.render_helpers import assert_round_trip, reader_for
from tests.shared import real_report
from tests.strategies import reports


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _merges(document) -> list[list[list[tuple[int, str | None]]]]:
    """Per table, per row, each cell's (gridSpan, vMerge): the merge structure Word stores."""
    return [
        [[(tc.grid_span, tc.vMerge) for tc in tr.tc_lst] for tr in t._tbl.tr_lst] for t in document.tables
    ]


def _grid(document) -> list[list[str]]:
    return [[col.get(qn("w:w")) for col in t._tbl.tblGrid.findall(qn("w:gridCol"))] for t in document.tables]


def test_2021_tables_merge_exactly_like_the_template():
    ours = _open(render(Report.blank("2021", agency="某局", year=2022), "docx"))
    template = docx.Document(str(real_report("template-2021-blank.docx")))
    assert _merges(ours) == _merges(template)
    assert _grid(ours)[:2] == _grid(template)[:2]
    assert [len(g) for g in _grid(ours)] == [len(g) for g in _grid(template)]


def test_2019_tables_have_the_analogous_merges():
    ours = _open(render(Report.blank("2019", agency="某局", year=2020), "docx"))
    s2, s3, _ = ours.tables
    assert len(s2.rows) == 4 + 4 + 4 + 3 + 3
    spans = [[tc.grid_span for tc in tr.tc_lst] for tr in s2._tbl.tr_lst]
    assert spans[12:15] == [[4], [1, 1, 2], [1, 1, 2]]  # 第二十条第（八）项: two columns, the last widened
    column0 = [tr.tc_lst[0] for tr in s3._tbl.tr_lst]
    assert [tc.vMerge for tc in column0[5:25]] == ["restart"] + ["continue"] * 19  # 三、本年度办理结果
    assert s3.cell(23, 1).text == "（六）其他处理" and s3._tbl.tr_lst[23].tc_lst[1].grid_span == 2
    assert (
        _merges(ours)[2] == _merges(_open(render(Report.blank("2021", agency="某局", year=2022), "docx")))[2]
    )


@settings(max_examples=8, deadline=None)
@given(reports())
def test_every_value_is_in_its_cell(report):
    document = _open(render(report, "docx"))
    spec = FORMATS[report.format]
    s3 = document.tables[1]
    table = spec.tables_in(3)[0]
    for i, row in enumerate(table.rows):
        cells = s3.rows[3 + i].cells
        assert cells[2].text == row.label
        assert [c.text for c in cells[3:]] == [
            value_text(report.cells[table.cell_id(row, c)]) for c in table.columns
        ]
    s4 = document.tables[2].rows[3].cells
    four = spec.tables_in(4)[0]
    assert [c.text for c in s4] == [value_text(report.cells[c.id]) for c in four.cells()]
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"{report.agency}\n{report.year}年政府信息公开工作年度报告"
    for number in (1, 5, 6):
        assert all(line in texts for line in report.prose[number].splitlines())


def test_east_asian_fonts_are_set():
    document = _open(render(Report.blank("2021", agency="某局", year=2022), "docx"))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    heading = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia")) == "黑体"
    assert heading.get(qn("w:eastAsiaTheme")) is None


@reader_for("docx")
@settings(max_examples=10, deadline=None)
@given(reports())
def test_docx_round_trip_through_the_parsers(report):
    assert_round_trip(report, "docx")


def test_document_properties_name_the_report_the_agency_and_its_date():
    report = Report.blank("2021", agency="某市生态环境局", year=2022)
    report.published = dt.date(2023, 1, 20)
    props = _open(render(report, "docx")).core_properties
    assert props.title == "某市生态环境局2022年政府信息公开工作年度报告"
    assert props.author == props.last_modified_by == "某市生态环境局"
    # 2023-01-20 00:00 Beijing time is 2023-01-19 16:00 UTC
    assert props.created == props.modified == dt.datetime(2023, 1, 19, 16, 0, tzinfo=dt.UTC)
    assert "python-docx" not in (props.author, props.last_modified_by, props.comments)


def test_document_properties_without_a_publication_date_carry_the_rendering_date():
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props = _open(render(Report.blank("2019", agency="某县统计局", year=2020), "docx")).core_properties
    assert props.author == "某县统计局"
    assert before <= props.created <= dt.datetime.now(dt.UTC)
