import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_PAGE = REPO_ROOT / "khabar" / "ingest" / "samples" / "econews-3830263.txt"


def pytest_collection_modifyitems(config, items):
    """Tests marked `own_servers` start their own PostgreSQL or Redis and do not use the
    pass's database, so running them on both passes of scripts/test.sh buys nothing:
    they run in the PostgreSQL pass only (or whenever KHABAR_TEST_OWN_SERVERS=1)."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if on_postgres or os.environ.get("KHABAR_TEST_OWN_SERVERS") == "1":
        return
    skip = pytest.mark.skip(reason="starts its own servers: runs in the PostgreSQL pass")
    for item in items:
        if item.get_closest_marker("own_servers"):
            item.add_marker(skip)


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
