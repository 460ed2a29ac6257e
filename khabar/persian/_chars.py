"""Character classes shared by the rules (as strings usable inside a regex ``[...]``)."""

from __future__ import annotations

ZWNJ = "\u200c"
ZWJ = "\u200d"
KASHIDA = "\u0640"

# Arabic-script letters in the base block (no digits, punctuation or marks).
LETTERS = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
# Combining marks written over or under letters (harakat, superscript alef, Quranic marks).
MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"

# Letters that never join the letter after them (right-joining or non-joining):
# a ZWNJ after one of them changes nothing on screen.
NON_JOINING = frozenset(
    "\u0621\u0622\u0623\u0624\u0625\u0627\u0629\u062f\u0630\u0631\u0632\u0648\u0671\u0672\u0673"
    "\u0675\u0676\u0677\u0688\u0689\u068a\u068b\u068c\u068d\u068e\u068f\u0690\u0691\u0692\u0693"
    "\u0694\u0695\u0696\u0697\u0698\u0699\u06c0\u06c3\u06c4\u06c5\u06c6\u06c7\u06c8\u06c9\u06ca"
    "\u06cb\u06cd\u06cf\u06d2\u06d3\u06d5\u06ee\u06ef"
)

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
