"""PostgreSQL: keep each entry's tsvector in the table row (storage MAIN) instead of TOAST (EXTENDED, the
default). A typical entry's tsvector is ≈ 2.7 KB, which PostgreSQL's default moves out of line uncompressed;
every text recheck then reads the row, the TOAST index and two TOAST chunks. Counting and newest-first walks
recheck hundreds to thousands of rows a query, so inline storage roughly halves their cost
(docs/benchmarks-search.md). MAIN still moves a tsvector out of line when it alone cannot fit a page, so no
entry is refused. On SQLite nothing changes.

Existing entries are rewritten so they move too, with the GIN index dropped first and built once afterwards
rather than updated row by row. The rewrite commits before the build: built inside the same transaction, the
index had to take in every entry's old version as well (read back from TOAST), which at 1M entries made the
build several times slower. Each step is its own transaction and can be run again, so a migration stopped
between them is finished by running it again."""

from django.db import migrations

INDEX = "CREATE INDEX IF NOT EXISTS search_searchentry_tsv ON search_searchentry USING gin (tsv)"


def _rewrite(storage):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"ALTER TABLE search_searchentry ALTER COLUMN tsv SET STORAGE {storage}")
        schema_editor.execute("DROP INDEX IF EXISTS search_searchentry_tsv")
        # a new value (tsv || '') rather than the same one, so PostgreSQL stores it afresh under the new rule
        schema_editor.execute("UPDATE search_searchentry SET tsv = tsv || ''::tsvector")

    return run


def _build_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL maintenance_work_mem = '1GB'")  # as bench/search.py builds it
    schema_editor.execute(INDEX)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(_rewrite("MAIN"), _build_index, atomic=True),
        migrations.RunPython(_build_index, _rewrite("EXTENDED"), atomic=True),
    ]
