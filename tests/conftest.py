from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_PAGE = REPO_ROOT / "khabar" / "ingest" / "samples" / "econews-3830263.txt"


@pytest.fixture
def seed_page_text() -> str:
    """The seed article page, as the scraper saw it."""
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with empty caches (also when they are Redis)."""
    from django.core.cache import caches

    for name in ("default", "pages"):
        caches[name].clear()
    yield
