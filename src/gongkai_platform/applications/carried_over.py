"""Onboarding: the applications an agency still had open when it started on the platform (its last published
report's 结转下年度继续办理), registered in bulk from an XLSX template so that this year's Table 三 counts them as
上年结转 and their replies as this year's results.

The upload is all or nothing: every row is checked first (a message per row and column), then every case is
created in one transaction with an audit entry each. No message goes to the applicants: these applications were
received, and acknowledged, before the platform.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from gongkai_platform.agencies.models import Agency
from gongkai_platform.applications import numbering
from gongkai_platform.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    DeliveryForm,
    DeliveryMethod,
)
from gongkai_platform.applications.services import _require_handler, new_tracking_number, refresh
from gongkai_platform.auditlog.services import record

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Field:
    name: str  # Application field
    header: str
    required: bool = True
    choices: type | None = None  # a TextChoices: the cell holds its Chinese label


FIELDS = (
    Field("number", "原登记编号", required=False),
    Field("received_on", "收到申请日期"),
    Field("applicant_kind", "申请人类型", choices=ApplicantKind),
    Field("applicant_name", "申请人姓名或名称"),
    Field("id_number", "身份证件号码或统一社会信用代码"),
    Field("phone", "联系电话"),
    Field("description", "所需信息的名称、文号或特征性描述"),
    Field("channel", "提交渠道", choices=Channel),
    Field("delivery_form", "信息的指定提供载体", choices=DeliveryForm),
    Field("delivery_method", "获取信息的方式", choices=DeliveryMethod),
)


class ImportRefused(Exception):
    """The workbook cannot be imported; `problems` lists each row's problems in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def template(agency: Agency, year: int) -> bytes:
    """The XLSX to fill in: one row per application still open on 1 January `year`, lists for the coded columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = "结转案件"
    sheet.append([f.header + ("" if f.required else "（选填）") for f in FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F3E5E5")
    for index, f in enumerate(FIELDS):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = 30 if f.name == "description" else 18
        if f.choices is not None:
            rule = DataValidation(
                type="list", formula1='"' + ",".join(f.choices.labels) + '"', allow_blank=False
            )
            rule.error, rule.errorTitle = "请从下拉列表中选择", f.header
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    notes = book.create_sheet("填写说明")
    for line in (
        f"{agency.name}：{year}年1月1日仍未办结的政府信息公开申请（即{year - 1}年度报告“结转下年度继续办理”的申请）。",
        f"每行一件申请；收到申请日期须早于{year}年1月1日，格式如 {year - 1}-11-20。",
        "申请人类型、提交渠道、提供载体、获取方式从下拉列表中选择。",
        "导入后这些申请进入“依申请公开”办理，继续按条例办理并答复；不会向申请人发送消息。",
        "整表检查通过才会导入；有任何一行有误，整表都不导入，并列出每行的问题。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def import_open_cases(user, agency: Agency, year: int, data: bytes) -> list[Application]:
    """Register the workbook's applications, open on 1 January `year`; all of them or, with ImportRefused, none."""
    _require_handler(user, agency)
    rows = _rows(data)
    cases, problems = [], []
    for line, values in rows:
        app, row_problems = _case(agency, year, values)
        problems += [f"第{line}行：{p}" for p in row_problems]
        cases.append((line, app))
    if problems:
        raise ImportRefused(problems[:50] + ([f"……共{len(problems)}处问题"] if len(problems) > 50 else []))
    with transaction.atomic():
        created = []
        for line, app in cases:
            original = app.number
            app.tracking_number = new_tracking_number()
            app.number = numbering.case_number(app)
            app.registered_by = user
            if original:
                app.reply_notes = f"平台启用前登记，原登记编号：{original}"
            refresh(app, save=False)
            app.save()
            record(
                user,
                "application.carried_over",
                app,
                {"row": line, "original_number": original, "received_on": app.received_on, "year": year},
            )
            created.append(app)
    return created


def _rows(data: bytes) -> list[tuple[int, dict]]:
    if len(data) > MAX_BYTES:
        raise ImportRefused([f"文件超过{MAX_BYTES // 1024 // 1024} MB"])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any broken or non-XLSX upload: one clear message, never a traceback
        raise ImportRefused(["无法读取文件，请使用下载的XLSX模板填写后上传"]) from None
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(h or "").replace("（选填）", "").strip() for h in next(lines, ())]
    expected = [f.header for f in FIELDS]
    if header[: len(expected)] != expected:
        raise ImportRefused(["表头与模板不一致，请使用下载的XLSX模板填写"])
    rows = []
    for number, line in enumerate(lines, start=2):
        values = dict(zip((f.name for f in FIELDS), line, strict=False))
        if all(v in (None, "") for v in values.values()):
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ImportRefused([f"一次最多导入{MAX_ROWS}件"])
    if not rows:
        raise ImportRefused(["表中没有数据行"])
    return rows


def _case(agency: Agency, year: int, values: dict) -> tuple[Application, list[str]]:
    problems, fields = [], {}
    for f in FIELDS:
        raw = values.get(f.name)
        text = raw.strip() if isinstance(raw, str) else raw
        if text in (None, ""):
            if f.required:
                problems.append(f"“{f.header}”未填写")
            fields[f.name] = ""
            continue
        if f.choices is not None:
            by_label = dict(zip(f.choices.labels, f.choices.values, strict=True))
            if text not in by_label:
                problems.append(f"“{f.header}”应为{'、'.join(f.choices.labels)}之一")
                continue
            text = by_label[text]
        elif f.name == "received_on":
            text = _date(text)
            if text is None:
                problems.append(f"“{f.header}”不是有效日期（如 {year - 1}-11-20）")
                continue
            if text >= date(year, 1, 1):
                problems.append(f"“{f.header}”应早于{year}年1月1日（结转的申请）")
        else:
            text = str(text)
        fields[f.name] = text
    app = Application(agency=agency, **{k: v for k, v in fields.items() if v != "" or k == "number"})
    try:
        app.full_clean(exclude=["tracking_number", *(f.name for f in FIELDS if fields.get(f.name) == "")])
    except ValidationError as exc:
        headers = {f.name: f.header for f in FIELDS}
        for name, messages in exc.message_dict.items():
            problems += [f"“{headers.get(name, name)}”{m}" for m in messages]
    return app, problems


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-"))
    except ValueError:
        return None
