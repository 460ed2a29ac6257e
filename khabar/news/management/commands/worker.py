"""The scheduler that needs no cron: publishes due articles every few seconds.

`khabar worker` runs beside the web server (scripts/demo.sh starts it; in
production a systemd unit, see docs/newsroom.md). Each pass is one
`article_publish_due()`; several workers may run at once (rows are locked).
The periodic jobs named in settings.KHABAR_WORKER_JOBS (wire polling) run in
threads of their own, so a slow feed never delays a scheduled article.

With REDIS_URL set, publishing and the periodic jobs go through the job queue on
Redis instead (khabar.core.jobqueue, ADR 0009): any number of workers on any
machines share them, each job runs once per interval and never twice at once, and
the job of a worker killed mid-run is run again by another once its lease expires.
`--once` is always one pass in this process.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

from khabar.core.jobqueue import JobQueue
from khabar.news.services import article_publish_due

log = logging.getLogger("khabar.worker")

# The name scheduled publishing has in the job queue.
PUBLISH_JOB = "khabar.news.services.article_publish_due"


class Command(BaseCommand):
    help = "Publish scheduled articles on time, without cron (runs until stopped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=15.0,
            help="Seconds between passes (default 15; an article goes out at most this late).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Make one pass and exit (like publish_due)."
        )
        parser.add_argument(
            "--max-runtime",
            type=float,
            default=0,
            help="Exit after this many seconds (0: run until stopped; for supervised restarts).",
        )

    def handle(self, *args, interval: float, once: bool, max_runtime: float, **options) -> None:
        stop = threading.Event()

        def _stop(signum, frame) -> None:
            stop.set()

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _stop)
            signal.signal(signal.SIGINT, _stop)
        if max_runtime:
            timer = threading.Timer(max_runtime, stop.set)
            timer.daemon = True
            timer.start()
        if settings.REDIS_URL and not once:
            run_queued(interval=interval, stop=stop, out=self.stdout)
        else:
            run(interval=interval, stop=stop, once=once, out=self.stdout)


def _fresh_connection() -> None:
    # Drop a broken or expired database connection between passes (never inside a
    # transaction someone else opened, e.g. when called from a test).
    if not connection.in_atomic_block:
        close_old_connections()


def _jobs() -> list[tuple[str, Callable[[], object]]]:
    """The configured jobs, resolved at start: a wrong name stops the worker at once."""
    jobs = []
    for path in settings.KHABAR_WORKER_JOBS:
        try:
            jobs.append((path, import_string(path)))
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"KHABAR_WORKER_JOBS: cannot import {path!r} ({exc})."
            ) from exc
    return jobs


def _call(path: str, job: Callable[[], object]) -> None:
    """Run one job; its errors are logged, not raised."""
    try:
        job()
    except Exception:
        log.exception("job %s failed; trying again", path)
    finally:
        connection.close()  # each thread has its own connection


def _run_job(
    path: str, job: Callable[[], object], *, interval: float, stop: threading.Event, once: bool
) -> None:
    """Call `job` every `interval` seconds until `stop`; its errors are logged, not raised."""
    while not stop.is_set():
        _call(path, job)
        if once:
            break
        stop.wait(interval)


def run(*, interval: float, stop: threading.Event, once: bool = False, out=None) -> None:
    """Publish due articles every `interval` seconds until `stop` is set."""
    log.info("worker started, pass every %.1f s", interval)
    threads = [
        threading.Thread(
            target=_run_job,
            args=(path, job),
            kwargs={"interval": interval, "stop": stop, "once": once},
            name=f"job:{path}",
            daemon=True,
        )
        for path, job in _jobs()
    ]
    for thread in threads:
        thread.start()
    while not stop.is_set():
        _publish_pass(out)
        if once:
            break
        stop.wait(interval)
    for thread in threads:
        thread.join(timeout=60)
    _fresh_connection()
    log.info("worker stopped")


def _publish_pass(out) -> None:
    """One pass of scheduled publishing in this thread; a failed pass is logged, not raised
    (a bad pass must not stop the scheduler)."""
    _fresh_connection()
    try:
        _publish_due(out)
    except Exception:
        log.exception("publish pass failed; trying again")


def _publish_due(out) -> None:
    done = article_publish_due()
    if done:
        log.info("published on schedule: %s", ", ".join(map(str, done)))
        if out is not None:
            out.write("published: " + " ".join(str(n) for n in done))
            out.flush()


def run_queued(
    *, interval: float, stop: threading.Event, out=None, lease: float | None = None
) -> None:
    """Share publishing and the periodic jobs with the other workers through Redis."""
    lease = lease or settings.KHABAR_WORKER_LEASE_SECONDS
    jobs: dict[str, Callable[[], object]] = {PUBLISH_JOB: lambda: _publish_due(out)}
    jobs.update(_jobs())
    queue = JobQueue(settings.REDIS_URL, lease_seconds=lease)
    log.info(
        "worker %s started on the Redis job queue: %d job(s) every %.1f s, lease %.0f s",
        queue.worker_id,
        len(jobs),
        interval,
        lease,
    )
    # One consumer per job, so a slow feed never holds up a scheduled article.
    consumers = [
        threading.Thread(target=_consume, args=(queue, jobs, stop), name=f"jobs-{n}", daemon=True)
        for n in range(len(jobs))
    ]
    for thread in consumers:
        thread.start()
    tick = min(1.0, lease / 3, interval)
    redis_up = True
    published_here = 0.0
    while not stop.is_set():
        try:
            queue.heartbeat()
            for path in jobs:
                queue.enqueue_due(path, interval=interval)
            for other, moved in queue.reap().items():
                log.warning(
                    "worker %s stopped answering: %d job(s) handed to the others", other, moved
                )
            if not redis_up:
                log.warning("Redis answers again: jobs go through the queue")
                redis_up = True
        except RedisError as exc:
            if redis_up:
                log.warning(
                    "Redis is not answering (%s): publishing due articles in this process"
                    " until it is back; the other jobs wait",
                    exc,
                )
                redis_up = False
            # Publishing never waits for Redis: it is safe in any number of workers.
            if time.monotonic() - published_here >= interval:
                published_here = time.monotonic()
                _publish_pass(out)
        stop.wait(tick)
    for thread in consumers:
        thread.join(timeout=60)
    try:
        queue.leave()
    except RedisError:
        log.warning("could not hand back this worker's jobs; its lease will expire")
    _fresh_connection()
    log.info("worker stopped")


def _consume(queue: JobQueue, jobs: dict[str, Callable[[], object]], stop: threading.Event):
    """Take jobs from the queue and run them until `stop`."""
    while not stop.is_set():
        try:
            taken = queue.take()
            if taken is None:
                continue
            raw, path = taken
            if stop.is_set():
                queue.give_back(raw)
                break
            job = jobs.get(path)
            if job is None:
                log.error("job %s is not in this worker's KHABAR_WORKER_JOBS: dropped", path)
                queue.done(raw, path)
                continue
            if not queue.claim(path):  # a copy pushed while a slow run was still going on
                queue.done(raw, path)
                continue
        except RedisError:
            stop.wait(1)  # the control loop says it in the log
            continue
        _call(path, job)
        while True:
            try:
                queue.done(raw, path)
                break
            except RedisError:
                if stop.wait(1):  # not acknowledged: its lease runs out, it runs again
                    break
