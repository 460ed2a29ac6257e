"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from khabar.settings import env


def _import_settings(module: str, **environ: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KHABAR_")}
    clean.update(environ)
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings("khabar.settings.production", KHABAR_ALLOWED_HOSTS="news.example")
    assert result.returncode != 0
    assert "KHABAR_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _import_settings("khabar.settings.production", KHABAR_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "KHABAR_ALLOWED_HOSTS" in result.stderr


def test_production_starts_when_configured():
    result = _import_settings(
        "khabar.settings.production",
        KHABAR_SECRET_KEY="x" * 60,
        KHABAR_ALLOWED_HOSTS="news.example",
    )
    assert result.returncode == 0, result.stderr


def test_database_and_cache_urls_switch_backends():
    code = (
        "import khabar.settings.base as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    pg = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **os.environ,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert pg.stdout.split() == [
        "django.db.backends.postgresql",
        "khabar.core.cache.TolerantRedisCache",  # Django's RedisCache, tolerant of Redis down
    ]
    lite = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DATABASE_URL": "", "REDIS_URL": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert lite.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_env_readers_reject_bad_values(monkeypatch):
    monkeypatch.setenv("KHABAR_X_BOOL", "perhaps")
    monkeypatch.setenv("KHABAR_X_INT", "twelve")
    monkeypatch.setenv("KHABAR_X_LIST", " a, b ,,c ")
    with pytest.raises(ImproperlyConfigured, match="KHABAR_X_BOOL"):
        env.env_bool("KHABAR_X_BOOL", False)
    with pytest.raises(ImproperlyConfigured, match="KHABAR_X_INT"):
        env.env_int("KHABAR_X_INT", 1)
    assert env.env_list("KHABAR_X_LIST", []) == ["a", "b", "c"]
    with pytest.raises(ImproperlyConfigured, match="KHABAR_X_MISSING"):
        env.env_str("KHABAR_X_MISSING")


def test_dotenv_fills_only_missing_variables(tmp_path, monkeypatch):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nKHABAR_A=from-file\nKHABAR_B='quoted'\nnot a pair\n", encoding="utf-8"
    )
    monkeypatch.setenv("KHABAR_A", "from-env")
    monkeypatch.delenv("KHABAR_B", raising=False)
    env.read_dotenv(dotenv)
    assert os.environ["KHABAR_A"] == "from-env"
    assert os.environ["KHABAR_B"] == "quoted"
    monkeypatch.delenv("KHABAR_B")


@pytest.mark.django_db
def test_sqlite_connections_keep_a_larger_page_cache():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting: the SQLite pass runs this")
    from django.conf import settings

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        # Negative: KiB. SQLite's own default is -2000 (2 MB).
        assert cursor.fetchone()[0] == -settings.KHABAR_SQLITE_CACHE_MB * 1024 == -32 * 1024
