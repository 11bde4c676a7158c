"""Full-text search over the published catalogue: `search(query, filters, page)`.

Results are newest first (发布日期, then id), never ranked: ranking every match of a common two-character word
costs seconds at a million items (research/stack.md §2). Counting stops at COUNT_CAP, so a very common query
shows "more than N" instead of scanning everything.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.utils.safestring import SafeString

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.agencies.permissions import jurisdiction_subtree
from gongkai_platform.catalogue.models import Column, InformationItem, State
from gongkai_platform.search import highlight
from gongkai_platform.search.index import ID_SPAN
from gongkai_platform.search.text import fts5_match, parse_query, terms, tsquery

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
COUNT_CAP = 2000


@dataclass
class Filters:
    agency: Agency | None = None
    jurisdiction: Jurisdiction | None = None  # every agency in it and in areas below it
    column: Column | None = None  # with its sub-columns
    topic: str = ""
    year: int | None = None
    validity: str = ""


@dataclass
class Hit:
    item: InformationItem
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    capped: bool = False  # there are more than `total` matches
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _filter_sql(filters: Filters) -> tuple[list[str], list]:
    where, params = ["i.state = %s"], [State.PUBLISHED]
    agency_ids = None
    if filters.jurisdiction is not None:
        areas = jurisdiction_subtree(filters.jurisdiction)
        agency_ids = set(Agency.objects.filter(jurisdiction_id__in=areas).values_list("pk", flat=True))
    if filters.agency is not None:
        agency_ids = {filters.agency.pk} if agency_ids is None else agency_ids & {filters.agency.pk}
    if agency_ids is not None:
        where.append(f"i.agency_id IN ({', '.join(['%s'] * len(agency_ids)) or 'NULL'})")
        params += sorted(agency_ids)
    if filters.column is not None:
        column_ids = [
            filters.column.pk,
            *Column.objects.filter(parent=filters.column).values_list("pk", flat=True),
        ]
        where.append(f"i.column_id IN ({', '.join(['%s'] * len(column_ids))})")
        params += column_ids
    for name in ("topic", "validity"):
        if getattr(filters, name):
            where.append(f"i.{name} = %s")
            params.append(getattr(filters, name))
    return where, params


def _year_range(year: int | None) -> tuple[int, int] | None:
    if year is None or not 1 <= year <= 9998:
        return None
    return date(year, 1, 1).toordinal() * ID_SPAN, (date(year, 12, 31).toordinal() + 1) * ID_SPAN - 1


def _base_sql(match: str, filters: Filters) -> tuple[str, list, str]:
    """SELECT of matching item ids, its parameters, and the column that orders them newest first."""
    where, params = _filter_sql(filters)
    if connection.vendor == "sqlite":
        sql = (
            "SELECT e.item_id, e.sort_key FROM search_fts f JOIN search_searchentry e ON e.sort_key = f.rowid "
            "JOIN catalogue_informationitem i ON i.id = e.item_id WHERE search_fts MATCH %s"
        )
        key = "f.rowid"  # lets FTS5 itself walk its doclist newest first
    else:
        sql = (
            "SELECT e.item_id, e.sort_key FROM search_searchentry e "
            "JOIN catalogue_informationitem i ON i.id = e.item_id WHERE e.tsv @@ to_tsquery('simple', %s)"
        )
        key = "e.sort_key"
    sql += "".join(f" AND {w}" for w in where)
    params = [match, *params]
    years = _year_range(filters.year)
    if years:
        sql += f" AND {key} BETWEEN %s AND %s"
        params += list(years)
    return sql, params, key


def _count(match: str, filters: Filters, cap: int) -> int:
    sql, params, _ = _base_sql(match, filters)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) s", [*params, cap])
        return cursor.fetchone()[0]


def _page(match: str, filters: Filters, limit: int, offset: int, few: bool) -> list[int]:
    sql, params, key = _base_sql(match, filters)
    if few and connection.vendor == "postgresql":
        # Collect the few matches through the GIN index, then sort them. Walking the sort_key btree newest
        # first (the planner's choice for LIMIT) would read the whole table before finding a rare phrase.
        sql = (
            f"WITH m AS MATERIALIZED ({sql}) SELECT item_id FROM m ORDER BY sort_key DESC LIMIT %s OFFSET %s"
        )
    else:
        sql += f" ORDER BY {key} DESC LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def _browse(filters: Filters, page_size: int, offset: int) -> tuple[list[int], int, bool]:
    """No query text: the newest published items that pass the filters."""
    items = InformationItem.objects.filter(state=State.PUBLISHED)
    if filters.jurisdiction is not None:
        items = items.filter(agency__jurisdiction_id__in=jurisdiction_subtree(filters.jurisdiction))
    if filters.agency is not None:
        items = items.filter(agency=filters.agency)
    if filters.column is not None:
        items = items.filter(column__in=[filters.column, *filters.column.children.all()])
    if filters.topic:
        items = items.filter(topic=filters.topic)
    if filters.validity:
        items = items.filter(validity=filters.validity)
    if filters.year:
        items = items.filter(published_on__year=filters.year)
    total = items[: COUNT_CAP + 1].count()
    ids = list(
        items.order_by("-published_on", "-pk").values_list("pk", flat=True)[offset : offset + page_size]
    )
    return ids, min(total, COUNT_CAP), total > COUNT_CAP


def search(query: str, filters: Filters | None = None, page: int = 1, page_size: int = PAGE_SIZE) -> Results:
    """Published items whose title, body, metadata or attachment text contain the query, newest first.

    A query of Chinese characters matches exactly where that text occurs; spaces separate terms that must all
    occur. An empty query lists the newest items that pass the filters."""
    filters = filters or Filters()
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, min(page, COUNT_CAP // page_size + 1))
    offset = (page - 1) * page_size
    query = " ".join((query or "").split())
    pieces = parse_query(query)
    if pieces:
        match = fts5_match(pieces) if connection.vendor == "sqlite" else tsquery(pieces)
        total = _count(match, filters, COUNT_CAP + 1)
        capped = total > COUNT_CAP
        ids = _page(match, filters, page_size, offset, few=not capped)
        total = min(total, COUNT_CAP)
    elif query:  # punctuation only: nothing can match
        ids, total, capped = [], 0, False
    else:
        ids, total, capped = _browse(filters, page_size, offset)
    found = InformationItem.objects.select_related("agency", "column").in_bulk(ids)
    wanted = terms(query)
    hits = [
        Hit(
            item=found[pk],
            title_html=highlight.mark(found[pk].title, wanted),
            snippet_html=highlight.snippet(
                [found[pk].body, found[pk].doc_number, found[pk].keywords, found[pk].publisher_name], wanted
            ),
        )
        for pk in ids
        if pk in found
    ]
    return Results(query=query, hits=hits, total=total, capped=capped, page=page, page_size=page_size)
