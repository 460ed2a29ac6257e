"""`khabar ingest_poll [--source NAME] [--due]`: poll agencies' feeds once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khabar.ingest.models import WireSource
from khabar.ingest.services import wire_poll_due, wire_source_poll
from khabar.ingest.wire import cluster_index_load


class Command(BaseCommand):
    help = "Poll the wire sources' feeds once (all enabled sources, or one by name)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", help="Poll only the source with this name.")
        parser.add_argument(
            "--due", action="store_true", help="Poll only sources whose interval has passed."
        )

    def handle(self, *args, source: str | None, due: bool, **options) -> None:
        if due:
            reports = wire_poll_due()
        else:
            sources = WireSource.objects.filter(enabled=True).select_related("source")
            if source:
                sources = WireSource.objects.filter(source__name=source)
                if not sources.exists():
                    raise CommandError(f"No wire source named {source!r}.")
            index = cluster_index_load()
            reports = [wire_source_poll(wire_source_id=ws.pk, index=index) for ws in sources]
        for report in reports:
            self.stdout.write(str(report))
            for error in report.errors:
                self.stderr.write(f"  {error}")
