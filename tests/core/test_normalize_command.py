"""The ``normalize`` management command: stdin to stdout, ``--diff`` lists the fixes."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from khabar.persian import normalize

RAW = "ﺑﻪ ﮔﺰارش اﻗﺘﺼﺎداﯾﺮان، دولت میکند.\nكتاب ها"
REPO = Path(__file__).resolve().parents[2]


def run(*args: str, text: str = RAW) -> str:
    out = StringIO()
    call_command("normalize", *args, stdin=StringIO(text), stdout=out)
    return out.getvalue()


def test_writes_normalized_text() -> None:
    assert run() == normalize(RAW)
    assert run() == "به گزارش اقتصاد ایران، دولت می\u200cکند.\nکتاب\u200cها"


def test_diff_lists_each_fix_with_rule_and_position() -> None:
    lines = run("--diff").splitlines()
    assert lines[0] == "1:0-2\tpresentation-forms\t«ﺑﻪ» → «به»"
    assert "1:9-20\tpresentation-forms+split-joined\t«اﻗﺘﺼﺎداﯾﺮان» → «اقتصاد ایران»" in lines
    assert "1:27-32\tzwnj-prefix-mi\t«میکند» → «می‹zwnj›کند»" in lines
    assert "2:34-35\tarabic-letters\t«ك» → «ک»" in lines
    assert lines[-1] == "2:38-39\tzwnj-suffix\t« » → «‹zwnj›»"


def test_clean_text_passes_through_and_has_no_diff() -> None:
    clean = normalize(RAW)
    assert run(text=clean) == clean
    assert run("--diff", text=clean) == ""
    assert run(text="") == ""


def test_runs_as_a_pipeline_through_manage_py() -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "normalize"],
        input="میکنیم",
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert done.stdout == "می\u200cکنیم"
