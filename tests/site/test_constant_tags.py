"""khabar_constants: the same output as Django's {% translate %}, {% url %} and {% static %}."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import clear_script_prefix, set_script_prefix
from django.utils import translation

from khabar.site.templatetags import khabar_constants

SOURCE = """{% load i18n static %}{% translate "Home" %}|{% translate "Category" context "news details" %}|\
{% translate "Latest news" as latest %}{{ latest }}|{% translate name %}|{% translate "<b>" %}|\
{% url 'site:home' %}|{% url 'site:font-size' action='larger' %}|{% url 'site:article-print' news_id %}|\
{% url 'search:search' as search %}{{ search }}|{% static 'site/site.css' %}|{% static path %}|\
{% static 'site/site.js' as js %}{{ js }}|\
{% autoescape off %}{% translate "Home" %}{% url 'site:home' %}{% static 'a b.css' %}{% endautoescape %}"""


def render(source: str, **values) -> str:
    return Template(source).render(
        Context({"name": "Search", "news_id": 3, "path": "x.css", **values})
    )


def with_constants(source: str) -> str:
    return source.replace("{% load i18n static %}", "{% load i18n static khabar_constants %}")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_same_output_as_djangos_tags(language) -> None:
    with translation.override(language):
        expected = render(SOURCE)
        assert render(with_constants(SOURCE)) == expected
        assert render(with_constants(SOURCE)) == expected  # the kept answers
    assert expected.count("|") == SOURCE.count("|")
    assert ("صفحهٔ نخست" in expected) == (language == "fa")  # translated, not the msgid


def test_follows_the_script_prefix_and_static_url() -> None:
    source = with_constants(
        "{% load i18n static %}{% url 'site:home' %} {% static 'site/site.css' %}"
    )
    before = render(source)
    set_script_prefix("/khabar/")
    try:
        assert render(source).startswith("/khabar/ ")
    finally:
        clear_script_prefix()
    with override_settings(STATIC_URL="/assets/"):
        assert render(source) == "/ /assets/site/site.css"
    assert render(source) == before


def test_only_literals_are_kept() -> None:
    template = Template(with_constants(SOURCE))
    kinds = {type(node).__name__ for node in template.nodelist}
    assert {"ConstantTranslateNode", "ConstantURLNode", "ConstantStaticNode"} <= kinds
    assert {"TranslateNode", "URLNode", "StaticNode"} <= kinds  # variables, `as var`
    assert khabar_constants  # the library under test
