"""JSON API for applications (django-ninja). Public: submit and track; staff (session login): list and the
Table 三/四 counts. Input is validated by the same forms as the web pages, so the messages are the same."""

from datetime import date
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from gongkai.standard.formats import FIRST_YEAR
from ninja import Path, Router, Schema, Status
from ninja.security import django_auth

from gongkai_platform.agencies.models import Agency
from gongkai_platform.agencies.permissions import can_read, readable_agencies
from gongkai_platform.appeals.table4 import table4
from gongkai_platform.applications import actions, forms, services
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.table3 import table3
from gongkai_platform.applications.views import action_form, masked, rate_limited

router = Router()

MAX_ID = 2**31 - 1


class ApplicationIn(Schema):
    agency: int
    applicant_kind: str
    applicant_name: str
    id_number: str
    contact_person: str = ""
    phone: str
    email: str = ""
    address: str = ""
    description: str
    document_number: str = ""
    delivery_form: str
    delivery_method: str


class Submitted(Schema):
    tracking_number: str
    received_on: date | None  # None until the office confirms receipt (第三十一条)
    due_on: date | None


class Errors(Schema):
    detail: str
    errors: dict[str, list[str]]


class StepOut(Schema):
    on: date
    kind: str
    label: str


class StatusOut(Schema):
    tracking_number: str
    agency: str
    applicant: str
    number: str
    received_on: date | None
    state: str
    state_label: str
    due_on: date | None
    outcome: str
    outcome_label: str
    replied_on: date | None
    steps: list[StepOut]


class CaseOut(Schema):
    id: int
    tracking_number: str
    agency: str
    applicant: str
    id_number: str
    phone: str
    number: str
    received_on: date | None
    state: str
    due_on: date | None
    outcome: str


def _status(app: Application) -> dict:
    return {
        "tracking_number": app.tracking_number,
        "agency": app.agency.name,
        "applicant": masked(app)["name"],
        "number": app.number,
        "received_on": app.received_on,
        "state": app.state,
        "state_label": app.get_state_display(),
        "due_on": app.due_on if app.is_open else None,
        "outcome": app.outcome,
        "outcome_label": app.get_outcome_display() if app.outcome else "",
        "replied_on": app.replied_on,
        "steps": [{"on": s.on, "kind": s.kind, "label": s.get_kind_display()} for s in app.steps.all()],
    }


@router.post(
    "/applications",
    response={201: Submitted, 400: Errors, 429: Errors},
    summary="在线提交申请",
    description="提交政府信息公开申请，返回查询码；本机关确认收到之日为收到申请之日（第三十一条）。同一来源提交过于频繁时返回 429。",
    tags=["依申请公开：申请人"],
)
def submit(request: HttpRequest, payload: ApplicationIn):
    """Submit an application online; the receipt date is today (双方确认之日, 第三十一条)."""
    if rate_limited(request):
        return Status(429, {"detail": "提交过于频繁，请一小时后再试。", "errors": {}})
    form = forms.ApplicationForm(data=payload.dict())
    if not form.is_valid():
        return Status(
            400, {"detail": "申请内容不完整或有误。", "errors": {k: list(v) for k, v in form.errors.items()}}
        )
    try:
        app = services.register_online(form.cleaned_data)
    except ValidationError as exc:
        return Status(400, {"detail": "；".join(exc.messages), "errors": {}})
    return Status(
        201, {"tracking_number": app.tracking_number, "received_on": app.received_on, "due_on": app.due_on}
    )


@router.get(
    "/applications/{tracking_number}",
    response={200: StatusOut, 404: Errors},
    summary="查询办理进度",
    description="凭查询码查询申请的状态、答复期限和各办理步骤；申请人信息已作遮蔽处理。",
    tags=["依申请公开：申请人"],
)
def status(request: HttpRequest, tracking_number: str = Path(..., max_length=20)):
    """The tracking page's data: masked applicant, state, due date and every dated step."""
    app = Application.objects.select_related("agency").filter(tracking_number=tracking_number).first()
    if app is None:
        return Status(404, {"detail": "未找到该查询码对应的申请。", "errors": {}})
    return Status(200, _status(app))


@router.get(
    "/staff/applications",
    response=list[CaseOut],
    auth=django_auth,
    summary="申请列表",
    description="当前用户可查看的机关收到的申请；个人信息已作遮蔽处理。",
    tags=["依申请公开：工作人员"],
)
def staff_list(request: HttpRequest):
    """Applications of the agencies the user may read; personal data masked."""
    apps = Application.objects.filter(agency__in=readable_agencies(request.user)).select_related("agency")[
        :500
    ]
    out = []
    for a in apps:
        m = masked(a)
        out.append(
            {
                "id": a.pk,
                "tracking_number": a.tracking_number,
                "agency": a.agency.name,
                "applicant": m["name"],
                "id_number": m["id_number"],
                "phone": m["phone"],
                "number": a.number,
                "received_on": a.received_on,
                "state": a.state,
                "due_on": a.due_on,
                "outcome": a.outcome,
            }
        )
    return out


@router.get(
    "/staff/agencies/{agency_id}/report/{year}",
    response={200: dict[str, int], 404: Errors},
    auth=django_auth,
    summary="年度报告表三、表四数据",
    description="该机关该年度政府信息公开工作年度报告表三（收到和处理政府信息公开申请情况）与表四（行政复议、行政诉讼情况）各单元格的数值，以单元格编号为键，按该年度适用的格式。",
    tags=["依申请公开：工作人员"],
)
def staff_report(
    request: HttpRequest,
    agency_id: int = Path(..., ge=1, le=MAX_ID),
    year: int = Path(..., ge=FIRST_YEAR, le=2100),
):
    """Table 三 and Table 四 cells of the year's format, by cell id."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None or not can_read(request.user, agency):
        return Status(404, {"detail": "机构不存在或无权查看。", "errors": {}})
    return Status(200, {**table3(agency, year), **table4(agency, year)})


class ActionIn(Schema):
    """各办理事项的填写内容（与办理页面的表单相同）；每一事项只使用其中的部分字段。"""

    on: str
    period: int | None = None
    note: str = ""
    party: str = ""
    workdays: int | None = None
    reason: str = ""
    method: str = ""
    pages: int | None = None
    received_on: str = ""
    until: str = ""
    to: int | None = None
    outcome: str = ""
    notes: str = ""
    not_held_ground: str = ""
    responsible_organ: str = ""
    responsible_contact: str = ""
    withheld_parts: str = ""
    withheld_basis: str = ""
    index_number: str = ""
    title: str = ""
    redacted: str = ""


Action = Literal[tuple(actions.ACTIONS)]  # type: ignore[valid-type]


@router.post(
    "/staff/applications/{application_id}/actions/{action}",
    response={200: StatusOut, 400: Errors, 403: Errors, 404: Errors},
    auth=django_auth,
    summary="办理申请",
    description="办理一项事项（确认收到、补正、征求意见、延期、说明理由、收费、转办、答复等），校验与办理页面相同：只接受办理页面此时向该用户提供的事项。",
    tags=["依申请公开：工作人员"],
)
def staff_act(
    request: HttpRequest, payload: ActionIn, action: Action, application_id: int = Path(..., ge=1, le=MAX_ID)
):
    """One clerk action (确认收到, 补正, 征求意见, 延期, 说明理由, 收费, 转办, 答复 …) with the same checks as the
    case page: only an action the case page offers this user now is accepted."""
    app = Application.objects.select_related("agency").filter(pk=application_id).first()
    if app is None or not can_read(request.user, app.agency):
        return Status(404, {"detail": "申请不存在或无权查看。", "errors": {}})
    act = actions.ACTIONS[action]
    if action not in actions.available(app, request.user):
        return Status(403, {"detail": f"该申请当前不能办理“{act.label}”，或您没有相应权限。", "errors": {}})
    form = action_form(act, app, data={k: v for k, v in payload.dict().items() if v not in (None, "")})
    if not form.is_valid():
        return Status(
            400, {"detail": "办理事项填写有误。", "errors": {k: list(v) for k, v in form.errors.items()}}
        )
    try:
        act.run(request.user, app, form.cleaned_data)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc) or "没有权限。", "errors": {}})
    except ValidationError as exc:
        return Status(400, {"detail": "；".join(exc.messages), "errors": {}})
    app.refresh_from_db()
    return Status(200, _status(app))
