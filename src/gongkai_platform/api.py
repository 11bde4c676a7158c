"""The platform's one REST API root, served at /api/ with its OpenAPI schema at /api/openapi.json.
Each app adds its router here."""

from gongkai_platform.apidocs import ChineseAPI
from gongkai_platform.portal.api import router as catalogue_router

api = ChineseAPI(
    title="政府信息公开平台 API",
    version="1.0",
    description="公开目录（只含已发布信息）的只读接口：检索与列出信息、信息详情、机构与栏目。",
    urls_namespace="api",
)
api.add_router("/catalogue/", catalogue_router)
