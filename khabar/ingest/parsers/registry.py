"""Parsers by name, so a feed can say its format and unknown input can be sniffed."""

from __future__ import annotations

from khabar.ingest.parsers.base import ParseError, Parser

_PARSERS: dict[str, Parser] = {}


def register(parser_class: type[Parser]) -> type[Parser]:
    _PARSERS[parser_class.name] = parser_class()
    return parser_class


def parser_get(name: str) -> Parser:
    try:
        return _PARSERS[name]
    except KeyError:
        raise ParseError(f"no parser named {name!r}") from None


def parser_for(content: bytes, content_type: str = "") -> Parser:
    for parser in _PARSERS.values():
        if parser.can_parse(content, content_type):
            return parser
    raise ParseError("no parser recognizes this input")
