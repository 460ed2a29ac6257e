"""Persian text review: what `khabar.persian.normalize` changed, and undoing one change.

For every text field an article stores an entry in `Article.text_review`:

    {"raw": <the text as typed>, "fixes": [[start, end, before, after, rule], ...],
     "reverted": [<indexes of fixes an editor said no to>]}

The stored field value is always `apply_fixes(raw, fixes that are not reverted)`,
so reverting one fix (or applying it again) never touches the others. When the
text is typed anew, a change the editor had reverted in that field (same
before/after) stays reverted: a name spelled on purpose is not "fixed" again.
"""

from __future__ import annotations

import re
from typing import Any

from khabar.news.html import sanitize_body
from khabar.persian import Fix, apply_fixes, fixes

_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_ENTITY = re.compile(r"&[#a-zA-Z0-9]+;")


def _text_fixes(text: str) -> list[Fix]:
    core = text.strip()
    if not core:
        return []
    offset = len(text) - len(text.lstrip())
    found = fixes(core)
    return [Fix(f.start + offset, f.end + offset, f.before, f.after, f.rule) for f in found]


def _html_fixes(clean_html: str) -> list[Fix]:
    """Fixes of the text between tags, as spans of the whole HTML string."""
    found: list[Fix] = []
    pos = 0
    for part in _TAG_SPLIT.split(clean_html):
        if part and not part.startswith("<") and part.strip():
            entities = [(m.start(), m.end()) for m in _ENTITY.finditer(part)]
            for f in _text_fixes(part):
                # A fix never cuts into an escaped character such as &amp;.
                if any(f.start < e_end and e_start < f.end for e_start, e_end in entities):
                    continue
                found.append(Fix(f.start + pos, f.end + pos, f.before, f.after, f.rule))
        pos += len(part)
    return found


def _entry(raw: str, found: list[Fix], reverted_pairs: set[tuple[str, str]]) -> dict[str, Any]:
    reverted = [i for i, f in enumerate(found) if (f.before, f.after) in reverted_pairs]
    return {
        "raw": raw,
        "fixes": [[f.start, f.end, f.before, f.after, f.rule] for f in found],
        "reverted": reverted,
    }


def value_of(entry: dict[str, Any]) -> str:
    """The field's text: the raw text with every fix that is not reverted."""
    kept = [Fix(*f) for i, f in enumerate(entry["fixes"]) if i not in set(entry["reverted"])]
    return apply_fixes(entry["raw"], kept)


def reverted_pairs(entry: dict[str, Any] | None) -> set[tuple[str, str]]:
    if not entry:
        return set()
    return {(entry["fixes"][i][2], entry["fixes"][i][3]) for i in entry["reverted"]}


def review(
    raw: str, *, html: bool = False, previous: dict[str, Any] | None = None
) -> tuple[str, dict[str, Any] | None]:
    """Normalize `raw` (sanitize first when `html`); return (value, review entry or None)."""
    if html:
        raw = sanitize_body(raw)
        found = _html_fixes(raw)
    else:
        found = _text_fixes(raw)
    if not found:
        return raw.strip(), None
    entry = _entry(raw, found, reverted_pairs(previous))
    return value_of(entry).strip(), entry


def toggle(entry: dict[str, Any], index: int, *, revert: bool) -> dict[str, Any]:
    """The entry with fix `index` reverted (or applied again)."""
    if not 0 <= index < len(entry["fixes"]):
        raise IndexError(index)
    reverted = set(entry["reverted"])
    if revert:
        reverted.add(index)
    else:
        reverted.discard(index)
    return {**entry, "reverted": sorted(reverted)}


def context(entry: dict[str, Any], index: int, width: int = 18) -> tuple[str, str]:
    """The text around fix `index` (before, after) so an editor sees where it is."""
    start, end = entry["fixes"][index][0], entry["fixes"][index][1]
    raw = entry["raw"]
    left = _TAG_SPLIT.sub(" ", raw[max(0, start - width) : start])
    right = _TAG_SPLIT.sub(" ", raw[end : end + width])
    # Cut half tags at the edges of the window («</p», «p>»).
    left = re.sub(r"^[^<]*>", "", left) if "<" not in left and ">" in left else left
    left = re.sub(r"<[^>]*$", "", left)
    right = re.sub(r"<[^>]*$", "", right)
    right = re.sub(r"^[^<]*>", "", right) if ">" in right.split("<")[0] else right
    return left, right
