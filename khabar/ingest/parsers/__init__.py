"""Wire formats: RSS/Atom (feedparser) and IPTC ninjs JSON, behind one registry."""

from khabar.ingest.parsers import ninjs, rss  # noqa: F401  (register themselves)
from khabar.ingest.parsers.base import ParseError, Parser, WireItem
from khabar.ingest.parsers.registry import parser_for, parser_get

__all__ = ["ParseError", "Parser", "WireItem", "parser_for", "parser_get"]
