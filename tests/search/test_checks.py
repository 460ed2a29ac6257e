"""Search refuses to run where it would give wrong answers."""

import os

import psycopg
import pytest
from django.db import connection

from khabar.search.backends.postgres import database_ctype_problem
from khabar.search.checks import search_backend_check


def test_backend_for_another_database_is_reported(settings, db):
    other = {
        "sqlite": "khabar.search.backends.postgres.PostgresBackend",
        "postgresql": "khabar.search.backends.sqlite_fts5.SQLiteFTS5Backend",
    }[connection.vendor]
    settings.KHABAR_SEARCH_BACKEND = other
    errors = search_backend_check()
    assert [e.id for e in errors] == ["search.E002"]


def test_unknown_backend_is_reported(settings, db):
    settings.KHABAR_SEARCH_BACKEND = "khabar.search.backends.nope.Backend"
    assert [e.id for e in search_backend_check()] == ["search.E001"]


def test_configured_backend_passes(db):
    assert search_backend_check() == []


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""), reason="needs the PostgreSQL pass"
)
def test_c_locale_database_is_refused(db):
    params = connection.get_connection_params()
    name = f"khabar_search_clocale_{os.getpid()}"
    admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
        )
    try:
        with psycopg.connect(dbname=name, **admin) as conn, conn.cursor() as cur:
            problem = database_ctype_problem(cur)
        assert problem is not None and "C.UTF-8" in problem and "'C'" in problem
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    with connection.cursor() as cur:
        assert database_ctype_problem(cur) is None  # the test database is C.UTF-8
