"""SQLite FTS5: the embedded default.

``search_fts`` has three columns: ``title`` and ``body`` (analysed terms) and ``filters``
(``c<category id>`` and ``t<tag id>`` tokens, so category and tag filters are doclist
intersections inside FTS5). Its rowid is the document's ``docid``, which sorts like the
publish time: a date range is a rowid range, and "newest matches first" is FTS5's own
descending walk.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.db import connection, transaction
from django.utils import timezone

from khabar.search.backends.base import (
    COUNT_LIMIT,
    RANK_WINDOW,
    TITLE_WEIGHT,
    Filters,
    Order,
    Ranked,
    SearchBackend,
    combine,
)
from khabar.search.backends.sql import SQLITE_CREATE, SQLITE_DROP
from khabar.search.documents import DOCID_SPAN, IndexDoc, free_docids, published_second
from khabar.search.models import SearchDocument
from khabar.search.query import ParsedQuery

_COLUMNS = "{title body}"
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
            docids = free_docids(docs)
            # Plain SQL rather than bulk_create: a rebuild writes every article's row.
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            cur.executemany(
                "INSERT INTO search_document (article_id, docid, category_id, published_at,"
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
                "INSERT INTO search_fts (rowid, title, body, filters) VALUES (%s, %s, %s, %s)",
                [
                    (docid, d.title, d.body, _filter_tokens(d))
                    for d, docid in zip(docs, docids, strict=True)
                ],
            )

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

    def begin_rebuild(self) -> None:
        # No incremental merging while the whole index is loaded (a quarter of the insert
        # time): ``end_rebuild`` merges once, then turns it back on.
        self._set_automerge(0)

    def end_rebuild(self) -> None:
        self._set_automerge(AUTOMERGE_DEFAULT)
        self.optimize()

    def _set_automerge(self, value: int) -> None:
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', %s)", [value]
            )

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
            now = time.time()
            # bm25() is negative: the smaller, the better.
            ranked = sorted(
                rows, key=lambda r: (-combine(-r[1], published_second(r[0]), now), -r[0])
            )
            page = [r[0] for r in ranked[offset : offset + limit]]
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


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]
