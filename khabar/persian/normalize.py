"""``normalize`` and ``fixes``: one rule pipeline, two outputs.

Every rule is a precompiled regex plus a function from a match to a list of edits
``(start, end, replacement, rule)``. ``normalize`` applies the edits with ``re.sub``;
``fixes`` runs the very same functions and maps each edit back to the input, so the
two can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ._chars import KASHIDA, LETTERS, MARKS, NON_JOINING, ZWJ, ZWNJ
from .zwnj import join_rule, repair_word

Edit = tuple[int, int, str, str]
EditFn = Callable[[re.Match[str]], list[Edit]]


@dataclass(frozen=True, slots=True)
class Fix:
    """One change ``normalize`` makes: ``text[start:end]`` (== ``before``) becomes ``after``."""

    start: int
    end: int
    before: str
    after: str
    rule: str


# --------------------------------------------------------------------------- tables

_ARABIC_SCRIPT = "\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefc"

# Presentation forms -> (base letters, joins to the next letter?, joins to the previous?).
# Word ligatures and symbols (U+FDF0–U+FDFF, e.g. ﷼ RIAL SIGN, ﷲ) are kept as they are.
_PRES: dict[str, tuple[str, bool, bool]] = {}


def _build_presentation_table() -> None:
    ranges = (range(0xFB50, 0xFDF0), range(0xFE70, 0xFEFD))
    for cp in (c for r in ranges for c in r):
        decomposition = unicodedata.decomposition(chr(cp))
        if not decomposition.startswith("<"):
            continue
        tag, *codes = decomposition.split()
        base = "".join(chr(int(c, 16)) for c in codes)
        if tag == "<isolated>":
            _PRES[chr(cp)] = (base, False, False)
        elif tag == "<final>":
            _PRES[chr(cp)] = (base, False, True)
        elif tag == "<initial>":
            _PRES[chr(cp)] = (base, True, False)
        elif tag == "<medial>":
            _PRES[chr(cp)] = (base, True, True)
        elif tag == "<compat>":  # e.g. harakat with tatweel, U+FE71
            _PRES[chr(cp)] = (base.replace(KASHIDA, ""), False, False)


_build_presentation_table()

_LETTER_MAP = {
    "ي": ("ی", "arabic-letters"),
    "ى": ("ی", "arabic-letters"),
    "ك": ("ک", "arabic-letters"),
    "ڪ": ("ک", "arabic-letters"),
    "ھ": ("ه", "arabic-letters"),
    "ە": ("ه", "arabic-letters"),
    **{a: (p, "digits") for a, p in zip("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", strict=True)},
}

# --------------------------------------------------------------------------- rules


def _whole(rule: str, after: str) -> EditFn:
    def fn(m: re.Match[str]) -> list[Edit]:
        return [(m.start(), m.end(), after, rule)]

    return fn


def _presentation(m: re.Match[str]) -> list[Edit]:
    run = m.group()
    shaped = any(_PRES.get(ch, ("", False, False))[1] for ch in run)  # an initial/medial form seen
    out: list[str] = []
    prev_joins_next: bool | None = None  # None: previous char is a base letter (no shape info)
    for ch in run:
        info = _PRES.get(ch)
        if info is None:
            if ch == ZWNJ:
                out.append(ch)
                prev_joins_next = None
                continue
            # base letter: if the previous glyph was a final/isolated form of a joining letter,
            # the writer meant a break here.
            if shaped and prev_joins_next is False and out and out[-1][-1] not in NON_JOINING:
                out.append(ZWNJ)
            out.append(ch)
            prev_joins_next = None
            continue
        base, joins_next, joins_prev = info
        if (
            shaped
            and out
            and out[-1] != ZWNJ
            and out[-1][-1] not in NON_JOINING
            and (prev_joins_next is False or (prev_joins_next is None and not joins_prev))
            and base[:1] not in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0621"
        ):
            out.append(ZWNJ)
        out.append(base)
        prev_joins_next = joins_next
    return _trimmed(m, "".join(out), "presentation-forms")


def _trimmed(m: re.Match[str], new: str, rule: str) -> list[Edit]:
    """One edit covering only the part of the match that changed."""
    old = m.group()
    if old == new:
        return []
    i = 0
    limit = min(len(old), len(new))
    while i < limit and old[i] == new[i]:
        i += 1
    j = 0
    while j < limit - i and old[-1 - j] == new[-1 - j]:
        j += 1
    return [(m.start() + i, m.end() - j, new[i : len(new) - j], rule)]


def _letters(m: re.Match[str]) -> list[Edit]:
    after, rule = _LETTER_MAP[m.group()]
    return [(m.start(), m.end(), after, rule)]


_LETTER_OR_MARK = re.compile(f"[{LETTERS}{MARKS}]")
_IS_LETTER = re.compile(f"[{LETTERS}]")
_IS_MARK = re.compile(f"[{MARKS}]")


def _joiners(m: re.Match[str]) -> list[Edit]:
    """Keep one ZWNJ only between a joining letter and a letter; drop ZWJ next to Persian."""
    text = m.string
    run = m.group()
    before = m.start() - 1
    while before >= 0 and _IS_MARK.match(text[before]):
        before -= 1
    prev = text[before] if before >= 0 else ""
    nxt = text[m.end()] if m.end() < len(text) else ""
    prev_letter = bool(prev) and _IS_LETTER.match(prev) is not None
    next_letter = bool(nxt) and _IS_LETTER.match(nxt) is not None
    if ZWNJ not in run:
        # only ZWJ: leave it alone outside Arabic script (emoji sequences use it)
        keep = "" if (prev_letter or next_letter) else run
    elif prev_letter and next_letter and prev not in NON_JOINING:
        keep = ZWNJ
    else:
        keep = ""
    if keep == run:
        return []
    return [(m.start(), m.end(), keep, "invisible")]


_WORD_RUN = re.compile(f"[{LETTERS}{MARKS}{ZWNJ}]+(?: [{LETTERS}{MARKS}{ZWNJ}]+)*")
_STRIP_MARKS = re.compile(f"[{MARKS}]")


def _repair_token(token: str) -> tuple[str, str] | None:
    """repair_word on a token that may carry diacritics: decide on the bare letters, then put
    the inserted ZWNJ/spaces back between the original letters (marks stay on their letter)."""
    bare = _STRIP_MARKS.sub("", token)
    if bare == token:
        return repair_word(token)
    if not bare:
        return None
    repaired = repair_word(bare)
    if repaired is None:
        return None
    new, rule = repaired
    out: list[str] = []
    k = 0  # index in new
    for ch in token:
        if _IS_MARK.match(ch):
            out.append(ch)
            continue
        while new[k] != ch:  # inserted ZWNJ or space
            out.append(new[k])
            k += 1
        out.append(ch)
        k += 1
    out.append(new[k:])
    return "".join(out), rule


def _words(m: re.Match[str]) -> list[Edit]:
    """ZWNJ restoration and missing-space splitting over a run of space-separated words."""
    edits: list[Edit] = []
    pos = m.start()
    tokens = m.group().split(" ")
    bare_tokens: list[str] = []
    for token in tokens:
        fixed = token
        if ZWNJ not in token:
            repaired = _repair_token(token)
            if repaired is not None:
                fixed, rule = repaired
                edits.append((pos, pos + len(token), fixed, rule))
        else:
            # a ZWNJ compound whose parts lost further ZWNJs (دنبال‌کنندهای)
            part_pos = pos
            parts = token.split(ZWNJ)
            new_parts = []
            for part in parts:
                repaired = _repair_token(part) if len(part) > 2 else None
                if repaired is not None and repaired[1] != "split-joined":
                    edits.append((part_pos, part_pos + len(part), repaired[0], repaired[1]))
                    new_parts.append(repaired[0])
                else:
                    new_parts.append(part)
                part_pos += len(part) + 1
            fixed = ZWNJ.join(new_parts)
        bare_tokens.append(_STRIP_MARKS.sub("", fixed))
        pos += len(token) + 1
    # Join words separated by a space that stands for a ZWNJ (چهره ها, می کنیم, شده اند).
    pos = m.start()
    for i in range(len(tokens) - 1):
        pos += len(tokens[i])
        left, right = bare_tokens[i], bare_tokens[i + 1]
        if left and right:
            rule = join_rule(left, right)
            if rule is not None:
                glue = "" if left[-1] in NON_JOINING else ZWNJ
                edits.append((pos, pos + 1, glue, rule))
        pos += 1
    edits.sort()
    return edits


# Latin digits: the whole space-delimited token is looked at, then the strong characters
# around it on the same line decide.
_DIGIT_TOKEN = re.compile(r"[^\s]*[0-9][^\s]*")
_NOT_PROSE = re.compile(r"[A-Za-z@_#\\]|://|www\.|^[0-9]{6,}$")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _strong(text: str, index: int, step: int) -> str:
    """Direction of the first strong character from ``index`` in ``step`` direction, same line."""
    bidirectional = unicodedata.bidirectional
    n = len(text)
    for _ in range(200):
        if index < 0 or index >= n or text[index] == "\n":
            return ""
        kind = bidirectional(text[index])
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
        index += step
    return ""


def _digits(m: re.Match[str]) -> list[Edit]:
    token = m.group()
    if _NOT_PROSE.search(token):
        return []
    text = m.string
    # the token may itself hold Persian letters (۲۰۲۴میلادی); look outside it first, then in it
    before = _strong(text, m.start() - 1, -1)
    after = _strong(text, m.end(), 1)
    inside = "R" if re.search(f"[{_ARABIC_SCRIPT}]", token) else ""
    if before == "L" or after == "L":
        return []
    if not (before == "R" or after == "R" or inside):
        return []
    edits = []
    for d in _ASCII_DIGITS.finditer(token):
        edits.append(
            (m.start() + d.start(), m.start() + d.end(), d.group().translate(_TO_PERSIAN), "digits")
        )
    return edits


_A = _ARABIC_SCRIPT

# (pattern, edit function) in order. Each later rule must never create work for an earlier one
# (that is what makes normalize idempotent); see docs/persian.md.
_RULES: list[tuple[re.Pattern[str], EditFn]] = [
    (re.compile("[\ufeff\u200b\u2060\u00ad]+"), _whole("invisible", "")),
    (
        re.compile(
            f"[{LETTERS}{MARKS}{ZWNJ}\ufb50-\ufdcf\ufe70-\ufefc]*"
            f"[\ufb50-\ufdcf\ufe70-\ufefc]"
            f"[{LETTERS}{MARKS}{ZWNJ}\ufb50-\ufdcf\ufe70-\ufefc]*"
        ),
        _presentation,
    ),
    (re.compile("[" + "".join(_LETTER_MAP) + "]"), _letters),
    (re.compile(f"(?<=[{LETTERS}{MARKS}]){KASHIDA}+"), _whole("kashida", "")),
    (re.compile(f"[{ZWNJ}{ZWJ}]+"), _joiners),
    # whitespace next to Persian text
    (re.compile(f"(?<=[{_A}])[ \t]{{2,}}|[ \t]{{2,}}(?=[{_A}])"), _whole("spacing", " ")),
    (re.compile(f"(?<=[{_A}])[ \t]+(?=\n|\\Z)"), _whole("spacing", "")),
    # punctuation: no space before ، ؛ ؟ » ; none before . ! : ending a Persian word
    (re.compile(f"(?<=[{LETTERS}{MARKS}»)])[ \t]+(?=[،؛؟»])"), _whole("spacing", "")),
    (re.compile(f"(?<=[{LETTERS}{MARKS}])[ \t]+(?=[.!:](?:[ \t\n]|\\Z))"), _whole("spacing", "")),
    (re.compile("(?<=«)[ \t]+"), _whole("spacing", "")),
    # one space after ، ؛ ؟ and after : ! between Persian words; around « »
    (re.compile(f"(?<=[،؛؟])(?=[{LETTERS}«])"), _whole("spacing", " ")),
    (re.compile(f"(?<=[{LETTERS}{MARKS}][!:])(?=[{LETTERS}])"), _whole("spacing", " ")),
    (re.compile(f"(?<=[{LETTERS}]{{2}}\\.)(?=[{LETTERS}]{{2}})"), _whole("spacing", " ")),
    (re.compile(f"(?<=[{LETTERS}{MARKS}])(?=«)"), _whole("spacing", " ")),
    (re.compile(f"(?<=»)(?=[{LETTERS}])"), _whole("spacing", " ")),
    (_WORD_RUN, _words),
    (_DIGIT_TOKEN, _digits),
]
_N_CHAR_RULES = len(_RULES) - 2

# A cheap test for text no rule can touch: no Arabic-script character, no invisible character.
_MAYBE_WORK = re.compile(f"[{_A}\ufeff\u200b\u2060\u00ad\u200c\u200d]")
# One scan that tells whether any character-level rule can fire. If none matches the input,
# none fires at all (each rule only sees the unchanged input), so they are all skipped.
_CHAR_GUARD = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _RULES[:_N_CHAR_RULES]))
_HAS_DIGIT = re.compile("[0-9]")


def _apply(m: re.Match[str], fn: EditFn) -> str:
    edits = fn(m)
    if not edits:
        return m.group()
    base = m.start()
    text = m.string
    out = []
    pos = base
    for start, end, after, _rule in edits:
        out.append(text[pos:start])
        out.append(after)
        pos = end
    out.append(text[pos : m.end()])
    return "".join(out)


def _replacer(fn: EditFn) -> Callable[[re.Match[str]], str]:
    return lambda m: _apply(m, fn)


_SUBS = [(pattern.sub, _replacer(fn)) for pattern, fn in _RULES]
_CHAR_SUBS = _SUBS[:_N_CHAR_RULES]
_WORD_SUB, _DIGIT_SUB = _SUBS[_N_CHAR_RULES:]


def normalize(text: str) -> str:
    """Repair Persian text (see docs/persian.md for every rule). Idempotent; never raises."""
    if not _MAYBE_WORK.search(text):
        return text
    if _CHAR_GUARD.search(text):
        for sub, repl in _CHAR_SUBS:
            text = sub(repl, text)
    text = _WORD_SUB[0](_WORD_SUB[1], text)
    if _HAS_DIGIT.search(text):
        text = _DIGIT_SUB[0](_DIGIT_SUB[1], text)
    return text


# --------------------------------------------------------------------------- fixes


class _Piece:
    """A stretch of the current text and the input it came from."""

    __slots__ = ("after", "before", "rules")

    def __init__(self, before: str, after: str, rules: tuple[str, ...]) -> None:
        self.before = before
        self.after = after
        self.rules = rules

    @property
    def changed(self) -> bool:
        return bool(self.rules)


def _split_unchanged(pieces: list[_Piece], cuts: Iterable[int]) -> list[_Piece]:
    cut_set = sorted(set(cuts))
    out: list[_Piece] = []
    pos = 0
    k = 0
    for piece in pieces:
        end = pos + len(piece.after)
        if piece.changed:
            out.append(piece)
        else:
            start = pos
            while k < len(cut_set) and cut_set[k] <= start:
                k += 1
            j = k
            last = start
            while j < len(cut_set) and cut_set[j] < end:
                seg = piece.after[last - start : cut_set[j] - start]
                out.append(_Piece(seg, seg, ()))
                last = cut_set[j]
                j += 1
            seg = piece.after[last - start :]
            out.append(_Piece(seg, seg, ()))
        pos = end
    return [p for p in out if p.before or p.after]


def _compose(pieces: list[_Piece], edits: list[Edit]) -> list[_Piece]:
    if not edits:
        return pieces
    pieces = _split_unchanged(pieces, [x for e in edits for x in (e[0], e[1])])
    starts = []
    pos = 0
    for piece in pieces:
        starts.append(pos)
        pos += len(piece.after)
    out: list[_Piece] = []
    i = 0
    n = len(pieces)
    for a, b, after, rule in edits:
        # copy pieces that end before the edit (and do not touch a zero-width edit)
        while i < n:
            p_start, p_end = starts[i], starts[i] + len(pieces[i].after)
            if a == b:
                touches = pieces[i].changed and p_start <= a <= p_end
                if p_end > a or touches:
                    break
            elif p_end > a or (p_start == p_end == a and False):
                break
            out.append(pieces[i])
            i += 1
        absorbed: list[_Piece] = []
        cur_start = a
        cur_end = b
        while i < n:
            p_start, p_end = starts[i], starts[i] + len(pieces[i].after)
            if a == b:
                inside = (p_start < a < p_end) or (pieces[i].changed and p_start <= a <= p_end)
            else:
                inside = p_start < b and (p_end > a or (p_start == p_end and a < p_start))
            if not inside:
                break
            absorbed.append(pieces[i])
            cur_start = min(cur_start, p_start)
            cur_end = max(cur_end, p_end)
            i += 1
        before = "".join(p.before for p in absorbed)
        current = "".join(p.after for p in absorbed)
        new_after = current[: a - cur_start] + after + current[len(current) - (cur_end - b) :]
        rules: list[str] = []
        for p in absorbed:
            rules.extend(r for r in p.rules if r not in rules)
        if rule not in rules:
            rules.append(rule)
        if before == new_after:
            out.append(_Piece(before, before, ()))
        else:
            out.append(_Piece(before, new_after, tuple(rules)))
    out.extend(pieces[i:])
    return out


def fixes(text: str) -> list[Fix]:
    """What ``normalize(text)`` changes, as spans of ``text``; ``apply_fixes`` replays them.

    A fix that several rules touched has their names joined with ``+`` in ``rule``.
    """
    if not _MAYBE_WORK.search(text):
        return []
    pieces = [_Piece(text, text, ())]
    current = text
    for pattern, fn in _RULES:
        edits: list[Edit] = []
        for m in pattern.finditer(current):
            edits.extend(fn(m))
        if edits:
            pieces = _compose(pieces, edits)
            current = "".join(p.after for p in pieces)
    result: list[Fix] = []
    pos = 0
    for piece in pieces:
        if piece.changed:
            result.append(
                Fix(pos, pos + len(piece.before), piece.before, piece.after, "+".join(piece.rules))
            )
        pos += len(piece.before)
    return result


def apply_fixes(text: str, selected: Iterable[Fix]) -> str:
    """Apply fixes (all of ``fixes(text)``, or a subset an editor accepted) to ``text``."""
    out = []
    pos = 0
    for fix in sorted(selected, key=lambda f: (f.start, f.end)):
        if fix.start < pos or text[fix.start : fix.end] != fix.before:
            raise ValueError(f"fix does not match the text: {fix!r}")
        out.append(text[pos : fix.start])
        out.append(fix.after)
        pos = fix.end
    out.append(text[pos:])
    return "".join(out)
