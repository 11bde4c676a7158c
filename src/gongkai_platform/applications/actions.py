"""What can be done to a case now, by whom: the case page shows exactly these actions and the POST handler
(page or API) refuses any other.

Role model: every handler of the agency (依申请公开经办, 编辑, 审核, 签批领导) works the case; an extension needs
the head of the disclosure office (签批领导, 第三十三条第二款), so other handlers see 提请延期 instead, and
the head approves it. A 公开办 supervisor or another agency reads the case but acts on nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai_platform.applications import forms, services
from gongkai_platform.applications.models import Application, CaseState, StepKind


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    article: str  # the 条例 article the action applies, shown beside its form
    form: type
    run: Callable
    danger: bool = False


def _item(app, index_number: str):
    from gongkai_platform.catalogue.models import InformationItem, State

    item = InformationItem.objects.filter(
        agency=app.agency, index_number=index_number.strip(), state=State.PUBLISHED
    ).first()
    if item is None:
        raise ValidationError(f"本机关没有索引号为“{index_number}”的已发布信息。")
    return item


def _attach(user, app, d):
    item = _item(app, d["index_number"]) if d.get("index_number") else None
    return services.attach_released(
        user, app, upload=d.get("upload"), item=item, title=d.get("title", ""), redacted=d.get("redacted", "")
    )


def _close(user, app, d):
    details = {
        k: d.get(k, "")
        for k in (
            "not_held_ground",
            "responsible_organ",
            "responsible_contact",
            "withheld_parts",
            "withheld_basis",
        )
    }
    return services.close(user, app, d["outcome"], d["on"], d.get("notes", ""), **details)


ACTIONS: dict[str, Action] = {
    a.key: a
    for a in [
        Action(
            "confirm",
            "确认收到申请",
            "第三十一条：通过互联网渠道提交的，以双方确认之日为收到申请之日",
            forms.ConfirmForm,
            lambda u, a, d: services.confirm_receipt(u, a, d["on"], d.get("note", "")),
        ),
        Action(
            "correction",
            "补正告知",
            "第三十条：申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正",
            forms.CorrectionForm,
            lambda u, a, d: services.request_correction(u, a, d["on"], d["period"], d["note"]),
        ),
        Action(
            "correction_received",
            "收到补正",
            "第三十条：答复期限自收到补正后的申请之日起计算",
            forms.NoteForm,
            lambda u, a, d: services.receive_correction(u, a, d["on"], d.get("note", "")),
        ),
        Action(
            "abandon",
            "视为放弃申请",
            "第三十条：无正当理由逾期不补正的，视为放弃申请",
            forms.AbandonForm,
            lambda u, a, d: services.close(u, a, "other.no_correction", d["on"], d.get("notes", "")),
            danger=True,
        ),
        Action(
            "consult_start",
            "征求意见",
            "第三十二条、第三十四条：书面征求第三方或共同制作机关意见，对方自收到之日起15个工作日内答复",
            forms.ConsultationForm,
            lambda u, a, d: services.start_consultation(u, a, d["on"], d["party"], d.get("received_on")),
        ),
        Action(
            "consult_end",
            "征求意见结束",
            "第三十二条：第三方逾期未提出意见的，由行政机关依照条例规定决定",
            forms.ConsultationEndForm,
            lambda u, a, d: services.end_consultation(u, a, d["on"], d["party"], d.get("note", "")),
        ),
        Action(
            "propose_extension",
            "提请延期",
            "第三十三条第二款：延长答复期限须经政府信息公开工作机构负责人同意，延长不超过20个工作日",
            forms.ExtensionForm,
            lambda u, a, d: services.propose_extension(u, a, d["on"], d["workdays"], d["reason"]),
        ),
        Action(
            "extend",
            "延长答复期限",
            "第三十三条第二款：经政府信息公开工作机构负责人同意并告知申请人，延长不超过20个工作日",
            forms.ExtensionForm,
            lambda u, a, d: services.extend(u, a, d["on"], d["workdays"], d["reason"]),
        ),
        Action(
            "reasons_request",
            "要求说明理由",
            "第三十五条：申请数量、频次明显超过合理范围的，可以要求申请人说明理由",
            forms.ReasonsForm,
            lambda u, a, d: services.request_reasons(u, a, d["on"], d["note"]),
        ),
        Action(
            "reasons_received",
            "登记申请人说明的理由",
            "第三十五条",
            forms.ReasonsReceivedForm,
            lambda u, a, d: services.receive_reasons(u, a, d["on"], d["note"]),
        ),
        Action(
            "defer",
            "确定延迟答复期限",
            "第三十五条：理由合理但无法在规定期限内答复的，可以确定延迟答复的合理期限并告知申请人",
            forms.DeferForm,
            lambda u, a, d: services.defer_reply(u, a, d["on"], d["until"], d.get("note", "")),
        ),
        Action(
            "fee_notice",
            "收费通知",
            "第四十二条、国办函〔2020〕109号：申请数量、频次明显超过合理范围的，可以收取信息处理费",
            forms.FeeNoticeForm,
            lambda u, a, d: services.send_fee_notice(
                u, a, d["on"], d["method"], d.get("pages"), d.get("received_on")
            ),
        ),
        Action(
            "fee_paid",
            "登记缴费",
            "国办函〔2020〕109号",
            forms.StepForm,
            lambda u, a, d: services.record_payment(u, a, d["on"]),
        ),
        Action(
            "abandon_fee",
            "逾期未缴费，视为放弃",
            "国办函〔2020〕109号：逾期未缴纳的，视为放弃申请",
            forms.AbandonForm,
            lambda u, a, d: services.close(u, a, "other.no_fee_paid", d["on"], d.get("notes", "")),
            danger=True,
        ),
        Action(
            "attach",
            "添加答复提供的信息",
            "第三十六条第（一）（二）项、第三十七条：提供信息或告知获取途径，区分处理的提供可以公开的部分",
            forms.AttachForm,
            _attach,
        ),
        Action(
            "forward",
            "转办",
            "第三十六条第（五）项：不属于本机关负责公开的，告知负责公开的机关名称和联系方式",
            forms.ForwardForm,
            lambda u, a, d: services.forward(u, a, d["to"], d["on"], d.get("note", "")),
        ),
        Action(
            "close",
            "答复（办结）",
            "第三十六条至第三十九条：作出答复，每件申请只计一种办理结果",
            forms.CloseForm,
            _close,
        ),
    ]
}


def _kinds(app: Application) -> list[str]:
    return list(app.steps.values_list("kind", flat=True))


def available(app: Application, user, today: date | None = None) -> list[str]:
    """The keys of the actions this user may take on this case today, in the order a clerk meets them."""
    today = today or timezone.localdate()
    if not services.can_handle(user, app.agency) or app.state == CaseState.CLOSED:
        return []
    if app.state == CaseState.PENDING:
        return ["confirm"]
    kinds = _kinds(app)
    if app.state == CaseState.AWAITING_CORRECTION:
        late = app.correction_due is not None and today > app.correction_due
        return ["correction_received", *(["abandon"] if late else [])]
    if app.state == CaseState.AWAITING_FEE:
        late = app.fee_due is not None and today > app.fee_due
        return ["fee_paid", *(["abandon_fee"] if late else [])]
    keys = []
    plain = not set(kinds) - {StepKind.RECEIPT_CONFIRMED}
    if app.state == CaseState.RUNNING and plain:
        keys.append("correction")
    if app.state == CaseState.CONSULTING:
        keys.append("consult_end")
    keys.append("consult_start")
    extended = StepKind.EXTENSION_APPROVED in kinds
    in_time = app.due_on is None or today <= app.due_on
    if not extended and in_time:
        if services.can_approve(user, app.agency):
            keys.append("extend")
        elif services.pending_extension(app) is None:
            keys.append("propose_extension")
    if app.state == CaseState.RUNNING:
        if StepKind.REASONS_REQUESTED not in kinds:
            keys.append("reasons_request")
        elif StepKind.REASONS_RECEIVED not in kinds:
            keys.append("reasons_received")
        elif StepKind.REPLY_DEFERRED not in kinds:
            keys.append("defer")
        if StepKind.FEE_NOTICE_SENT not in kinds:
            keys.append("fee_notice")
    keys.append("attach")
    if app.state == CaseState.RUNNING:
        keys += ["forward", "close"]
    return keys


def available_actions(app: Application, user, today: date | None = None) -> list[Action]:
    return [ACTIONS[k] for k in available(app, user, today)]
