"""PDF: WeasyPrint's rendering of the HTML embeds Noto CJK *SC* fonts and numbers its pages 第 N 页 共 M 页."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from hypothesis import Phase, given, settings

from gongkai.renderers import render
from gongkai.standard.report import Report
from tests.core.render_helpers import assert_round_trip, reader_for
from tests.strategies import reports


@pytest.fixture(scope="module")
def pdf():
    report = Report.blank("2021", agency="某市生态环境局", year=2022, prose={1: "总体情况的说明。" * 200})
    report.cells["s3.new.natural"] = 12
    with pdfplumber.open(io.BytesIO(render(report, "pdf"))) as doc:
        yield [(page.extract_text(), {c["fontname"] for c in page.chars}) for page in doc.pages]


def test_chinese_text_is_set_in_noto_sc_fonts(pdf):
    fonts = set().union(*(names for _, names in pdf))
    cjk = {f for f in fonts if "CJK" in f}
    assert cjk
    assert all("CJK-SC" in f for f in cjk)  # never the JP fallback
    assert "某市生态环境局" in pdf[0][0]


def test_every_page_says_which_page_of_how_many(pdf):
    assert len(pdf) > 1
    for n, (text, _) in enumerate(pdf, start=1):
        assert text.rstrip().endswith(f"第 {n} 页 共 {len(pdf)} 页")


@reader_for("pdf")
@settings(
    max_examples=5, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate)
)  # no slow shrinking
@given(reports())
def test_pdf_round_trip_through_the_parsers(report):
    assert_round_trip(report, "pdf")


def test_document_information_names_the_report_the_agency_and_its_date():
    report = Report.blank("2021", agency="某市生态环境局", year=2022)
    report.published = dt.date(2023, 1, 20)
    with pdfplumber.open(io.BytesIO(render(report, "pdf"))) as doc:
        info = doc.metadata
    assert info["Title"] == "某市生态环境局2022年政府信息公开工作年度报告"
    assert info["Author"] == "某市生态环境局"
    assert info["CreationDate"] == info["ModDate"] == "D:20230120000000+08'00"
