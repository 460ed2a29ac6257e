"""Persian rendering filters: digits and Jalali dates, applied at render time.

The database and URLs keep ASCII digits and UTC datetimes; these filters turn
them into what a Persian reader expects. They wrap `khabar.persian`.
"""

from __future__ import annotations

import datetime as dt

from django import template

from khabar.persian import format_jalali, to_persian_digits

register = template.Library()


@register.filter(is_safe=True)
def fa_digits(value: object) -> str:
    """`3830263` → «۳۸۳۰۲۶۳». Safe strings stay safe: digits never need escaping."""
    if value is None:
        return ""
    return to_persian_digits(str(value))


@register.filter
def jalali(value: dt.datetime | dt.date | None) -> str:
    """An aware datetime as «۵ آذر ۱۴۰۵ - ۱۴:۳۲» (Asia/Tehran)."""
    if not value:
        return ""
    return format_jalali(value, with_time=True)


@register.filter
def jalali_date(value: dt.datetime | dt.date | None) -> str:
    """The date alone: «۵ آذر ۱۴۰۵»."""
    if not value:
        return ""
    return format_jalali(value, with_time=False)
