"""URL slugs for Persian titles."""

from __future__ import annotations

import re

from .digits import to_latin_digits
from .normalize import normalize

# Anything that is not a letter or digit (in any script) separates words; ZWNJ too.
_SEPARATORS = re.compile(r"[\W_\u200c\u200d]+")
_FALLBACK = "news"


def slugify(text: str, max_length: int = 80) -> str:
    """A slug that keeps Persian letters: «گفت‌وگوی ۲ وزیر» → ``گفت-وگوی-2-وزیر``.

    The title is normalized first; digits become ASCII (URLs store ASCII digits);
    Latin is lowercased; runs of spaces, ZWNJ and punctuation become one hyphen;
    the result is cut at a word boundary to ``max_length``. When nothing is left,
    returns ``"news"``.
    """
    words = [w for w in _SEPARATORS.split(to_latin_digits(normalize(text)).lower()) if w]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            if not slug:
                slug = word[:max_length]
            break
        slug = candidate
    return slug or _FALLBACK
