"""Query parameters of the article list: category, tag and a date range (Gregorian or Jalali)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ParseError

from khabar.news.models import Category, Tag
from khabar.persian import parse_jalali_date, to_latin_digits
from khabar.syndication.links import TEHRAN

MAX_NEWS_ID = 2**63 - 1

# RFC 3339 / ISO 8601: a date, or a date and time with an optional offset (none: Tehran time).
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6})\d*)?([Zz]|[+-]\d{2}:\d{2})?)?"
)
# What the schema promises to accept as a Jalali date (the parser accepts more:
# Persian digits, «/» or «.» between the parts).
JALALI_PATTERN = (
    r"^1[34][0-9]{2}-(0[1-6]-(0[1-9]|[12][0-9]|3[01])|(0[7-9]|1[01])-(0[1-9]|[12][0-9]|30)"
    r"|12-(0[1-9]|[12][0-9]|30))$"
)
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def _bad_date(raw: str) -> str:
    # Translators: an API error; value is what the client sent.
    return _(
        "“%(value)s” is not a date. Send a date like 2026-11-26 or a time like 2026-11-26T14:30:00+03:30."
    ) % {"value": raw[:40]}


def _bad_jalali(raw: str) -> str:
    # Translators: an API error; value is what the client sent.
    return _("“%(value)s” is not a Jalali date. Send a date like 1405-09-05 or ۱۴۰۵/۰۹/۰۵.") % {
        "value": raw[:40]
    }


def _day_bounds(day: date, *, end: bool) -> datetime:
    """The start of `day` in Tehran, or of the next day when `end` (range ends are exclusive)."""
    try:
        if end:
            day += timedelta(days=1)
        return datetime.combine(day, time.min, tzinfo=TEHRAN).astimezone(UTC)
    except OverflowError:
        return LATEST if end else EARLIEST


def parse_iso(raw: str, *, end: bool) -> datetime:
    """A Gregorian date (the whole day in Tehran) or an ISO 8601 time, as an aware UTC datetime.

    Times beyond what a database holds (year 1 or 9999 across an offset) are
    clamped rather than refused: «until 9999-12-31» means «no end».
    """
    text = to_latin_digits(raw.strip())
    match = _ISO.fullmatch(text)
    if match is None:
        raise ParseError(_bad_date(raw))
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    if int(year) == 0:
        return EARLIEST
    try:
        day_date = date(int(year), int(month), int(day))
    except ValueError:
        raise ParseError(_bad_date(raw)) from None
    if hour is None:
        return _day_bounds(day_date, end=end)
    try:
        moment = datetime.combine(
            day_date,
            time(
                int(hour), int(minute), min(int(second), 59), int((fraction or "0").ljust(6, "0"))
            ),
        )
    except ValueError:
        raise ParseError(_bad_date(raw)) from None
    if offset is None:
        moment = moment.replace(tzinfo=TEHRAN)
    elif offset in "Zz":
        moment = moment.replace(tzinfo=UTC)
    else:
        try:
            moment = datetime.fromisoformat(moment.isoformat() + offset)
        except ValueError:
            raise ParseError(_bad_date(raw)) from None
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return EARLIEST if moment.year < 2 else LATEST


_JALALI_PARTS = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def parse_jalali(raw: str, *, end: bool) -> datetime:
    """A Jalali day from 1300 to 1499, in Latin or Persian digits, parts split by - / or ."""
    parts = _JALALI_PARTS.fullmatch(to_latin_digits(raw.strip()))
    if parts is None:
        raise ParseError(_bad_jalali(raw))
    year, month, day = parts.groups()
    if not re.fullmatch(JALALI_PATTERN, f"{year}-{int(month):02d}-{int(day):02d}"):
        # Not a day of the Jalali calendar, or a Gregorian year sent by mistake.
        raise ParseError(_bad_jalali(raw))
    try:
        day_date = parse_jalali_date(f"{year}/{month}/{day}")
    except ValueError:  # 30 Esfand of a common year: the day after 29 Esfand, 1 Farvardin
        day_date = parse_jalali_date(f"{year}/12/29") + timedelta(days=1)
    return _day_bounds(day_date, end=end)


@dataclass(frozen=True)
class ArticleFilters:
    category: Category | None = None
    tag: Tag | None = None
    since: datetime | None = None
    until: datetime | None = None


def _by_slug(model, slug: str):
    # No slug holds a NUL, and PostgreSQL refuses one in a text parameter.
    return None if "\x00" in slug else model.objects.filter(slug=slug).first()


def article_filters(query) -> ArticleFilters:
    category = tag = None
    if slug := query.get("category"):
        category = _by_slug(Category, slug)
        if category is None:
            # Translators: an API error; slug is what the client sent.
            raise NotFound(_("There is no category “%(slug)s”.") % {"slug": slug[:60]})
    if slug := query.get("tag"):
        tag = _by_slug(Tag, slug)
        if tag is None:
            # Translators: an API error; slug is what the client sent.
            raise NotFound(_("There is no tag “%(slug)s”.") % {"slug": slug[:60]})
    starts = []
    ends = []
    if "date_from" in query:  # sent empty is an error, not «no limit»
        starts.append(parse_iso(query["date_from"], end=False))
    if "date_to" in query:  # sent empty is an error, not «no limit»
        ends.append(parse_iso(query["date_to"], end=True))
    if "jalali_from" in query:  # sent empty is an error, not «no limit»
        starts.append(parse_jalali(query["jalali_from"], end=False))
    if "jalali_to" in query:  # sent empty is an error, not «no limit»
        ends.append(parse_jalali(query["jalali_to"], end=True))
    # Given both ways, the narrower bound wins; an empty range simply finds nothing.
    return ArticleFilters(
        category=category,
        tag=tag,
        since=max(starts) if starts else None,
        until=min(ends) if ends else None,
    )


@dataclass(frozen=True)
class SearchParams:
    query: str
    filters: ArticleFilters
    page: int
    page_size: int
    order: str


SEARCH_ORDERS = ("relevance", "newest")
SEARCH_MAX_PAGE_SIZE = 50
SEARCH_MAX_PAGE = 500  # past result 25,000 no reader and no robot needs more


def search_params(query) -> SearchParams:
    text = query.get("q", "")
    if not text.strip():
        raise ParseError(_("Write something to search for in q."))
    if len(text) > 500:
        raise ParseError(_("The search text is too long (at most 500 characters)."))
    order = query.get("order", "relevance")
    if order not in SEARCH_ORDERS:
        # Translators: an API error; choices are the allowed values.
        raise ParseError(
            _("order must be one of: %(choices)s.") % {"choices": ", ".join(SEARCH_ORDERS)}
        )
    page = _whole(query, "page", 1, SEARCH_MAX_PAGE)
    page_size = _whole(query, "page_size", 20, SEARCH_MAX_PAGE_SIZE)
    return SearchParams(text, article_filters(query), page, page_size, order)


def _whole(query, name: str, default: int, maximum: int) -> int:
    if name not in query:
        return default
    try:
        value = int(query[name])
    except ValueError:
        value = 0
    if not 1 <= value <= maximum:
        # Translators: an API error; name is a parameter, maximum a number.
        raise ParseError(
            _("%(name)s must be a whole number from 1 to %(maximum)d.")
            % {"name": name, "maximum": maximum}
        )
    return value


def tehran_day(moment: datetime | None, *, end: bool) -> date | None:
    """The Tehran day a range bound falls on, as search's day filters want it (end inclusive)."""
    if moment is None:
        return None
    local = moment.astimezone(TEHRAN)
    if end:  # exclusive end at midnight: the last day is the one before
        local -= timedelta(microseconds=1)
    day = local.date()
    # search adds a day to the end of its range: keep clear of the calendar's edges.
    return min(max(day, date(1, 1, 2)), date(9999, 12, 30))
