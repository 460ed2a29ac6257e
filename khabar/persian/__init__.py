"""Persian text toolkit for Khabar: pure Python, no Django (a test proves it).

from khabar.persian import normalize, fixes, fold_for_search, slugify
"""

from .bidi import text_direction
from .digits import to_latin_digits, to_persian_digits
from .fold import fold_for_search
from .jalali import (
    format_jalali,
    jalali_month_name,
    jalali_weekday_name,
    parse_jalali_date,
)
from .normalize import Fix, apply_fixes, fixes, normalize
from .slug import slugify

__all__ = [
    "Fix",
    "apply_fixes",
    "fixes",
    "fold_for_search",
    "format_jalali",
    "jalali_month_name",
    "jalali_weekday_name",
    "normalize",
    "parse_jalali_date",
    "slugify",
    "text_direction",
    "to_latin_digits",
    "to_persian_digits",
]
