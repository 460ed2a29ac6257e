"""A web process does not load what only ingest needs (memory of every reader worker)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import django
django.setup()
from django.urls import resolve
resolve("/")  # the URLconf: the admin and every app's views
import khabar.persian.lexicon as lexicon
print(json.dumps({
    "modules": sorted(m for m in ("datasketch", "numpy", "scipy", "trafilatura") if m in sys.modules),
    "lexicon_loaded": lexicon.get_lexicon.cache_info().currsize > 0,
}))
"""


def test_starting_a_web_process_loads_no_clustering_extraction_or_lexicon() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "khabar.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    # datasketch pulls numpy and scipy (~90 MB), trafilatura ~20 MB: ingest loads them on use.
    assert found["modules"] == []
    # The Persian lexicon (~50 MB) is loaded by the first text that needs it, not at start.
    assert found["lexicon_loaded"] is False
