"""`khabar ingest_poll [--source NAME] [--due] [--interval SECONDS]`: poll agencies' feeds.

Once by default. With `--interval` it keeps polling the sources that are due
(each at its own interval, failing ones less often) until stopped: a worker
process of its own until `khabar worker` runs `wire_poll_due` itself.
"""

from __future__ import annotations

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from khabar.ingest.models import WireSource
from khabar.ingest.services import PollReport, wire_poll_due, wire_source_poll

log = logging.getLogger("khabar.ingest")


class Command(BaseCommand):
    help = "Poll the wire sources' feeds (all enabled sources, or one by name)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", help="Poll only the source with this name.")
        parser.add_argument(
            "--due", action="store_true", help="Poll only sources whose interval has passed."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=0,
            help="Keep running: poll the due sources every this many seconds (0: once).",
        )

    def handle(self, *args, source: str | None, due: bool, interval: float, **options) -> None:
        if interval:
            return self._loop(interval)
        if due:
            reports = wire_poll_due()
        else:
            sources = WireSource.objects.filter(enabled=True).select_related("source")
            if source:
                sources = WireSource.objects.filter(source__name=source)
                if not sources.exists():
                    raise CommandError(f"No wire source named {source!r}.")
            reports = [wire_source_poll(wire_source_id=ws.pk) for ws in sources]
        self._print(reports)
        return None

    def _print(self, reports: list[PollReport]) -> None:
        for report in reports:
            self.stdout.write(str(report))
            for error in report.errors:
                self.stderr.write(f"  {error}")

    def _loop(self, interval: float) -> None:
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda *a: stop.set())
            signal.signal(signal.SIGINT, lambda *a: stop.set())
        while not stop.is_set():
            close_old_connections()
            try:
                self._print(wire_poll_due())
            except Exception:  # a bad pass must not stop the poller
                log.exception("wire poll pass failed; trying again")
            stop.wait(interval)
