"""The job queue on Redis (khabar.core.jobqueue, ADR 0009), with real `khabar worker` processes.

Two workers share publishing and a periodic job: each job runs once per interval, never
twice at once, and a due article is published once. A worker SIGKILLed inside a job has
that job run again by the other worker once its lease expires. Without Redis the worker
runs everything in its own process (tests/ingest/test_worker_polls.py,
tests/news/test_worker_killed.py).
"""

from __future__ import annotations

import itertools
import signal
import socket
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from khabar.core.jobqueue import JobQueue
from khabar.news import services
from khabar.news.models import Article, ArticleEvent, Category
from tests.core.pgcluster import KHABAR, REPO_ROOT, khabar_env

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="needs Redis: the PostgreSQL + Redis pass runs this"
    ),
]

JOBS = "tests.news.queue_jobs"


@pytest.fixture
def prefix():
    """A key prefix of the test's own; every key under it is deleted afterwards."""
    name = f"khabar-test-jobs-{uuid.uuid4().hex[:8]}"
    yield name
    r = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(r.scan_iter(f"{name}:*"))
    if keys:
        r.delete(*keys)


@pytest.fixture
def workers(prefix, tmp_path):
    """Start `khabar worker` processes against the test database and Redis."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "worker processes need a database they can share: the PostgreSQL pass runs this"
        )
    s = connection.settings_dict
    dsn = f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    started: list[tuple[subprocess.Popen, Path]] = []

    def start(*args: str, **env: str) -> subprocess.Popen:
        out = tmp_path / f"worker-{len(started)}.out"
        proc = subprocess.Popen(
            [str(KHABAR), "worker", *args],
            env=khabar_env(
                DATABASE_URL=dsn,
                **{
                    "REDIS_URL": settings.REDIS_URL,
                    "DJANGO_SETTINGS_MODULE": "tests.news.worker_settings",
                    "KHABAR_CACHE_KEY_PREFIX": prefix,
                    "KHABAR_TEST_JOB_LOG": str(tmp_path / "runs.log"),
                    "KHABAR_TEST_JOB_RELEASE": str(tmp_path / "release"),
                    **env,
                },
            ),
            cwd=REPO_ROOT,
            stdout=out.open("w"),
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append((proc, out))
        return proc

    start.output = lambda proc: next(o for p, o in started if p is proc).read_text()  # type: ignore[attr-defined]
    yield start
    (tmp_path / "release").touch()
    for proc, _ in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def _runs(tmp_path: Path) -> list[tuple[str, int, str]]:
    log = tmp_path / "runs.log"
    if not log.exists():
        return []
    return [
        (job, int(pid), what)
        for job, pid, what in (line.split() for line in log.read_text().splitlines())
    ]


def _wait_for(condition, what: str, timeout: float = 60) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, f"gave up waiting for {what}"
        time.sleep(0.1)
    return time.monotonic() - started


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=90) == 0


def test_two_workers_share_the_jobs_and_publish_once(workers, tmp_path, prefix):
    category = Category.objects.create(name="اقتصاد", slug="economy")
    article = services.article_create(title="خبر زمان‌بندی‌شده", body="<p>متن</p>", category=category)
    services.article_schedule(article_id=article.pk, publish_at=timezone.now() + timedelta(hours=1))
    due = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=article.pk).update(published_at=due)

    env = {"KHABAR_WORKER_JOBS": f"{JOBS}.slow_tick"}
    first = workers("--interval", "0.3", **env)
    second = workers("--interval", "0.3", **env)

    def both_ticked() -> bool:
        ends = [pid for job, pid, what in _runs(tmp_path) if what == "end"]
        return len(ends) >= 8 and {first.pid, second.pid} <= set(ends)

    _wait_for(both_ticked, "both workers to run the periodic job")
    _stop(first)
    _stop(second)

    # The job never ran twice at once: starts and ends alternate, whoever ran it.
    runs = [(pid, what) for job, pid, what in _runs(tmp_path)]
    for (pid, what), (next_pid, next_what) in itertools.pairwise(runs):
        assert (what, next_what) in {("start", "end"), ("end", "start")}, runs
        if what == "start":
            assert next_pid == pid, runs

    # Published once, by one of them, at its scheduled time.
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == due
    assert (
        ArticleEvent.objects.filter(
            article=article, action=ArticleEvent.Action.AUTO_PUBLISH
        ).count()
        == 1
    )
    said = [workers.output(p) for p in (first, second)]
    assert sum(f"published: {article.news_id}" in out for out in said) == 1, said

    # Both left cleanly: no worker registered, nothing held.
    r = redis.Redis.from_url(settings.REDIS_URL)
    assert r.scard(f"{prefix}:jobs:workers") == 0
    assert not list(r.scan_iter(f"{prefix}:jobs:processing:*"))
    assert not list(r.scan_iter(f"{prefix}:jobs:running:*"))


def test_the_job_of_a_killed_worker_is_run_again_by_another_after_its_lease(workers, tmp_path):
    lease = 2
    env = {"KHABAR_WORKER_JOBS": f"{JOBS}.blocking", "KHABAR_WORKER_LEASE_SECONDS": str(lease)}
    # A long interval: the job is pushed once; only the reaper can make it run again.
    doomed = workers("--interval", "3600", **env)
    _wait_for(lambda: ("block", doomed.pid, "start") in _runs(tmp_path), "the job to start")
    other = workers("--interval", "3600", **env)

    # While the first worker lives, its heartbeat keeps the lease: no second run.
    time.sleep(lease * 2)
    assert [r for r in _runs(tmp_path) if r[2] == "start"] == [("block", doomed.pid, "start")]

    doomed.send_signal(signal.SIGKILL)
    assert doomed.wait(timeout=30) == -signal.SIGKILL
    waited = _wait_for(
        lambda: ("block", other.pid, "start") in _runs(tmp_path), "the other worker to re-run it"
    )
    # Not at once: only when the killed worker's lease ran out (its last heartbeat was at
    # most a third of a lease before the kill).
    assert lease / 2 <= waited < lease + 10
    (tmp_path / "release").touch()
    _wait_for(lambda: ("block", other.pid, "end") in _runs(tmp_path), "the re-run to finish")
    _stop(other)

    assert _runs(tmp_path) == [
        ("block", doomed.pid, "start"),
        ("block", other.pid, "start"),
        ("block", other.pid, "end"),
    ]
    assert "stopped answering: 1 job(s) handed to the others" in workers.output(other)


def test_a_worker_that_cannot_reach_redis_still_publishes(workers):
    category = Category.objects.create(name="اقتصاد", slug="economy")
    article = services.article_create(title="خبر زمان‌بندی‌شده", body="<p>متن</p>", category=category)
    services.article_schedule(article_id=article.pk, publish_at=timezone.now() + timedelta(hours=1))
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    worker = workers("--interval", "0.5", REDIS_URL=f"redis://127.0.0.1:{port}/0")

    def published() -> bool:
        article.refresh_from_db()
        return article.status == Article.Status.PUBLISHED

    _wait_for(published, "the article to go out without Redis")
    _stop(worker)
    assert "Redis is not answering" in workers.output(worker)


def test_a_job_is_claimed_by_one_worker_at_a_time_and_a_live_lease_is_never_reaped(
    prefix, settings
):
    settings.CACHE_KEY_PREFIX = prefix
    alive = JobQueue(settings.REDIS_URL, lease_seconds=30, worker_id="alive")
    other = JobQueue(settings.REDIS_URL, lease_seconds=30, worker_id="other")
    alive.heartbeat()
    other.heartbeat()
    assert alive.enqueue_due("a.job", interval=60)
    assert not other.enqueue_due("a.job", interval=60)  # once per interval, across workers
    raw, path = alive.take()
    assert alive.claim(path)
    assert not other.claim(path)
    assert other.reap() == {}  # "alive" renews its lease: its job stays with it
    alive.heartbeat()
    alive.redis.delete(f"{prefix}:jobs:lease:alive")  # as if it had died a lease ago
    assert other.reap() == {"alive": 1}
    assert other.take() == (raw, path)
    assert other.claim(path)  # the dead worker's running lock went with it
    other.done(raw, path)
    assert other.leave() == 0
    assert alive.redis.llen(alive.queue) == 0
