"""The Persian catalogue is complete: no untranslated or fuzzy entries."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "fa" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, first msgstr, fuzzy) per entry, joining continued string lines."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        fuzzy = bool(re.search(r"^#,.*\bfuzzy\b", block, re.MULTILINE))
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                key = match[1]
                fields[key] = match[2]
            elif key and line.startswith('"'):
                fields[key] += line[1:-1]
        if "msgid" in fields:
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            entries.append((fields["msgid"], msgstr, fuzzy))
    return entries


def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = [e for e in _entries(PO.read_text(encoding="utf-8")) if e[0]]  # skip the header
    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstr, _ in entries if not msgstr]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_ui_speaks_persian():
    with translation.override("fa"):
        assert translation.gettext("Only a draft can be sent for review.") != (
            "Only a draft can be sent for review."
        )
