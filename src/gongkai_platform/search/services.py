"""Full-text search over the published catalogue: `search(query, filters, page, sort=...)`.

Two orders. 时间 (TIME): newest first (发布日期, then id), walked straight off the index. 相关度 (RELEVANCE): a
score the same on SQLite and PostgreSQL, from where each query piece occurs — in the title (100), in 关键词 or
文号 (30), and how often in the first BODY_CHARS characters of the body (1 each, at most 10) — ties newest
first. Ranking every match of a common two-character word costs seconds at a million items (research/stack.md
§2), so relevance ranks all matches when there are at most COUNT_CAP (found through the full-text index), and
otherwise the newest RANK_NEWEST of them (on PostgreSQL looked for among the newest entries first, like a
capped 时间 page, since the planner would collect and sort every match of a phrase it thinks rare;
docs/benchmarks-search.md). Counting stops at COUNT_CAP too, so a very common query shows "more
than N" instead of scanning everything: the exact count of a common word is that recheck for every match it
counts, the largest part of a search's time on PostgreSQL, so the cap is 25 pages rather than 100.
Either order returns exactly the same matches; only their order differs.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.agencies.permissions import jurisdiction_subtree
from gongkai_platform.catalogue.models import Column, InformationItem, State, Topic
from gongkai_platform.search import highlight
from gongkai_platform.search.index import ID_SPAN
from gongkai_platform.search.text import Piece, fts5_match, parse_query, terms, tsquery

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
COUNT_CAP = 500
RANK_NEWEST = 500
# capped queries on PostgreSQL: entries read newest first per row wanted (a page, or the RANK_NEWEST to rank)
# before falling back to the GIN path (_newest_walk)
WALK_FACTOR = 20
# the count on PostgreSQL: entries probed in table order, and how far the walk may go when the probe's density
# says it will reach the cap there (_count); COUNT_PROBE 0 turns the walked count off
COUNT_PROBE, COUNT_REACH = 1_000, 20_000
TIME, RELEVANCE = "time", "relevance"
SORTS = {RELEVANCE: "相关度", TIME: "时间"}
# relevance weights (see the module docstring)
IN_TITLE, IN_METADATA, PER_BODY_HIT, MAX_BODY_HITS = 100, 30, 1, 10
BODY_CHARS = 10_000


@dataclass
class Filters:
    agency: Agency | None = None
    jurisdiction: Jurisdiction | None = None  # every agency in it and in areas below it
    column: Column | None = None  # with its sub-columns
    topic: Topic | None = None  # with its second-level topics
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
    sort: str = TIME
    ranked_among: int | None = None  # relevance ranked only the newest this many matches

    @property
    def listed(self) -> int:
        """How many matches the pages can show: all counted, or the ranked newest ones."""
        return self.ranked_among or self.total

    @property
    def pages(self) -> int:
        return _last_page(self.listed, self.page_size)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def ranked(self) -> bool:
        """Whether the order can be chosen: only a query with text has a relevance."""
        return bool(parse_query(self.query))

    def paginator_page(self) -> Page:
        """A Django page over the counted matches, for the shared numbered pagination component."""
        return Paginator(range(self.listed), self.page_size).get_page(self.page)


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
    if filters.topic is not None:
        topic_ids = filters.topic.subtree_ids()
        where.append(f"i.topic_id IN ({', '.join(['%s'] * len(topic_ids))})")
        params += topic_ids
    if filters.validity:
        where.append("i.validity = %s")
        params.append(filters.validity)
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


def _count(
    match: str, filters: Filters, cap: int, newest: int = 0
) -> tuple[int, list[tuple[int, int]] | None]:
    """Matches up to `cap`, and for 相关度 (`newest` > 0) the newest `newest` matches when they came with it.
    On PostgreSQL a common query is counted by a walk (_walked_count over the oldest entries, or, when the
    newest matches are wanted anyway, _newest_walk, so one walk gives both); whatever the planner chooses is
    the fallback."""
    if connection.vendor == "postgresql" and COUNT_PROBE:
        probe = _walked_count(match, filters, COUNT_PROBE, cap)
        if probe >= cap:
            return cap, None
        if probe and cap * COUNT_PROBE / probe <= COUNT_REACH:
            if newest:
                found = _newest_walk(match, filters, COUNT_REACH, max(cap, newest))
                if len(found) >= cap:
                    return cap, found[:newest]
            elif _walked_count(match, filters, COUNT_REACH, cap) >= cap:
                return cap, None
    sql, params, _ = _base_sql(match, filters)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) s", [*params, cap])
        return cursor.fetchone()[0], None


def _walked_count(match: str, filters: Filters, reach: int, cap: int) -> int:
    """PostgreSQL: matches (up to `cap`) among the first `reach` entries in item id order, which is close
    to the table's own order (entries are written in that order), so the rows are read mostly sequentially. Reaching `cap` proves that many matches exist, so the
    capped count is exact; less proves nothing about the rest. It keeps the planner from intersecting the
    bigrams' whole posting lists, a cost that grows with the catalogue, for a phrase it thinks rare."""
    where, params = _filter_sql(filters)
    walk, walk_params = "SELECT item_id, tsv FROM search_searchentry", []
    years = _year_range(filters.year)
    if years:
        walk += " WHERE sort_key BETWEEN %s AND %s"
        walk_params = list(years)
    walk += " ORDER BY item_id LIMIT %s"
    sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM ({walk}) e JOIN catalogue_informationitem i ON i.id = e.item_id "
        "WHERE e.tsv @@ to_tsquery('simple', %s)" + "".join(f" AND {w}" for w in where) + " LIMIT %s) s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*walk_params, reach, match, *params, cap])
        return cursor.fetchone()[0]


def _newest_walk(
    match: str, filters: Filters, reach: int, limit: int, offset: int = 0
) -> list[tuple[int, int]]:
    """PostgreSQL: (item id, sort_key) of the matches among the newest `reach` entries, newest first, from
    `offset` on, at most `limit`. When it returns `limit` rows they are exactly the matches at those places in
    the whole newest-first order, since every entry newer than the last one returned has been checked. It keeps
    the planner from collecting and sorting all matches of a phrase whose count it underestimates."""
    where, params = _filter_sql(filters)
    walk, walk_params = "SELECT item_id, sort_key, tsv FROM search_searchentry", []
    years = _year_range(filters.year)
    if years:
        walk += " WHERE sort_key BETWEEN %s AND %s"
        walk_params = list(years)
    walk += " ORDER BY sort_key DESC LIMIT %s"
    sql = (
        f"SELECT e.item_id, e.sort_key FROM ({walk}) e JOIN catalogue_informationitem i ON i.id = e.item_id "
        "WHERE e.tsv @@ to_tsquery('simple', %s)"
        + "".join(f" AND {w}" for w in where)
        + " ORDER BY e.sort_key DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*walk_params, reach, match, *params, limit, offset])
        return cursor.fetchall()


def _page(match: str, filters: Filters, limit: int, offset: int, few: bool) -> list[int]:
    if not few and connection.vendor == "postgresql":
        found = _newest_walk(match, filters, WALK_FACTOR * (offset + limit), limit, offset)
        if len(found) == limit:
            return [item_id for item_id, _ in found]
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


def _score_sql(pieces: list[Piece]) -> tuple[str, list]:
    """The relevance of row `i` (an item) as an SQL expression with its parameters, portable between SQLite
    and PostgreSQL. Pieces hold only letters, digits and CJK, so they need no LIKE escaping."""
    least = "min" if connection.vendor == "sqlite" else "least"
    parts, params = [], []
    for piece in pieces:
        text = piece.text
        # lower() only where case can matter: on 10,000 characters it costs more than the rest of the score
        fold = "lower" if text != text.upper() else ""
        title, keywords, doc_number = (f"{fold}(i.{c})" for c in ("title", "keywords", "doc_number"))
        body = f"{fold}(substr(i.body, 1, {BODY_CHARS}))"
        parts.append(
            f"(CASE WHEN {title} LIKE %s THEN {IN_TITLE} ELSE 0 END"
            f" + CASE WHEN {keywords} LIKE %s OR {doc_number} LIKE %s THEN {IN_METADATA} ELSE 0 END"
            f" + {PER_BODY_HIT} * {least}({MAX_BODY_HITS}, (length({body}) - length(replace({body}, %s, '')))"
            f" / {len(text)}))"
        )
        params += [f"%{text}%"] * 3 + [text]
    return " + ".join(parts), params


def _ranked_page(
    match: str, pieces: list[Piece], filters: Filters, limit: int, offset: int, capped: bool, newest=None
):
    """A page of matches by relevance: all of them are ranked, or the newest RANK_NEWEST when capped (`newest`:
    those matches when the count found them already)."""
    score, score_params = _score_sql(pieces)
    ranked = "SELECT m.item_id FROM m JOIN catalogue_informationitem i ON i.id = m.item_id "
    ranked += f"ORDER BY {score} DESC, m.sort_key DESC LIMIT %s OFFSET %s"
    if capped and connection.vendor == "postgresql":
        newest = newest or _newest_walk(match, filters, WALK_FACTOR * RANK_NEWEST, RANK_NEWEST)
        if len(newest) == RANK_NEWEST:  # exactly the newest RANK_NEWEST matches: rank them
            with connection.cursor() as cursor:
                cursor.execute(
                    "WITH m AS (SELECT * FROM unnest(%s::bigint[], %s::bigint[]) AS m(item_id, sort_key)) "
                    + ranked,
                    [[r[0] for r in newest], [r[1] for r in newest], *score_params, limit, offset],
                )
                return [row[0] for row in cursor.fetchall()]
    sql, params, key = _base_sql(match, filters)
    if capped:
        sql += f" ORDER BY {key} DESC LIMIT %s"
        params = [*params, RANK_NEWEST]
    sql = f"WITH m AS {'MATERIALIZED ' if connection.vendor == 'postgresql' else ''}({sql}) " + ranked
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *score_params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def _browse(filters: Filters) -> QuerySet:
    """No query text: the published items that pass the filters, newest first."""
    items = InformationItem.objects.filter(state=State.PUBLISHED)
    if filters.jurisdiction is not None:
        items = items.filter(agency__jurisdiction_id__in=jurisdiction_subtree(filters.jurisdiction))
    if filters.agency is not None:
        items = items.filter(agency=filters.agency)
    if filters.column is not None:
        items = items.filter(column__in=[filters.column, *filters.column.children.all()])
    if filters.topic is not None:
        items = items.filter(topic_id__in=filters.topic.subtree_ids())
    if filters.validity:
        items = items.filter(validity=filters.validity)
    if filters.year:
        items = items.filter(published_on__year=filters.year)
    return items.order_by("-published_on", "-pk")


def _last_page(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def search(
    query: str,
    filters: Filters | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    sort: str = TIME,
) -> Results:
    """Published items whose title, body, metadata or attachment text contain the query, in `sort` order
    (TIME: newest first; RELEVANCE: see the module docstring). A page past the last one is empty.

    A query of Chinese characters matches exactly where that text occurs; spaces separate terms that must all
    occur. An empty query lists the newest items that pass the filters."""
    filters = filters or Filters()
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, min(page, COUNT_CAP // page_size + 1))
    offset = (page - 1) * page_size
    query = " ".join((query or "").split())
    pieces = parse_query(query)
    sort = sort if sort in SORTS and pieces else TIME
    ranked_among = None
    if pieces:
        match = fts5_match(pieces) if connection.vendor == "sqlite" else tsquery(pieces)
        total, newest = _count(match, filters, COUNT_CAP + 1, RANK_NEWEST if sort == RELEVANCE else 0)
        capped = total > COUNT_CAP
        total = min(total, COUNT_CAP)
        ranked_among = RANK_NEWEST if sort == RELEVANCE and capped else None
        if sort == RELEVANCE:
            ids = _ranked_page(match, pieces, filters, page_size, offset, capped, newest)
        else:
            ids = _page(match, filters, page_size, offset, few=not capped)
    elif query:  # punctuation only: nothing can match
        ids, total, capped = [], 0, False
    else:
        items = _browse(filters)
        total = items[: COUNT_CAP + 1].count()
        capped = total > COUNT_CAP
        total = min(total, COUNT_CAP)
        ids = list(items.values_list("pk", flat=True)[offset : offset + page_size])
    found = InformationItem.objects.select_related(
        "agency", "column", "topic__parent", "genre__parent"
    ).in_bulk(ids)
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
    return Results(
        query=query,
        hits=hits,
        total=total,
        capped=capped,
        page=page,
        page_size=page_size,
        sort=sort,
        ranked_among=ranked_among,
    )
