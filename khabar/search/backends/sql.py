"""The SQL that creates each backend's text index (run by migration 0001 and by tests)."""

from __future__ import annotations

SQLITE_CREATE = [
    # Terms are letters and digits separated by spaces (analysis.py): unicode61 only has to
    # split at the spaces. Column weights are given at query time (bm25).
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, body, filters, tokenize = 'unicode61 remove_diacritics 0'
    )""",
    # A row removed from search_document (also by an article's deletion) leaves the index.
    """CREATE TRIGGER IF NOT EXISTS search_document_delete_fts
        AFTER DELETE ON search_document BEGIN
            DELETE FROM search_fts WHERE rowid = old.docid;
        END""",
]
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
