"""Text direction by first strong character (like Zulip's rtl.ts and HTML's dir=auto)."""

from __future__ import annotations

import unicodedata

_RTL = frozenset(("R", "AL"))


def text_direction(text: str) -> str:
    """Return ``"rtl"``, ``"ltr"`` or ``"auto"`` (no strong character) for ``text``."""
    bidirectional = unicodedata.bidirectional
    for ch in text:
        kind = bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in _RTL:
            return "rtl"
    return "auto"
