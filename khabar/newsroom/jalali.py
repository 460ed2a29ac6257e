"""Jalali date-time form field and widget for the newsroom (Asia/Tehran, Persian digits).

The widget is a plain text input that accepts «۱۴۰۵/۰۹/۰۶ ۱۴:۳۰» (Persian or
Latin digits); static/newsroom/jalali-picker.js adds a calendar next to it.
No inline script: the page's CSP allows only scripts from our own files.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import jdatetime
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khabar.persian import parse_jalali_date, to_latin_digits, to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")
_TIME_RE = re.compile(r"^(\d{1,2})[:٫.](\d{2})(?::(\d{2}))?$")


def format_jalali_input(value: dt.datetime | None) -> str:
    """An aware datetime as the text the field accepts: «۱۴۰۵/۰۹/۰۶ ۱۴:۳۰» (Tehran time)."""
    if value is None:
        return ""
    local = value.astimezone(TEHRAN)
    j = jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))
    return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d} {j.hour:02d}:{j.minute:02d}")


def parse_jalali_datetime(text: str) -> dt.datetime:
    """«۱۴۰۵/۰۹/۰۶ ۱۴:۳۰» (Tehran wall time) → an aware datetime. Raises ValueError."""
    parts = to_latin_digits(text).strip().split()
    if len(parts) != 2:
        raise ValueError(text)
    day = parse_jalali_date(parts[0])
    match = _TIME_RE.match(parts[1])
    if match is None:
        raise ValueError(text)
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(text)
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=TEHRAN)


class JalaliDateTimeInput(forms.TextInput):
    def __init__(self, attrs: dict | None = None) -> None:
        base = {
            "class": "vTextField jalali-datetime",
            "dir": "ltr",
            "autocomplete": "off",
            "placeholder": "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰",
            "data-jalali-picker": "datetime",
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            return format_jalali_input(value)
        return value

    class Media:
        js = ("newsroom/jalali-picker.js",)
        css = {"all": ("newsroom/newsroom.css",)}


class JalaliDateTimeField(forms.Field):
    widget = JalaliDateTimeInput
    default_error_messages = {
        "invalid": _("Enter a Jalali date and time such as ۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ (Tehran time)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        try:
            return parse_jalali_datetime(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class FutureJalaliDateTimeField(JalaliDateTimeField):
    default_error_messages = {
        "past": _("This time has already passed; choose a time in the future (Tehran time)."),
    }

    def validate(self, value):
        super().validate(value)
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(self.error_messages["past"], code="past")
