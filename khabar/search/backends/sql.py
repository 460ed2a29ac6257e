"""The SQL that creates each backend's text index (run by migration 0001 and by tests)."""

from __future__ import annotations

import re


def sqlite_fts_create(table: str = "search_fts") -> str:
    # Terms are letters and digits separated by spaces (analysis.py): unicode61 only has to
    # split at the spaces. Column weights are given at query time (bm25).
    return f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
        title, body, filters, tokenize = 'unicode61 remove_diacritics 0'
    )"""


def sqlite_delete_trigger(
    name: str = "search_document_delete_fts",
    documents: str = "search_document",
    fts: str = "search_fts",
) -> str:
    # A row removed from the documents (also by an article's deletion) leaves the index.
    return f"""CREATE TRIGGER IF NOT EXISTS {name}
        AFTER DELETE ON {documents} BEGIN
            DELETE FROM {fts} WHERE rowid = old.docid;
        END"""  # noqa: S608


SQLITE_CREATE = [sqlite_fts_create(), sqlite_delete_trigger()]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_document_delete_fts",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_CREATE = [
    "ALTER TABLE search_document ADD COLUMN IF NOT EXISTS vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX IF NOT EXISTS search_doc_vector_gin ON search_document USING gin (vector)",
]
# The tsvector stays compressed inside the row (up to a page) rather than in the TOAST table:
# a search that reads rows one by one (the newest of a category) then reads one page a row
# instead of a TOAST index lookup and two chunks (migration 0003, bench/search/RESULTS.md).
POSTGRES_VECTOR_INLINE = [
    "ALTER TABLE search_document SET (toast_tuple_target = 8160)",
    "ALTER TABLE search_document ALTER COLUMN vector SET STORAGE MAIN",
]
POSTGRES_VECTOR_TOAST = [
    "ALTER TABLE search_document RESET (toast_tuple_target)",
    "ALTER TABLE search_document ALTER COLUMN vector SET STORAGE EXTENDED",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_doc_vector_gin",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
]

# Optional (Debian package postgresql-15-rum): a RUM index keeps word positions and the
# publish time, so "newest matches first" and phrases are answered inside the index.
POSTGRES_RUM_INDEX = (
    "CREATE INDEX IF NOT EXISTS search_doc_vector_rum ON search_document"
    " USING rum (vector rum_tsvector_addon_ops, published_at)"
    " WITH (attach = 'published_at', to = 'vector')"
)
POSTGRES_RUM_DROP = "DROP INDEX IF EXISTS search_doc_vector_rum"

# A rebuild (``khabar.search.api.rebuild``) loads a new index beside the live one under
# these names and swaps it in at the end; meanwhile the articles whose index entry changed
# are listed in REBUILD_CHANGES, to be re-applied after the swap.
REBUILD_SUFFIX = "_new"
REBUILD_CHANGES = "search_rebuild_changes"
REBUILD_CHANGES_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {REBUILD_CHANGES} (article_id bigint NOT NULL PRIMARY KEY)"
)

_REFERENCES = re.compile(r'(REFERENCES\s+"?[\w.]+"?\s*\(\s*"?\w+"?\s*\))(?!\s+ON DELETE)', re.I)


def cascade_references(definition: str) -> str:
    """A table or constraint definition whose foreign keys delete the row with its target.

    The documents of a rebuild are not known to Django's deletion collector (which removes
    the live ones before an article); the database has to take them along.
    """
    return _REFERENCES.sub(r"\1 ON DELETE CASCADE", definition)
