"""Publish every scheduled article whose time has come (for cron-style deployments)."""

from django.core.management.base import BaseCommand

from khabar.news.services import article_publish_due


class Command(BaseCommand):
    help = "Publish scheduled articles whose time has come. Run it every minute from cron."

    def handle(self, *args, **options) -> None:
        done = article_publish_due()
        if done and options["verbosity"] > 0:
            self.stdout.write("published: " + " ".join(str(n) for n in done))
