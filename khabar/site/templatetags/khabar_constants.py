"""`{% translate %}`, `{% url %}` and `{% static %}` that work out a constant once per process.

    {% load i18n static khabar_constants %}

Loaded after ``i18n`` and ``static``, this library's tags take their place in the template,
with the same syntax and output. When every argument is a literal (``{% translate "Home" %}``,
``{% url 'site:font-size' action='larger' %}``, ``{% static 'site/site.css' %}``) the answer is
kept, per language for a translation; any other use is Django's own tag, unchanged. A reader
page shows some thirty such constants, each costing Django 70 to 150 Python calls a render
(a lazy translation, reverse(), the static files manifest): a tenth of an uncached page.

What the answers depend on is in their keys (the language, the URLconf and script prefix,
autoescaping) or clears them: any settings change (tests override LOCALE_PATHS, STORAGES…).
``makemessages`` still finds the strings: it reads ``{% translate %}`` whatever library
defines it.
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.template.base import FilterExpression, Variable
from django.templatetags import i18n as django_i18n
from django.templatetags import static as django_static
from django.utils.autoreload import file_changed
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from khabar.core.urlcache import reverse_cached, static_cached

register = template.Library()

_texts: dict[tuple, str] = {}


@receiver(setting_changed, dispatch_uid="khabar.site.templatetags.khabar_constants")
def _forget(**kwargs) -> None:
    _texts.clear()


@receiver(file_changed, dispatch_uid="khabar.site.templatetags.khabar_constants.mo")
def _forget_translations(*, file_path, **kwargs) -> None:
    if file_path.suffix == ".mo":  # runserver reloads the catalogs without a restart
        _texts.clear()


def _constant(expression: FilterExpression | None) -> bool:
    """A literal with no filters: `"Home"`, `'site:home'`, `3` (not a variable)."""
    if expression is None:
        return True
    if expression.filters:
        return False
    var = expression.var
    return not isinstance(var, Variable) or var.lookups is None


class ConstantTranslateNode(django_i18n.TranslateNode):
    """`{% translate "literal" %}`: the translation rendered once per language."""

    def render(self, context: template.Context) -> str:
        context_token = self.message_context.token if self.message_context else None
        key = (get_language(), self.filter_expression.token, context_token, context.autoescape)
        value = _texts.get(key)
        if value is None:
            value = _texts[key] = super().render(context)
        return value


@register.tag("translate")
@register.tag("trans")
def translate(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    node = django_i18n.do_translate(parser, token)
    constant = (
        node.asvar is None  # `as var` sets a variable: left to Django
        and not node.noop
        and _constant(node.filter_expression)
        and _constant(node.message_context)
    )
    if not constant:
        return node
    return ConstantTranslateNode(node.filter_expression, False, None, node.message_context)


class ConstantURLNode(defaulttags.URLNode):
    """`{% url 'name' literal… %}`: reverse() once per URLconf, script prefix and app."""

    def render(self, context: template.Context) -> str:
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        url = reverse_cached(self.view_name.resolve(context), args, kwargs, current_app)
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag("url")
def url(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    node = defaulttags.url(parser, token)
    constant = (
        node.asvar is None  # `as var` swallows NoReverseMatch: left to Django
        and _constant(node.view_name)
        and all(_constant(arg) for arg in node.args)
        and all(_constant(value) for value in node.kwargs.values())
    )
    if not constant:
        return node
    return ConstantURLNode(node.view_name, node.args, node.kwargs, None)


class ConstantStaticNode(django_static.StaticNode):
    """`{% static 'literal' %}`: the storage's URL (hashed name from the manifest) once."""

    def url(self, context: template.Context) -> str:
        return static_cached(self.path.resolve(context))


@register.tag("static")
def static(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    node = django_static.StaticNode.handle_token(parser, token)
    if not _constant(node.path):
        return node
    return ConstantStaticNode(node.varname, node.path)
