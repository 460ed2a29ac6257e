"""Drop pages from the page cache by surrogate key (as sent in the Surrogate-Key header)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khabar.core import pagecache

EVERY_PAGE = [
    pagecache.SITE,
    pagecache.FEEDS,
    pagecache.SITEMAP,
    pagecache.SEARCH,
    pagecache.LATEST,
]


class Command(BaseCommand):
    help = (
        "Make every cached page carrying one of the given surrogate keys stale "
        "(e.g. article-3830263, category-economy, home); --all: every page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "keys", nargs="*", help="surrogate keys, as in the Surrogate-Key header"
        )
        parser.add_argument(
            "--all", dest="everything", action="store_true", help="every cached page"
        )

    def handle(self, *args, keys: list[str], everything: bool, **options) -> None:
        if everything:
            keys = [*keys, *EVERY_PAGE]
        if not keys:
            raise CommandError("Name at least one surrogate key, or use --all.")
        if not pagecache.enabled():
            self.stdout.write("The page cache is off (KHABAR_PAGE_CACHE); nothing to purge.")
            return
        if not pagecache.bump(keys):
            raise CommandError("The cache could not be reached; see the log.")
        self.stdout.write(f"purged: {' '.join(keys)}")
