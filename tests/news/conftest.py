# The newsroom's people (one per role, an editor per category) serve the service tests too.
from tests.newsroom.conftest import desk  # noqa: F401
