"""`makemessages` that also reads the reader pages' Jinja2 templates.

Django's `makemessages` reads every ``.html`` file as a Django template, and so misses
what a Jinja template translates: ``{% trans %}…{% endtrans %}`` blocks, ``pgettext()``
and ``ngettext()`` calls. Here a template under a ``jinja2/`` folder is turned, for
xgettext, into a Python file of the gettext calls Jinja's own extractor finds in it,
each at its template line with its ``Translators:`` comment; everything else (Django
templates, Python, the JavaScript catalogue) is Django's, unchanged.

    khabar makemessages -l fa
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management.commands import makemessages
from jinja2.ext import babel_extract

# What the reader pages' environment parses (khabar.site.templating): the extensions and
# the trimmed whitespace of {% trans %}, so the message ids are the ones looked up.
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n,khabar.site.templating.FragmentExtension",
    "trimmed": "true",
    "silent": "false",  # a template Jinja cannot parse stops the run
}
KEYWORDS = ("gettext", "ngettext", "pgettext", "npgettext", "_")


def python_for_xgettext(source: bytes) -> str:
    """The gettext calls of a Jinja template as Python, each on its template line."""
    lines: list[str] = []
    found = babel_extract(io.BytesIO(source), KEYWORDS, ["Translators:"], JINJA_OPTIONS)
    for lineno, function, message, comments in found:
        strings = message if isinstance(message, tuple) else (message,)
        name = "gettext" if function == "_" else function
        arguments = [repr(s) for s in strings if s is not None]
        if name in ("ngettext", "npgettext"):
            arguments.append("n")
        # Jinja's extractor gives a comment without its tag; xgettext keeps it by the tag.
        before = [
            f"# Translators: {comment.removeprefix('Translators:').strip()}" for comment in comments
        ]
        while len(lines) < lineno - 1 - len(before):
            lines.append("")
        lines.extend(before)
        lines.append(f"{name}({', '.join(arguments)})")
    return "\n".join(lines) + "\n"


class JinjaAwareBuildFile(makemessages.BuildFile):
    @property
    def is_jinja(self) -> bool:
        return self.is_templatized and "jinja2" in Path(self.path).parts

    def preprocess(self) -> None:
        if not self.is_jinja:
            return super().preprocess()
        content = python_for_xgettext(Path(self.path).read_bytes())
        Path(self.work_path).write_text(content, encoding="utf-8")


class Command(makemessages.Command):
    build_file_class = JinjaAwareBuildFile
