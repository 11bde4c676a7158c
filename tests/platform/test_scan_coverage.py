"""Every place that reaches the portal, the API or search is scanned (issue 10 §1): each metadata field, each
attachment's file name, and the text hidden in real DOCX, XLSX, PDF and text files built here. An attachment
that cannot be read blocks approval until a reviewer records why it may be published; a zip bomb is refused."""

import base64
import io
import time
import tracemalloc
import zipfile
import zlib

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.urls import reverse
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from openpyxl.comments import Comment
from weasyprint import HTML

from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.catalogue import attachments, services
from gongkai_platform.catalogue.models import State

ID = "11010519491231002X"
OLD_ID = "110105491231002"
MOBILE = "13812345678"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
    b"\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def blocking(item):
    return {(h.hit.kind, h.hit.value) for h in services.unresolved_hits(item)}


# Metadata fields --------------------------------------------------------------------------------------------

FIELDS = [
    ("title", f"关于张三（{MOBILE}）的通知"),
    ("body", "联系电话 +86 138 1234 5678。"),
    ("publisher", f"某某局 联系人手机{MOBILE}"),
    ("doc_number", f"〔2026〕{OLD_ID}号"),
    ("keywords", f"补贴 {ID}"),
]


@pytest.mark.parametrize(("field", "value"), FIELDS, ids=[f for f, _ in FIELDS])
def test_every_free_text_field_is_scanned_and_blocks_approval(staff, tree, draft, field, value):
    item = draft(staff["editor"], tree["stats"], **{field: value})
    item = services.submit_for_review(staff["editor"], item)
    assert [h.source for h in services.unresolved_hits(item)] == [field]
    with pytest.raises(services.WorkflowError, match="保密审查"):
        services.approve_review(staff["reviewer"], item)
    services.redact(staff["reviewer"], item)
    item.refresh_from_db()
    assert services.unresolved_hits(item) == []
    assert services.approve_review(staff["reviewer"], item).state == State.AWAITING_SIGNOFF


def test_attachment_file_name_is_scanned(staff, tree, draft):
    item = draft(staff["editor"], tree["stats"])
    att = services.add_attachment(staff["editor"], item, f"张三{MOBILE}.txt", "无内容".encode())
    assert [(h.source, h.hit.kind) for h in services.unresolved_hits(item)] == [
        (f"attachment-name:{att.pk}", "mobile")
    ]


# Files ------------------------------------------------------------------------------------------------------


def docx_bytes(build) -> bytes:
    document = docx.Document()
    document.add_paragraph("关于2025年度补贴发放情况的公示")
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def body_xml(document, xml):
    document.element.body.insert(0, parse_xml(xml))


def in_header(d):
    d.sections[0].header.paragraphs[0].text = f"联系人 {MOBILE}"


def in_footer(d):
    d.sections[0].footer.paragraphs[0].text = f"经办人身份证{ID}"


def in_nested_table(d):
    outer = d.add_table(rows=1, cols=2)
    inner = outer.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = f"身份证号{ID}"


def in_comment(d):
    run = d.paragraphs[0].runs[0]
    d.add_comment(run, text=f"请核对申请人手机{MOBILE}", author="审核人")


def in_content_control(d):
    body_xml(
        d,
        f"<w:sdt {W}><w:sdtPr><w:alias w:val='申请人'/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>{ID}</w:t>"
        "</w:r></w:p></w:sdtContent></w:sdt>",
    )


def in_content_control_label(d):
    body_xml(
        d,
        f"<w:sdt {W}><w:sdtPr><w:tag w:val='{MOBILE}'/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>见附表</w:t>"
        "</w:r></w:p></w:sdtContent></w:sdt>",
    )


def in_tracked_insertion(d):
    body_xml(
        d,
        f"<w:p {W}><w:ins w:id='1' w:author='editor' w:date='2026-01-01T00:00:00Z'><w:r><w:t>{MOBILE}</w:t>"
        "</w:r></w:ins></w:p>",
    )


def in_tracked_deletion(d):
    body_xml(
        d,
        f"<w:p {W}><w:del w:id='2' w:author='editor' w:date='2026-01-01T00:00:00Z'><w:r><w:delText>{ID}"
        "</w:delText></w:r></w:del></w:p>",
    )


def in_text_box(d):
    body_xml(
        d,
        f'<w:p {W} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict><v:shape style="width:100pt;height:20pt">'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>手机{MOBILE}</w:t></w:r></w:p></w:txbxContent></v:textbox>"
        "</v:shape></w:pict></w:r></w:p>",
    )


def in_split_runs(d):
    paragraph = d.add_paragraph("身份证号")
    for piece in ("1101", "0519", "4912", "3100", "2X"):
        paragraph.add_run(piece).bold = piece == "0519"


def in_hyperlink(d):
    rid = d.part.relate_to(f"tel:{MOBILE}", RT.HYPERLINK, is_external=True)
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    body_xml(
        d,
        f"<w:p {W} xmlns:r='{r}'><w:hyperlink r:id='{rid}'><w:r><w:t>联系我们</w:t></w:r></w:hyperlink></w:p>",
    )


def in_alt_text(d):
    d.add_paragraph().add_run().add_picture(io.BytesIO(PNG))
    d.inline_shapes[0]._inline.docPr.set("descr", f"张三身份证{ID}")


def in_core_properties(d):
    d.core_properties.author = f"张三{MOBILE}"


def xlsx_bytes(build) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "补贴发放名单"
    build(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def in_formula(book, sheet):
    sheet["B2"] = f'="{ID[:6]}"&"{ID[6:]}"'  # openpyxl writes no cached value


def in_cell_comment(book, sheet):
    sheet["A1"].comment = Comment(f"联系人{MOBILE}", "审核人")


def in_sheet_header(book, sheet):
    sheet.oddHeader.center.text = f"经办人{MOBILE}"


def in_sheet_footer(book, sheet):
    sheet.oddFooter.left.text = f"身份证{ID}"


def in_sheet_name(book, sheet):
    sheet.title = f"张三{MOBILE}"


def in_numeric_cell(book, sheet):
    sheet["C3"] = int(MOBILE)


def in_second_sheet(book, sheet):
    book.create_sheet("附表")["A1"] = f"身份证 {ID}"


def pdf_bytes(html: str) -> bytes:
    return HTML(string=f"<html><head><meta charset='utf-8'>{html}").write_pdf()


def hand_made_pdf(annotation: str) -> bytes:
    """A minimal one-page PDF with a text annotation (a reviewer's sticky note), offsets worked out here."""
    contents = "<FEFF" + annotation.encode("utf-16-be").hex().upper() + ">"
    objects = [
        "<</Type/Catalog/Pages 2 0 R>>",
        "<</Type/Pages/Kids[3 0 R]/Count 1>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Annots[4 0 R]/Resources<<>>/Contents 5 0 R>>",
        f"<</Type/Annot/Subtype/Text/Rect[10 10 30 30]/Contents{contents}>>",
        "<</Length 0>>stream\n\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


FILES = [
    ("docx header", "名单.docx", lambda: docx_bytes(in_header), ("mobile", MOBILE)),
    ("docx footer", "名单.docx", lambda: docx_bytes(in_footer), ("id_number", ID)),
    ("docx nested table", "名单.docx", lambda: docx_bytes(in_nested_table), ("id_number", ID)),
    ("docx comment", "名单.docx", lambda: docx_bytes(in_comment), ("mobile", MOBILE)),
    ("docx content control", "名单.docx", lambda: docx_bytes(in_content_control), ("id_number", ID)),
    (
        "docx content control tag",
        "名单.docx",
        lambda: docx_bytes(in_content_control_label),
        ("mobile", MOBILE),
    ),
    ("docx tracked insertion", "名单.docx", lambda: docx_bytes(in_tracked_insertion), ("mobile", MOBILE)),
    ("docx tracked deletion", "名单.docx", lambda: docx_bytes(in_tracked_deletion), ("id_number", ID)),
    ("docx text box", "名单.docx", lambda: docx_bytes(in_text_box), ("mobile", MOBILE)),
    ("docx runs split", "名单.docx", lambda: docx_bytes(in_split_runs), ("id_number", ID)),
    ("docx hyperlink", "名单.docx", lambda: docx_bytes(in_hyperlink), ("mobile", MOBILE)),
    ("docx image alt text", "名单.docx", lambda: docx_bytes(in_alt_text), ("id_number", ID)),
    ("docx properties", "名单.docx", lambda: docx_bytes(in_core_properties), ("mobile", MOBILE)),
    ("xlsx formula without value", "名单.xlsx", lambda: xlsx_bytes(in_formula), ("id_number", ID)),
    ("xlsx comment", "名单.xlsx", lambda: xlsx_bytes(in_cell_comment), ("mobile", MOBILE)),
    ("xlsx header", "名单.xlsx", lambda: xlsx_bytes(in_sheet_header), ("mobile", MOBILE)),
    ("xlsx footer", "名单.xlsx", lambda: xlsx_bytes(in_sheet_footer), ("id_number", ID)),
    ("xlsx sheet name", "名单.xlsx", lambda: xlsx_bytes(in_sheet_name), ("mobile", MOBILE)),
    ("xlsx number cell", "名单.xlsx", lambda: xlsx_bytes(in_numeric_cell), ("mobile", MOBILE)),
    ("xlsx second sheet", "名单.xlsx", lambda: xlsx_bytes(in_second_sheet), ("id_number", ID)),
    (
        "pdf letter-spaced",
        "名单.pdf",
        lambda: pdf_bytes(f"<p style='letter-spacing:0.6em'>身份证号 {ID}</p>"),
        ("id_number", ID),
    ),
    (
        "pdf document info",
        "名单.pdf",
        lambda: pdf_bytes(f"<title>名单</title><meta name='author' content='张三{MOBILE}'><p>正文</p>"),
        ("mobile", MOBILE),
    ),
    (
        "pdf link",
        "名单.pdf",
        lambda: pdf_bytes(f"<p><a href='tel:{MOBILE}'>联系我们</a></p>"),
        ("mobile", MOBILE),
    ),
    ("pdf annotation", "名单.pdf", lambda: hand_made_pdf(f"申请人身份证{ID}"), ("id_number", ID)),
    ("txt UTF-16 with BOM", "名单.txt", lambda: f"身份证号{ID}".encode("utf-16"), ("id_number", ID)),
    ("txt UTF-16LE without BOM", "名单.txt", lambda: f"ID {ID}".encode("utf-16-le"), ("id_number", ID)),
    (
        "txt UTF-16BE with BOM",
        "名单.txt",
        lambda: f"\ufeff手机 {MOBILE}".encode("utf-16-be"),
        ("mobile", MOBILE),
    ),
    ("txt UTF-8 with BOM", "名单.txt", lambda: f"手机{MOBILE}".encode("utf-8-sig"), ("mobile", MOBILE)),
]


@pytest.mark.parametrize(("what", "name", "make", "expected"), FILES, ids=[row[0] for row in FILES])
def test_text_hidden_in_attachments_is_found(staff, tree, draft, what, name, make, expected):
    item = draft(staff["editor"], tree["stats"])
    att = services.add_attachment(staff["editor"], item, name, make())
    assert att.text_extracted, att.unreadable_reason
    assert expected in blocking(item)
    assert all(h.source == f"attachment:{att.pk}" for h in services.unresolved_hits(item))
    item = services.submit_for_review(staff["editor"], item)
    with pytest.raises(services.WorkflowError, match="保密审查"):
        services.approve_review(staff["reviewer"], item)


def test_clean_office_files_have_no_findings(staff, tree, draft):
    item = draft(staff["editor"], tree["stats"])
    clean = [
        ("公示.docx", docx_bytes(lambda d: d.add_paragraph("共发放补贴 1,234 户，金额 567.8 万元。"))),
        ("公示.xlsx", xlsx_bytes(lambda b, s: s.append([2025, 13, 5, 0, 1234.5]))),
        ("公示.pdf", pdf_bytes("<p>2025年受理申请 13 件，办结 12 件。</p>")),
    ]
    for name, data in clean:
        assert services.add_attachment(staff["editor"], item, name, data).text_extracted
    assert services.unresolved_hits(item) == []


# Unreadable attachments -------------------------------------------------------------------------------------

UNREADABLE = [
    ("扫描件.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "图片"),
    ("扫描件.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 64, "图片"),
    ("材料.zip", b"PK\x03\x04" + b"\0" * 64, "压缩包"),
    ("旧文件.doc", attachments.OLE + b"\0" * 64, ".doc"),
    ("旧文件.wps", attachments.OLE + b"\0" * 64, ".wps"),
    ("旧表格.et", attachments.OLE + b"\0" * 64, ".et"),
    ("版式.ofd", b"PK\x03\x04" + b"\0" * 64, "OFD"),
    ("损坏.pdf", b"%PDF-1.4 truncated", "损坏"),
    ("损坏.docx", b"PK\x03\x04 not really a zip", "损坏"),
    ("扫描件.pdf", None, "扫描件"),
]


def scanned_page_pdf() -> bytes:
    src = "data:image/png;base64," + base64.b64encode(PNG).decode()
    return pdf_bytes(f"<img src='{src}' style='width:500px;height:700px'>")


@pytest.mark.parametrize(("name", "data", "reason"), UNREADABLE, ids=[row[0] for row in UNREADABLE])
def test_an_unreadable_attachment_blocks_approval_until_an_override_is_recorded(
    staff, tree, draft, name, data, reason
):
    item = draft(staff["editor"], tree["stats"])
    att = services.add_attachment(
        staff["editor"], item, name, data if data is not None else scanned_page_pdf()
    )
    assert not att.text_extracted and reason in att.unreadable_reason
    item = services.submit_for_review(staff["editor"], item)
    assert [(h.hit.kind, h.source) for h in services.unresolved_hits(item)] == [
        ("unscanned", f"attachment:{att.pk}")
    ]
    with pytest.raises(services.WorkflowError, match="无法检查的附件"):
        services.approve_review(staff["reviewer"], item)
    services.override_privacy(staff["reviewer"], item, "已逐页人工审查，无个人信息及涉密内容。")
    entry = AuditEntry.objects.get(action="item.privacy_override")
    assert entry.user == staff["reviewer"] and entry.changes["hits"] == [f"unscanned:{att.pk}"]
    assert services.approve_review(staff["reviewer"], item).state == State.AWAITING_SIGNOFF


# Bounds -----------------------------------------------------------------------------------------------------


def docx_bomb() -> bytes:
    """A real DOCX whose main part inflates to about 390 MB: the kind of file issue 10 timed at 72 s."""
    base = zipfile.ZipFile(io.BytesIO(docx_bytes(lambda d: None)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, base.read(info))
                continue
            with bomb.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(f"<?xml version='1.0'?><w:document {W}><w:body><w:p><w:r><w:t>".encode())
                block = b"0" * (1024 * 1024)
                for _ in range(390):
                    part.write(block)
                part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return docx_bomb()


def test_a_docx_bomb_is_refused_within_a_second_and_under_100_mb(staff, tree, draft, bomb):
    assert len(bomb) < 500 * 1024
    item = draft(staff["editor"], tree["stats"])
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="压缩炸弹"):
        services.add_attachment(staff["editor"], item, "名单.docx", bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 100 * 1024 * 1024
    assert not item.attachments.exists()


def test_a_part_larger_than_declared_is_stopped_at_the_part_limit(bomb):
    """Even if the zip headers lied, reading stops at the per-part limit."""
    limits = attachments.Limits(part_bytes=1024 * 1024, total_bytes=10**12, ratio=10**9)
    with pytest.raises(attachments.TooLarge):
        attachments.extract_text("名单.docx", bomb, limits)


def test_many_parts_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for n in range(30):
            package.writestr(f"word/part{n}.xml", "<a/>")
    with pytest.raises(attachments.TooLarge, match="部件过多"):
        attachments.extract_text("名单.docx", out.getvalue(), attachments.Limits(parts=20))


def test_xml_entities_are_not_expanded():
    out = io.BytesIO()
    lol = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "13812345678"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<d>&b;</d>"
    )
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", lol)
    assert "13812345678" * 8 not in attachments.extract_text("名单.docx", out.getvalue())


def test_upload_size_is_checked_before_the_file_is_read(client, staff, tree, draft, settings, monkeypatch):
    settings.ATTACHMENT_MAX_BYTES = 1000
    item = draft(staff["editor"], tree["stats"])
    client.force_login(staff["editor"])

    def no_reading(self, *args):
        raise AssertionError("the upload was read before its size was checked")

    monkeypatch.setattr(InMemoryUploadedFile, "read", no_reading)
    upload = io.BytesIO(b"%PDF-1.7" + b"0" * 2000)
    upload.name = "大.pdf"
    response = client.post(reverse("catalogue:attach", args=[item.pk]), {"file": upload}, follow=True)
    assert "附件大小超过" in response.content.decode()
    assert not item.attachments.exists()


def pdf_bomb() -> bytes:
    """A one-page PDF of about 2 MB whose content stream inflates to 2 GB: identical deflate blocks, each reset
    with a full flush, repeated."""
    deflate = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    first = deflate.compress(b"BT (x) Tj ET\n" + block) + deflate.flush(zlib.Z_FULL_FLUSH)
    unit = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    stream = first + unit * 2048 + deflate.flush()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Resources<<>>/Contents 4 0 R>>",
        b"<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<</Size 5/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref


def test_a_pdf_bomb_is_refused_and_never_inflates_in_the_web_process(staff, tree, draft):
    bomb = pdf_bomb()
    assert len(bomb) < 3 * 1024 * 1024
    item = draft(staff["editor"], tree["stats"])
    tracemalloc.start()
    with pytest.raises(ValidationError, match="内存超出限制"):
        services.add_attachment(staff["editor"], item, "名单.pdf", bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 * 1024 * 1024 and not item.attachments.exists()


def test_a_pdf_that_takes_too_long_is_refused():
    with pytest.raises(attachments.TooLarge, match="规定时间"):
        attachments.extract_text("名单.pdf", pdf_bomb(), attachments.Limits(seconds=0.05))


def test_an_oversized_upload_is_never_spooled(client, staff, tree, draft, settings, monkeypatch):
    settings.ATTACHMENT_MAX_BYTES = 1000
    item = draft(staff["editor"], tree["stats"])
    client.force_login(staff["editor"])
    kept = []
    original = MemoryFileUploadHandler.receive_data_chunk
    monkeypatch.setattr(
        MemoryFileUploadHandler,
        "receive_data_chunk",
        lambda self, data, start: kept.append(len(data)) or original(self, data, start),
    )
    upload = io.BytesIO(b"%PDF-1.7" + b"0" * 300_000)
    upload.name = "大.pdf"
    response = client.post(reverse("catalogue:attach", args=[item.pk]), {"file": upload}, follow=True)
    assert "附件大小超过" in response.content.decode()
    assert kept == [] and not item.attachments.exists()
