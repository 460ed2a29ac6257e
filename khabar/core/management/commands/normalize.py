"""``khabar normalize`` / ``manage.py normalize``: Persian normalization as a pipeline filter.

khabar normalize < raw.txt > clean.txt
khabar normalize --diff < raw.txt        # what would change, one fix per line
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from khabar.persian import fixes, normalize

_VISIBLE = str.maketrans(
    {"\u200c": "‹zwnj›", "\u200d": "‹zwj›", "\n": "‹\\n›", "\t": "‹\\t›", "\ufeff": "‹bom›"}
)


def _show(text: str) -> str:
    return "«" + text.translate(_VISIBLE) + "»"


class Command(BaseCommand):
    help = "Read text on stdin and write it normalized (khabar.persian.normalize) to stdout."
    # call_command(..., stdin=StringIO(...)) in tests and scripts
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--diff",
            action="store_true",
            help="print the fixes (offsets, rule, before → after) instead of the text",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stream = options.get("stdin") or sys.stdin
        text = stream.read()
        if not options["diff"]:
            self.stdout.write(normalize(text), ending="")
            return
        for fix in fixes(text):
            line = text.count("\n", 0, fix.start) + 1
            self.stdout.write(
                f"{line}:{fix.start}-{fix.end}\t{fix.rule}\t{_show(fix.before)} → {_show(fix.after)}"
            )
