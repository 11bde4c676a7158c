"""Published DOCX and PDF: page numbers, each table block kept on one page, and a tagged PDF."""

from __future__ import annotations

import io

import docx
import pdfplumber
from docx.oxml.ns import qn

from gongkai.renderers import render
from gongkai.standard.report import Report

# Enough prose that section 三 would start near the foot of a page: without keep-together, Table 三 splits.
LONG = "总体情况的说明。" * 330


def long_report() -> Report:
    report = Report.blank("2021", agency="某市生态环境局", year=2022, prose={1: LONG, 5: "问题。", 6: "无。"})
    report.cells["s3.new.natural"] = 12
    return report


def test_pdf_keeps_table_three_and_four_each_on_one_page_and_is_tagged():
    with pdfplumber.open(io.BytesIO(render(long_report(), "pdf"))) as doc:
        pages = [page.extract_text() for page in doc.pages]
        catalog = doc.doc.catalog
    first, last = "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理"

    def page_of(text: str) -> list[int]:
        return [n for n, page in enumerate(pages) if text in page.replace("\n", "")]

    assert page_of(first) == page_of(last) and len(page_of(first)) == 1
    assert page_of("未经复议直接起诉") == page_of("复议后起诉")
    assert page_of("三、收到和处理政府信息公开申请情况") == page_of(
        first
    )  # the heading travels with its table
    assert catalog["MarkInfo"]["Marked"] is True and "StructTreeRoot" in catalog


def test_docx_numbers_its_pages_in_the_footer():
    document = docx.Document(io.BytesIO(render(long_report(), "docx")))
    footer = document.sections[0].footer.paragraphs[0]
    fields = [f.get(qn("w:instr")).strip() for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    shown = "".join(t.text for t in footer._p.iter(qn("w:t")))
    assert (
        shown == "第 1 页 共 1 页"
    )  # the fields' placeholder digits between the words, until Word updates them


def test_docx_tables_do_not_split_rows_and_keep_their_rows_together():
    document = docx.Document(io.BytesIO(render(long_report(), "docx")))
    assert len(document.tables) == 3
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        for n, tr in enumerate(rows):
            keep = {
                p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for p in tr.iter(qn("w:p"))
            }
            assert keep == ({True} if n < len(rows) - 1 else {False}), n
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 6 and all(p.style.paragraph_format.keep_with_next for p in headings)
