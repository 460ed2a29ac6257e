"""``khabar backup [PATH]``: the database and the media files in one archive (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from khabar.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump custom format, or SQLite's online backup) and every "
        "file under MEDIA_ROOT into one tar archive with a manifest and checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="archive to write (default: $KHABAR_VAR_DIR/backups/khabar-<time>.tar)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        if not path:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"khabar-{stamp}.tar"
        try:
            manifest = backup_create(path=Path(path), progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                _("Done: database and %(count)s media files, Khabar %(version)s.")
                % {"count": media, "version": manifest["khabar_version"]}
            )
        )
