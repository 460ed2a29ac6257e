"""Querysets compiled once per process: the ORM writes the SQL, later calls only bind values.

Turning a queryset into SQL (the joins of ``select_related``, every column of five
models, the WHERE tree, the converters) costs the reader's article page more CPU
than PostgreSQL spends running the queries: about 2 ms of a 9 ms page at a million
articles (bench/http/RESULTS.md). A reader page asks the same few query shapes over
and over with different values, so :class:`PreparedQuery` compiles each shape once,
with stand-in values, remembers where those values landed among the SQL parameters,
and from then on runs the same SQL with the real values put in their place. Rows
become model instances the way Django's own ``ModelIterable`` builds them
(``from_db``, the ``select_related`` populators, the field converters), so callers
get ordinary model objects.

This leans on compiler attributes Django uses internally (``select``, ``klass_info``):
tests/core/test_prepared.py compares every prepared query of Khabar with the plain
queryset on SQLite and PostgreSQL, so a Django upgrade that changes them fails there.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

_counter = itertools.count(1)
_EPOCH = datetime(1901, 3, 7, tzinfo=UTC)


def _stand_in(value: Any) -> Any:
    """A value of the same type as ``value`` that no real query uses."""
    n = next(_counter)
    if isinstance(value, bool):
        raise TypeError("a boolean cannot be told apart among the parameters; use a constant")
    if isinstance(value, int):
        # Inside every integer column's range (out of range, the ORM drops the condition).
        return 2_100_000_000 + n
    if isinstance(value, datetime):
        return _EPOCH + timedelta(microseconds=n)
    if isinstance(value, str):
        return f"\x00prepared-{n}\x00"
    raise TypeError(f"cannot prepare a parameter of type {type(value).__name__}")


@dataclass(frozen=True)
class Const:
    """A value that shapes the SQL itself (a LIMIT, say): each one is compiled on its own."""

    value: Any


def _shape(values: dict[str, Any]) -> tuple:
    return tuple(
        (name, v if isinstance(v, Const) else len(v) if isinstance(v, list | tuple) else None)
        for name, v in sorted(values.items())
    )


@dataclass
class _Compiled:
    sql: str
    params: list[Any]
    # (index in params, value name, list position, how the backend adapts the value)
    slots: list[tuple[int, str, int | None, Callable[[Any], Any]]]
    compiler: Any
    converters: dict
    model: type[Model] | None  # None: the queryset yields rows (values_list)
    init_list: list[str]
    fields_start: int
    fields_end: int
    populators: list
    annotations: list[tuple[str, int]]  # (attribute, position in the row) of .annotate()


class PreparedQuery:
    """A queryset built by ``build(**values)``, compiled once per database and shape.

    ``values`` may be ints, strings, aware datetimes, or lists of those (an ``IN``
    list: each length is its own shape). ``build`` must use every value as a
    parameter the ORM passes to the database unchanged (a filter value, not a slice
    bound or an expression that transforms it), and must not depend on anything else
    that changes between calls. A value wrapped in :class:`Const` reaches ``build``
    unwrapped and gets its own compiled SQL (slice bounds). A model queryset gives
    model instances; a ``values_list`` queryset gives tuples.
    """

    def __init__(self, model: type[Model], build: Callable[..., QuerySet]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, **values: Any) -> list[Any]:
        alias = router.db_for_read(self.model)
        key = (alias, _shape(values))
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(alias, values)
                self._compiled[key] = compiled
        return self._run(alias, compiled, values)

    def _compile(self, alias: str, values: dict[str, Any]) -> _Compiled:
        stand_ins: dict[str, Any] = {}
        for name, value in values.items():
            if isinstance(value, Const):
                stand_ins[name] = value.value
            elif isinstance(value, list | tuple):
                stand_ins[name] = [_stand_in(v) for v in value]
            else:
                stand_ins[name] = _stand_in(value)
        queryset = self.build(**stand_ins)
        if queryset.model is not self.model:
            raise TypeError(f"build() made a queryset of {queryset.model}, not {self.model}")
        if queryset._prefetch_related_lookups:
            raise TypeError("prefetch_related runs queries of its own: prepare those separately")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = list(params)
        ops = connections[alias].ops
        adapted: dict[Any, tuple[str, int | None, Callable[[Any], Any]]] = {}
        for name, value in stand_ins.items():
            if isinstance(values[name], Const):
                continue
            for position, one in enumerate(value) if isinstance(value, list) else [(None, value)]:
                adapt = _adapter(ops, one)
                adapted[adapt(one)] = (name, position, adapt)
        slots, seen = [], set()
        for index, param in enumerate(params):
            # A value may be used more than once (each part of a UNION): every place counts.
            found = adapted.get(param) if _hashable(param) else None
            if found is not None:
                name, position, adapt = found
                slots.append((index, name, position, adapt))
                seen.add((name, position))
        missing = {name for name, position, _a in adapted.values() if (name, position) not in seen}
        if missing:
            raise ValueError(
                f"these values never reached the SQL as parameters: {', '.join(sorted(missing))}"
            )
        select, klass_info = compiler.select, compiler.klass_info
        fields = [s[0] for s in select[0 : compiler.col_count]]
        compiled = _Compiled(
            sql=sql,
            params=params,
            slots=slots,
            compiler=compiler,
            converters=compiler.get_converters(fields),
            model=None,
            init_list=[],
            fields_start=0,
            fields_end=0,
            populators=[],
            annotations=[],
        )
        if queryset._iterable_class is ModelIterable:
            compiled.model = klass_info["model"]
            compiled.fields_start = klass_info["select_fields"][0]
            compiled.fields_end = klass_info["select_fields"][-1] + 1
            compiled.init_list = [
                f[0].target.attname for f in select[compiled.fields_start : compiled.fields_end]
            ]
            compiled.populators = get_related_populators(klass_info, select, alias)
            compiled.annotations = list(compiler.annotation_col_map.items())
        elif queryset._iterable_class is not ValuesListIterable:
            raise TypeError("only model and values_list querysets can be prepared")
        return compiled

    def _run(self, alias: str, c: _Compiled, values: dict[str, Any]) -> list[Any]:
        params = list(c.params)
        for index, name, position, adapt in c.slots:
            params[index] = adapt(values[name] if position is None else values[name][position])
        connection = connections[alias]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                _c_timestamps(connection, cursor.cursor)
            cursor.execute(c.sql, params)
            rows: Sequence = cursor.fetchall()
        if c.converters:
            rows = c.compiler.apply_converters(rows, c.converters)
        if c.model is None:
            return [tuple(row) for row in rows]
        model, init_list = c.model, c.init_list
        start, end, populators, annotations = (
            c.fields_start,
            c.fields_end,
            c.populators,
            c.annotations,
        )
        objects = []
        for row in rows:
            obj = model.from_db(alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _c_timestamps(connection: Any, cursor: Any) -> None:
    """Read ``timestamptz`` on this cursor with psycopg's own C parser.

    Django registers a loader of its own, a subclass of psycopg's pure-Python parser that
    puts the connection's time zone on each value: 4 µs a value against 0.2 µs, and an
    article page reads some fifty of them (its related news ranks by publication time).
    Where the session's time zone is UTC and Django wants UTC (USE_TZ with the database's
    TIME_ZONE unset, the default) psycopg's parser gives the very same values
    (``tzinfo=datetime.timezone.utc``); anywhere else Django's loader stays.
    """
    if connection.timezone is not UTC:
        return
    if connection.connection.info.parameter_status("TimeZone") != "UTC":
        return
    cursor.adapters.register_loader("timestamptz", _PSYCOPG_TIMESTAMPTZ)


def _psycopg_timestamptz_loader() -> type | None:
    try:
        from psycopg import adapters
        from psycopg.pq import Format
    except ImportError:  # an install without PostgreSQL's driver
        return None
    return adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)


_PSYCOPG_TIMESTAMPTZ = _psycopg_timestamptz_loader()


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _adapter(ops, value: Any) -> Callable[[Any], Any]:
    """How the backend turns a value of this type into a parameter (as the ORM does)."""
    if isinstance(value, datetime):
        return ops.adapt_datetimefield_value
    return _same


def _same(value: Any) -> Any:
    return value
