"""The article in a story's page: trafilatura, or the source's own CSS rule."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from cssselect import SelectorError
from django.utils.translation import gettext as _

from khabar.ingest.parsers.text import html_to_paragraphs

MIN_WORDS = 12  # less is a menu or a stub, not a story


class ExtractError(Exception):
    """The page did not yield an article."""


@dataclass(frozen=True)
class Extracted:
    title: str
    lead: str
    body: str  # plain text, paragraphs separated by blank lines
    html: str  # the decoded page, kept as the raw payload


def page_decode(content: bytes) -> str:
    """Bytes of a page to text, honouring its declared or detected encoding."""
    # trafilatura (~20 MB) is imported on first use: web processes import this module
    # through the admin but never extract a page.
    from trafilatura.utils import decode_file

    return decode_file(content)


def _select(root, selector: str) -> str:
    try:
        found = root.cssselect(selector)
    except SelectorError as exc:
        raise ExtractError(
            _("The CSS selector %(selector)s is not valid: %(error)s")
            % {"selector": selector, "error": exc}
        ) from exc
    return "\n\n".join(
        html_to_paragraphs(lxml.html.tostring(el, encoding="unicode")) for el in found
    )


def page_extract(content: bytes, *, url: str = "", rule: dict[str, str] | None = None) -> Extracted:
    html = page_decode(content)
    rule = rule or {}
    if rule.get("body"):
        try:
            root = lxml.html.document_fromstring(html)
        except (ValueError, lxml.etree.ParserError) as exc:
            raise ExtractError(_("The page is not readable HTML.")) from exc
        body = _select(root, rule["body"])
        if not body:
            raise ExtractError(
                _("The body selector %(selector)s found nothing on the page.")
                % {"selector": rule["body"]}
            )
        title = _select(root, rule["title"]) if rule.get("title") else ""
        lead = _select(root, rule["lead"]) if rule.get("lead") else ""
        return Extracted(title=title, lead=lead, body=body, html=html)
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, favor_precision=True
    )
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise ExtractError(_("No article text was found on the page."))
    title = (doc.title or "").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    lead = (doc.description or "").strip()
    if lines and lead and lines[0] == lead:
        lines = lines[1:]
    body = "\n\n".join(lines)
    if len(body.split()) < MIN_WORDS:
        raise ExtractError(
            _("The page has too little text to be an article (%(count)d words).")
            % {"count": len(body.split())}
        )
    return Extracted(title=title, lead=lead, body=body, html=html)
