"""The numbered letters of a case (收件回执, 补正告知书, 延期告知书, 征求意见函, 答复书, 告知书, 收费通知书), composed
from the case and its Letter record, rendered as DOCX (python-docx) and PDF (WeasyPrint from the same text).

Layout rule: the closing paragraph, the seal block (the agency's name, space for the seal) and the date are
kept together, so the signature never stands alone on a page. Text rule: a fragment typed by a clerk is
embedded without its own closing punctuation, so no sentence reads "…。，…".
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string

from gongkai_platform.applications import clock
from gongkai_platform.applications.models import (
    RECEIPT_RULES,
    Application,
    Channel,
    FilePurpose,
    Letter,
    LetterKind,
    NotHeldGround,
    StepKind,
)
from gongkai_platform.applications.outcomes import NATURAL, OUTCOMES, REGULATION
from gongkai_platform.applications.personal import mask_name
from gongkai_platform.applications.text import clause, sentence

REVIEW_FIRST_SINCE = date(2024, 1, 1)  # 行政复议法 (2023) 第二十三条, in force 2024-01-01


def cn(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


@dataclass
class Text:
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    signer: str
    signed_on: str

    @property
    def plain(self) -> str:
        return "\n".join(
            [self.title, self.number, self.addressee, *self.paragraphs, self.signer, self.signed_on]
        )


def _intro(app: Application, applicant: str = "您") -> str:
    return (
        f"本机关于{cn(app.received_on)}收到{applicant}以{app.get_channel_display()}方式提出的政府信息公开申请"
        f"（登记编号：{app.number}），申请获取“{clause(app.description)}”。"
    )


def _remedy(app: Application, refuses: bool) -> str:
    if refuses and app.replied_on and app.replied_on >= REVIEW_FIRST_SINCE:
        return (
            "如对本答复不服，可以自收到本答复书之日起六十日内依法申请行政复议。根据《中华人民共和国行政复议法》"
            "第二十三条的规定，对行政机关不予公开政府信息不服的，应当先申请行政复议；对行政复议决定不服的，"
            "可以依法向人民法院提起行政诉讼。"
        )
    return "如对本答复不服，可以自收到本答复书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"


def _due_after(app: Application, step) -> date | None:
    """The due date as it stood once `step` was recorded (the extension letter states it)."""
    from gongkai_platform.applications.services import clock_events
    from gongkai_platform.workdays.services import WorkCalendar

    steps = [s for s in app.steps.all() if (s.on, s.pk) <= (step.on, step.pk)]
    return clock.compute(WorkCalendar(), app.received_on, clock_events(steps)).due


def _receipt(app: Application, letter: Letter) -> list[str]:
    from gongkai_platform.workdays.services import CalendarMissing

    try:
        due = clock.compute(_calendar(), app.received_on).due
    except CalendarMissing:  # an unknown calendar year: the receipt still fixes the date
        due = None
    return [
        f"本机关已收到您以{app.get_channel_display()}方式提出的政府信息公开申请，所需信息为“{clause(app.description)}”。",
        f"{_receipt_rule(app)}本机关收到申请之日为{cn(app.received_on)}。登记编号：{app.number}；"
        f"查询码：{app.tracking_number}，可凭查询码在网上查看办理进度。",
        (
            f"本机关将依照《中华人民共和国政府信息公开条例》第三十三条的规定，于{cn(due)}前作出答复"
            if due
            else "本机关将依照《中华人民共和国政府信息公开条例》第三十三条的规定，自收到申请之日起20个工作日内作出答复"
        )
        + "；需要补正、征求第三方意见或者延长答复期限的，将另行书面告知。",
    ]


def _receipt_rule(app: Application) -> str:
    """`依照条例第三十一条第一项，当面提交的，以提交之日为收到申请之日。`"""
    rule = RECEIPT_RULES[Channel(app.channel)]
    m = re.fullmatch(r"(.*)（(第.*)）", rule)
    text, article = (m.group(1), m.group(2)) if m else (rule, "第三十一条")
    return f"依照《中华人民共和国政府信息公开条例》{article}，{text}。"


def _correction(app: Application, step) -> list[str]:
    return [
        _intro(app),
        "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下事项作出补正：",
        sentence(step.note),
        f"请于收到本告知书之日起{step.workdays}个工作日内提交补正材料，可以在办理进度页面在线提交。"
        "答复期限自本机关收到补正后的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，"
        "本机关将不再处理该政府信息公开申请。",
    ]


def _extension(app: Application, step) -> list[str]:
    due = _due_after(app, step)
    return [
        _intro(app),
        f"因{clause(step.note)}，本机关不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》"
        f"第三十三条第二款的规定，经政府信息公开工作机构负责人同意，答复期限延长{step.workdays}个工作日，"
        f"本机关将于{cn(due)}前作出答复。",
    ]


def _consultation(app: Application, step) -> tuple[str, list[str]]:
    reply_by = clock.add_workdays(_calendar(), step.received_on or step.on, clock.CONSULTATION_REPLY_WORKDAYS)
    return f"{step.party}：", [
        f"本机关于{cn(app.received_on)}收到一件政府信息公开申请（登记编号：{app.number}），"
        f"申请获取“{clause(app.description)}”。",
        "经审查，该信息的公开可能损害贵方的合法权益，或者该信息由贵方与本机关共同制作。根据"
        "《中华人民共和国政府信息公开条例》第三十二条、第三十四条的规定，现书面征求贵方意见。",
        f"请自收到本函之日起15个工作日内（预计{cn(reply_by)}前）书面答复是否同意公开，不同意公开的请说明理由。"
        "逾期未答复的，本机关将依照条例的规定决定是否公开。",
    ]


def _calendar():
    from gongkai_platform.workdays.services import WorkCalendar

    return WorkCalendar()


def _fee(app: Application, step) -> list[str]:
    return [
        _intro(app),
        f"根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您的申请应缴纳信息处理费"
        f"{step.amount}元（{clause(step.note)}）。",
        "请自收到本通知次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
    ]


def _reply(app: Application) -> list[str]:
    outcome = OUTCOMES[app.outcome]
    paras = [_intro(app)]
    if app.outcome == "unavailable.not_held" and app.not_held_ground == NotHeldGround.NOT_OURS:
        paras.append(
            "经审查，您申请公开的政府信息不属于本机关负责公开。负责公开该政府信息的行政机关为"
            f"{clause(app.responsible_organ)}，联系方式：{clause(app.responsible_contact)}。"
        )
        citation = f"{REGULATION}第三十六条第（五）项"
    elif app.outcome == "unavailable.not_held":
        paras.append("经检索查找，该政府信息不存在。")
        citation = f"{REGULATION}第三十六条第（四）项"
    else:
        paras.append(f"经审查，现答复如下：{outcome.reason}")
        citation = outcome.citation
    if app.outcome == "partial":
        basis = OUTCOMES.get(app.withheld_basis)
        paras.append(
            f"不予公开的部分：{clause(app.withheld_parts)}。理由：{basis.reason if basis else ''}"
            + (f"依据为{basis.citation}。" if basis and basis.citation else "")
        )
    if app.reply_notes.strip():
        paras.append(sentence(app.reply_notes))
    released = list(app.files.filter(purpose=FilePurpose.RELEASED))
    if released:
        paras.append("本机关向您提供以下政府信息，可在办理进度页面下载或按您选择的方式获取：")
        for i, f in enumerate(released, 1):
            where = "（已主动公开，可在本机关政府信息公开专栏查阅）" if f.catalogue_item_id else ""
            redacted = f"（已作区分处理：{clause(f.redacted)}）" if f.redacted else ""
            paras.append(f"{i}. {clause(f.title)}{where}{redacted}。")
    if citation:
        paras.append(f"根据{citation}的规定，特此告知。")
    paras.append(_remedy(app, outcome.refuses))
    return paras


def _notice(app: Application, step) -> tuple[str, list[str]]:
    if step.kind == StepKind.REASONS_REQUESTED:
        return "要求说明理由告知书", [
            _intro(app),
            f"经审查，{clause(step.note)}，您申请公开政府信息的数量、频次明显超过合理范围。根据"
            "《中华人民共和国政府信息公开条例》第三十五条的规定，请您说明理由。",
            "本机关认为理由不合理的，将告知您不予处理；认为理由合理但无法在规定期限内答复的，将确定延迟答复的合理期限并告知您。",
        ]
    if step.kind == StepKind.REPLY_DEFERRED:
        return "延迟答复告知书", [
            _intro(app),
            "本机关要求您说明理由后，认为理由合理，但无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复。"
            f"根据条例第三十五条的规定，本机关确定延迟答复期限至{cn(step.until)}，届时将作出答复。"
            + sentence(step.note),
        ]
    # the closing step of a forwarded case: the 第三十六条第（五）项 告知书
    paras = _reply(app)
    forwarded = app.forwards.first()
    if forwarded is not None:
        paras.insert(
            2,
            f"本机关已将您的申请转至{forwarded.agency.name}办理，新的查询码为{forwarded.tracking_number}，"
            f"答复期限自{forwarded.agency.name}确认收到之日起计算。",
        )
    return "转办告知书", paras


TITLES = {
    LetterKind.RECEIPT: "政府信息公开申请收件回执",
    LetterKind.CORRECTION: "政府信息公开申请补正告知书",
    LetterKind.EXTENSION: "延长政府信息公开申请答复期限告知书",
    LetterKind.CONSULTATION: "政府信息公开征求意见函",
    LetterKind.REPLY: "政府信息公开申请答复书",
    LetterKind.FEE: "政府信息公开信息处理费收费通知书",
}


def compose(letter: Letter, *, public: bool = False) -> Text:
    """The letter's text. `public`: the tracking page's copy, with the applicant's name masked."""
    app = letter.application
    name = mask_name(app.applicant_name, app.applicant_kind == NATURAL) if public else app.applicant_name
    addressee = f"{name}："
    title = TITLES.get(LetterKind(letter.kind), "")
    match letter.kind:
        case LetterKind.RECEIPT:
            paras = _receipt(app, letter)
        case LetterKind.CORRECTION:
            paras = _correction(app, letter.step)
        case LetterKind.EXTENSION:
            paras = _extension(app, letter.step)
        case LetterKind.CONSULTATION:
            addressee, paras = _consultation(app, letter.step)
        case LetterKind.FEE:
            paras = _fee(app, letter.step)
        case LetterKind.REPLY:
            paras = _reply(app)
        case LetterKind.NOTICE:
            title, paras = _notice(app, letter.step)
            title = f"政府信息公开申请{title}" if not title.startswith("政府") else title
        case _:
            raise ValueError(letter.kind)
    return Text(
        title=title,
        number=letter.number,
        addressee=addressee,
        paragraphs=[p for p in paras if p],
        signer=app.agency.name,
        signed_on=cn(letter.issued_on),
    )


def reply_letter(app: Application) -> Letter:
    """The letter that closed the case (答复书, or the 转办告知书 of a forwarded case)."""
    closing = app.letters.filter(step__kind=StepKind.CLOSED).select_related("step").last()
    if closing is None:
        raise Letter.DoesNotExist("申请尚未办结")
    return closing


# ---------------------------------------------------------------- rendering
def render_docx(text: Text) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = Pt(28)

    def para(value, align=None, indent=False, keep=False, bold=False, size=None):
        p = doc.add_paragraph()
        run = p.add_run(value)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        p.paragraph_format.keep_with_next = keep
        return p

    para(text.signer, WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22)
    para(text.title, WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22)
    para(text.number, WD_ALIGN_PARAGRAPH.CENTER)
    para(text.addressee)
    for value in text.paragraphs[:-1]:
        para(value, indent=True)
    # the closing paragraph and the seal block stay on one page
    para(text.paragraphs[-1], indent=True, keep=True)
    para("", keep=True)
    para(text.signer, WD_ALIGN_PARAGRAPH.RIGHT, keep=True)
    para("（盖章）", WD_ALIGN_PARAGRAPH.RIGHT, keep=True)
    para(text.signed_on, WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_html(text: Text) -> str:
    return render_to_string("applications/letter.html", {"letter": text})


def render_pdf(text: Text) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(text)).write_pdf()
