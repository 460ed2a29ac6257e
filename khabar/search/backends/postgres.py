"""PostgreSQL full-text search: the production backend.

``search_document.vector`` is a stored tsvector built with the ``simple`` configuration
from the analysed terms (title weight A, body D) and indexed with GIN. The analysed
terms are already folded and stemmed by Khabar, so PostgreSQL only has to split them at
spaces — which it does right only when the database's character type is UTF-8 (under
the C locale its parser keeps bytes of Persian letters apart). ``problems()`` refuses
such a database; a system check reports it at start-up.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import OperationalError, connection, connections, router, transaction

from khabar.search.backends.base import (
    COUNT_LIMIT,
    RANK_WINDOW,
    Filters,
    Order,
    Ranked,
    RebuildRunningError,
    SearchBackend,
    best_first,
)
from khabar.search.backends.sql import (
    REBUILD_CHANGES,
    REBUILD_CHANGES_CREATE,
    REBUILD_SUFFIX,
    cascade_references,
)
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


def _insert_sql(table: str) -> str:
    return (
        f"INSERT INTO {table}"  # noqa: S608 (constant SQL)
        " (article_id, docid, category_id, published_at, indexed_at, vector)"
        f" VALUES (%s, %s, %s, %s, now(), {_VECTOR})"
    )


_DOCUMENTS = "search_document"
_NEW_DOCUMENTS = _DOCUMENTS + REBUILD_SUFFIX
# The swap waits this long for the live table (then tries again, SWAP_ATTEMPTS times).
SWAP_LOCK_TIMEOUT = "3s"
SWAP_ATTEMPTS = 5
# One rebuild at a time (a session advisory lock; freed if the process dies).
_REBUILD_LOCK = 0x6B686272  # "khbr"


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
            _insert(cur, docs, _DOCUMENTS)

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

    # A rebuild loads search_document_new: a copy of the live table's columns, storage,
    # foreign keys and B-tree indexes, its text indexes (GIN, RUM) built after the load —
    # loading a million rows into a live GIN index costs far more than building it after.
    # Then, in one transaction, the live table is dropped and the new one takes its name
    # and its indexes' names. Searches read the live table until that commit.

    def rebuild_start(self) -> None:
        # In a caller's transaction (tests) the lock ends with it, whatever happens.
        self._session_lock = not connection.in_atomic_block
        lock = "pg_try_advisory_lock" if self._session_lock else "pg_try_advisory_xact_lock"
        with connection.cursor() as cur:
            cur.execute(f"SELECT {lock}(%s)", [_REBUILD_LOCK])
            if not cur.fetchone()[0]:
                raise RebuildRunningError("Another search index rebuild is running.")
            try:
                with transaction.atomic():
                    cur.execute(f"DROP TABLE IF EXISTS {_NEW_DOCUMENTS}")
                    cur.execute(REBUILD_CHANGES_CREATE)
                    cur.execute(
                        f"CREATE TABLE {_NEW_DOCUMENTS} (LIKE {_DOCUMENTS}"
                        " INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING CONSTRAINTS)"
                    )
                    cur.execute(
                        "SELECT array_to_string(reloptions, ', ') FROM pg_class"
                        " WHERE oid = %s::regclass",
                        [_DOCUMENTS],
                    )
                    options = cur.fetchone()[0]
                    if options:  # toast_tuple_target (migration 0003)
                        cur.execute(f"ALTER TABLE {_NEW_DOCUMENTS} SET ({options})")
                    cur.execute(
                        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                        " WHERE conrelid = %s::regclass AND contype = 'f'",
                        [_DOCUMENTS],
                    )
                    for name, definition in cur.fetchall():
                        cur.execute(
                            f'ALTER TABLE {_NEW_DOCUMENTS} ADD CONSTRAINT "{name}" '
                            + cascade_references(definition)
                        )
                    for index in _live_indexes(cur):
                        if not index.text:
                            index.create(cur)
                    # Other roles' rights on the live table (a reporting role, say).
                    cur.execute(
                        "SELECT grantee, privilege_type FROM information_schema.role_table_grants"
                        " WHERE table_schema = current_schema() AND table_name = %s"
                        " AND grantee <> current_user",
                        [_DOCUMENTS],
                    )
                    for grantee, privilege in cur.fetchall():
                        role = "PUBLIC" if grantee == "PUBLIC" else f'"{grantee}"'
                        cur.execute(f"GRANT {privilege} ON {_NEW_DOCUMENTS} TO {role}")
            except BaseException:
                self._unlock(cur)
                raise

    def rebuild_write(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        with transaction.atomic(), connection.cursor() as cur:
            _insert(cur, docs, _NEW_DOCUMENTS)

    def rebuild_swap(self) -> None:
        with connection.cursor() as cur:
            indexes = _live_indexes(cur)
            in_callers_transaction = connection.in_atomic_block
            with transaction.atomic():
                if in_callers_transaction:
                    _run_pending_checks(cur)
                cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
                for index in indexes:
                    if index.text:
                        index.create(cur)
            cur.execute(f"ANALYZE {_NEW_DOCUMENTS}")
            for attempt in range(1, SWAP_ATTEMPTS + 1):
                try:
                    with transaction.atomic():
                        self._swap(cur, indexes, in_callers_transaction)
                    break
                except OperationalError:
                    # A long transaction holds the live table: rather than queue every
                    # search behind the swap's lock, give up and try again a bit later.
                    if attempt == SWAP_ATTEMPTS:
                        raise
                    time.sleep(attempt)
        self._stats = (0.0, {}, 0.0, 0.0)

    @staticmethod
    def _swap(cur, indexes: list[_Index], in_callers_transaction: bool) -> None:
        cur.execute("SELECT set_config('lock_timeout', %s, true)", [SWAP_LOCK_TIMEOUT])
        if in_callers_transaction:
            _run_pending_checks(cur)
        cur.execute(f"LOCK TABLE {_DOCUMENTS} IN ACCESS EXCLUSIVE MODE")
        cur.execute(f"DROP TABLE {_DOCUMENTS}")
        cur.execute(f"ALTER TABLE {_NEW_DOCUMENTS} RENAME TO {_DOCUMENTS}")
        for index in indexes:
            # (An index behind a primary key or unique constraint renames it too.)
            cur.execute(f'ALTER INDEX "{index.new_name}" RENAME TO "{index.name}"')

    def rebuild_abort(self) -> None:
        with connection.cursor() as cur:
            in_callers_transaction = connection.in_atomic_block
            try:
                with transaction.atomic():
                    if in_callers_transaction:
                        _run_pending_checks(cur)
                    cur.execute(f"DROP TABLE IF EXISTS {_NEW_DOCUMENTS}")
                    cur.execute(f"DROP TABLE IF EXISTS {REBUILD_CHANGES}")
            finally:
                self._unlock(cur)

    def rebuild_end(self) -> None:
        super().rebuild_end()
        with connection.cursor() as cur:
            self._unlock(cur)

    def _unlock(self, cur) -> None:
        if getattr(self, "_session_lock", False):
            self._session_lock = False
            cur.execute("SELECT pg_advisory_unlock(%s)", [_REBUILD_LOCK])

    def _table_exists(self, cur, name: str) -> bool:
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return cur.fetchone()[0]

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
        candidates = ((r[0], float(r[2]), float(r[1]), float(r[1])) for r in rows)
        ids = best_first(candidates, offset + limit, time.time())[offset:]
        return Ranked(ids, len(rows), exact, len(rows))

    def size_bytes(self) -> int | None:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_total_relation_size('search_document')")
            return cur.fetchone()[0]


@dataclass(frozen=True)
class _Index:
    """An index of the live documents table, to be made on a rebuild's new table."""

    name: str
    definition: str  # pg_get_indexdef
    constraint: str  # "p" primary key, "u" unique constraint, "" none
    text: bool  # GIN or RUM: built after the load

    @property
    def new_name(self) -> str:
        return self.name[: 63 - len(REBUILD_SUFFIX)] + REBUILD_SUFFIX

    def create(self, cur) -> None:
        head = re.match(
            r"CREATE (UNIQUE )?INDEX (\S+) ON (ONLY )?(\S+) ", self.definition, re.IGNORECASE
        )
        if head is None:
            raise RuntimeError(f"search: unexpected index definition: {self.definition}")
        cur.execute(
            f'CREATE {head.group(1) or ""}INDEX "{self.new_name}" ON {_NEW_DOCUMENTS} '
            + self.definition[head.end() :]
        )
        if self.constraint:
            kind = "PRIMARY KEY" if self.constraint == "p" else "UNIQUE"
            # The constraint takes the index's name (the live one's after the swap).
            cur.execute(
                f'ALTER TABLE {_NEW_DOCUMENTS} ADD CONSTRAINT "{self.new_name}"'
                f' {kind} USING INDEX "{self.new_name}"'
            )


def _run_pending_checks(cur) -> None:
    """Rows written in a caller's transaction (tests) have deferred foreign-key checks
    pending, and a table with pending checks cannot be indexed, dropped or renamed."""
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cur.execute("SET CONSTRAINTS ALL DEFERRED")


def _live_indexes(cur) -> list[_Index]:
    cur.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid), coalesce(con.contype, ''),"
        " am.amname IN ('gin', 'rum', 'gist')"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " JOIN pg_am am ON am.oid = c.relam"
        " LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid"
        " AND con.contype IN ('p', 'u')"
        " WHERE i.indrelid = %s::regclass ORDER BY c.relname",
        [_DOCUMENTS],
    )
    return [_Index(*row) for row in cur.fetchall()]


def _insert(cur, docs: Sequence[IndexDoc], table: str) -> None:
    """Add the documents (of articles not in ``table``) with their tsvectors."""
    docids = free_docids(docs, table=table)
    cur.executemany(
        _insert_sql(table),
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
