"""SQLite FTS5: the embedded default.

``search_fts`` has three columns: ``title`` and ``body`` (analysed terms) and ``filters``
(``c<category id>`` and ``t<tag id>`` tokens, so category and tag filters are doclist
intersections inside FTS5). Its rowid is the document's ``docid``, which sorts like the
publish time: a date range is a rowid range, and "newest matches first" is FTS5's own
descending walk.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from django.db import connection, transaction
from django.utils import timezone

from khabar.search.backends import sql
from khabar.search.backends.base import (
    COUNT_LIMIT,
    RANK_WINDOW,
    TITLE_WEIGHT,
    Filters,
    Order,
    Ranked,
    SearchBackend,
    best_first,
)
from khabar.search.backends.sql import SQLITE_CREATE, SQLITE_DROP
from khabar.search.documents import DOCID_SPAN, IndexDoc, free_docids, published_second
from khabar.search.models import SearchDocument
from khabar.search.query import ParsedQuery

_COLUMNS = "{title body}"
_DOCUMENTS, _FTS = "search_document", "search_fts"
_NEW_DOCUMENTS, _NEW_FTS = _DOCUMENTS + sql.REBUILD_SUFFIX, _FTS + sql.REBUILD_SUFFIX
_OLD_DOCUMENTS, _OLD_FTS = _DOCUMENTS + "_old", _FTS + "_old"
_NEW_TRIGGER = "search_document_new_delete_fts"
AUTOMERGE_DEFAULT = 4  # FTS5's own default (https://sqlite.org/fts5.html#the_automerge_option)


def _phrase(seq: Sequence[str]) -> str:
    # Terms are letters and digits only (analysis.py); doubling quotes keeps it safe anyway.
    return '"' + " ".join(t.replace('"', '""') for t in seq) + '"'


def match_expression(query: ParsedQuery, filters: Filters) -> str:
    parts = [
        "(" + " OR ".join(_phrase(seq) for seq in part.alternatives) + ")" for part in query.parts
    ]
    expr = f"({_COLUMNS} : ({' AND '.join(parts)}))"
    tokens = []
    if filters.category_id is not None:
        tokens.append(f'"c{int(filters.category_id)}"')
    if filters.tag_id is not None:
        tokens.append(f'"t{int(filters.tag_id)}"')
    if tokens:
        expr = f"({expr} AND {{filters}} : ({' AND '.join(tokens)}))"
    if query.excluded:
        excluded = " OR ".join(_phrase(seq) for seq in query.excluded)
        expr = f"({expr} NOT ({_COLUMNS} : ({excluded})))"
    return expr


def _rowid_range(filters: Filters) -> tuple[str, list[int]]:
    start, end = filters.time_range()
    sql, params = "", []
    if start is not None:
        sql += " AND rowid >= %s"
        params.append(int(start.timestamp()) * DOCID_SPAN)
    if end is not None:
        sql += " AND rowid < %s"
        params.append(int(end.timestamp()) * DOCID_SPAN)
    return sql, params


class SQLiteFTS5Backend(SearchBackend):
    vendor = "sqlite"

    def problems(self) -> list[str]:
        if connection.vendor != "sqlite":
            return [
                f"The SQLite FTS5 search backend needs an SQLite database, not {connection.vendor}."
            ]
        return []

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        with transaction.atomic(), connection.cursor() as cur:
            # The trigger takes their FTS rows with them.
            SearchDocument.objects.filter(article_id__in=[d.article_id for d in docs]).delete()
            _insert(cur, docs, _DOCUMENTS, _FTS)

    def remove(self, article_ids: Sequence[int]) -> None:
        SearchDocument.objects.filter(article_id__in=list(article_ids)).delete()

    def clear(self) -> None:
        # Dropping the FTS table is instant; deleting its rows one by one (the trigger) is not.
        with transaction.atomic(), connection.cursor() as cur:
            for statement in SQLITE_DROP:
                cur.execute(statement)
            cur.execute("DELETE FROM search_document")  # no trigger now: SQLite truncates
            for statement in SQLITE_CREATE:
                cur.execute(statement)

    # A rebuild loads search_document_new and search_fts_new (without the secondary
    # indexes and with automerge off: the fastest load), then renames them in place of the
    # live tables in one transaction. Readers (WAL) see the old tables until its commit.

    def rebuild_start(self) -> None:
        with transaction.atomic(), connection.cursor() as cur:
            _drop_rebuild_tables(cur)
            cur.execute(sql.REBUILD_CHANGES_CREATE)
            cur.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [_DOCUMENTS]
            )
            table_sql = cur.fetchone()[0]
            prefix = re.match(r'\s*CREATE TABLE\s+("?)search_document\1\s*', table_sql, re.I)
            if prefix is None:
                raise RuntimeError(f"search: unexpected definition of {_DOCUMENTS}: {table_sql}")
            # The live table's own definition (what the migrations made), under the new name.
            cur.execute(
                f'CREATE TABLE "{_NEW_DOCUMENTS}" '
                + sql.cascade_references(table_sql[prefix.end() :])
            )
            cur.execute(sql.sqlite_fts_create(_NEW_FTS))
            cur.execute(sql.sqlite_delete_trigger(_NEW_TRIGGER, _NEW_DOCUMENTS, _NEW_FTS))
            # No incremental merging while the whole index is loaded (a quarter of the insert
            # time): ``rebuild_swap`` merges once, then turns it back on.
            _set_automerge(cur, _NEW_FTS, 0)

    def rebuild_write(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        with transaction.atomic(), connection.cursor() as cur:
            _insert(cur, docs, _NEW_DOCUMENTS, _NEW_FTS)

    def rebuild_swap(self) -> None:
        with connection.cursor() as cur:
            # Merged into one segment before the swap, while the old index still answers.
            _set_automerge(cur, _NEW_FTS, AUTOMERGE_DEFAULT)
            _merge_all(cur, _NEW_FTS)
        with transaction.atomic(), connection.cursor() as cur:
            # Index names are global in SQLite: the live table's go before the new one's
            # are made (the same definitions), here, after the renames.
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
                " AND sql IS NOT NULL",
                [_DOCUMENTS],
            )
            indexes = cur.fetchall()
            for name, _ in indexes:
                cur.execute(f'DROP INDEX "{name}"')
            for statement in SQLITE_DROP[:1]:  # the live trigger
                cur.execute(statement)
            cur.execute(f"DROP TRIGGER {_NEW_TRIGGER}")
            cur.execute(f"ALTER TABLE {_DOCUMENTS} RENAME TO {_OLD_DOCUMENTS}")
            cur.execute(f"ALTER TABLE {_FTS} RENAME TO {_OLD_FTS}")
            cur.execute(f"ALTER TABLE {_NEW_DOCUMENTS} RENAME TO {_DOCUMENTS}")
            cur.execute(f"ALTER TABLE {_NEW_FTS} RENAME TO {_FTS}")
            for statement in SQLITE_CREATE:
                cur.execute(statement)
            for _, statement in indexes:
                cur.execute(statement)

    def rebuild_end(self) -> None:
        super().rebuild_end()
        # After the catch-up (searches use the new index): the old one goes. Freeing its
        # pages takes seconds (50 ms a thousand articles): emptied in steps first, so
        # writes get in between. (_data's first rows, the averages and the structure, stay:
        # FTS5 reads them to drop the table.)
        with connection.cursor() as cur:
            if not self._table_exists(cur, _OLD_FTS):
                return
            _empty_in_steps(cur, f"{_OLD_FTS}_data", "id > 10")
            for shadow in ("content", "docsize"):
                _empty_in_steps(cur, f"{_OLD_FTS}_{shadow}")
            with transaction.atomic():
                cur.execute(f"DROP TABLE {_OLD_FTS}")
                cur.execute(f"DROP TABLE {_OLD_DOCUMENTS}")

    def rebuild_abort(self) -> None:
        with transaction.atomic(), connection.cursor() as cur:
            _drop_rebuild_tables(cur)
            cur.execute(f"DROP TABLE IF EXISTS {sql.REBUILD_CHANGES}")

    def _table_exists(self, cur, name: str) -> bool:
        cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [name])
        return cur.fetchone() is not None

    def optimize(self) -> None:
        with connection.cursor() as cur:
            cur.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def search(
        self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int, order: str
    ) -> Ranked:
        expr = match_expression(query, filters)
        range_sql, range_params = _rowid_range(filters)
        with connection.cursor() as cur:
            if order == Order.NEWEST:
                cur.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s"  # noqa: S608
                    f"{range_sql} LIMIT %s)",
                    [expr, *range_params, COUNT_LIMIT + 1],
                )
                total = cur.fetchone()[0]
                cur.execute(
                    "SELECT d.article_id FROM (SELECT rowid AS docid FROM search_fts"  # noqa: S608
                    f" WHERE search_fts MATCH %s{range_sql} ORDER BY rowid DESC LIMIT %s OFFSET %s) f"
                    " JOIN search_document d ON d.docid = f.docid ORDER BY f.docid DESC",
                    [expr, *range_params, limit, offset],
                )
                ids = [r[0] for r in cur.fetchall()]
                return Ranked(ids, min(total, COUNT_LIMIT), total <= COUNT_LIMIT, total)
            # The newest RANK_WINDOW matches, ranked; one more row tells whether there are more.
            cur.execute(
                f"SELECT rowid, bm25(search_fts, {TITLE_WEIGHT}, 1.0, 0.0) FROM search_fts"  # noqa: S608
                f" WHERE search_fts MATCH %s{range_sql} ORDER BY rowid DESC LIMIT %s",
                [expr, *range_params, RANK_WINDOW + 1],
            )
            rows = cur.fetchall()
            exact = len(rows) <= RANK_WINDOW
            rows = rows[:RANK_WINDOW]
            total = len(rows)
            # bm25() is negative: the smaller, the better.
            candidates = ((r[0], -r[1], published_second(r[0]), r[0]) for r in rows)
            page = best_first(candidates, offset + limit, time.time())[offset:]
            if not page:
                return Ranked([], total, exact, len(rows))
            marks = ",".join(["%s"] * len(page))
            cur.execute(
                f"SELECT docid, article_id FROM search_document WHERE docid IN ({marks})",  # noqa: S608
                page,
            )
            by_docid = dict(cur.fetchall())
        return Ranked([by_docid[d] for d in page if d in by_docid], total, exact, len(rows))

    def size_bytes(self) -> int | None:
        with connection.cursor() as cur:
            try:
                cur.execute(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%'"
                    " OR name LIKE 'sqlite_autoindex_search%'"
                )
            except Exception:  # dbstat is optional in SQLite builds
                return None
            return cur.fetchone()[0]


def _filter_tokens(doc: IndexDoc) -> str:
    return " ".join([f"c{doc.category_id}", *(f"t{t}" for t in doc.tag_ids)])


def _insert(cur, docs: Sequence[IndexDoc], documents_table: str, fts_table: str) -> None:
    """Add the documents (of articles not in ``documents_table``) and their FTS rows."""
    docids = free_docids(docs, table=documents_table)
    # Plain SQL rather than bulk_create: a rebuild writes every article's row.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    cur.executemany(
        f"INSERT INTO {documents_table} (article_id, docid, category_id, published_at,"  # noqa: S608
        " indexed_at) VALUES (%s, %s, %s, %s, %s)",
        [
            (
                d.article_id,
                docid,
                d.category_id,
                connection.ops.adapt_datetimefield_value(d.published_at),
                now,
            )
            for d, docid in zip(docs, docids, strict=True)
        ],
    )
    cur.executemany(
        f"INSERT INTO {fts_table} (rowid, title, body, filters) VALUES (%s, %s, %s, %s)",  # noqa: S608
        [
            (docid, d.title, d.body, _filter_tokens(d))
            for d, docid in zip(docs, docids, strict=True)
        ],
    )


def _set_automerge(cur, fts_table: str, value: int) -> None:
    cur.execute(
        f"INSERT INTO {fts_table}({fts_table}, rank) VALUES ('automerge', %s)",  # noqa: S608
        [value],
    )


# Each step of the work below that holds the write lock (newsroom writes wait): about
# 0.1 s of it, rather than seconds in one transaction.
MERGE_STEP_PAGES = 1000
EMPTY_STEP_ROWS = 1000


def _merge_all(cur, fts_table: str) -> None:
    """What FTS5's 'optimize' does (one segment), in steps of a short transaction each."""
    while True:
        with transaction.atomic():
            cur.execute("SELECT total_changes()")
            before = cur.fetchone()[0]
            # A negative count: merge segments of any level (https://sqlite.org/fts5.html#the_merge_command).
            cur.execute(
                f"INSERT INTO {fts_table}({fts_table}, rank) VALUES ('merge', %s)",  # noqa: S608
                [-MERGE_STEP_PAGES],
            )
            cur.execute("SELECT total_changes()")
            if cur.fetchone()[0] - before < 2:  # the documented sign that nothing was left
                return


def _empty_in_steps(cur, table: str, where: str = "1") -> None:
    """Delete a table's rows a step (transaction) at a time; for tables about to be dropped."""
    while True:
        with transaction.atomic():
            cur.execute(
                f"DELETE FROM {table} WHERE rowid IN"  # noqa: S608
                f" (SELECT rowid FROM {table} WHERE {where} LIMIT %s)",
                [EMPTY_STEP_ROWS],
            )
            if cur.rowcount < EMPTY_STEP_ROWS:
                return


def _drop_rebuild_tables(cur) -> None:
    """What a rebuild that stopped half-way left behind."""
    cur.execute(f"DROP TRIGGER IF EXISTS {_NEW_TRIGGER}")
    for table in (_NEW_FTS, _NEW_DOCUMENTS, _OLD_FTS, _OLD_DOCUMENTS):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
