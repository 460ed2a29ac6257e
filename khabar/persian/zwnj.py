"""Word-level repair: restore lost or spaced ZWNJ, split words glued by a missing space.

Rules are lexicon-driven and conservative: a word the lexicon knows is never changed
(unless the lexicon itself spells it with a ZWNJ), and an unknown word is changed only
when it splits into a known stem plus a known affix. So «فیلتر» stays «فیلتر».
"""

from __future__ import annotations

from ._chars import NON_JOINING, ZWNJ
from .lexicon import Lexicon, get_lexicon

# Suffixes always written apart with a ZWNJ after a joining letter.
_PLURAL_TAILS = (
    "هایشان",
    "هایتان",
    "هایمان",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هاست",
    "های",
    "ها",
)
# After a stem ending in «ه»: pronoun/verb endings and ezafe/indefinite «ای», as ZWNJ-joined pieces.
_HEH_TAILS: dict[str, tuple[str, ...]] = {
    "ایشان": ("ای", "شان"),
    "ایمان": ("ای", "مان"),
    "ایتان": ("ای", "تان"),
    "ایش": ("ای", "اش"),
    "ایم": ("ایم",),
    "اید": ("اید",),
    "اند": ("اند",),
    "ایی": ("ایی",),
    "ای": ("ای",),
    "ام": ("ام",),
    "ات": ("ات",),
    "اش": ("اش",),
    "است": ("است",),
}
_COMPARATIVE_TAILS = ("ترین", "تر")
_MI_PREFIXES = ("نمی", "می")

# Spaced suffix words joined to the word before them.
PLURAL_WORDS = frozenset(_PLURAL_TAILS)
HEH_WORDS = frozenset(("ای", "ام", "ات", "اش", "ایم", "اید", "اند", "ایی"))
# Short function words ending in «ه» that are followed by «ای …» as separate words.
_HEH_FUNCTION_WORDS = frozenset(("که", "چه", "نه", "به", "ته", "گه", "وه", "آه", "اه"))

# Minimum corpus frequency of each half for splitting a glued word.
_SPLIT_MIN_FREQ = 20000


def _glue(left: str, right: str) -> str:
    """Join two pieces, with a ZWNJ only where the left piece would otherwise join on."""
    if not left or left[-1] in NON_JOINING:
        return left + right
    return left + ZWNJ + right


def _rule_for_form(form: str) -> str:
    if form.startswith(("می" + ZWNJ, "نمی" + ZWNJ)):
        return "zwnj-prefix-mi"
    last = form.rsplit(ZWNJ, 1)[-1]
    if last in PLURAL_WORDS or last in HEH_WORDS or last in _COMPARATIVE_TAILS:
        return "zwnj-suffix"
    return "compound"


def _stem_form(stem: str, lex: Lexicon) -> str | None:
    """The correct spelling of a stem, or None when the stem is not a word we know."""
    form = lex.zwnj_forms.get(stem)
    if form is not None and (stem not in lex.tagged or lex.frequency(form) >= lex.frequency(stem)):
        return form
    if stem in lex.freq:
        return stem
    verb = _mi_verb(stem, lex)
    if verb is not None:
        return verb
    return None


def _mi_verb(word: str, lex: Lexicon) -> str | None:
    for prefix in _MI_PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            rest = word[len(prefix) :]
            if rest in lex.verb_forms:
                return prefix + ZWNJ + rest
            # a perfect form: می + participle + ‌ام/‌اند …
            for tail in ("ام", "ای", "ایم", "اید", "اند", "است"):
                if rest.endswith(tail):
                    part = rest[: -len(tail)]
                    if part in lex.past_participles:
                        return prefix + ZWNJ + part + ZWNJ + tail
    return None


def _suffixed(word: str, lex: Lexicon, allow_comparative: bool) -> tuple[str, str] | None:
    # Of the analyses, the best-attested stem wins (هستهایش: هسته+ای+اش, not هست+هایش;
    # کتابهایش: کتاب+هایش, not کتابه+ای+اش).
    best: tuple[bool, int, int, str] | None = None
    for tail in _PLURAL_TAILS:
        if word.endswith(tail) and len(word) > len(tail) + 1:
            stem = _stem_form(word[: -len(tail)], lex)
            if stem is not None:
                raw = word[: -len(tail)]
                score = (raw in lex.tagged, lex.frequency(raw), len(raw), _glue(stem, tail))
                best = max(best, score) if best else score
                break
    for tail, pieces in _HEH_TAILS.items():
        if word.endswith(tail) and len(word) > len(tail) + 2:
            stem_raw = word[: -len(tail)]
            if stem_raw[-1] != "ه" or stem_raw in _HEH_FUNCTION_WORDS:
                continue
            stem = _stem_form(stem_raw, lex)
            if stem is not None:
                score = (
                    stem_raw in lex.tagged,
                    lex.frequency(stem_raw),
                    len(stem_raw),
                    ZWNJ.join((stem, *pieces)),
                )
                best = max(best, score) if best else score
                break
    if best is not None:
        return best[3], "zwnj-suffix"
    if allow_comparative:
        for tail in _COMPARATIVE_TAILS:
            if word.endswith(tail) and len(word) > len(tail) + 1:
                stem = word[: -len(tail)]
                if stem in lex.adjectives:
                    return _glue(stem, tail), "zwnj-suffix"
    return None


def _split(word: str, lex: Lexicon) -> str | None:
    """Split a word glued after a non-joining letter (invisible on screen) into two known words."""
    found = None
    for i in range(2, len(word) - 1):
        if word[i - 1] not in NON_JOINING:
            continue
        left, right = word[:i], word[i:]
        if (
            left in lex.tagged
            and right in lex.tagged
            and lex.frequency(left) >= _SPLIT_MIN_FREQ
            and lex.frequency(right) >= _SPLIT_MIN_FREQ
        ):
            if found is not None:
                return None  # ambiguous: leave it to an editor
            found = left + " " + right
    return found


def _is_verb(word: str, lex: Lexicon) -> bool:
    """A plain verb form (کرد, ندارد, بروند): never split it."""
    if word in lex.verb_forms:
        return True
    return word[:1] in ("ن", "ب") and word[1:] in lex.verb_forms


def repair_word(word: str, lex: Lexicon | None = None) -> tuple[str, str] | None:
    """Repair one word written without ZWNJ; return ``(new, rule)`` or None to keep it."""
    lex = lex or get_lexicon()
    form = lex.zwnj_forms.get(word)
    if form is not None and (word not in lex.tagged or lex.frequency(form) >= lex.frequency(word)):
        return form, _rule_for_form(form)
    if word in lex.freq:
        if word in lex.tagged:
            return None
        # Untagged entries of the source list include joined spellings such as «کتابها»;
        # only the safest analyses apply to them.
        verb = _mi_verb(word, lex)
        if verb is not None:
            return verb, "zwnj-prefix-mi"
        return _suffixed(word, lex, allow_comparative=False)
    if _is_verb(word, lex):
        return None
    verb = _mi_verb(word, lex)
    if verb is not None:
        return verb, "zwnj-prefix-mi"
    suffixed = _suffixed(word, lex, allow_comparative=True)
    if suffixed is not None:
        return suffixed
    split = _split(word, lex)
    if split is not None:
        return split, "split-joined"
    return None


def join_rule(left: str, right: str, lex: Lexicon | None = None) -> str | None:
    """Rule name if the space between ``left`` and ``right`` stands for a lost ZWNJ, else None."""
    lex = lex or get_lexicon()
    last = left.rsplit(ZWNJ, 1)[-1]
    if right in PLURAL_WORDS:
        return "zwnj-suffix"
    if last in _MI_PREFIXES and last == left:
        first = right.split(ZWNJ, 1)[0]
        if first in lex.verb_forms or first in lex.past_participles:
            return "zwnj-prefix-mi"
        return None
    if right in HEH_WORDS and last[-1] == "ه" and last not in _HEH_FUNCTION_WORDS and len(last) > 1:
        if last in lex.freq or ZWNJ in left:
            return "zwnj-suffix"
        return None
    if right == "ترین" and last in lex.adjectives:
        return "zwnj-suffix"
    return None
