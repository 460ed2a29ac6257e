"""Jalali (Solar Hijri) dates for display and parsing, on top of jdatetime.

Datetimes are stored in UTC; display is always in Asia/Tehran with Persian digits.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

import jdatetime

from .digits import to_latin_digits, to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")

MONTH_NAMES = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Python's weekday(): Monday == 0.
WEEKDAY_NAMES = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنج‌شنبه", "جمعه", "شنبه", "یکشنبه")

_DATE_RE = re.compile(r"\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*")


def _to_tehran(value: _dt.datetime | _dt.date) -> _dt.datetime | _dt.date:
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        return value.astimezone(TEHRAN)
    return value


def format_jalali(dt: _dt.datetime | _dt.date, *, with_time: bool = True) -> str:
    """Render like «۵ آذر ۱۴۰۵ - ۱۴:۳۲» (``with_time=False``: «۵ آذر ۱۴۰۵»).

    An aware datetime is first converted to Asia/Tehran; a naive one is taken as
    Tehran wall time; a ``date`` has no time part.
    """
    local = _to_tehran(dt)
    if not isinstance(local, _dt.datetime):
        return _jalali_day(local)
    text = _jalali_day(local.date())
    if with_time:
        text += _TIMES[local.hour * 60 + local.minute]
    return text


@lru_cache(maxsize=4096)  # a page shows a few days, the same on page after page
def _jalali_day(day: _dt.date) -> str:
    jd = jdatetime.date.fromgregorian(date=day)
    return to_persian_digits(f"{jd.day} {MONTH_NAMES[jd.month - 1]} {jd.year}")


_TIMES = tuple(to_persian_digits(f" - {m // 60:02d}:{m % 60:02d}") for m in range(24 * 60))


def jalali_weekday_name(dt: _dt.datetime | _dt.date) -> str:
    """Persian weekday name («شنبه» … «جمعه») of ``dt`` (aware datetimes in Tehran time)."""
    local = _to_tehran(dt)
    return WEEKDAY_NAMES[local.weekday()]


def jalali_month_name(month: int) -> str:
    """Persian name of Jalali month 1–12."""
    if not 1 <= month <= 12:
        raise ValueError(f"ماه باید بین ۱ و ۱۲ باشد / month must be 1-12, got {month!r}")
    return MONTH_NAMES[month - 1]


def parse_jalali_date(text: str) -> _dt.date:
    """Parse a Jalali date typed as ``1405/09/05``, ``۱۴۰۵-۰۹-۰۵``, ``1405.9.5`` … into a Gregorian date.

    Raises ``ValueError`` with a Persian and English message on malformed or impossible dates.
    """
    match = _DATE_RE.fullmatch(to_latin_digits(text))
    if match is None:
        raise ValueError(
            f"تاریخ نامعتبر است؛ قالب درست مانند ۱۴۰۵/۰۹/۰۵ است / "
            f"invalid Jalali date {text!r}, expected YYYY/MM/DD"
        )
    year, month, day = (int(g) for g in match.groups())
    try:
        gregorian: _dt.date = jdatetime.date(year, month, day).togregorian()
    except ValueError as exc:
        raise ValueError(
            f"چنین تاریخی در تقویم شمسی وجود ندارد / no such Jalali date {text!r}: {exc}"
        ) from None
    return gregorian
