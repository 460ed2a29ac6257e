"""reverse_cached and static_cached: the answers of reverse() and static(), whatever changes."""

from __future__ import annotations

import pytest
from django.templatetags.static import static
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, path, reverse, set_script_prefix

from khabar.core.urlcache import reverse_cached, static_cached


def _view(request):  # pragma: no cover - never called
    raise AssertionError


urlpatterns = [path("elsewhere/", _view, name="home")]  # this module is a URLconf too


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("site:home", (), None),
        ("site:font-size", (), {"action": "larger"}),
        ("site:category-detail", (), {"slug": "اقتصاد"}),
        ("site:article-print", (3830263,), None),
    ],
)
def test_the_same_answer_as_reverse(name, args, kwargs) -> None:
    assert reverse_cached(name, args, kwargs) == reverse(name, args=args, kwargs=kwargs)
    assert reverse_cached(name, args, kwargs) == reverse(name, args=args, kwargs=kwargs)


def test_follows_the_script_prefix() -> None:
    assert reverse_cached("site:home") == "/"
    set_script_prefix("/khabar/")
    try:
        assert reverse_cached("site:home") == "/khabar/"
    finally:
        clear_script_prefix()
    assert reverse_cached("site:home") == "/"


def test_follows_the_urlconf() -> None:
    assert reverse_cached("site:home") == "/"
    with override_settings(ROOT_URLCONF=__name__):
        assert reverse_cached("home") == "/elsewhere/"
        with pytest.raises(NoReverseMatch):
            reverse_cached("site:home")
    assert reverse_cached("site:home") == "/"


def test_static_follows_the_static_url() -> None:
    assert static_cached("site/site.css") == static("site/site.css")
    with override_settings(STATIC_URL="/assets/"):
        assert static_cached("site/site.css") == "/assets/site/site.css"
    assert static_cached("site/site.css") == static("site/site.css")


@pytest.mark.parametrize(
    ("news_id", "slug"),
    [
        (3830263, "اقتصاد-ایران-در-سال-۱۴۰۳"),
        (7, "budget-2025"),
        (12, ""),  # no slug: the short pattern
        (99, "نیم‌فاصله-و-٪-علامت"),  # ZWNJ and a sign that must be escaped
    ],
)
def test_an_articles_address_is_what_reverse_gives(news_id, slug) -> None:
    from khabar.news.models import Article

    expected = (
        reverse("site:article-detail", kwargs={"news_id": news_id, "slug": slug})
        if slug
        else reverse("site:article-detail-noslug", kwargs={"news_id": news_id})
    )
    assert Article(news_id=news_id, slug=slug).get_absolute_url() == expected
    set_script_prefix("/khabar/")
    try:
        assert Article(news_id=news_id, slug=slug).get_absolute_url() == "/khabar" + expected
    finally:
        clear_script_prefix()


def test_number_path_formatter_fills_in_what_reverse_gives() -> None:
    from django.urls import reverse

    from khabar.core.urlcache import number_path_formatter

    print_path = number_path_formatter("site:article-print", "news_id")
    seen_path = number_path_formatter("site:article-seen")
    for n in (1, 3830263, 10**12):
        assert print_path(n) == reverse("site:article-print", kwargs={"news_id": n})
        assert seen_path(n) == reverse("site:article-seen", args=(n,))
