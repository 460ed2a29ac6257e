"""On PostgreSQL, keep each document's tsvector inside its table row (compressed) instead of
in the TOAST table: reading a vector then costs one page instead of a TOAST index lookup
and its chunks. The newest matches of a category are found by reading the category's
rows newest first (``PostgresBackend._plan``), about three times faster this way
(bench/search/RESULTS.md). Rows take the new layout when written: ``khabar search_reindex``
rewrites them all. Nothing happens on other databases."""

from django.db import migrations

from khabar.search.backends import sql


def inline_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in sql.POSTGRES_VECTOR_INLINE:
            schema_editor.execute(statement)


def toast_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in sql.POSTGRES_VECTOR_TOAST:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_rum_index")]

    operations = [migrations.RunPython(inline_vectors, toast_vectors)]
