from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "khabar.site"
    label = "site"
    verbose_name = "Reader site"

    def ready(self) -> None:
        from khabar.site import cache  # noqa: F401 - connects the page-cache receivers
