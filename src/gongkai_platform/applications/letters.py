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


def compose_notice(app: Application, step) -> Letter:
    """The notice a step sends the applicant: 补正告知书, 延长答复期限告知书 or 收费通知书."""
    from gongkai_platform.applications.models import StepKind

    intro = (
        f"本机关于{_cn(app.received_on)}收到您提出的政府信息公开申请（查询码：{app.tracking_number}），"
        f"申请获取“{app.description}”。"
    )
    if step.kind == StepKind.CORRECTION_REQUESTED:
        title = "政府信息公开申请补正告知书"
        body = [
            "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下事项作出补正：",
            step.note,
            f"请于收到本告知书之日起{step.workdays}个工作日内提交补正材料。答复期限自本机关收到补正后的申请之日起计算；"
            "无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
        ]
    elif step.kind == StepKind.EXTENSION_APPROVED:
        title = "延长政府信息公开申请答复期限告知书"
        body = [
            f"因{step.note}，本机关不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，"
            f"经政府信息公开工作机构负责人同意，答复期限延长{step.workdays}个工作日。"
        ]
    elif step.kind == StepKind.FEE_NOTICE_SENT:
        title = "政府信息公开信息处理费收费通知书"
        body = [
            f"根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您的申请应缴纳信息处理费{step.amount}元"
            f"（{step.note}）。",
            "请自收到本通知次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
        ]
    else:
        raise ValueError("该办理步骤没有对应的告知书")
    return Letter(
        title=title,
        number=f"查询码：{app.tracking_number}",
        addressee=f"{app.applicant_name}：",
        paragraphs=[intro, *body],
        signer=app.agency.name,
        signed_on=_cn(step.on),
    )


def render_docx(app: Application, letter: Letter | None = None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    letter = letter or compose(app)
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


def render_html(app: Application, letter: Letter | None = None) -> str:
    return render_to_string("applications/letter.html", {"letter": letter or compose(app)})


def render_pdf(app: Application, letter: Letter | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(app, letter)).write_pdf()
