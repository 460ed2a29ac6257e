"""Search folding: one spelling for every way a word can be typed."""

from __future__ import annotations

import re

from ._chars import MARKS
from .normalize import normalize

_FOLD_TABLE = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ی",
        "ة": "ه",
        "ۀ": "ه",
        "\u200c": None,
        "\u200d": None,
        "\u0640": None,
        **dict(zip("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789", strict=True)),
    }
)
_PRE_TABLE = str.maketrans({"\u0640": None, "\u200d": None, "\u200c": None})
_MARKS = re.compile(f"[{MARKS}\u0654\u0655]+")
_SPACES = re.compile(r"\s+")


def fold_for_search(text: str) -> str:
    """Fold text for indexing and querying (apply the same function on both sides).

    ``normalize`` first, then: remove diacritics, hamza marks and tatweel; fold alef/hamza
    variants to «ا», «ؤ» to «و», «ئ» to «ی», «ة»/«ۀ» to «ه»; remove ZWNJ/ZWJ so joined,
    ZWNJ and (for the ZWNJ suffixes) spaced spellings meet; digits to ASCII; lowercase
    Latin (casefold); collapse whitespace. See docs/persian.md for the contract.
    """
    # ZWNJ, tatweel, ZWJ, marks and extra whitespace go before normalize(), so that it sees
    # «هسته‌ای» and «هستهای» alike; letters and digits are folded after it (the lexicon
    # needs them).
    text = _SPACES.sub(" ", _MARKS.sub("", text.translate(_PRE_TABLE))).strip()
    folded = normalize(text).translate(_FOLD_TABLE)
    return _SPACES.sub(" ", _MARKS.sub("", folded)).strip().casefold()
