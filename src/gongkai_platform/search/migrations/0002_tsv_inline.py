"""PostgreSQL: keep each entry's tsvector in the table row (storage MAIN) instead of TOAST (EXTENDED, the
default). A typical entry's tsvector is ≈ 2.7 KB, which PostgreSQL's default moves out of line uncompressed;
every text recheck then reads the row, the TOAST index and two TOAST chunks. Counting and newest-first walks
recheck hundreds to thousands of rows a query, so inline storage roughly halves their cost
(docs/benchmarks-search.md). MAIN still moves a tsvector out of line when it alone cannot fit a page, so no
entry is refused. Existing entries are rewritten so they move too; the GIN index is rebuilt once rather than
updated row by row. On SQLite nothing changes."""

from django.db import migrations

REWRITE = [
    "DROP INDEX IF EXISTS search_searchentry_tsv",
    # a new value (tsv || '') rather than the same one, so PostgreSQL stores it afresh under the new rule
    "UPDATE search_searchentry SET tsv = tsv || ''::tsvector",
    "SET LOCAL maintenance_work_mem = '256MB'",
    "CREATE INDEX search_searchentry_tsv ON search_searchentry USING gin (tsv)",
]


def _storage(kind):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"ALTER TABLE search_searchentry ALTER COLUMN tsv SET STORAGE {kind}")
        for sql in REWRITE:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_storage("MAIN"), _storage("EXTENDED"))]
