"""HTML fragments of feeds to plain text (paragraphs kept)."""

from __future__ import annotations

import re

import lxml.html

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}


def html_to_paragraphs(fragment: str) -> str:
    """Plain text of an HTML fragment, one blank line between paragraphs."""
    if not fragment or "<" not in fragment:
        return _tidy(fragment or "")
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return _tidy(re.sub(r"<[^>]+>", " ", fragment))
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for el in root.iter():
        if el.tag in _BLOCK:
            el.tail = "\n\n" + (el.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)
