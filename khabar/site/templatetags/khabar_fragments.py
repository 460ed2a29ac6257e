"""`{% fragment %}`: a part of a page rendered once per change and reused by other pages.

    {% load khabar_fragments %}
    {% fragment "latest-sidebar" latest %}…the markup…{% endfragment %}

The rendered markup is kept through `khabar.core.fragments` (the page cache), under a
name made of the fragment's name, the language and the values given after it, and goes
stale like a page: with the ``site`` key (navigation, category and source names, the
banner) and the ``article-<news_id>`` key of every article among the values. So the values
must be everything the markup shows that can differ: articles (or lists of them) by
themselves, anything else (a category, a path, a date) by what decides the markup.
Markup that depends on the reader (cookies, the query string) does not belong inside.

Article pages rendered for the first time share their header and the «latest news»
sidebar with every other article page: rendering them once per change instead of on
every page is most of what an uncached page's template cost.
"""

from __future__ import annotations

import hashlib

from django import template
from django.db.models import Model
from django.utils.translation import get_language

from khabar.core import fragments, pagecache
from khabar.news.models import Article

register = template.Library()


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


class FragmentNode(template.Node):
    def __init__(self, name: str, values: list[template.base.FilterExpression], nodelist):
        self.name = name
        self.values = values
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        names = [self.name, get_language() or ""]
        keys = [pagecache.SITE]
        for value in self.values:
            _parts(value.resolve(context), names, keys)
        digest = hashlib.blake2b("\n".join(names).encode(), digest_size=16).hexdigest()
        return fragments.cached(
            f"html:{self.name}:{digest}",
            lambda: self.nodelist.render(context),  # safe markup, escaped as it was rendered
            keys=lambda _: keys,
        )


@register.tag
def fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted name, then values")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1][1:-1], [parser.compile_filter(b) for b in bits[2:]], nodelist)
