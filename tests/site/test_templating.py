"""The reader pages' Jinja2 environment: translations, addresses, filters, and the catalogue."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import clear_script_prefix, set_script_prefix
from django.utils import translation
from jinja2.ext import babel_extract
from markupsafe import Markup

from khabar.site.management.commands.makemessages import (
    JINJA_OPTIONS,
    KEYWORDS,
    python_for_xgettext,
)
from tests.core.test_translations import PO, _entries

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.glob("khabar/*/jinja2/**/*.html"))


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


@pytest.mark.parametrize(("language", "home"), [("fa", "صفحهٔ نخست"), ("en", "Home")])
def test_translations_follow_the_language(language, home) -> None:
    source = (
        '{{ _("Home") }}|{{ pgettext("news details", "Category") }}|'
        "{% trans number=3|fa_digits, total=12|fa_digits %}Page {{ number }} of {{ total }}"
        "{% endtrans %}|{% trans n=2 %}{{ n }} result{% pluralize n %}{{ n }} results{% endtrans %}"
    )
    with translation.override(language):
        out = render(source)
    parts = out.split("|")
    assert parts[0] == home
    if language == "fa":
        assert parts[1] == "شاخه"
        assert "۳" in parts[2] and "۱۲" in parts[2] and "Page" not in parts[2]
    else:
        assert parts[1:3] == ["Category", "Page ۳ of ۱۲"]
        assert parts[3] == "2 results"


def test_values_are_escaped_and_translations_are_not() -> None:
    out = render(
        '{% trans url=link %}This news on the web: <bdi dir="ltr">{{ url }}</bdi>{% endtrans %}',
        link='<script>alert(1)</script>"',
    )
    assert '<bdi dir="ltr">' in out  # the translation's own markup
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in out


def test_urls_follow_the_script_prefix_and_static_url() -> None:
    source = "{{ url('site:home') }} {{ url('site:font-size', action='larger') }} {{ static('site/site.css') }}"
    assert render(source) == "/ /settings/font/larger /static/site/site.css"
    set_script_prefix("/khabar/")
    try:
        assert render(source).startswith("/khabar/ /khabar/settings/font/larger ")
    finally:
        clear_script_prefix()
    with override_settings(STATIC_URL="/assets/"):
        assert render("{{ static('site/site.css') }}") == "/assets/site/site.css"
    assert render("[{{ url_if_any('no-such:page') }}]") == "[]"


class Cat:
    pk = 3


def test_missing_values_render_as_nothing_as_in_django_templates() -> None:
    assert render("[{{ missing }}{{ missing.attr.deeper }}{{ missing|date('c') }}]") == "[]"
    assert (
        render("{% if category.pk == missing.pk %}this{% else %}other{% endif %}", category=Cat())
        == "other"
    )


def test_filters() -> None:
    when = dt.datetime(2026, 11, 26, 20, 45, tzinfo=dt.UTC)
    out = render(
        "{{ n|fa_digits }}|{{ safe|fa_digits }}|{{ when|date('c') }}|{{ when|jalali }}",
        n=3830263,
        safe=Markup("<b>12</b>"),
        when=when,
    )
    # the time shown in Tehran (UTC+3:30), as Django's date filter shows it
    assert out == "۳۸۳۰۲۶۳|<b>۱۲</b>|2026-11-27T00:15:00+03:30|۶ آذر ۱۴۰۵ - ۰۰:۱۵"


def test_fragment_needs_a_quoted_name() -> None:
    from jinja2 import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="quoted name"):
        render("{% fragment name %}x{% endfragment %}")


def test_makemessages_reads_what_jinja_translates() -> None:
    source = (
        b'<p>{{ _("Home") }}</p>\n'
        b"{# Translators: a page number. #}\n"
        b"<p>{% trans number=n %}Page {{ number }}{% endtrans %}</p>\n"
        b'<p>{{ pgettext("news details", "Category") }}</p>\n'
        b"<p>{% trans count=n %}{{ count }} result{% pluralize %}{{ count }} results{% endtrans %}</p>\n"
    )
    lines = python_for_xgettext(source).splitlines()
    assert lines[0] == "gettext('Home')"
    assert lines[1:3] == ["# Translators: a page number.", "gettext('Page %(number)s')"]
    assert lines[3] == "pgettext('news details', 'Category')"
    assert lines[4] == "ngettext('%(count)s result', '%(count)s results', n)"


def _messages(path: Path) -> set[tuple[str | None, str]]:
    found = set()
    with path.open("rb") as file:
        for _, function, message, _ in babel_extract(file, KEYWORDS, [], JINJA_OPTIONS):
            strings = message if isinstance(message, tuple) else (message,)
            context = strings[0] if function.startswith(("pgettext", "npgettext")) else None
            found.add((context, strings[1] if context else strings[0]))  # the singular
    return found


def test_every_text_of_the_reader_pages_is_in_the_persian_catalogue() -> None:
    assert len(TEMPLATES) >= 20
    text = PO.read_text(encoding="utf-8")
    translated = {
        (None, msgid.replace('\\"', '"')) for msgid, msgstr, fuzzy in _entries(text) if msgstr
    } | set(re.findall(r'msgctxt "(.*)"\nmsgid "(.*)"\nmsgstr "..', text))
    wanted = set().union(*(_messages(path) for path in TEMPLATES))
    assert len(wanted) > 60
    assert sorted(wanted - translated, key=str) == []


def test_the_worker_compiles_every_reader_template_at_start() -> None:
    from khabar.site.templating import compile_reader_templates

    assert compile_reader_templates() == len(TEMPLATES)
    assert len(engines["jinja2"].env.cache) >= len(TEMPLATES)  # kept, not compiled again
