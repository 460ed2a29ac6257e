from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khabar.ingest.management.options import date_option
from khabar.ingest.services import text_page_import
from khabar.ingest.textpage import TextPageError


class Command(BaseCommand):
    help = "Import article pages in the seed's text format (شاخه/لینک/شناسه/تاریخ, title, body)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--date",
            help="Publication date for pages whose تاریخ line is empty: Jalali, e.g. 1403/08/11 14:32",
        )

    def handle(self, *args: object, files: list[Path], date: str | None, **options: object) -> None:
        published_at = date_option(date)
        failed = 0
        for n, path in enumerate(files, start=1):
            prefix = f"[{n}/{len(files)}] {path}"
            try:
                raw = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.stderr.write(f"{prefix}: خواندن فایل ممکن نشد: {exc}")
                failed += 1
                continue
            try:
                result = text_page_import(raw=raw, file_name=path.name, published_at=published_at)
            except TextPageError as exc:
                self.stderr.write(f"{prefix}: {exc}")
                failed += 1
                continue
            verb = "created" if result.created else "updated"
            self.stdout.write(
                f"{prefix}: {verb} news {result.article.news_id} {result.article.get_absolute_url()}"
            )
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} files were not imported; nothing was written for them."
            )
