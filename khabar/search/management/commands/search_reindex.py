"""`khabar search_reindex`: rebuild the search index from the articles that are public now."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khabar.search import api
from khabar.search.backends.base import RebuildRunningError


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every article that is public now (with a progress"
        " bar); search keeps answering from the old index until the new one replaces it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes for the Persian analysis (default: up to 4, one per CPU).",
        )
        parser.add_argument("--batch-size", type=int, default=api.REBUILD_BATCH)

    def handle(self, *args, workers: int | None, batch_size: int, **options) -> None:
        backend = api.get_backend()
        problems = backend.problems()
        if problems:
            raise CommandError("\n".join(problems))
        if batch_size < 1 or (workers is not None and workers < 1):
            raise CommandError("--workers and --batch-size must be at least 1.")
        started = time.perf_counter()
        tty = self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty()
        last_line = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if done < total and now - last_line[0] < 0.5 and done:
                return
            last_line[0] = now
            elapsed = max(now - started, 1e-9)
            width = 30
            filled = int(width * done / total) if total else width
            bar = "█" * filled + "·" * (width - filled)
            rate = done / elapsed
            line = f"[{bar}] {done}/{total} articles, {rate:,.0f}/s"
            if tty:
                self.stdout.write("\r" + line, ending="")
                self.stdout.flush()
            else:
                self.stdout.write(line)

        try:
            count = api.rebuild(batch_size=batch_size, workers=workers, progress=progress)
        except RebuildRunningError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        if tty:
            self.stdout.write("")
        size = backend.size_bytes()
        size_text = f", index {size / 1e6:,.1f} MB" if size else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count} articles in {elapsed:,.1f} s "
                f"({count / max(elapsed, 1e-9):,.0f}/s){size_text}."
            )
        )
