"""The applications API served on its own under /yisqing/api/. A project-wide NinjaAPI can mount
`applications.api.router` instead and drop this module."""

from ninja.errors import ValidationError

from gongkai_platform.apidocs import ChineseAPI
from gongkai_platform.applications.api import router

api = ChineseAPI(
    title="政府信息公开申请 API",
    version="1",
    description="在线提交政府信息公开申请、凭查询码查询办理进度；工作人员登录后列出申请、办理事项、统计年报表三和表四。",
    urls_namespace="applications:api",
)
api.add_router("", router)


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    """Malformed input: a Chinese summary plus the validator's details per location."""
    errors: dict[str, list[str]] = {}
    for e in exc.errors:
        errors.setdefault(".".join(str(p) for p in e.get("loc", ())), []).append(e.get("msg", ""))
    return api.create_response(request, {"detail": "请求格式或参数有误。", "errors": errors}, status=422)
