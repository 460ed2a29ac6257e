"""Start-up checks: the configured backend must be able to run on this database."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError


@register("search")
def search_backend_check(app_configs=None, **kwargs) -> list[Error]:
    from khabar.search.api import get_backend

    try:
        backend = get_backend()
    except ImportError as exc:
        return [
            Error(
                f"KHABAR_SEARCH_BACKEND={settings.KHABAR_SEARCH_BACKEND!r} cannot be imported: {exc}",
                id="search.E001",
            )
        ]
    try:
        problems = backend.problems()
    except DatabaseError:
        return []  # no database to ask yet (e.g. `check --deploy` on a build machine)
    return [Error(problem, hint="See docs/search.md.", id="search.E002") for problem in problems]
