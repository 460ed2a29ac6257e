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
  ``static(path)``, ``get_language()`` and ``get_language_bidi()``; translations and
  addresses are kept per language and URLconf (`PageTools`);
- the filters ``fa_digits``, ``jalali``, ``jalali_date`` (as `khabar.site.templatetags.khabar_fa`
  gives the newsroom's Django templates) and Django's ``date`` (in the current time zone,
  like Django's filter), ``truncatechars``, ``truncatewords`` and ``linebreaksbr``;
- ``{% fragment "name", value, … %}…{% endfragment %}``: markup rendered once per change
  and reused by other pages (`khabar.core.fragments`);
- globals other apps give by dotted path in the ``globals`` option of the TEMPLATES entry
  (the page metadata of `khabar.syndication`), so no app imports another for its tags.

A missing variable renders as nothing and its attributes are missing too
(``ChainableUndefined``), as in Django's templates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

from django.core.signals import setting_changed
from django.db.models import Model
from django.dispatch import receiver
from django.http import HttpRequest
from django.template import defaultfilters
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.autoreload import file_changed
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
from jinja2.runtime import Context
from markupsafe import Markup

from khabar.core import fragments, pagecache
from khabar.core.urlcache import number_path_formatter, static_cached
from khabar.news.models import Article
from khabar.persian import to_persian_digits
from khabar.site.templatetags.khabar_fa import jalali, jalali_date


def environment(**options: Any) -> Environment:
    """The environment; settings.TEMPLATES names it, with `page_tools` among the processors."""
    extra_globals = options.pop("globals", {})
    # Django's backend asks for Undefined (DebugUndefined with DEBUG, which prints the
    # name); the pages are written for Django's leniency: missing is empty, all the way down.
    options["undefined"] = ChainableUndefined
    options.setdefault("extensions", ["jinja2.ext.i18n", FragmentExtension])
    env = Environment(autoescape=options.pop("autoescape", True), **options)
    env.context_class = PageContext
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext_kept, ngettext, newstyle=False, pgettext=pgettext_kept, npgettext=npgettext
    )
    env.globals["_"] = gettext_kept  # not Jinja's alias, which looks `gettext` up per call
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


# A template's every call goes through Context.call, which first asks the callable twice
# whether it wants the context passed (pass_context). The functions the pages call (gettext,
# url, get_absolute_url…) are plain functions and methods: those are called straight.
_PLAIN = frozenset({FunctionType, MethodType, BuiltinFunctionType})


class PageContext(Context):
    def call(__self, __obj, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) in _PLAIN and not hasattr(__obj, "jinja_pass_arg"):
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("a callable raised StopIteration")
        return super().call(__obj, *args, **kwargs)


# --- translations and addresses, kept per language and URLconf -------------------------------

# A page shows some thirty fixed texts and twenty addresses. Django's gettext and reverse()
# first read the active language, URLconf and script prefix (asgiref Locals, a dozen calls
# each) and then do their work. `PageTools` keeps the answers for one language, URLconf
# and script prefix; the `page_tools` context processor reads those three once per page
# and puts that object's functions in the context, where the templates' `_()`, `pgettext()`,
# `{% trans %}`, `url()` and `url_if_any()` find them before the globals. A page rendered
# without a request (the 500 and 503 pages, a template from a string) uses the globals,
# which read the three on each call. What is kept is forgotten when settings change or a
# catalogue is recompiled under runserver.
_MAX = 50_000


class PageTools:
    def __init__(self) -> None:  # one per language, URLconf and script prefix (_current)
        self.texts: dict[tuple[str | None, str], str] = {}
        self.urls: dict[tuple, str] = {}
        self.numbered: dict[tuple[str, str | None], Callable[[int], str]] = {}
        self.context = {
            "_": self.gettext,
            "gettext": self.gettext,
            "pgettext": self.pgettext,
            "url": self.url,
            "url_if_any": self.url_if_any,
        }

    def gettext(self, message: str) -> str:
        text = self.texts.get((None, message))
        if text is None:
            text = self.texts[None, message] = gettext(message)
        return text

    def pgettext(self, context: str, message: str) -> str:
        text = self.texts.get((context, message))
        if text is None:
            text = self.texts[context, message] = pgettext(context, message)
        return text

    def url(self, viewname: str, *args: Any, **kwargs: Any) -> str:
        """`reverse()`: ``url('site:font-size', action='larger')``."""
        key = (viewname, args, *kwargs.items())
        found = self.urls.get(key)
        if found is None:
            if len(args) + len(kwargs) == 1:  # one article's address: filled in, not kept
                number = args[0] if args else next(iter(kwargs.values()))
                if type(number) is int:
                    return self._numbered(viewname, next(iter(kwargs), None))(number)
            found = reverse(viewname, args=args, kwargs=kwargs)
            if len(self.urls) >= _MAX:
                self.urls.clear()
            self.urls[key] = found
        return found

    def _numbered(self, viewname: str, name: str | None) -> Callable[[int], str]:
        make = self.numbered.get((viewname, name))
        if make is None:
            make = self.numbered[viewname, name] = number_path_formatter(viewname, name)
        return make

    def url_if_any(self, viewname: str, *args: Any, **kwargs: Any) -> str:
        """`url()`, or "" where the URLconf has no such page (an app left out)."""
        try:
            return self.url(viewname, *args, **kwargs)
        except NoReverseMatch:
            return ""


_tools: dict[tuple, PageTools] = {}


def _current() -> PageTools:
    key = (get_language(), get_urlconf(), get_script_prefix())
    tools = _tools.get(key)
    if tools is None:
        tools = _tools[key] = PageTools()
    return tools


def page_tools(request: HttpRequest) -> dict[str, Any]:
    """The context processor: this page's language and URLconf's kept translations and URLs."""
    return _current().context


def gettext_kept(message: str) -> str:
    return _current().gettext(message)


def pgettext_kept(context: str, message: str) -> str:
    return _current().pgettext(context, message)


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    return _current().url(viewname, *args, **kwargs)


def url_if_any(viewname: str, *args: Any, **kwargs: Any) -> str:
    return _current().url_if_any(viewname, *args, **kwargs)


def compile_reader_templates() -> int:
    """Load (compile) every template of the reader pages' engine; how many there were."""
    from django.template import engines

    env = engines["jinja2"].env  # type: ignore[attr-defined]
    names = env.list_templates(extensions=["html"])
    for name in names:
        env.get_template(name)
    return len(names)


@receiver(setting_changed, dispatch_uid="khabar.site.templating.tools")
def _forget(**kwargs: Any) -> None:
    _tools.clear()


@receiver(file_changed, dispatch_uid="khabar.site.templating.mo")
def _forget_translations(*, file_path, **kwargs: Any) -> None:
    if file_path.suffix == ".mo":
        _tools.clear()


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
    value = timezone.template_localtime(value)
    if arg == "c":  # what Django's format gives for "c", without its formatter object
        return value.isoformat()
    return defaultfilters.date(value, arg)


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
