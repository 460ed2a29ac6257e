from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khabar.ingest.management.options import date_option
from khabar.ingest.siteimport import FORMATS, FileResult, site_import


class Command(BaseCommand):
    help = (
        "Migrate an existing site: import text pages, saved HTML article pages and ninjs "
        "JSON from files or directories. Re-runs update changed files and skip unchanged ones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="auto")
        parser.add_argument(
            "--date",
            help="Publication date for items without one: Jalali, e.g. 1403/08/11 14:32",
        )
        parser.add_argument(
            "--category", default="", help="Category for items whose page names none."
        )
        parser.add_argument(
            "--force", action="store_true", help="Re-import files even when unchanged."
        )

    def handle(
        self,
        *args: object,
        paths: list[Path],
        fmt: str,
        date: str | None,
        category: str,
        force: bool,
        **options: object,
    ) -> None:
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"این مسیرها پیدا نشد: {'، '.join(missing)}")
        published_at = date_option(date)

        def progress(n: int, total: int, result: FileResult) -> None:
            prefix = f"[{n}/{total}] {result.path}"
            if result.status == "failed":
                self.stderr.write(f"{prefix}: failed: {result.error}")
                return
            if result.status == "skipped":
                self.stdout.write(f"{prefix}: skipped (unchanged since the last import)")
                return
            for verb, articles in (("created", result.created), ("updated", result.updated)):
                for article in articles:
                    self.stdout.write(
                        f"{prefix}: {verb} news {article.news_id} {unquote(article.get_absolute_url())}"
                    )
            for note in result.notes:
                self.stdout.write(f"{prefix}: note: {note}")

        report = site_import(
            paths=paths,
            fmt=fmt,
            published_at=published_at,
            default_category=category,
            force=force,
            progress=progress,
        )
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, "
            f"skipped {report.skipped}, failed {report.failed}"
        )
        if report.failed:
            reasons = "\n".join(f"  - {f.error}" for f in report.files if f.status == "failed")
            raise CommandError(
                f"{report.failed} of {len(report.files)} files were not imported; "
                f"nothing was written for them:\n{reasons}"
            )
