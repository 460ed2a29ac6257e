"""What every wire-format parser returns, and the contract it follows.

Parsers are pure: bytes in, frozen `WireItem`s out, no ORM. A parser that
cannot read its input raises `ParseError` with a message an editor can act on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime


class ParseError(Exception):
    """The input is not in the parser's format (the message says why)."""


@dataclass(frozen=True)
class WireItem:
    """One story as a feed describes it (text still raw; the service normalizes)."""

    guid: str
    url: str = ""
    title: str = ""
    lead: str = ""
    body: str = ""  # plain text, paragraphs separated by blank lines
    category: str = ""
    original_agency: str = ""  # who wrote it first, when the feed says
    published_at: datetime | None = None
    raw: str = ""  # the entry as it came (JSON)


class Parser(ABC):
    name: str = ""

    @abstractmethod
    def can_parse(self, content: bytes, content_type: str = "") -> bool:
        """Cheap sniff: is this likely my format?"""

    @abstractmethod
    def parse(self, content: bytes, *, base_url: str = "") -> list[WireItem]:
        """All items in `content`; raises `ParseError` when it is not readable at all."""
