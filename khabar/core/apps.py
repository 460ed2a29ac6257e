from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "khabar.core"
    label = "core"
    verbose_name = "Khabar core"

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from khabar.core.middleware import note_database_error

        got_request_exception.connect(note_database_error, dispatch_uid="khabar-database-down")
