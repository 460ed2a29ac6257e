"""Tests: fast hashing, the same database/cache choice as base (SQLite/locmem
unless DATABASE_URL / REDIS_URL point at PostgreSQL / Redis)."""

import os

# Test runs get their own Redis key prefix so they never see a dev site's cache.
os.environ.setdefault("KHABAR_CACHE_KEY_PREFIX", f"khabar-test-{os.getpid()}")

from khabar.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
KHABAR_SERVE_MEDIA = True
# Static files come from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
KHABAR_WORKER_JOBS: list[str] = []  # tests that want the wire job turn it on
# The page cache is tested on its own (tests/site/test_page_cache.py turns it on): other
# tests change articles without running on-commit hooks, which is what keeps it fresh.
KHABAR_PAGE_CACHE = False
