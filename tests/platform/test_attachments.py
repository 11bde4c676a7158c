"""Attachments: type checked by extension and content, size limited, stored through Django storage, scanned."""

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai_platform.catalogue import services

ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def docx_bytes(text):
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_is_stored_and_its_text_blocks_review(staff, tree, draft):
    item = draft(staff["editor"], tree["stats"])
    attachment = services.add_attachment(staff["editor"], item, "名单.docx", docx_bytes(f"张三 {ID_NUMBER}"))
    assert attachment.file.storage.exists(attachment.file.name)
    assert attachment.text_extracted and ID_NUMBER in attachment.extracted_text
    item = services.submit_for_review(staff["editor"], item)
    hits = services.unresolved_hits(item)
    assert [(h.source, h.hit.kind) for h in hits] == [(f"attachment:{attachment.pk}", "id_number")]
    with pytest.raises(services.WorkflowError):
        services.approve_review(staff["reviewer"], item)
    stored = attachment.file.name
    services.remove_attachment(staff["reviewer"], attachment)
    assert not attachment.file.storage.exists(stored)
    assert services.approve_review(staff["reviewer"], item).state == "awaiting_signoff"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00", "不支持的附件类型"),
        ("伪装.pdf", b"PK\x03\x04not a pdf", "内容与扩展名"),
        ("空.txt", b"", "空文件"),
        ("乱码.txt", "中文".encode("gb18030") * 10, "UTF-8"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(staff, tree, draft, name, data, message):
    item = draft(staff["editor"], tree["stats"])
    with pytest.raises(ValidationError, match=message):
        services.add_attachment(staff["editor"], item, name, data)
    assert not item.attachments.exists()


def test_size_limit(staff, tree, draft, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    item = draft(staff["editor"], tree["stats"])
    with pytest.raises(ValidationError, match="超过"):
        services.add_attachment(staff["editor"], item, "大.pdf", b"%PDF-1.7" + b"0" * 2000)


def test_unreadable_pdf_is_kept_but_flagged_for_manual_review(staff, tree, draft):
    item = draft(staff["editor"], tree["stats"])
    attachment = services.add_attachment(staff["editor"], item, "扫描件.pdf", b"%PDF-1.4 truncated")
    assert not attachment.text_extracted


def test_only_the_agency_editor_may_attach(staff, tree, draft):
    item = draft(staff["editor"], tree["stats"])
    with pytest.raises(PermissionDenied):
        services.add_attachment(staff["other_editor"], item, "a.txt", b"hello")
