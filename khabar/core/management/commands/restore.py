"""``khabar restore PATH [--force]``: put a ``khabar backup`` archive back (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from khabar.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and media files from a `khabar backup` archive into this "
        "instance. Refuses a database that holds data unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="archive written by `khabar backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_restore(
                path=Path(options["path"]), force=options["force"], progress=self.stdout.write
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if result.migrated_after:
            self.stdout.write(_("The archive comes from an older Khabar: migrating the database…"))
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored: the database and %(count)s media files.")
                % {"count": result.media_files}
            )
        )
