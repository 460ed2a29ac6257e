"""PostgreSQL full-text search: the production backend.

``search_document.vector`` is a stored tsvector built with the ``simple`` configuration
from the analysed terms (title weight A, body D) and indexed with GIN. The analysed
terms are already folded and stemmed by Khabar, so PostgreSQL only has to split them at
spaces — which it does right only when the database's character type is UTF-8 (under
the C locale its parser keeps bytes of Persian letters apart). ``problems()`` refuses
such a database; a system check reports it at start-up.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.db import connection, transaction

from khabar.search.backends.base import (
    COUNT_LIMIT,
    RANK_WINDOW,
    Filters,
    Order,
    Ranked,
    SearchBackend,
    combine,
)
from khabar.search.backends.sql import POSTGRES_CREATE
from khabar.search.documents import IndexDoc, free_docids
from khabar.search.models import SearchDocument
from khabar.search.query import ParsedQuery

# ts_rank_cd weights for {D, C, B, A}: a title (A) match weighs ten body (D) matches.
_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
# Title (A), body (D), and the filters as lexemes no analysed term can be («#c12» category,
# «#t5» tag), so a category or tag filter is one more GIN key, not a join.
_VECTOR = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'D')"
    " || array_to_tsvector(%s::text[])"
)

_INSERT = (
    "INSERT INTO search_document"  # noqa: S608 (constant SQL)
    " (article_id, docid, category_id, published_at, indexed_at, vector)"
    f" VALUES (%s, %s, %s, %s, now(), {_VECTOR})"
)


def _phrase(seq: Sequence[str]) -> str:
    # Terms are letters and digits only (analysis.py); quoting keeps it safe anyway.
    return " <-> ".join("'" + t.replace("\\", "").replace("'", "''") + "'" for t in seq)


def tsquery_text(query: ParsedQuery) -> str:
    parts = ["(" + " | ".join(_phrase(s) for s in part.alternatives) + ")" for part in query.parts]
    text = " & ".join(parts)
    if query.excluded:
        text += " & !(" + " | ".join(f"({_phrase(s)})" for s in query.excluded) + ")"
    return text


def database_ctype_problem(cursor) -> str | None:
    cursor.execute(
        "SELECT datctype, pg_encoding_to_char(encoding) FROM pg_database"
        " WHERE datname = current_database()"
    )
    ctype, encoding = cursor.fetchone()
    normalized = ctype.lower().replace("-", "")
    if encoding.upper() != "UTF8" or not normalized.endswith(".utf8"):
        return (
            f"Khabar search needs a PostgreSQL database with UTF-8 encoding and a UTF-8 "
            f"character type (LC_CTYPE such as C.UTF-8); this one has encoding {encoding} and "
            f"LC_CTYPE {ctype!r}, under which PostgreSQL splits Persian words wrongly. Create "
            f"the database with: CREATE DATABASE … ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
            f"LC_CTYPE 'C.UTF-8' TEMPLATE template0;"
        )
    return None


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    _checked_ctype: dict[str, str | None] = {}

    def problems(self) -> list[str]:
        if connection.vendor != "postgresql":
            return [
                f"The PostgreSQL search backend needs a PostgreSQL database, not {connection.vendor}."
            ]
        key = connection.settings_dict["NAME"]
        if key not in self._checked_ctype:
            with connection.cursor() as cur:
                self._checked_ctype[key] = database_ctype_problem(cur)
        problem = self._checked_ctype[key]
        return [problem] if problem else []

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        with transaction.atomic(), connection.cursor() as cur:
            SearchDocument.objects.filter(article_id__in=[d.article_id for d in docs]).delete()
            docids = free_docids(docs)
            cur.executemany(
                _INSERT,
                [
                    (
                        d.article_id,
                        docid,
                        d.category_id,
                        d.published_at,
                        d.title,
                        d.body,
                        [f"#c{d.category_id}", *(f"#t{t}" for t in d.tag_ids)],
                    )
                    for d, docid in zip(docs, docids, strict=True)
                ],
            )

    def remove(self, article_ids: Sequence[int]) -> None:
        SearchDocument.objects.filter(article_id__in=list(article_ids)).delete()

    def clear(self) -> None:
        with connection.cursor() as cur:
            # TRUNCATE is instant but refuses to run beside pending constraint checks of an
            # open transaction (tests, a caller's atomic block): DELETE then.
            if connection.in_atomic_block:
                cur.execute("DELETE FROM search_document")
            else:
                cur.execute("TRUNCATE search_document")

    def begin_rebuild(self) -> None:
        # Loading a million rows into a live GIN index costs far more than building it after.
        # (Not inside a caller's transaction: index DDL waits for its deferred checks.)
        self._index_dropped = not connection.in_atomic_block
        if self._index_dropped:
            with connection.cursor() as cur:
                cur.execute("DROP INDEX IF EXISTS search_doc_vector_gin")

    def end_rebuild(self) -> None:
        if not getattr(self, "_index_dropped", False):
            return
        self._index_dropped = False
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '256MB'")
            cur.execute(POSTGRES_CREATE[1])
            cur.execute("RESET maintenance_work_mem")
            cur.execute("ANALYZE search_document")

    def _where(self, filters: Filters) -> tuple[str, list]:
        sql, params = "", []
        lexemes = []
        if filters.category_id is not None:
            lexemes.append(f"'#c{int(filters.category_id)}'")
        if filters.tag_id is not None:
            lexemes.append(f"'#t{int(filters.tag_id)}'")
        if lexemes:
            sql += " AND d.vector @@ %s::tsquery"
            params.append(" & ".join(lexemes))
        start, end = filters.time_range()
        if start is not None:
            sql += " AND d.published_at >= %s"
            params.append(start)
        if end is not None:
            sql += " AND d.published_at < %s"
            params.append(end)
        return sql, params

    def search(
        self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int, order: str
    ) -> Ranked:
        problems = self.problems()
        if problems:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(problems[0])
        tsq = tsquery_text(query)
        where, params = self._where(filters)
        match = "d.vector @@ to_tsquery('simple', %s)"
        with connection.cursor() as cur:
            if order == Order.NEWEST:
                cur.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM search_document d WHERE {match}{where}"  # noqa: S608
                    " LIMIT %s) s",
                    [tsq, *params, COUNT_LIMIT + 1],
                )
                total = cur.fetchone()[0]
                cur.execute(
                    f"SELECT d.article_id FROM search_document d WHERE {match}{where}"  # noqa: S608
                    " ORDER BY d.published_at DESC, d.docid DESC LIMIT %s OFFSET %s",
                    [tsq, *params, limit, offset],
                )
                ids = [r[0] for r in cur.fetchall()]
                return Ranked(ids, min(total, COUNT_LIMIT), total <= COUNT_LIMIT, total)
            # Rank the newest RANK_WINDOW matches (the subquery's LIMIT keeps ts_rank_cd,
            # the costly part, to those rows); one more row tells whether there are more.
            cur.execute(
                f"SELECT w.article_id, extract(epoch FROM w.published_at),"  # noqa: S608
                f" ts_rank_cd('{_WEIGHTS}', w.vector, to_tsquery('simple', %s), 1)"
                f" FROM (SELECT d.article_id, d.published_at, d.vector FROM search_document d"
                f" WHERE {match}{where} ORDER BY d.published_at DESC LIMIT %s) w",
                [tsq, tsq, *params, RANK_WINDOW + 1],
            )
            rows = cur.fetchall()
        exact = len(rows) <= RANK_WINDOW
        rows = rows[:RANK_WINDOW]
        now = time.time()
        ranked = sorted(rows, key=lambda r: (-combine(float(r[2]), float(r[1]), now), -float(r[1])))
        ids = [r[0] for r in ranked[offset : offset + limit]]
        return Ranked(ids, len(rows), exact, len(rows))

    def size_bytes(self) -> int | None:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_total_relation_size('search_document')")
            return cur.fetchone()[0]
