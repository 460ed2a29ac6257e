"""Options the import commands share."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from khabar.ingest.textpage import parse_datetime_text


def date_option(value: str | None) -> datetime | None:
    """`--date 1403/08/11 14:32` (Jalali, any digits) as an aware Tehran time."""
    if not value:
        return None
    try:
        return timezone.make_aware(parse_datetime_text(value))
    except ValueError as exc:
        raise CommandError(f"--date: تاریخ «{value}» خوانا نیست ({exc}).") from exc
