"""Sortable, paginated tables: one helper reads `sort` and `page` from the query string, orders and slices
the queryset, and hands the template the headers with their links (components/table_head.html,
components/pagination.html)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

PER_PAGE = 30


@dataclass(frozen=True)
class Column:
    """A table column; `order_by` is the queryset field it sorts by, or empty when it does not sort."""

    key: str
    label: str
    order_by: str = ""


@dataclass
class Header:
    label: str
    url: str = ""  # empty: not sortable
    direction: str = ""  # "ascending" / "descending" for the sorted column (aria-sort)


@dataclass
class Table:
    page: Page
    headers: list[Header]
    sort: str

    @property
    def rows(self):
        return self.page.object_list

    @property
    def count(self) -> int:
        return self.page.paginator.count


def sort_and_paginate(
    request, queryset, columns: list[Column], default: str, per_page: int = PER_PAGE
) -> Table:
    """Order `queryset` by `?sort=key` (`-key` descending; unknown keys fall back to `default`) and take the
    `?page=` page of it. The primary key breaks ties, so pages never overlap."""
    sort, key, descending = _sort(request, columns, default)
    field = next(c.order_by for c in columns if c.key == key)
    tie = "-pk" if descending else "pk"
    ordered = queryset.order_by(f"-{field}" if descending else field, tie)
    page = Paginator(ordered, per_page).get_page(request.GET.get("page"))
    return Table(page, [_header(request, c, key, descending) for c in columns], sort)


def sort_and_paginate_rows(
    request, rows: list, columns: list[Column], default: str, keys: dict, per_page: int = PER_PAGE
) -> Table:
    """The same for rows already in memory: `keys` maps a column's `order_by` to a function of a row giving
    its sort value. The sort is stable, so rows of equal value keep the order they came in."""
    sort, key, descending = _sort(request, columns, default)
    order_by = next(c.order_by for c in columns if c.key == key)
    ordered = sorted(rows, key=keys[order_by], reverse=descending)
    page = Paginator(ordered, per_page).get_page(request.GET.get("page"))
    return Table(page, [_header(request, c, key, descending) for c in columns], sort)


def _sort(request, columns: list[Column], default: str) -> tuple[str, str, bool]:
    """`?sort=` as (sort, column key, descending); an unknown column falls back to `default`."""
    sortable = {c.key for c in columns if c.order_by}
    sort = request.GET.get("sort", default)
    if sort.lstrip("-") not in sortable:
        sort = default
    return sort, sort.lstrip("-"), sort.startswith("-")


def _header(request, column: Column, key: str, descending: bool) -> Header:
    if not column.order_by:
        return Header(column.label)
    current = column.key == key
    query = request.GET.copy()
    query.pop("page", None)
    query["sort"] = column.key if current and descending else f"-{column.key}" if current else column.key
    direction = ("descending" if descending else "ascending") if current else ""
    return Header(column.label, f"?{query.urlencode()}", direction)
