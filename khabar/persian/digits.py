"""Digit-set conversion: Persian (U+06F0–U+06F9), Arabic-Indic (U+0660–U+0669), ASCII."""

from __future__ import annotations

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)


def to_persian_digits(text: str) -> str:
    """Every ASCII and Arabic-Indic digit becomes its Persian form; nothing else changes.

    For rendering numbers and dates. Unlike ``normalize`` it does not look at the
    context, so never pass it URLs or codes.
    """
    return text.translate(_TO_PERSIAN)


def to_latin_digits(text: str) -> str:
    """Every Persian and Arabic-Indic digit becomes ASCII; for parsing user input (IDs, dates)."""
    return text.translate(_TO_LATIN)
