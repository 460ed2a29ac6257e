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
from .lexicon import get_lexicon
from .zwnj import (
    BOUND_TAILS,
    heh_reading,
    indefinite_context,
    join_rule,
    plural_context,
    repair_word,
)
from .zwnj import MI_PREFIXES as _MI_PREFIXES

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


# decomposition tag -> (joins the next letter, joins the previous letter)
_SHAPES = {
    "<isolated>": (False, False),
    "<final>": (False, True),
    "<initial>": (True, False),
    "<medial>": (True, True),
}


def _build_presentation_table() -> None:
    ranges = (range(0xFB50, 0xFDF0), range(0xFE70, 0xFEFD))
    for cp in (c for r in ranges for c in r):
        decomposition = unicodedata.decomposition(chr(cp))
        if not decomposition.startswith("<"):
            continue
        tag, *codes = decomposition.split()
        # isolated harakat (U+FE70 …) decompose to space + mark, medial ones to tatweel + mark
        base = "".join(chr(int(c, 16)) for c in codes).replace(KASHIDA, "").replace(" ", "")
        joins_next, joins_prev = _SHAPES.get(tag, (False, False))
        _PRES[chr(cp)] = (base, joins_next, joins_prev)


_build_presentation_table()
_PRES_CLASS = "".join(sorted(_PRES))  # only the forms that have a mapping (not ﷼, ﷲ, FDC8…)
_PRES_WORD_CHAR = f"[{LETTERS}{MARKS}{ZWNJ}{_PRES_CLASS}]"
_HAS_PRES = re.compile(f"[{_PRES_CLASS}]")

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
_MAX_MARKS = 8
_IS_MARK_OR_JOINER = re.compile(f"[{MARKS}{ZWNJ}{ZWJ}]")
_IS_ARABIC_BLOCK = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _foreign(ch: str) -> bool:
    """A letter, mark or symbol of another script (Latin, Indic, emoji …)."""
    return (
        bool(ch)
        and (ch.isalpha() or unicodedata.category(ch)[0] in "MS")
        and _IS_ARABIC_BLOCK.match(ch) is None
    )


def _joiners(m: re.Match[str]) -> list[Edit]:
    """Keep one ZWNJ only between a joining letter and a letter; drop ZWJ next to Persian.

    Joiners between characters of other scripts (Indic conjuncts, emoji sequences) are kept.
    """
    text = m.string
    run = m.group()
    before = m.start() - 1
    # (bounded: a pathological run of marks and joiners must not make this quadratic)
    stop = max(-1, before - _MAX_MARKS)
    while before > stop and _IS_MARK_OR_JOINER.match(text[before]):
        before -= 1
    prev = text[before] if before >= 0 else ""
    nxt = text[m.end()] if m.end() < len(text) else ""
    prev_letter = bool(prev) and _IS_LETTER.match(prev) is not None
    next_letter = bool(nxt) and _IS_LETTER.match(nxt) is not None
    if ZWNJ in run and prev_letter and next_letter and prev not in NON_JOINING:
        keep = ZWNJ
    elif not (prev_letter or next_letter) and (_foreign(prev) or _foreign(nxt)):
        keep = run
    else:
        keep = ""
    if keep == run:
        return []
    return [(m.start(), m.end(), keep, "invisible")]


# space-separated words; a word starts with a letter (an orphan mark or joiner after a
# space belongs to no word)
_WORD = f"[{LETTERS}][{LETTERS}{MARKS}{ZWNJ}]*"
_WORD_RUN = re.compile(f"{_WORD}(?: {_WORD})*")
_STRIP_MARKS = re.compile(f"[{MARKS}]")


def _repair_token(token: str) -> tuple[str, str] | None:
    """repair_word on a token that may carry diacritics: decide on the bare letters, then put
    the inserted ZWNJ/spaces back between the original letters (marks stay on their letter)."""
    bare = _STRIP_MARKS.sub("", token)  # never empty: a word starts with a letter
    if bare == token:
        return repair_word(token)
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


_SENTENCE_END = re.compile(r"\s*(?:[.،؛؟!:]|\Z)")


def _indefinite(
    m: re.Match[str], tokens: list[str], index: int, lasts: list[str]
) -> tuple[str, str] | None:
    """پوشهای: پوشه‌ای or پوش‌های? The neighbours decide where only one reading fits."""
    forms = heh_reading(tokens[index])
    if forms is None:
        return None
    before = lasts[index - 1] if index else None
    if index + 1 < len(tokens):
        after: str | None = tokens[index + 1].partition(ZWNJ)[0]
    else:
        # the end of a sentence (not a word on its own: a title or a list item can be a
        # plural)
        after = None if index and _SENTENCE_END.match(m.string, m.end()) else ""
    if indefinite_context(before, after):
        return forms[0], "zwnj-suffix"
    if plural_context(after) and forms[1] != tokens[index]:
        return forms[1], "zwnj-suffix"
    return None


def _spelling_choice(repaired: tuple[str, str]) -> bool:
    """A compound or comparative written solid (پیشفرض, وبسایت, بزرگتر), not split off a
    bound part (بیانکننده).

    In a text that uses ZWNJ (the joiner rule has already removed every misplaced one, so
    any left was typed on purpose) its writer knows the joiner, and a solid compound or
    comparative is their spelling of a word that is written both ways, not a lost ZWNJ; so
    is a spaced compound (برنامه نویسی, see ``_words``). Other affixes (می‌, ‌ها, ‌ای) and
    bound parts are still repaired there: they have one correct spelling.
    """
    new, rule = repaired
    if rule == "compound":
        return new.rpartition(ZWNJ)[2] not in BOUND_TAILS
    return rule == "zwnj-suffix" and new.count(ZWNJ) == 1 and new.endswith(_COMPARATIVES)


_COMPARATIVES = (ZWNJ + "تر", ZWNJ + "ترین")


def _words(m: re.Match[str], careful: bool = False) -> list[Edit]:
    """ZWNJ restoration and missing-space splitting over a run of space-separated words.

    ``careful``: the text used ZWNJ when the word rule started (see ``_spelling_choice``);
    decided once for all passes, so a pass never undoes its own repairs' evidence.
    """
    run = m.group()
    marks = _IS_MARK.search(run) is not None
    repair = _repair_token if marks else repair_word
    edits: list[Edit] = []
    pos = m.start()
    tokens = run.split(" ")
    firsts: list[str] = []  # the first word of each token as repaired (a split adds a space)
    lasts: list[str] = []  # and its last word
    for index, token in enumerate(tokens):
        fixed = token
        if ZWNJ not in token:
            repaired = repair(token)
            if repaired is None and not marks and token.endswith("های"):
                repaired = _indefinite(m, tokens, index, lasts)
            if repaired is not None and not (careful and _spelling_choice(repaired)):
                fixed, rule = repaired
                edits.append((pos, pos + len(token), fixed, rule))
        else:
            # a ZWNJ compound whose parts lost further ZWNJs (دنبال‌کنندهای)
            part_pos = pos
            new_parts = []
            for part in token.split(ZWNJ):
                repaired = repair(part) if len(part) > 2 else None
                if (
                    repaired is not None
                    and repaired[1] != "split-joined"
                    and not _spelling_choice(repaired)
                ):
                    edits.append((part_pos, part_pos + len(part), repaired[0], repaired[1]))
                    new_parts.append(repaired[0])
                else:
                    new_parts.append(part)
                part_pos += len(part) + 1
            fixed = ZWNJ.join(new_parts)
        if marks:
            fixed = _STRIP_MARKS.sub("", fixed)
        firsts.append(fixed.partition(" ")[0])
        lasts.append(fixed.rpartition(" ")[2])
        pos += len(token) + 1
    # Join words separated by a space that stands for a ZWNJ (چهره ها, می کنیم, شده اند).
    if len(tokens) > 1:
        lex = get_lexicon()
        triggers = lex.join_triggers
        pos = m.start()
        for i in range(len(tokens) - 1):
            pos += len(tokens[i])
            left, right = lasts[i], firsts[i + 1]
            if (
                ZWNJ in right
                or right in triggers
                or left in _MI_PREFIXES
                or (right[0] == "و" and len(right) > 3 and right not in lex.freq)  # کسب وکارها
            ):
                join = join_rule(left, right)
                if join == "compound" and careful and right.partition(ZWNJ)[0] not in BOUND_TAILS:
                    join = None  # a spaced compound is the writer's spelling too
                if join is not None:
                    glue = "" if left[-1] in NON_JOINING else ZWNJ
                    edits.append((pos, pos + 1, glue, join))
            pos += 1
        edits.sort()
    return edits


# Latin digits: the whole space-delimited token is looked at, then the strong characters
# around it on the same line decide.
# The chunk around the digits: no whitespace, no Persian letter (so neither a missing-space
# split nor a punctuation-spacing rule can ever change it).
_DIGIT_TOKEN = re.compile(f"(?<![^\\s{LETTERS}])[^\\s{LETTERS}]++")
# (and an IP address: four dot-separated numbers, 192.168.0.100)
_NOT_PROSE = re.compile(r"[A-Za-z@_#\\]|://|www\.|[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
# a run of six or more digits with no separator is an ID or a code (شناسه: 3830263)
_ID_DIGITS = 6
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
    """Latin digits to Persian in Persian prose: the strong characters nearest to the number
    (not to its whitespace-delimited token, which later spacing rules may cut) decide."""
    token = m.group()
    if _NOT_PROSE.search(token) or _ASCII_DIGITS.search(token) is None:
        return []
    text = m.string
    runs = list(_ASCII_DIGITS.finditer(token))
    if any(d.end() - d.start() >= _ID_DIGITS for d in runs):
        return []
    before = _strong(text, m.start() + runs[0].start() - 1, -1)
    after = _strong(text, m.start() + runs[-1].end(), 1)
    if before == "L" or after == "L" or "R" not in (before, after):
        return []
    return [
        (m.start() + d.start(), m.start() + d.end(), d.group().translate(_TO_PERSIAN), "digits")
        for d in runs
    ]


_A = _ARABIC_SCRIPT
# zero-width space, BOM / zero-width no-break space, word joiner, soft hyphen
_INVISIBLE = "\u200b\ufeff\u2060\u00ad"

# (pattern, edit function) in order. Each later rule must never create work for an earlier one
# (that is what makes normalize idempotent); see docs/persian.md.
_RULES: list[tuple[re.Pattern[str], EditFn]] = [
    (
        # (ASCII digits and joiners count as context: later rules may turn them into
        # Persian digits or remove them)
        re.compile(
            f"(?<=[{_A}0-9{ZWNJ}{ZWJ}])[{_INVISIBLE}]+|[{_INVISIBLE}]+(?=[{_A}0-9{ZWNJ}{ZWJ}])"
        ),
        _whole("invisible", ""),
    ),
    (
        # a whole word that holds a presentation form; anchored at the word's start and
        # possessive, so each word is scanned once (a backtracking pattern was quadratic)
        re.compile(
            f"(?<!{_PRES_WORD_CHAR})[{LETTERS}{MARKS}{ZWNJ}]*+[{_PRES_CLASS}]{_PRES_WORD_CHAR}*+"
        ),
        _presentation,
    ),
    (re.compile("[" + "".join(_LETTER_MAP) + "]"), _letters),
    (re.compile(f"(?<=[{LETTERS}{MARKS}{ZWNJ}{ZWJ}]){KASHIDA}+"), _whole("kashida", "")),
    (re.compile(f"[{ZWNJ}{ZWJ}]+"), _joiners),
    (_DIGIT_TOKEN, _digits),
    # whitespace next to Persian text
    (re.compile(f"(?<=[{_A}])[ \t]{{2,}}|[ \t]{{2,}}(?=[{_A}])"), _whole("spacing", " ")),
    (re.compile(f"(?<=[{_A}])[ \t]+(?=\n|\\Z)"), _whole("spacing", "")),
    # punctuation: no space before ، ؛ ؟ » ; none before . ! : ending a Persian word
    (re.compile(f"(?<=[{LETTERS}{MARKS}»)])[ \t]+(?=[،؛؟»])"), _whole("spacing", "")),
    (
        re.compile(f"(?<=[{LETTERS}{MARKS}])[ \t]+(?=[.!:](?:[ \t\n]|\\Z|[{LETTERS}]))"),
        _whole("spacing", ""),
    ),
    (re.compile("(?<=«)[ \t]+"), _whole("spacing", "")),
    # one space after ، ؛ ؟ and after : ! between Persian words; around « »
    (re.compile(f"(?<=[،؛؟])(?=[{LETTERS}«])"), _whole("spacing", " ")),
    (re.compile(f"(?<=[{LETTERS}{MARKS}][!:])(?=[{LETTERS}])"), _whole("spacing", " ")),
    (re.compile(f"(?<=[{LETTERS}]{{2}}\\.)(?=[{LETTERS}]{{2}})"), _whole("spacing", " ")),
    (re.compile(f"(?<=[{LETTERS}{MARKS}])(?=«)"), _whole("spacing", " ")),
    (re.compile(f"(?<=»)(?=[{LETTERS}])"), _whole("spacing", " ")),
    (_WORD_RUN, _words),
]
_N_CHAR_RULES = len(_RULES) - 1
# The word rule runs again on its own output until nothing changes (a join can make a word
# that another rule then repairs); clean text needs one pass, repaired text two.
_WORD_PASSES = 3

# A cheap test for text no rule can touch: without Arabic script, nothing is changed.
_MAYBE_WORK = re.compile(f"[{_A}]")
# One scan that tells whether any character-level rule can fire. If none matches the input,
# none fires at all (each rule only sees the unchanged input), so they are all skipped.
# Rules whose own pattern matches far more than what they change get a narrow trigger.
_TRIGGERS: dict[EditFn, str] = {_presentation: _HAS_PRES.pattern, _digits: "[0-9]"}
_CHAR_GUARD = re.compile(
    "|".join(f"(?:{_TRIGGERS.get(fn, p.pattern)})" for p, fn in _RULES[:_N_CHAR_RULES])
)


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


_LETTER_TABLE = str.maketrans({k: v for k, (v, _rule) in _LETTER_MAP.items()})


def _translate_letters(_repl: object, text: str) -> str:
    # same result as the regex rule (a pure character map), without a call per character
    return text.translate(_LETTER_TABLE)


_SUBS = [
    (_translate_letters if fn is _letters else pattern.sub, _replacer(fn)) for pattern, fn in _RULES
]
_CHAR_SUBS = _SUBS[:_N_CHAR_RULES]
_WORD_SUBS = {
    careful: (_WORD_RUN.sub, _replacer(lambda m, careful=careful: _words(m, careful)))
    for careful in (False, True)
}


def normalize(text: str) -> str:
    """Repair Persian text (see docs/persian.md for every rule). Idempotent; never raises."""
    if not _MAYBE_WORK.search(text):
        return text
    if _CHAR_GUARD.search(text):
        for sub, repl in _CHAR_SUBS:
            text = sub(repl, text)
    sub, repl = _WORD_SUBS[ZWNJ in text]
    new = sub(repl, text)
    passes = 1
    while new != text and passes < _WORD_PASSES:
        text, new = new, sub(repl, new)
        passes += 1
    return new


# --------------------------------------------------------------------------- fixes


def _careful_words(m: re.Match[str]) -> list[Edit]:
    return _words(m, careful=True)


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
    """Apply one rule's edits (positions in the current text) to the piece list.

    An edit that touches an earlier change absorbs it, and edits that absorb the same pieces
    are applied together, so the result maps the input to the new text exactly.
    """
    pieces = _split_unchanged(pieces, [x for e in edits for x in (e[0], e[1])])
    starts: list[int] = []
    pos = 0
    for piece in pieces:
        starts.append(pos)
        pos += len(piece.after)
    ends = [st + len(p.after) for st, p in zip(starts, pieces, strict=True)]
    # group edits by the pieces they absorb: [lo, hi) piece indexes, cur start, edits
    groups: list[tuple[int, int, int, list[Edit]]] = []
    k = 0
    n = len(pieces)
    for edit in edits:
        a, b = edit[0], edit[1]
        while k < n and (ends[k] < a or (ends[k] == a and (a < b or not pieces[k].changed))):
            k += 1
        lo = k
        hi = lo
        while hi < n and (
            (a < b and starts[hi] < b)
            or (a == b and (starts[hi] < a or (pieces[hi].changed and starts[hi] == a)))
        ):
            hi += 1
        if groups and lo < groups[-1][1]:
            g_lo, g_hi, g_start, g_edits = groups.pop()
            groups.append((g_lo, max(g_hi, hi), g_start, [*g_edits, edit]))
        else:
            groups.append((lo, hi, starts[lo] if lo < hi else a, [edit]))
    out: list[_Piece] = []
    i = 0
    for lo, hi, g_start, g_edits in groups:
        out.extend(pieces[i:lo])
        absorbed = pieces[lo:hi]
        current = "".join(p.after for p in absorbed)
        new_parts = []
        cursor = 0
        for a, b, after, _rule in g_edits:
            new_parts.append(current[cursor : a - g_start])
            new_parts.append(after)
            cursor = b - g_start
        new_parts.append(current[cursor:])
        new_after = "".join(new_parts)
        before = "".join(p.before for p in absorbed)
        rules: list[str] = []
        for p in absorbed:
            rules.extend(r for r in p.rules if r not in rules)
        for e in g_edits:
            if e[3] not in rules:
                rules.append(e[3])
        out.append(_Piece(before, new_after, tuple(rules) if before != new_after else ()))
        i = max(i, hi)
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
    for index, (pattern, fn) in enumerate(_RULES):
        if fn is _words and ZWNJ in current:
            fn = _careful_words
        for _ in range(_WORD_PASSES if index == _N_CHAR_RULES else 1):
            edits: list[Edit] = []
            for m in pattern.finditer(current):
                edits.extend(fn(m))
            if not edits:
                break
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
