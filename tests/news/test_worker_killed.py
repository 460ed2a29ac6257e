"""Fault: the worker is killed (SIGKILL) in the middle of publishing a scheduled article.

A real `khabar worker` process is stopped half-way through its transaction: a
trigger the test adds makes the audit-log insert wait on an advisory lock the
test holds, so the worker has already marked the article published (not yet
committed) when it is killed. The next worker publishes it, exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from khabar.news import services
from khabar.news.models import Article, ArticleEvent, Category
from khabar.search.models import SearchDocument
from tests.core.pgcluster import KHABAR, REPO_ROOT, khabar_env

pytestmark = pytest.mark.django_db(transaction=True)

LOCK = 8_442_001  # the advisory lock the trigger waits for


def _dsn() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _wait_for(query: str, conn: psycopg.Connection, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = conn.execute(query).fetchone()
        if row is not None:
            return row
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def test_a_worker_killed_mid_publish_leaves_nothing_and_the_next_one_publishes_once():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (row locks, a trigger, advisory locks); the PostgreSQL pass runs it"
        )
    category = Category.objects.create(name="اقتصاد", slug="economy")
    article = services.article_create(title="خبر زمان‌بندی‌شده", body="<p>متن</p>", category=category)
    services.article_schedule(article_id=article.pk, publish_at=timezone.now() + timedelta(hours=1))
    due = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=article.pk).update(published_at=due)  # its time has come

    events = ArticleEvent._meta.db_table
    test = psycopg.connect(_dsn(), autocommit=True)
    worker = None
    try:
        test.execute(
            "CREATE FUNCTION khabar_test_hold() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN PERFORM pg_advisory_lock_shared({LOCK}); PERFORM pg_advisory_unlock_shared({LOCK});"
            " RETURN NEW; END $$"
        )
        test.execute(
            f"CREATE TRIGGER khabar_test_hold AFTER INSERT ON {events}"
            " FOR EACH ROW EXECUTE FUNCTION khabar_test_hold()"
        )
        test.execute(f"SELECT pg_advisory_lock({LOCK})")
        env = khabar_env(DATABASE_URL=_dsn())
        worker = subprocess.Popen(
            [str(KHABAR), "worker", "--interval", "1"],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # The worker is inside its transaction: article marked published, audit row being written.
        (pid,) = _wait_for(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND wait_event = 'advisory' AND datname = current_database()",
            test,
            "the worker to reach the audit-log insert",
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        assert worker.returncode == -signal.SIGKILL

        # Its work was never committed: still scheduled, no publish event, not searchable.
        article.refresh_from_db()
        assert article.status == Article.Status.SCHEDULED
        assert not ArticleEvent.objects.filter(
            article=article, action=ArticleEvent.Action.AUTO_PUBLISH
        ).exists()
        # Its server process ends when it finds the client gone, rolling back.
        test.execute(f"SELECT pg_advisory_unlock({LOCK})")
        deadline = time.monotonic() + 60
        while test.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            assert time.monotonic() < deadline, "the killed worker's backend did not end"
            time.sleep(0.1)
        test.execute(f"DROP TRIGGER khabar_test_hold ON {events}")
        test.execute("DROP FUNCTION khabar_test_hold()")

        def worker_once() -> str:
            done = subprocess.run(
                [str(KHABAR), "worker", "--once"],
                env=env,
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert done.returncode == 0, done.stdout + done.stderr
            return done.stdout

        # The next worker retries the job.
        assert f"published: {article.news_id}" in worker_once()
        # A third pass finds nothing left to do.
        assert "published:" not in worker_once()
    finally:
        if worker is not None and worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        test.execute("SELECT pg_advisory_unlock_all()")
        test.execute(f"DROP TRIGGER IF EXISTS khabar_test_hold ON {events}")
        test.execute("DROP FUNCTION IF EXISTS khabar_test_hold()")
        test.close()

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == due  # published at its scheduled time, not later
    published = ArticleEvent.objects.filter(
        article=article, action=ArticleEvent.Action.AUTO_PUBLISH
    )
    assert published.count() == 1  # once in the audit log
    # The on-commit signal ran once, in the worker that committed: indexed for search once.
    assert SearchDocument.objects.filter(article_id=article.pk).count() == 1
