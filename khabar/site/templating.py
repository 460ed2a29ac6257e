"""The Jinja2 environment that renders the reader pages (ADR 0010).

Every page a reader sees (article, home, listings, search, errors, the page metadata)
is a Jinja2 template under an app's ``jinja2/`` folder; the newsroom keeps Django's
admin templates. Jinja compiles a template to Python once, so an uncached article page
costs a fraction of the Python calls Django's template engine makes for the same markup.

What the templates have besides Jinja's own:

- translations: ``{{ _("Home") }}``, ``{{ pgettext("news details", "Category") }}`` and
  ``{% trans name=value %}…{{ name }}…{% endtrans %}`` (trimmed by default), through
  Django's catalogues; ``khabar makemessages`` extracts them (see
  `khabar.site.management.commands.makemessages`);
- ``url(name, *args, **kwargs)`` (``url_if_any`` gives "" for a page the URLconf lacks),
  ``static(path)``, ``get_language()`` and
  ``get_language_bidi()``;
- the filters ``fa_digits``, ``jalali``, ``jalali_date`` (as `khabar.site.templatetags.khabar_fa`
  gives the newsroom's Django templates) and Django's
  ``date`` (in the current time zone, like Django's filter), ``truncatechars``,
  ``truncatewords`` and ``linebreaksbr``;
- ``{% fragment "name", value, … %}…{% endfragment %}``: markup rendered once per change
  and reused by other pages (`khabar.core.fragments`);
- globals other apps give by dotted path in the ``globals`` option of the TEMPLATES entry
  (the page metadata of `khabar.syndication`), so no app imports another for its tags.

A missing variable renders as nothing and its attributes are missing too
(``ChainableUndefined``), as in Django's templates.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Model
from django.template import defaultfilters
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import (
    get_language,
    get_language_bidi,
    gettext,
    ngettext,
    npgettext,
    pgettext,
)
from jinja2 import ChainableUndefined, Environment, nodes
from jinja2.ext import Extension
from markupsafe import Markup

from khabar.core import fragments, pagecache
from khabar.core.urlcache import reverse_cached, static_cached
from khabar.news.models import Article
from khabar.persian import to_persian_digits
from khabar.site.templatetags.khabar_fa import jalali, jalali_date


def environment(**options: Any) -> Environment:
    extra_globals = options.pop("globals", {})
    # Django's backend asks for Undefined (DebugUndefined with DEBUG, which prints the
    # name); the pages are written for Django's leniency: missing is empty, all the way down.
    options["undefined"] = ChainableUndefined
    options.setdefault("extensions", ["jinja2.ext.i18n", FragmentExtension])
    env = Environment(autoescape=options.pop("autoescape", True), **options)
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=False, pgettext=pgettext, npgettext=npgettext
    )
    env.globals.update(
        url=url,
        url_if_any=url_if_any,
        static=static_cached,
        get_language=get_language,
        get_language_bidi=get_language_bidi,
    )
    env.globals.update({name: import_string(path) for name, path in extra_globals.items()})
    env.filters.update(
        fa_digits=fa_digits,
        jalali=jalali,
        jalali_date=jalali_date,
        date=date,
        truncatechars=defaultfilters.truncatechars,
        truncatewords=defaultfilters.truncatewords,
        linebreaksbr=defaultfilters.linebreaksbr,
    )
    return env


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    """`reverse()`, kept per arguments: ``url('site:font-size', action='larger')``."""
    return reverse_cached(viewname, args, kwargs or None)


def url_if_any(viewname: str, *args: Any, **kwargs: Any) -> str:
    """`url()`, or "" where the URLconf has no such page (an app left out)."""
    try:
        return url(viewname, *args, **kwargs)
    except NoReverseMatch:
        return ""


def fa_digits(value: object) -> str:
    """`3830263` → «۳۸۳۰۲۶۳». Markup stays markup: digits never need escaping."""
    if value is None or value == "":
        return ""
    text = to_persian_digits(str(value))
    # Markup in, markup out: only digits changed, and they never need escaping.
    return Markup(text) if hasattr(value, "__html__") else text  # noqa: S704


def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter, in the current time zone as Django's templates show it."""
    if not value:
        return ""
    return defaultfilters.date(timezone.template_localtime(value), arg)


# --- {% fragment %} ---------------------------------------------------------------------


def _parts(value: object, names: list[str], keys: list[str]) -> None:
    if isinstance(value, list | tuple):
        for item in value:
            _parts(item, names, keys)
    elif isinstance(value, Article):
        names.append(f"a{value.pk}")
        keys.append(pagecache.article_key(value.news_id))
    elif isinstance(value, Model):
        names.append(f"{value._meta.label_lower}{value.pk}")  # its names: the site key
    else:
        names.append(repr(value))


class FragmentExtension(Extension):
    """``{% fragment "latest-sidebar", latest %}…{% endfragment %}``.

    The rendered markup is kept through `khabar.core.fragments` (the page cache), under a
    name made of the fragment's name, the language and the values given after it, and
    goes stale like a page: with the ``site`` key (navigation, category and source names,
    the banner) and the ``article-<news_id>`` key of every article among the values. So
    the values must be everything the markup shows that can differ: articles (or lists of
    them) by themselves, anything else (a category, a path, a date) by what decides the
    markup. Markup that depends on the reader (cookies, the query string) does not belong
    inside.
    """

    tags = {"fragment"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        if not isinstance(name, nodes.Const) or not isinstance(name.value, str):
            parser.fail("fragment takes a quoted name, then values", lineno)
        values = []
        while parser.stream.skip_if("comma"):
            values.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        call = self.call_method("_render", [name, nodes.List(values)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    @staticmethod
    def _render(name: str, values: list, caller) -> Markup:
        names = [name, get_language() or ""]
        keys = [pagecache.SITE]
        for value in values:
            _parts(value, names, keys)
        digest = hashlib.blake2b("\n".join(names).encode(), digest_size=16).hexdigest()
        html = fragments.cached(
            f"html:{name}:{digest}",
            lambda: str(caller()),  # markup, escaped as it was rendered
            keys=lambda _: keys,
        )
        return Markup(html)  # noqa: S704 - rendered (and escaped) by the template
