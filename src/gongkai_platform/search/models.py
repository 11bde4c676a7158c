"""One row per published item in the search index. The token text itself lives in a vendor-specific place
made by migration 0001: an FTS5 table `search_fts` (rowid = sort_key) on SQLite, a `tsv` tsvector column with a
GIN index on this table on PostgreSQL."""

from django.db import models


class SearchEntry(models.Model):
    item = models.OneToOneField(
        "catalogue.InformationItem", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    # 发布日期 (as a day ordinal) × 10¹⁰ + item id: newest-first order is descending sort_key, which both FTS5
    # (rowid order) and a btree walk give without sorting the matches.
    sort_key = models.BigIntegerField(unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "检索索引条目"

    def __str__(self):
        return str(self.item_id)
