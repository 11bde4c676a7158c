"""Tables published as pictures inside text documents: a PDF with a text layer, a Word file and a web page whose
prose is text and whose tables are screenshots (tests/scans/pictures.py makes them from seed 004). Every cell
reads back to the hand transcription or is flagged, never silently wrong; text lying over a picture is read once.
"""

from __future__ import annotations

import ctypes
import io
import json
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from gongkai.parsers import read_bytes, read_file
from tests.core.test_scans import FLAGS, RIGHT, outcome
from tests.scans.pictures import Picture, as_docx, as_html, as_pdf, blocks, data_uri
from tests.strategies import reports

SEED = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("004_*.txt"))[0]
EXPECTED = json.loads((SEED.parents[1] / "expected" / f"{SEED.stem}.json").read_text(encoding="utf-8"))
MARK = "97531"  # digits no cell of the seed holds, printed in a text layer over the pictures


@pytest.fixture(scope="module")
def parts() -> list:
    return blocks(read_file(SEED))


@pytest.fixture(scope="module")
def cache_folder(tmp_path_factory) -> Path:
    """One cache for the module: the pictures' readings are made in this run (so a change in recognition is
    seen) and a picture embedded in two containers is read once."""
    return tmp_path_factory.mktemp("ocr")


@pytest.fixture(autouse=True)
def cache(cache_folder, monkeypatch) -> Path:
    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(cache_folder))
    return cache_folder


def assert_read(report, expected: dict = EXPECTED) -> None:
    right, noticed, silent = outcome(report, expected["cells"])
    assert not silent, "\n".join(silent)
    assert right / len(expected["cells"]) >= RIGHT, "\n".join(noticed)
    assert (report.format, report.year) == (expected["format"], expected["year"])
    assert any(f.rule == "parse.ocr_used" for f in report.findings)


def test_the_documents_hold_their_tables_only_as_pictures(parts):
    """The oracle's premise: without OCR of the pictures, none of the tables' cells could be read."""
    assert sum(isinstance(p, Picture) for p in parts) >= 3
    report = read_bytes(as_html(parts).replace(b"<img", b"<span"), "a.html")
    assert not any(report.cells.get(c) is not None for c in EXPECTED["cells"] if c.startswith(("s2.", "s3.")))


@pytest.mark.slow
def test_a_pdf_with_a_text_layer_reads_its_pictures_among_its_text(parts):
    report = read_bytes(as_pdf(parts), "report.pdf")
    assert_read(report)
    assert "我办认真" in (report.prose.get(1) or "")  # the text layer, read as text


@pytest.mark.slow
def test_a_word_document_reads_its_pictures_where_they_stand(parts):
    assert_read(read_bytes(as_docx(parts), "report.docx"))


@pytest.mark.slow
def test_a_web_page_reads_its_data_uri_pictures(parts):
    assert_read(read_bytes(as_html(parts), "report.html"))


@pytest.mark.slow
def test_screenshots_at_a_screens_96_dpi_read_right_or_flagged():
    """Tables screenshot on an ordinary screen (96 dpi: 9.5-point type 13 px high), from another seed."""
    seed = sorted(SEED.parent.glob("001_*.txt"))[0]
    expected = json.loads((SEED.parents[1] / "expected" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    assert_read(read_bytes(as_html(blocks(read_file(seed), dpi=96)), "report.html"), expected)


@pytest.mark.slow
def test_a_saved_web_page_reads_the_pictures_in_its_files_folder(parts, tmp_path):
    files = tmp_path / "report_files"
    files.mkdir()

    def saved(n: int, picture: Picture) -> str:
        (files / f"image{n}.png").write_bytes(picture.png)
        return f"report_files/image{n}.png"

    page = tmp_path / "report.html"
    page.write_bytes(as_html(parts, saved))
    assert_read(read_file(page))
    # the same page's bytes without their folder: its text is read, the pictures are named as unread
    alone = read_bytes(page.read_bytes(), "report.html")
    (unread,) = [f for f in alone.findings if f.rule == "parse.picture_unread"]
    assert unread.found == sum(isinstance(p, Picture) for p in parts) and "image" in unread.message
    assert "我办认真" in (alone.prose.get(1) or "")


def test_pictures_on_the_network_or_outside_the_folder_are_not_read(tmp_path):
    secret = tmp_path / "outside.png"
    Image.new("L", (600, 300), 255).save(secret)
    (tmp_path / "site").mkdir()
    page = tmp_path / "site" / "report.html"
    page.write_text(
        '<html><body><h2>一、总体情况</h2><p>本年度工作。</p><img src="../outside.png">'
        '<img src="http://example.invalid/t.png"><img src="//example.invalid/t.png"><img src="gone.png">'
        '<img src="data:image/png;base64,!!!"><img src="icon.png" width="16" height="16"></body></html>',
        encoding="utf-8",
    )
    report = read_file(page)
    (unread,) = [f for f in report.findings if f.rule == "parse.picture_unread"]
    assert unread.found == 5, unread.message  # the 16-px icon is no table and is not counted
    for why in ("不在网页所在目录内", "网络图片", "文件缺失", "无法解码"):
        assert why in unread.message
    assert "本年度工作" in (report.prose.get(1) or "")


def test_a_picture_word_cannot_decode_gives_a_finding_and_loses_nothing_else(parts):
    """Word stores a table pasted from Excel as an EMF picture, which PIL cannot read: the finding names it."""
    docx = as_docx(
        [*[p for p in parts if isinstance(p, str)], next(p for p in parts if isinstance(p, Picture))]
    )
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(broken, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(
                item,
                b"\x01\x00\x00\x00 EMF" + data[:100] if item.filename.startswith("word/media/") else data,
            )
    report = read_bytes(broken.getvalue(), "report.docx")
    (unread,) = [f for f in report.findings if f.rule == "parse.picture_unread"]
    assert "无法解码" in unread.message and unread.found == 1
    assert "我办认真" in (report.prose.get(1) or "")


def _text_over_pictures(pdf: bytes, under: bool) -> bytes:
    """The PDF with the digits MARK written over every picture: invisibly on top (a scanner's OCR layer), or
    visibly but drawn before the picture, under it (what some scanners do instead)."""
    doc = pdfium.PdfDocument(pdf)
    font = pdfium_c.FPDFText_LoadStandardFont(doc.raw, b"Helvetica")
    for page in doc:
        objects = [
            pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))
        ]
        images = [o for o in objects if pdfium_c.FPDFPageObj_GetType(o) == pdfium_c.FPDF_PAGEOBJ_IMAGE]
        for image in images:
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            pdfium_c.FPDFPageObj_GetBounds(image, left, bottom, right, top)
            for y in range(int(bottom.value) + 4, int(top.value) - 10, 14):
                text = pdfium_c.FPDFPageObj_CreateTextObj(doc.raw, font, 10.0)
                words = ctypes.create_string_buffer(((MARK + " ") * 6 + "\x00").encode("utf-16-le"))
                pdfium_c.FPDFText_SetText(text, ctypes.cast(words, pdfium_c.FPDF_WIDESTRING))
                pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, left.value + 4, y)
                if under:
                    pdfium_c.FPDFPage_InsertObjectAtIndex(page.raw, text, 0)
                else:
                    pdfium_c.FPDFTextObj_SetTextRenderMode(text, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
                    pdfium_c.FPDFPage_InsertObject(page.raw, text)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("under", [False, True], ids=["invisible-layer", "under-the-picture"])
def test_text_a_picture_carries_is_read_once(parts, under):
    pdf = _text_over_pictures(as_pdf(parts), under)
    layer = read_bytes(pdf, "layer.pdf")
    assert_read(layer)
    from gongkai.parsers import pdf as pdf_parser

    doc = pdfium.PdfDocument(pdf)
    assert any(MARK in page.get_textpage().get_text_range() for page in doc)  # the layer is there to be read
    doc.close()
    assert not any(MARK in t.raw for t in pdf_parser.tokenize(pdf))


def test_a_picture_under_visible_text_is_the_background_and_is_not_read(tmp_path, monkeypatch):
    """A letterhead or watermark picture behind the text: the text is the report, nothing goes to OCR."""
    from gongkai.renderers.pdf import to_pdf

    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(tmp_path))

    doc = pdfium.PdfDocument(to_pdf(read_file(SEED)))
    for page in doc:
        width, height = page.get_size()
        paper = Image.new("RGB", (400, 560), (252, 248, 236))
        paper.paste((230, 40, 40), (20, 20, 380, 30))  # a red rule across the head, as letterheads have
        image = pdfium.PdfImage.new(doc)
        image.set_bitmap(pdfium.PdfBitmap.from_pil(paper))
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        pdfium_c.FPDFPage_InsertObjectAtIndex(page.raw, image.raw, 0)  # drawn first: under the text
        image._detach_finalizer()  # the page owns it now (what PdfPage.insert_obj does after inserting)
        page.gen_content()
    out = io.BytesIO()
    doc.save(out)
    report = read_bytes(out.getvalue(), "letterhead.pdf")
    assert {k: report.cells.get(k) for k in EXPECTED["cells"]} == EXPECTED["cells"]
    assert not report.confidence and not any(f.rule in (*FLAGS, "parse.ocr_used") for f in report.findings)
    assert not any(tmp_path.rglob("*.json"))


def test_the_audit_takes_a_saved_pages_pictures_as_part_of_it(tmp_path):
    from gongkai.cli import collect

    (tmp_path / "报告_files").mkdir()
    (tmp_path / "报告.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "报告_files" / "image1.png").write_bytes(b"")
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "page1.png").write_bytes(b"")
    assert collect([str(tmp_path)]) == [tmp_path / "scans" / "page1.png", tmp_path / "报告.html"]


@pytest.mark.slow
def test_a_scan_with_a_line_stamped_over_it_is_read_by_ocr_and_keeps_the_line(tmp_path, monkeypatch):
    """A site's tool stamps a visible line (source, date) across every page of a scanned PDF: the page has a text
    layer now, but the picture under one line of text is the page itself, read by OCR; the line is read too."""
    from gongkai.renderers.pdf import to_pdf
    from tests.scans.generate import BY_NAME, scan

    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(tmp_path))
    scanned, _ = scan(to_pdf(read_file(SEED)), BY_NAME["jpeg50"])
    doc = pdfium.PdfDocument(scanned)
    font = pdfium_c.FPDFText_LoadStandardFont(doc.raw, b"Helvetica")
    for page in doc:
        stamp = pdfium_c.FPDFPageObj_CreateTextObj(doc.raw, font, 9.0)
        words = ctypes.create_string_buffer(
            "Downloaded from www.example.gov.cn 2024-01-05\x00".encode("utf-16-le")
        )
        pdfium_c.FPDFText_SetText(stamp, ctypes.cast(words, pdfium_c.FPDF_WIDESTRING))
        pdfium_c.FPDFPageObj_Transform(stamp, 1, 0, 0, 1, 40, 16)
        pdfium_c.FPDFPage_InsertObject(page.raw, stamp)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    report = read_bytes(out.getvalue(), "stamped.pdf")
    assert_read(report)
    from gongkai.parsers import pdf as pdf_parser

    assert any("www.example.gov.cn" in t.raw for t in pdf_parser.tokenize(out.getvalue()))


def test_a_picture_word_also_writes_for_old_readers_is_read_once(parts):
    """Word writes some pictures twice, as DrawingML in mc:Choice and as VML in mc:Fallback for old readers."""
    from docx import Document
    from docx.oxml import parse_xml

    from gongkai.parsers import docx

    picture = next(p for p in parts if isinstance(p, Picture))
    once = docx.tokenize(as_docx([picture]))
    assert [t.raw for t in once if t.raw == "规章"] == ["规章"]
    document = Document(io.BytesIO(as_docx([picture])))
    run = document.paragraphs[0].runs[0]._r
    drawing = run[-1]
    blip = drawing.xpath(".//a:blip")[0]
    rel = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    alternate = parse_xml(
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<mc:Choice Requires="wps"/><mc:Fallback><w:pict>'
        f'<v:shape style="width:{picture.width_pt:.0f}pt">'
        f'<v:imagedata r:id="{rel}"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent>'
    )
    alternate[0].append(drawing)
    run.append(alternate)
    out = io.BytesIO()
    document.save(out)
    assert [t.raw for t in docx.tokenize(out.getvalue()) if t.raw == "规章"] == ["规章"]


def test_without_tesseract_the_pictures_are_named_and_the_text_is_read(parts, monkeypatch, tmp_path):
    from gongkai.parsers import scan

    def missing(image, row_base):
        raise scan.Unavailable("未安装 Tesseract")

    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(tmp_path))
    monkeypatch.setattr(scan, "_read_upright", missing)
    report = read_bytes(as_docx(parts), "report.docx")
    (unread,) = [f for f in report.findings if f.rule == "parse.picture_unread"]
    assert unread.found == sum(isinstance(p, Picture) for p in parts) and "未安装 Tesseract" in unread.message
    assert "我办认真" in (report.prose.get(1) or "") and report.year == EXPECTED["year"]


@pytest.mark.slow
def test_a_picture_stored_sideways_is_read_as_its_matrix_places_it(parts):
    """Table 三's pixels stored turned a quarter, placed upright on the page by the image's matrix."""
    table = max((p for p in parts if isinstance(p, Picture)), key=lambda p: len(p.png))
    upright = Image.open(io.BytesIO(table.png)).convert("RGB")
    doc = pdfium.PdfDocument(as_pdf(parts))
    for page in doc:
        for image in page.get_objects([pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            if image.get_px_size() != upright.size:
                continue
            placed = image.get_matrix()
            image.set_bitmap(pdfium.PdfBitmap.from_pil(upright.rotate(90, expand=True)))
            image.set_matrix(pdfium.PdfMatrix(0, -1, 1, 0, 0, 1).multiply(placed))  # turned back a quarter
            assert image.get_px_size() == upright.size[::-1]
        page.gen_content()
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    assert_read(read_bytes(out.getvalue(), "sideways.pdf"))


def _in_layout_cells(parts: list) -> bytes:
    """A CMS's page: each picture inside a layout table's cell, as site editors place them."""
    html = as_html(parts).decode()
    for part in parts:
        if isinstance(part, Picture):
            html = html.replace(
                f'<p><img src="{data_uri(part.png)}"', f'<table><tr><td><img src="{data_uri(part.png)}"'
            )
    return html.replace('alt="表格"></p>', 'alt="表格"></td></tr></table>').encode()


@pytest.mark.slow
@settings(
    max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)
@given(reports(with_findings=False), st.sampled_from(["docx", "html-cells"]))
def test_a_random_report_with_its_tables_as_pictures_reads_right_or_flagged(report, container):
    """Random reports (both formats, blanks, signed changes, money with decimals), their tables pasted as
    pictures: every cell right or named by an OCR finding. The oracle is the report the strategy drew."""
    parts = blocks(report)
    data = as_docx(parts) if container == "docx" else _in_layout_cells(parts)
    read = read_bytes(data, "random.docx" if container == "docx" else "random.html")
    _, _, silent = outcome(read, report.cells)
    assert not silent, f"{container}:\n" + "\n".join(silent)


def test_a_lazily_loaded_picture_and_one_in_a_word_table_cell_are_read(parts, tmp_path):
    """A CMS that loads pictures lazily names the real one in data-src (src a placeholder); a Word table whose
    cell holds a picture reads the picture as the cell's content."""
    from docx import Document
    from docx.shared import Pt

    from gongkai.parsers import docx, html

    picture = next(p for p in parts if isinstance(p, Picture))
    (tmp_path / "report_files").mkdir()
    (tmp_path / "report_files" / "t.png").write_bytes(picture.png)
    page = (
        '<html><body><p>表格如下</p><img src="/images/loading.gif" data-src="report_files/t.png"'
        f' style="width: {picture.width_pt:.1f}pt"></body></html>'
    )
    tokens, _ = html.parse(page.encode(), folder=tmp_path)
    assert "规章" in [t.raw for t in tokens]
    document = Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run().add_picture(io.BytesIO(picture.png), width=Pt(picture.width_pt))
    out = io.BytesIO()
    document.save(out)
    assert "规章" in [t.raw for t in docx.tokenize(out.getvalue())]


def test_a_word_picture_laid_behind_the_text_is_not_read(parts, tmp_path, monkeypatch):
    """A letterhead or watermark anchored behind the text (wp:anchor behindDoc="1"): the text is the report."""
    from docx import Document
    from docx.oxml import parse_xml

    from gongkai.parsers import docx as docx_parser

    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(tmp_path))
    picture = next(p for p in parts if isinstance(p, Picture))
    document = Document(io.BytesIO(as_docx([picture, "二、主动公开政府信息情况"])))
    inline = document.paragraphs[0]._p.xpath(".//wp:inline")[0]
    anchor = parse_xml(
        '<wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' behindDoc="1" simplePos="0" relativeHeight="0" locked="0" layoutInCell="1" allowOverlap="1"'
        ' distT="0" distB="0" distL="0" distR="0"/>'
    )
    for child in list(inline):
        anchor.append(child)
    inline.getparent().replace(inline, anchor)
    out = io.BytesIO()
    document.save(out)
    assert [t.raw for t in docx_parser.tokenize(out.getvalue())] == ["二、主动公开政府信息情况"]
    assert not any(tmp_path.rglob("*.json"))
