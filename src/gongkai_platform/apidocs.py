"""The REST APIs documented in Chinese: a NinjaAPI whose OpenAPI document carries Chinese response descriptions
and field titles, and a server-rendered reference page (`…/docs`) in the portal's look instead of Swagger UI,
whose controls are English and cannot be translated. Swagger UI stays one link away for trying calls
(`…/docs/swagger/`); the OpenAPI JSON is unchanged for tools apart from these texts."""

from __future__ import annotations

import re

from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase, Swagger

STATUS = {
    200: "成功",
    201: "已创建",
    204: "成功，无返回内容",
    400: "请求有误",
    401: "未登录",
    403: "无权办理",
    404: "不存在或无权查看",
    409: "与现有数据冲突",
    422: "请求格式或参数有误",
    429: "请求过于频繁",
    500: "服务器内部错误",
    503: "系统繁忙",
}
LOCATION = {"path": "路径", "query": "查询参数", "header": "请求头", "cookie": "Cookie"}
TYPE = {
    "string": "文本",
    "integer": "整数",
    "number": "数值",
    "boolean": "是/否",
    "array": "列表",
    "object": "对象",
    "date": "日期",
    "date-time": "日期时间",
}
# field name -> what it is, for titles in the document (pydantic's default title is the English field name)
FIELDS = {
    "action": "办理事项",
    "address": "通信地址",
    "agency": "机构",
    "agency_id": "机构编号",
    "applicant": "申请人",
    "applicant_kind": "申请人类型",
    "applicant_name": "申请人姓名或名称",
    "application_id": "申请编号",
    "attachments": "附件",
    "body": "正文",
    "column": "栏目",
    "contact_person": "联系人",
    "content_type": "文件类型",
    "delivery_form": "获取信息的载体形式",
    "delivery_method": "获取信息的方式",
    "description": "所需信息的内容描述",
    "detail": "说明",
    "doc_number": "文号",
    "document_number": "文件文号",
    "due_on": "答复期限",
    "email": "电子邮箱",
    "errors": "各字段的错误",
    "genre": "体裁分类",
    "id": "编号",
    "id_number": "证件号码",
    "index_number": "索引号",
    "item_id": "信息编号",
    "items": "信息",
    "jurisdiction": "行政区划",
    "keywords": "关键词",
    "kind": "类别",
    "label": "名称",
    "more": "还有更多",
    "name": "名称",
    "number": "登记编号",
    "on": "日期",
    "outcome": "办理结果",
    "outcome_label": "办理结果名称",
    "page": "页码",
    "page_size": "每页条数",
    "parent": "上级",
    "phone": "联系电话",
    "published_on": "发布日期",
    "publisher": "发布机构",
    "q": "检索词",
    "received_on": "收到申请日期",
    "replied_on": "答复日期",
    "short_name": "简称",
    "size": "大小（字节）",
    "slug": "标识",
    "snippet_html": "摘要（HTML）",
    "state": "状态",
    "state_label": "状态名称",
    "steps": "办理步骤",
    "title": "标题",
    "title_html": "标题（HTML）",
    "topic": "主题分类",
    "total": "总数",
    "tracking_number": "查询码",
    "validity": "有效性",
    "validity_changed_on": "有效性变更日期",
    "written_on": "成文日期",
    "year": "年度",
}


def _auto_title(name: str) -> str:
    return name.replace("_", " ").title()


def localise(schema: dict) -> dict:
    """Chinese texts where the generator writes English: standard response phrases and field titles."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for code, response in operation.get("responses", {}).items():
                response["description"] = STATUS.get(int(code), response.get("description", ""))
            for parameter in operation.get("parameters", []):
                _retitle(parameter.get("schema", {}), parameter["name"])
            if "responses" in operation:
                for response in operation["responses"].values():
                    for content in response.get("content", {}).values():
                        if content.get("schema", {}).get("title") == "Response":
                            content["schema"]["title"] = "返回内容"
    for model in schema.get("components", {}).get("schemas", {}).values():
        if "enum" in model:  # a choices class: its docstring was written for programmers
            model.pop("description", None)
        for name, prop in model.get("properties", {}).items():
            _retitle(prop, name)
    return schema


def _retitle(prop: dict, name: str) -> None:
    if prop.get("title") in (None, _auto_title(name)):
        if name in FIELDS:
            prop["title"] = FIELDS[name]
        else:
            prop.pop("title", None)


class ChineseDocs(DocsBase):
    """The API reference as one server-rendered page: every operation by tag with its parameters, request
    fields and responses."""

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "apidocs/docs.html",
            {
                "api": api,
                "groups": reference(schema),
                "openapi_url": self.get_openapi_url(api, kwargs),
                "swagger_url": request.path.rstrip("/") + "/swagger/",
            },
        )


def reference(schema: dict) -> list[tuple[str, list[dict]]]:
    """The operations grouped by their first tag, in the document's order."""
    components = schema.get("components", {}).get("schemas", {})
    groups: dict[str, list[dict]] = {}
    for url, path_item in schema.get("paths", {}).items():
        for method, op in path_item.items():
            tag = (op.get("tags") or ["其他"])[0]
            groups.setdefault(tag, []).append(
                {
                    "anchor": op.get("operationId", f"{method}-{url}"),
                    "method": method.upper(),
                    "url": url,
                    "summary": op.get("summary", ""),
                    "description": _text(op.get("description", "")),
                    "login": bool(op.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": LOCATION.get(p["in"], p["in"]),
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {}), components),
                            "title": p.get("schema", {}).get("title", ""),
                            "description": _text(
                                p.get("description", "") or p.get("schema", {}).get("description", "")
                            ),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _fields(_body_schema(op), components),
                    "responses": [
                        (code, r.get("description", ""), _type(_content_schema(r), components))
                        for code, r in op.get("responses", {}).items()
                    ],
                }
            )
    return list(groups.items())


def _text(text: str) -> str:
    """A description as HTML: escaped, its `code` spans (CommonMark backticks) as <code>."""
    return mark_safe(re.sub(r"`([^`]*)`", r"<code>\1</code>", escape(text)))


def _resolve(s: dict, components: dict) -> dict:
    ref = s.get("$ref", "")
    return components.get(ref.rsplit("/", 1)[-1], {}) if ref else s


def _type(s: dict, components: dict) -> str:
    if "$ref" in s:
        return s["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in s:
        return " 或 ".join(_type(x, components) for x in s["anyOf"] if x.get("type") != "null")
    if s.get("type") == "array":
        return f"列表（{_type(s.get('items', {}), components)}）"
    if "enum" in s:
        return "取值之一：" + "、".join(str(v) for v in s["enum"])
    return TYPE.get(s.get("format", ""), TYPE.get(s.get("type", ""), s.get("type", "")))


def _body_schema(op: dict) -> dict:
    content = op.get("requestBody", {}).get("content", {})
    return next(iter(content.values()), {}).get("schema", {})


def _content_schema(response: dict) -> dict:
    return next(iter(response.get("content", {}).values()), {}).get("schema", {})


def _fields(s: dict, components: dict) -> list[dict]:
    model = _resolve(s, components)
    required = set(model.get("required", []))
    return [
        {
            "name": name,
            "title": prop.get("title", ""),
            "type": _type(prop, components),
            "required": name in required,
            "description": _text(prop.get("description", "")),
        }
        for name, prop in model.get("properties", {}).items()
    ]


class ChineseAPI(NinjaAPI):
    """A NinjaAPI documented in Chinese (see the module docstring)."""

    def __init__(self, **kwargs):
        super().__init__(docs=ChineseDocs(), **kwargs)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return localise(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


def swagger_view(api: NinjaAPI):
    """Swagger UI (local files, English controls) for trying the API's calls from the browser."""

    def view(request):
        return Swagger().render_page(request, api)

    return view
