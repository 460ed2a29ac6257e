"""Template filters of the newsroom admin: Jalali dates and Persian digits."""

from django import template

from khabar.persian import format_jalali, to_persian_digits

register = template.Library()


@register.filter
def jalali_admin(value):
    return format_jalali(value) if value else "—"


@register.filter
def fa(value):
    return to_persian_digits(str(value)) if value is not None else ""
