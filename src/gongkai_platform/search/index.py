"""Keep the search index in step with the catalogue: add an item when it is published, drop it when it is
withdrawn. Called through catalogue.hooks inside the publishing transaction."""

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from gongkai_platform.catalogue.models import InformationItem, State
from gongkai_platform.search.models import SearchEntry
from gongkai_platform.search.text import index_text

ID_SPAN = 10**10
# PostgreSQL refuses a tsvector over 1 MB. It also clamps token positions at 16,383 and keeps at most 256
# positions per token, so on PostgreSQL a phrase (2+ characters) is found exactly within about the first 16,000
# characters of an item's text (title, body, metadata, then attachments); SQLite FTS5 has no such limit.
PG_MAX_TEXT = 300_000


def sort_key(published_on: date, item_id: int) -> int:
    return published_on.toordinal() * ID_SPAN + item_id


def on_catalogue_event(event: str, item: InformationItem) -> None:
    if not isinstance(item, InformationItem):
        return  # an agency's 指南 change: nothing indexed
    if item.state == State.PUBLISHED:
        index_item(item)
    else:
        remove_item(item.pk)


def index_item(item: InformationItem) -> None:
    """Index (or re-index) one published item: its text, metadata and attachment text."""
    write([(item.pk, item.published_on, item.search_text())])


def remove_item(item_id: int) -> None:
    with transaction.atomic():
        entry = SearchEntry.objects.filter(item_id=item_id).first()
        if entry is None:
            return
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry.sort_key])
        entry.delete()


def write(rows: Iterable[tuple[int, date, str]]) -> int:
    """Index many (item id, 发布日期, raw text) rows at once, replacing what was there; returns the count."""
    rows = [(item_id, sort_key(on, item_id), index_text(text)) for item_id, on, text in rows]
    if not rows:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        ids = [r[0] for r in rows]
        old = list(SearchEntry.objects.filter(item_id__in=ids).values_list("sort_key", flat=True))
        SearchEntry.objects.filter(item_id__in=ids).delete()
        if connection.vendor == "sqlite":
            # also the new keys: rows orphaned by a deleted item or a test-database flush must not collide
            stale = set(old) | {r[1] for r in rows}
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [[k] for k in stale])
            SearchEntry.objects.bulk_create([SearchEntry(item_id=i, sort_key=k) for i, k, _ in rows])
            cursor.executemany(
                "INSERT INTO search_fts(rowid, text) VALUES (%s, %s)", [[k, t] for _, k, t in rows]
            )
        else:
            cursor.execute(
                "INSERT INTO search_searchentry (item_id, sort_key, tsv) "
                "SELECT i, k, to_tsvector('simple', t) FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS v(i, k, t)",
                [ids, [r[1] for r in rows], [r[2][:PG_MAX_TEXT] for r in rows]],
            )
    return len(rows)


def rebuild(batch: int = 2000) -> int:
    """Drop the whole index and index every published item again (after a bulk import, or to repair)."""
    with transaction.atomic(), connection.cursor() as cursor:
        SearchEntry.objects.all().delete()
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")
    published = (
        InformationItem.objects.filter(state=State.PUBLISHED)
        .select_related("agency")
        .prefetch_related("attachments")
        .order_by("pk")
    )
    count, chunk = 0, []
    for item in published.iterator(chunk_size=batch):
        chunk.append((item.pk, item.published_on, item.search_text()))
        if len(chunk) >= batch:
            count += write(chunk)
            chunk = []
    return count + write(chunk)
