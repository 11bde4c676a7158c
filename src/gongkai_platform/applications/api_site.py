"""The applications API served on its own under /yisqing/api/. A project-wide NinjaAPI can mount
`applications.api.router` instead and drop this module."""

from ninja import NinjaAPI

from gongkai_platform.applications.api import router

api = NinjaAPI(title="政府信息公开申请 API", version="1", urls_namespace="applications:api")
api.add_router("", router)
