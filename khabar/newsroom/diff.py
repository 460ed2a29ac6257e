"""Side-by-side, word-level comparison of two article revisions (escaped HTML)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from khabar.news.html import html_to_text
from khabar.news.models import Category, Image, Source, Tag

FIELDS = (
    ("overline", _("overline")),
    ("title", _("title")),
    ("lead", _("lead")),
    ("body", _("body")),
    ("category", _("category")),
    ("tags", _("tags")),
    ("lead_image", _("lead image")),
    ("house_attribution", _("house attribution")),
    ("via_source", _("via agency")),
    ("original_source", _("original agency")),
)
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    left: SafeString
    right: SafeString
    changed: bool


def _as_text(name: str, value: Any) -> str:
    if value in (None, "", []):
        return ""
    if name == "body":
        return html_to_text(value)
    if name == "category":
        return str(Category.objects.filter(pk=value).first() or value)
    if name in ("via_source", "original_source"):
        return str(Source.objects.filter(pk=value).first() or value)
    if name == "lead_image":
        return str(Image.objects.filter(pk=value).first() or value)
    if name == "tags":
        return "، ".join(Tag.objects.filter(pk__in=value).values_list("name", flat=True))
    return str(value)


def _mark(tokens: list[str], tag: str) -> str:
    text = escape("".join(tokens))
    return f'<{tag} class="diff-{tag}">{text}</{tag}>' if text.strip() else text


def compare_text(a: str, b: str) -> tuple[SafeString, SafeString]:
    """Word-level diff of two texts: (left with <del>, right with <ins>)."""
    ta, tb = _TOKENS.findall(a), _TOKENS.findall(b)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(escape("".join(ta[i1:i2])))
            right.append(escape("".join(tb[j1:j2])))
        else:
            if i2 > i1:
                left.append(_mark(ta[i1:i2], "del"))
            if j2 > j1:
                right.append(_mark(tb[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - escaped above


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[FieldDiff]:
    """Every field of two revision snapshots, side by side; unchanged ones marked so."""
    rows = []
    for name, label in FIELDS:
        ta, tb = _as_text(name, a.get(name)), _as_text(name, b.get(name))
        left, right = compare_text(ta, tb)
        rows.append(FieldDiff(name, str(label), left, right, ta != tb))
    return rows
