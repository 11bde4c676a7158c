"""Read-only REST access to the published catalogue: items (list, filter, full-text search, detail), agencies
and columns. Bad input is a 4xx with a message, never a 500."""

from datetime import date
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.catalogue import vocabulary
from gongkai_platform.catalogue.models import Column, InformationItem, State, Topic, Validity
from gongkai_platform.search import services as search_services
from gongkai_platform.search.text import MAX_QUERY_CHARS

router = Router(tags=["公开目录"])
SLUG = r"^[-a-zA-Z0-9_]+$"


class AgencyOut(Schema):
    slug: str
    name: str
    short_name: str
    org_code: str
    jurisdiction: str = Field(..., alias="jurisdiction.slug")
    jurisdiction_name: str = Field(..., alias="jurisdiction.name")


class ColumnOut(Schema):
    slug: str
    name: str
    kind: str
    article20_clause: int | None
    article21_level: str = Field(
        "",
        description="条例第二十一条适用层级：`city_county`（设区的市级、县级）、`township`（乡镇），空为各级通用",
    )
    parent: str | None = Field(None, alias="parent.slug")
    agency: str | None = Field(None, alias="agency.slug")
    update_frequency: str


class AttachmentOut(Schema):
    id: int
    name: str = Field(..., alias="original_name")
    content_type: str
    size: int


class ItemOut(Schema):
    id: int
    title: str
    index_number: str
    agency: str = Field(..., alias="agency.slug")
    publisher: str = Field(..., alias="publisher_name")
    column: str = Field(..., alias="column.slug")
    summary: str = Field(..., description="内容概述")
    topic: str = Field(..., alias="topic_path", description="主题分类（完整路径，如 综合政务\\政务公开）")
    genre: str = Field(..., alias="genre_path", description="体裁分类")
    disclosure: str = Field(..., alias="get_disclosure_display", description="公开属性")
    audience: str = Field(..., alias="get_audience_display", description="服务对象")
    doc_number: str
    written_on: date | None
    published_on: date
    validity: str
    validity_changed_on: date | None
    effective_on: date | None
    repealed_on: date | None
    keywords: str


class ItemDetailOut(ItemOut):
    body: str = Field(..., description="正文；依申请公开的信息只列目录，不含正文")
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_body(item):
        return item.body if item.shows_content else ""

    @staticmethod
    def resolve_attachments(item):
        return list(item.attachments.all()) if item.shows_content else []


class SearchHitOut(ItemOut):
    title_html: str
    snippet_html: str


class ItemPage(Schema):
    total: int
    more: bool = Field(..., description="匹配数超过 `total`（检索结果计数有上限）")
    page: int
    page_size: int
    items: list[SearchHitOut]


class ItemFilters(Schema):
    q: str = Field("", max_length=MAX_QUERY_CHARS, description="检索词；空格分隔的各词须同时出现")
    agency: str | None = Field(None, max_length=60, pattern=SLUG, description="机构标识")
    jurisdiction: str | None = Field(None, max_length=60, pattern=SLUG, description="行政区划标识（含下级）")
    column: str | None = Field(None, max_length=60, pattern=SLUG, description="栏目标识（含子栏目）")
    topic: str | None = Field(
        None,
        max_length=130,
        description="主题分类的完整路径或一级类目名称（含其下级），如 综合政务\\政务公开",
    )
    year: int | None = Field(None, ge=1900, le=2999)
    validity: Validity | None = None
    sort: Literal["time", "relevance"] = Field(
        search_services.TIME, description="`time`：发布日期最新在前；`relevance`：相关度（有检索词时）"
    )
    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(search_services.PAGE_SIZE, ge=1, le=search_services.MAX_PAGE_SIZE)


class Message(Schema):
    detail: str


def _topic(path: str) -> Topic:
    top, _, child = path.partition(vocabulary.SEPARATOR)
    lookup = {"parent__name": top, "name": child} if child else {"parent": None, "name": top}
    return _one(Topic, "没有这个主题分类。", **lookup)


def _one(model, message: str, **lookup):
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise LookupError(message)
    return found


@router.get("/items", response={200: ItemPage, 404: Message}, summary="列出或检索已发布信息")
def list_items(request, filters: Query[ItemFilters]):
    try:
        agency = _one(Agency, "没有这个机构。", slug=filters.agency) if filters.agency else None
        area = (
            _one(Jurisdiction, "没有这个行政区划。", slug=filters.jurisdiction)
            if filters.jurisdiction
            else None
        )
        column = _one(Column, "没有这个栏目。", slug=filters.column, agency=None) if filters.column else None
        topic = _topic(filters.topic) if filters.topic else None
    except LookupError as exc:
        return Status(404, {"detail": str(exc)})
    results = search_services.search(
        filters.q,
        search_services.Filters(
            agency=agency,
            jurisdiction=area,
            column=column,
            topic=topic,
            year=filters.year,
            validity=filters.validity or "",
        ),
        page=filters.page,
        page_size=filters.page_size,
        sort=filters.sort,
    )
    items = []
    for hit in results.hits:
        hit.item.title_html, hit.item.snippet_html = str(hit.title_html), str(hit.snippet_html)
        items.append(hit.item)
    return Status(
        200,
        {
            "total": results.total,
            "more": results.capped,
            "page": results.page,
            "page_size": results.page_size,
            "items": items,
        },
    )


@router.get("/items/{int:item_id}", response={200: ItemDetailOut, 404: Message}, summary="已发布信息详情")
def item_detail(request, item_id: int):
    item = (
        InformationItem.objects.select_related("agency", "column", "topic__parent", "genre__parent")
        .filter(pk=item_id, state=State.PUBLISHED)
        .prefetch_related("attachments")
        .first()
    )
    if item is None:
        return Status(404, {"detail": "没有这条已发布信息。"})
    return Status(200, item)


@router.get("/agencies", response=list[AgencyOut], summary="机构")
def agencies(request):
    return Agency.objects.select_related("jurisdiction").order_by("jurisdiction__name", "name")


@router.get("/columns", response={200: list[ColumnOut], 404: Message}, summary="栏目")
def columns(
    request, agency: str | None = Query(None, max_length=60, pattern=SLUG, description="含该机构自设栏目")
):
    found = Column.objects.filter(agency=None)
    if agency:
        owner = Agency.objects.filter(slug=agency).first()
        if owner is None:
            return Status(404, {"detail": "没有这个机构。"})
        found = Column.objects.filter(agency=None) | Column.objects.filter(agency=owner)
    return Status(200, found.select_related("parent", "agency").order_by("order", "pk"))
