"""The khabar_fa template filters: Persian digits and Jalali dates at render time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.template import Context, Template

from khabar.news.models import Article
from tests.factories import make_article
from tests.site.helpers import soup_of


def render(source: str, **context) -> str:
    return Template("{% load khabar_fa %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "shown"), [(3830263, "۳۸۳۰۲۶۳"), ("x12", "x۱۲"), ("", ""), (None, ""), (0, "۰")]
)
def test_fa_digits(value, shown: str) -> None:
    assert render("{{ v|fa_digits }}", v=value) == shown


def test_fa_digits_keeps_escaping() -> None:
    assert render("{{ v|fa_digits }}", v="<b>1</b>") == "&lt;b&gt;۱&lt;/b&gt;"


def test_jalali_in_tehran_time() -> None:
    moment = datetime(2026, 11, 26, 11, 2, tzinfo=UTC)
    assert render("{{ v|jalali }}", v=moment) == "۵ آذر ۱۴۰۵ - ۱۴:۳۲"
    assert render("{{ v|jalali_date }}", v=moment) == "۵ آذر ۱۴۰۵"
    # 21:00 UTC is already the next day in Tehran.
    assert (
        render("{{ v|jalali_date }}", v=datetime(2026, 11, 26, 21, 0, tzinfo=UTC)) == "۶ آذر ۱۴۰۵"
    )
    assert render("{{ v|jalali_date }}", v=date(2025, 3, 21)) == "۱ فروردین ۱۴۰۴"
    assert render("{{ v|jalali }}", v=None) == ""


@pytest.mark.django_db
def test_an_article_published_at_a_fixed_time_shows_that_jalali_time(client) -> None:
    with time_machine.travel(datetime(2026, 11, 26, 11, 7, tzinfo=UTC), tick=False):
        article: Article = make_article(title="خبر ساعت دو و نیم", minutes_ago=5)
        response = client.get(article.get_absolute_url())
    time = soup_of(response).select_one(".news-details time")
    assert time.get_text(strip=True) == "۵ آذر ۱۴۰۵ - ۱۴:۳۲"
    assert time["datetime"] == "2026-11-26T14:32:00+03:30"
