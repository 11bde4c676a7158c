"""The reply letter (政府信息公开申请答复告知书) of a closed application, as DOCX (python-docx) and PDF
(WeasyPrint from the same paragraphs rendered into HTML)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string

from gongkai_platform.applications.models import Application
from gongkai_platform.applications.outcomes import OUTCOMES

REVIEW_FIRST_SINCE = date(2024, 1, 1)  # 行政复议法 (2023) 第二十三条, in force 2024-01-01


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class Letter:
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    signer: str
    signed_on: str


def compose(app: Application) -> Letter:
    if not app.outcome or not app.replied_on:
        raise ValueError("申请尚未办结，不能生成答复告知书")
    outcome = OUTCOMES[app.outcome]
    paras = [
        f"本机关于{_cn(app.received_on)}收到您通过{app.get_channel_display()}提出的政府信息公开申请"
        f"（查询码：{app.tracking_number}），申请获取“{app.description}”。",
        f"经审查，现答复如下：{outcome.reason}",
    ]
    if app.reply_notes.strip():
        paras.append(app.reply_notes.strip())
    if outcome.citation:
        paras.append(f"根据{outcome.citation}的规定，特此告知。")
    if outcome.refuses and app.replied_on >= REVIEW_FIRST_SINCE:
        paras.append(
            "如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议。根据《中华人民共和国行政复议法》"
            "第二十三条的规定，对行政机关不予公开政府信息不服的，应当先申请行政复议；对行政复议决定不服的，"
            "可以依法向人民法院提起行政诉讼。"
        )
    else:
        paras.append(
            "如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"
        )
    return Letter(
        title="政府信息公开申请答复告知书",
        number=f"答复编号：{app.tracking_number}",
        addressee=f"{app.applicant_name}：",
        paragraphs=paras,
        signer=app.agency.name,
        signed_on=_cn(app.replied_on),
    )


def render_docx(app: Application) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    letter = compose(app)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(letter.signer + "\n" + letter.title)
    run.bold = True
    run.font.size = Pt(22)
    doc.add_paragraph(letter.number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(letter.addressee)
    for text in letter.paragraphs:
        p = doc.add_paragraph(text)
        p.paragraph_format.first_line_indent = Pt(32)
    for text in (letter.signer, letter.signed_on):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_html(app: Application) -> str:
    return render_to_string("applications/letter.html", {"letter": compose(app)})


def render_pdf(app: Application) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(app)).write_pdf()
