"""Score an engine on the seed page: the 19 defects and 5 spans of shared/seeds/README.md."""

from __future__ import annotations

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]

# The seed page's checks, shared with tests/persian/test_seed_page.py.
_CHECKS = json.loads(
    (ROOT / "tests" / "fixtures" / "persian" / "seed_page_checks.json").read_text(encoding="utf-8")
)
DEFECTS: list[tuple[str, str]] = [tuple(pair) for pair in _CHECKS["defects"]]  # type: ignore[misc]
SPANS: list[str] = _CHECKS["spans"]


def seed_text() -> str:
    """The seed page: the copy shipped in the repo, else the shared folder beside it."""
    for path in (
        ROOT / "khabar" / "ingest" / "samples" / "econews-3830263.txt",
        ROOT.parent / "shared" / "seeds" / "000_6dba2b0f2022c2eb.txt",
    ):
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise SystemExit("seed page not found")


def score_output(out: str) -> dict:
    fixed = [i + 1 for i, (bad, good) in enumerate(DEFECTS) if good in out and bad not in out]
    kept = [i + 1 for i, span in enumerate(SPANS) if span in out]
    return {"defects_fixed": len(fixed), "fixed": fixed, "spans_kept": len(kept), "kept": kept}


def check(engine: str, run) -> dict:  # type: ignore[no-untyped-def]
    out = run(engine, {"seed": [seed_text()]})["outputs"]["seed"][0]
    return score_output(out)
