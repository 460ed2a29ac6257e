"""The seed page (shared/seeds/README.md): 19 defects repaired, 5 correct spans kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.persian import apply_fixes, fixes, normalize

REPO = Path(__file__).resolve().parents[2]
SEED_PATHS = (
    REPO / "khabar" / "ingest" / "samples" / "econews-3830263.txt",
    REPO.parent / "shared" / "seeds" / "000_6dba2b0f2022c2eb.txt",
)

# The seed page's checks, shared with bench/persian/seedcheck.py.
_CHECKS = json.loads(
    (REPO / "tests" / "fixtures" / "persian" / "seed_page_checks.json").read_text(encoding="utf-8")
)
DEFECTS = [tuple(pair) for pair in _CHECKS["defects"]]
SPANS = _CHECKS["spans"]


@pytest.fixture(scope="module")
def page() -> str:
    for path in SEED_PATHS:
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.fail("seed page not found")  # pragma: no cover


@pytest.fixture(scope="module")
def repaired(page: str) -> str:
    return normalize(page)


@pytest.mark.parametrize(("bad", "good"), DEFECTS, ids=[f"defect-{i}" for i in range(1, 20)])
def test_defect_is_repaired(page: str, repaired: str, bad: str, good: str) -> None:
    assert bad in page
    assert good in repaired
    assert bad not in repaired


@pytest.mark.parametrize("span", SPANS, ids=[f"span-{i}" for i in range(1, 6)])
def test_correct_span_survives(page: str, repaired: str, span: str) -> None:
    assert span in page
    assert span in repaired


def test_out_of_scope_text_is_left_for_an_editor(repaired: str) -> None:
    # the typo رویسه and the empty date are not invented away
    assert "رویسه" in repaired
    assert "تاریخ:" in repaired


def test_page_is_stable_and_fixes_replay(page: str, repaired: str) -> None:
    assert normalize(repaired) == repaired
    page_fixes = fixes(page)
    assert apply_fixes(page, page_fixes) == repaired
    assert {f.rule for f in page_fixes} >= {
        "presentation-forms",
        "zwnj-prefix-mi",
        "zwnj-suffix",
        "compound",
        "spacing",
    }
    assert fixes(repaired) == []
