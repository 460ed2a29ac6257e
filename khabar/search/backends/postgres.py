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
from datetime import UTC, datetime, timedelta

from django.db import connection, connections, router, transaction

from khabar.search.backends.base import (
    COUNT_LIMIT,
    RANK_WINDOW,
    Filters,
    Order,
    Ranked,
    SearchBackend,
    combine,
)
from khabar.search.backends.sql import POSTGRES_CREATE, POSTGRES_RUM_INDEX
from khabar.search.documents import IndexDoc, free_docids
from khabar.search.models import SearchDocument
from khabar.search.query import ParsedQuery

# ts_rank_cd weights for {D, C, B, A}: a title (A) match weighs ten body (D) matches.
_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
# Title (A), body (D), and the filters as lexemes no analysed term can be («#c12» category,
# «#t5» tag): a tag filter is one more GIN key, and their shares in pg_stats tell how
# selective a filter is (see _share).
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


def _filter_query(filters: Filters) -> str:
    """The category and tag filters as a tsquery of their lexemes (or one that always holds)."""
    lexemes = []
    if filters.category_id is not None:
        lexemes.append(f"'#c{int(filters.category_id)}'")
    if filters.tag_id is not None:
        lexemes.append(f"'#t{int(filters.tag_id)}'")
    return " & ".join(lexemes) if lexemes else "!'#none'"


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


# How to find the newest matches: walk the (category,) publish-time index and test each
# row's tsvector (cost per row scanned), or collect every match from RUM (cost per match)
# or from GIN plus the heap (cost per match), then sort. The planner cannot tell (every
# rare lexeme looks alike to it), so Khabar estimates from pg_stats with these costs,
# measured on 1,000,000 articles (bench/search/RESULTS.md), in milliseconds.
COST_WALK_ROW = 0.005  # the publish-time index: rows come in heap order, mostly cached
# A category's rows are spread over the table, one heap page each — but the tsvector is in
# that page (migration 0003); with it in TOAST this was 0.1 (three more pages a row).
COST_WALK_CATEGORY_ROW = 0.0035
COST_RUM_START = 10.0  # RUM's own start (entry lookup, sorting): what the walk never pays
COST_RUM_MATCH = 0.0006
COST_GIN_MATCH = 0.0045
_STATS_SECONDS = 600


class _LocalSettings:
    """Settings for the current transaction only (SET LOCAL), several in one round trip."""

    def __init__(self, cur) -> None:
        self.cur = cur
        self.names: list[str] = []

    def set(self, **settings: str) -> None:
        calls = ", ".join(["set_config(%s, %s, true)"] * len(settings))
        self.cur.execute(f"SELECT {calls}", [v for kv in settings.items() for v in kv])
        self.names += settings

    def reset(self) -> None:
        for name in dict.fromkeys(self.names):  # names from this module, never from input
            self.cur.execute(f"RESET {name}")


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    _checked_ctype: dict[str, str | None] = {}
    _stats: tuple[float, dict[str, float], float, float] = (0.0, {}, 0.0, 0.0)

    rum: bool | None = None  # None: use the RUM index when the database has one
    _rum_found: dict[str, tuple[float, bool]] = {}

    def _has_rum(self, cur) -> bool:
        if self.rum is not None:
            return self.rum
        key = connection.settings_dict["NAME"]
        stamp, found = self._rum_found.get(key, (0.0, False))
        if time.monotonic() - stamp > _STATS_SECONDS:
            cur.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_doc_vector_rum'")
            found = cur.fetchone() is not None
            self._rum_found[key] = (time.monotonic(), found)
        return found

    def _lexeme_shares(self, cur) -> tuple[dict[str, float], float]:
        """Share of documents holding each common lexeme (pg_stats), and a floor for the rest."""
        stamp, shares, floor, _docs = self._stats
        if time.monotonic() - stamp < _STATS_SECONDS:
            return shares, floor
        cur.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE tablename = 'search_document' AND attname = 'vector'"
        )
        row = cur.fetchone()
        shares, floor = {}, 0.0
        if row and row[0]:
            elems, freqs = row[0], row[1][: len(row[0])]
            shares = dict(zip(elems, freqs, strict=True))
            floor = min(freqs) / 2
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_document'")
        docs = cur.fetchone()
        self._stats = (time.monotonic(), shares, floor, max(float(docs[0]) if docs else 0.0, 0.0))
        return shares, floor

    def _plan(self, query: ParsedQuery, filters: Filters, cur, rum: bool) -> str:
        """ "walk", "rum" or "gin": the cheapest way to the newest RANK_WINDOW matches."""
        shares, floor = self._lexeme_shares(cur)
        docs = self._stats[3]
        if not shares or docs <= 0:
            return "rum" if rum else "gin"
        terms = self._share(query, filters, cur)  # words and tag
        category = (
            shares.get(f"#c{int(filters.category_id)}", floor)
            if filters.category_id is not None
            else 1.0
        )
        matches = terms * category * docs
        per_row = COST_WALK_CATEGORY_ROW if filters.category_id is not None else COST_WALK_ROW
        walk = min(RANK_WINDOW + 1, matches) / max(terms, 1e-9) * per_row
        collect = COST_RUM_START + matches * COST_RUM_MATCH if rum else matches * COST_GIN_MATCH
        if walk < collect:
            return "walk"
        return "rum" if rum else "gin"

    def _share(self, query: ParsedQuery, filters: Filters, cur) -> float:
        """Estimated share of documents matching (independent parts; alternatives add up)."""
        shares, floor = self._lexeme_shares(cur)
        if not shares:
            return 0.0
        estimate = 1.0
        for part in query.parts:
            estimate *= min(
                1.0, sum(min(shares.get(t, floor) for t in seq) for seq in part.alternatives)
            )
        # (A category needs no factor: the walk then follows the category's own index.)
        if filters.tag_id is not None:
            estimate *= shares.get(f"#t{int(filters.tag_id)}", floor)
        return estimate

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
                cur.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_doc_vector_rum'")
                self._had_rum = cur.fetchone() is not None
                cur.execute("DROP INDEX IF EXISTS search_doc_vector_gin")
                cur.execute("DROP INDEX IF EXISTS search_doc_vector_rum")

    def end_rebuild(self) -> None:
        if not getattr(self, "_index_dropped", False):
            return
        self._index_dropped = False
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '256MB'")
            cur.execute(POSTGRES_CREATE[1])
            if getattr(self, "_had_rum", False):
                cur.execute(POSTGRES_RUM_INDEX)
            cur.execute("RESET maintenance_work_mem")
            cur.execute("ANALYZE search_document")

    def _where(self, filters: Filters) -> tuple[str, list]:
        sql, params = "", []
        if filters.category_id is not None:
            # The newest matches of a category are walked in (category, time) index order.
            sql += " AND d.category_id = %s"
            params.append(filters.category_id)
        if filters.tag_id is not None:
            # Checked before the tsvector (a hashed set of ids costs less than a detoast).
            sql += (
                " AND d.article_id IN (SELECT article_id FROM news_article_tags WHERE tag_id = %s)"
            )
            params.append(filters.tag_id)
        dates, date_params = _date_range(filters)
        return sql + dates, params + date_params

    def search(
        self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int, order: str
    ) -> Ranked:
        problems = self.problems()
        if problems:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(problems[0])
        tsq = tsquery_text(query)
        where, params = self._where(filters)
        # A reader's search may read a replica (khabar.core.db_router, docs/scaling.md).
        db = router.db_for_read(SearchDocument)
        # One transaction: the settings below (SET LOCAL) must not outlive this search.
        nested = connections[db].in_atomic_block
        with transaction.atomic(using=db), connections[db].cursor() as cur:
            local = _LocalSettings(cur)
            # A search is a few milliseconds of work: compiling it (JIT, which the planner
            # turns on when it overestimates a walk) cost 7–9 ms more; and its best plan
            # depends on the words, dates and limit, so a prepared statement (server-side
            # binding prepares a text after five uses) must not fall back to a generic
            # plan: one took 230–380 ms instead of 5–15 (bench/search/RESULTS.md).
            local.set(jit="off", plan_cache_mode="force_custom_plan")
            ranked = self._search(
                cur, local, query, filters, tsq, where, params, offset, limit, order
            )
            if nested:  # in a caller's transaction they would last until its end
                local.reset()
        return ranked

    def _search(
        self,
        cur,
        local: _LocalSettings,
        query: ParsedQuery,
        filters: Filters,
        tsq: str,
        where: str,
        params: list,
        offset: int,
        limit: int,
        order: str,
    ) -> Ranked:
        match = "d.vector @@ to_tsquery('simple', %s)"
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
        rank = f"ts_rank_cd('{_WEIGHTS}', w.vector, to_tsquery('simple', %s), 1)"
        plan = self._plan(query, filters, cur, self._has_rum(cur))
        if plan == "rum":
            # RUM keeps positions and the publish time in the index: it returns the
            # newest matches in order, filters (as lexemes) and phrases included. (For
            # very common words it still sorts every match: the walk below is faster.)
            dates, date_params = _date_range(filters)
            end = filters.time_range()[1]
            cur.execute(
                f"SELECT w.article_id, extract(epoch FROM w.published_at)::float8, {rank}"  # noqa: S608
                " FROM (SELECT d.article_id, d.published_at, d.vector FROM search_document d"
                " WHERE d.vector @@ (to_tsquery('simple', %s) && %s::tsquery)"
                f"{dates} ORDER BY d.published_at <=| %s LIMIT %s) w",
                [
                    tsq,
                    tsq,
                    _filter_query(filters),
                    *date_params,
                    end or datetime.now(UTC) + timedelta(days=1),
                    RANK_WINDOW + 1,
                ],
            )
            rows = cur.fetchall()
            return self._ranked(rows, offset, limit)
        # With a category, the same order read from the (category, time) index.
        order_by = (
            "d.category_id, d.published_at DESC"
            if filters.category_id is not None
            else "d.published_at DESC"
        )
        if plan == "walk":
            local.set(enable_bitmapscan="off", max_parallel_workers_per_gather="0")
        else:
            local.set(enable_indexscan="off", max_parallel_workers_per_gather="0")
        cur.execute(
            f"SELECT w.article_id, extract(epoch FROM w.published_at)::float8, {rank}"  # noqa: S608
            f" FROM (SELECT d.article_id, d.published_at, d.vector FROM search_document d"
            f" WHERE {match}{where} ORDER BY {order_by} LIMIT %s) w",
            [tsq, tsq, *params, RANK_WINDOW + 1],
        )
        rows = cur.fetchall()
        return self._ranked(rows, offset, limit)

    @staticmethod
    def _ranked(rows: list, offset: int, limit: int) -> Ranked:
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


class PostgresGinBackend(PostgresBackend):
    """The PostgreSQL backend without RUM even where the index exists (tests, comparisons)."""

    rum = False


def _date_range(filters: Filters) -> tuple[str, list]:
    """SQL conditions (on ``d``, the search documents) and parameters for the date filter."""
    start, end = filters.time_range()
    sql, params = "", []
    if start is not None:
        sql += " AND d.published_at >= %s"
        params.append(start)
    if end is not None:
        sql += " AND d.published_at < %s"
        params.append(end)
    return sql, params
