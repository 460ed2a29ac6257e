"""Body HTML: an allow-list sanitizer (nh3) and Persian normalization of text nodes."""

from __future__ import annotations

import html
import re

import nh3

from khabar.persian import normalize

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "q",
    "cite",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "span",
    "bdi",
    "abbr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "bdi": {"dir"},
    "span": {"dir"},
    "p": {"dir"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_TAG_SPLIT = re.compile(r"(<[^>]*>)")


def sanitize_body(raw_html: str) -> str:
    """Keep only allow-listed tags and attributes; scripts, handlers and styles go."""
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def normalize_html_text(clean_html: str) -> str:
    """Run `khabar.persian.normalize` over the text between tags of sanitized HTML."""
    parts = _TAG_SPLIT.split(clean_html)
    out = []
    for part in parts:
        if part.startswith("<") or not part.strip():
            out.append(part)
        else:
            # Keep the white space at the edges: it separates the text from its neighbours.
            core = part.strip()
            head, tail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()) :]
            text = normalize(html.unescape(core))
            out.append(head[:1] + html.escape(text, quote=False) + tail[:1])
    return "".join(out)


def clean_body(raw_html: str) -> str:
    """What is stored as an article body: sanitized, then normalized."""
    return normalize_html_text(sanitize_body(raw_html))


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Plain-text paragraphs (from imports) as escaped <p> elements."""
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p.strip())


def html_to_text(body_html: str) -> str:
    """Plain text of a body, paragraphs separated by blank lines (for leads, feeds, search)."""
    text = re.sub(r"</(p|h[2-4]|li|blockquote|figcaption|tr)>", "\n\n", body_html)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = _TAG_SPLIT.sub("", text)
    text = html.unescape(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
