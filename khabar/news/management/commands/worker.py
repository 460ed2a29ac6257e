"""The scheduler that needs no cron: publishes due articles every few seconds.

`khabar worker` runs beside the web server (scripts/demo.sh starts it; in
production a systemd unit, see docs/newsroom.md). Each pass is one
`article_publish_due()`; several workers may run at once (rows are locked).
The periodic jobs named in settings.KHABAR_WORKER_JOBS (wire polling) run in
threads of their own, so a slow feed never delays a scheduled article.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

from khabar.news.services import article_publish_due

log = logging.getLogger("khabar.worker")


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


def _run_job(
    path: str, job: Callable[[], object], *, interval: float, stop: threading.Event, once: bool
) -> None:
    """Call `job` every `interval` seconds until `stop`; its errors are logged, not raised."""
    while not stop.is_set():
        try:
            job()
        except Exception:
            log.exception("job %s failed; trying again", path)
        finally:
            connection.close()  # each thread has its own connection
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
        _fresh_connection()
        try:
            done = article_publish_due()
        except Exception:  # a bad pass must not stop the scheduler
            log.exception("publish pass failed; trying again")
            done = []
        if done:
            log.info("published on schedule: %s", ", ".join(map(str, done)))
            if out is not None:
                out.write("published: " + " ".join(str(n) for n in done))
                out.flush()
        if once:
            break
        stop.wait(interval)
    for thread in threads:
        thread.join(timeout=60)
    _fresh_connection()
    log.info("worker stopped")
