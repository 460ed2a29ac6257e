"""Schemathesis drives the API of a live test server from its own OpenAPI schema.

It generates valid requests (positive) and invalid ones (negative) for every
operation and checks that none gives a server error and that every answer
matches the schema: status codes, content types, headers and bodies.

(schemathesis.pytest.from_fixture() does not run under pytest 9 — it sets
`node._nodeid` — so the test draws cases from the schema's Hypothesis
strategy itself; the checks are the same `call_and_validate()`.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

from tests.syndication.conftest import make_hidden

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def api_schema(live_server, settings, public_article, category, tag):
    settings.KHABAR_API_RATE = "1000000/minute"  # the limit has its own test
    for kind in ("draft", "embargoed", "unpublished"):
        make_hidden(kind, category=category, tag=tag)
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema")


def _run(operation, mode, examples: int) -> int:
    calls = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases on every run: CI stays deterministic
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        nonlocal calls
        calls += 1
        case.call_and_validate()

    check()
    return calls


def test_valid_requests_get_schema_conforming_answers(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 10  # every endpoint but the schema itself
    for operation in operations:
        assert _run(operation, GenerationMode.POSITIVE, examples=40) >= 1, operation.label


def test_invalid_requests_get_clear_client_errors(api_schema):
    """Wrong types, empty or malformed dates, page sizes out of range: a 4xx, never a 500."""
    tried = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        try:
            _run(operation, GenerationMode.NEGATIVE, examples=40)
        except Unsatisfiable:  # nothing about this operation can be sent wrong (no parameters)
            continue
        tried.append(operation.label)
    assert {"GET /api/v1/articles", "GET /api/v1/search", "GET /api/v1/ninjs"} <= set(tried)
