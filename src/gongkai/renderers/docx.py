"""DOCX output with the merged-cell tables of the official Word template (template-2021-blank.docx).

Like the template, section 二 is one Word table (each 第二十条 block a title row, a header row and its items),
三 and 四 one table each, with the template's column widths. Fonts: 宋体 for the text and 黑体 for headings,
set as rFonts eastAsia with lang zh-CN so Word and WPS pick Chinese faces. The footer numbers the pages
(第 N 页 共 M 页, Word's PAGE and NUMPAGES fields); every table row cannot split across pages (cantSplit) and each
paragraph of a table but its last row keeps with the next, so a table block stays on one page, with its section
heading (keep-with-next), as in the PDF.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph

from ..standard.formats import SECTIONS
from ..standard.report import Report
from .layout import TITLE_SUFFIX, Grid, document_date, grids, meta_line, ocr_note, title, value_text

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TABLE_PT = {"s2": 10.5, "s3": 9, "s4": 9}


def to_docx(report: Report) -> bytes:
    doc = Document()
    _setup(doc)
    _page_numbers(doc)
    _properties(doc, report)
    _title(doc, report.agency or "", f"{report.year or ''}{TITLE_SUFFIX}")
    if meta := meta_line(report):
        doc.add_paragraph(meta).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if note := ocr_note(report):
        doc.add_paragraph(note)
    spec = report.spec
    for section in SECTIONS:
        doc.add_heading(section.title, level=1)
        if section.prose:
            for line in (report.prose.get(section.number) or "").splitlines():
                if line.strip():
                    para = doc.add_paragraph(line.strip())
                    para.paragraph_format.first_line_indent = Pt(24)
        elif spec:
            _table(doc, grids(spec, section.number), report)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _properties(doc, report: Report) -> None:
    """文档属性: the report's title, the agency as author, its dates — not python-docx's template defaults."""
    props = doc.core_properties
    when = document_date(report)
    props.title = title(report)
    props.author = props.last_modified_by = report.agency or ""
    props.subject = "政府信息公开工作年度报告"
    props.language = "zh-CN"
    props.created = props.modified = when.astimezone(dt.UTC).replace(tzinfo=None)
    props.revision = 1
    props.comments = props.keywords = ""


def _fonts(rpr, east_asia: str) -> None:
    """Set explicit fonts on an rPr, dropping theme fonts that would override them."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(defaults, BODY_FONT)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    heading = doc.styles["Heading 1"]
    heading.font.size = Pt(14)
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.keep_with_next = True  # a section heading never ends a page alone
    _fonts(heading.element.get_or_add_rPr(), HEADING_FONT)


def _page_numbers(doc) -> None:
    """第 N 页 共 M 页 centred in the footer, from Word's PAGE and NUMPAGES fields."""
    para = doc.sections[0].footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("第 ", "PAGE"), (" 页 共 ", "NUMPAGES"), (" 页", None)):
        para.add_run(text).font.size = Pt(9)
        if field:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), f" {field} ")
            run = OxmlElement("w:r")
            number = OxmlElement("w:t")
            number.text = "1"  # shown until the viewer updates the field
            run.append(number)
            simple.append(run)
            para._p.append(simple)


def _keep_together(table) -> None:
    """No row splits across pages, and every row keeps with the next: the whole table moves as one block."""
    rows = table._tbl.tr_lst
    for n, tr in enumerate(rows):
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if n == len(rows) - 1:
            continue
        for p in tr.iter(qn("w:p")):
            Paragraph(p, table).paragraph_format.keep_with_next = True


def _title(doc, *lines: str) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(lines):
        run = para.add_run(line)
        run.bold = True
        run.font.size = Pt(18)
        if i < len(lines) - 1:
            run.add_break()


def _table(doc, parts: list[Grid], report: Report) -> None:
    """Stack the grids of a section into one Word table, merge as the layout says, then write the text."""
    n_cols = parts[0].n_cols
    widths = parts[0].widths
    table = doc.add_table(rows=sum(g.n_rows for g in parts), cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    cells = table._cells  # computed once: python-docx recomputes the whole grid on every table.cell() call
    for i, cell in enumerate(cells):
        cell.width = Twips(widths[i % n_cols])
    if len(parts) == 1:  # 三 and 四: repeat the column header on every page the table runs onto
        for tr in table._tbl.tr_lst[: parts[0].head]:
            tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    placed = []
    offset = 0
    for grid in parts:
        for slot in grid.slots:
            r = offset + slot.row
            top = cells[r * n_cols + slot.col]
            if slot.colspan > 1 or slot.rowspan > 1:
                top = top.merge(cells[(r + slot.rowspan - 1) * n_cols + slot.col + slot.colspan - 1])
            placed.append((top, slot, grid.key.split(".")[0], slot.row < grid.head))
        offset += grid.n_rows
    for cell, slot, key, in_head in placed:
        text = value_text(report.cells.get(slot.cell_id)) if slot.cell_id else slot.text
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT if slot.header and not in_head else WD_ALIGN_PARAGRAPH.CENTER
        if text:
            run = para.add_run(text)
            run.font.size = Pt(TABLE_PT[key])
            run.bold = in_head and key != "s2"
    _keep_together(table)
