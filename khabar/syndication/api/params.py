"""Query parameters of the article list: category, tag and a date range (Jalali or Gregorian)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError

from khabar.news.models import Category, Tag
from khabar.persian import parse_jalali_date, to_latin_digits
from khabar.syndication.links import TEHRAN

_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
MAX_NEWS_ID = 2**63 - 1


def parse_moment(raw: str, *, end: bool) -> datetime:
    """A date or time given by a client, as an aware datetime.

    Accepts ISO 8601 times (`2026-11-26T14:30:00+03:30`; no offset means Tehran),
    Gregorian dates (`2026-11-26`) and Jalali dates (`1405-09-05`, `۱۴۰۵/۰۹/۰۵`),
    in Latin or Persian digits. A bare date means the whole day in Tehran, so
    `end=True` gives the start of the next day (the range end is exclusive).
    """
    text = to_latin_digits(raw.strip())
    match = _DATE.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            # A year before 1700 is Jalali (1405 ≈ 2026).
            day_date = parse_jalali_date(text) if year < 1700 else date(year, month, day)
        except ValueError:
            raise ParseError(_bad_date(raw)) from None
        try:
            if end:
                day_date += timedelta(days=1)
            return _in_range(datetime.combine(day_date, time.min, tzinfo=TEHRAN), raw)
        except OverflowError:
            raise ParseError(_bad_date(raw)) from None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ParseError(_bad_date(raw)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TEHRAN)
    return _in_range(moment, raw)


def _in_range(moment: datetime, raw: str) -> datetime:
    """Databases store UTC: a time that has no UTC equivalent (year 0 or 10000) is refused."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ParseError(_bad_date(raw)) from None
    return moment


def _bad_date(raw: str) -> str:
    # Translators: an API error; value is what the client sent.
    return _(
        "“%(value)s” is not a date. Send a Jalali date like 1405-09-05, "
        "a Gregorian date like 2026-11-26 or an ISO 8601 time."
    ) % {"value": raw[:40]}


@dataclass(frozen=True)
class ArticleFilters:
    category: Category | None = None
    tag: Tag | None = None
    since: datetime | None = None
    until: datetime | None = None


def article_filters(query) -> ArticleFilters:
    category = tag = since = until = None
    if slug := query.get("category"):
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            # Translators: an API error; slug is what the client sent.
            raise ParseError(_("There is no category “%(slug)s”.") % {"slug": slug[:60]})
    if slug := query.get("tag"):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            # Translators: an API error; slug is what the client sent.
            raise ParseError(_("There is no tag “%(slug)s”.") % {"slug": slug[:60]})
    if raw := query.get("date_from"):
        since = parse_moment(raw, end=False)
    if raw := query.get("date_to"):
        until = parse_moment(raw, end=True)
    if since and until and since >= until:
        raise ParseError(_("date_from must be before date_to."))
    return ArticleFilters(category=category, tag=tag, since=since, until=until)
