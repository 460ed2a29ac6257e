"""On PostgreSQL with the RUM extension available (Debian: postgresql-15-rum), add a RUM
index beside the GIN one; without it nothing happens and search uses GIN alone."""

import logging

from django.db import migrations, transaction

from khabar.search.backends import sql

logger = logging.getLogger(__name__)


def add_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cur.fetchone() is None:
            logger.info("search: the RUM extension is not installed; GIN only")
            return
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                cur.execute("CREATE EXTENSION IF NOT EXISTS rum")
                cur.execute(sql.POSTGRES_RUM_INDEX)
        except Exception:  # no right to create the extension: GIN alone still works
            logger.warning("search: could not create the RUM index; GIN only", exc_info=True)


def drop_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(sql.POSTGRES_RUM_DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_rum_index, drop_rum_index)]
