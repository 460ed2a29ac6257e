"""The Redis cache backend degrades instead of failing when Redis does not answer."""

from __future__ import annotations

import logging

import pytest

from khabar.core.cache import TolerantRedisCache
from tests.core.pgcluster import free_port


@pytest.fixture
def dead_redis(settings):
    settings.KHABAR_CACHE_RETRY_SECONDS = 5
    port = free_port()  # nothing listens there
    return TolerantRedisCache(f"redis://127.0.0.1:{port}/0", {"KEY_PREFIX": "t"})


def test_reads_miss_and_writes_are_dropped_with_one_warning(dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="khabar.cache"):
        assert dead_redis.get("page", "fallback") == "fallback"
        dead_redis.set("page", "html", 60)
        assert dead_redis.get_many(["a", "b"]) == {}
        assert dead_redis.add("lock", 1) is False
        assert dead_redis.set_many({"a": 1}) == ["a"]
        assert dead_redis.has_key("a") is False
        assert dead_redis.delete("a") is False
        assert dead_redis.get_or_set("x", 3) == 3
    warnings = [r for r in caplog.records if r.name == "khabar.cache"]
    assert len(warnings) == 1  # then Redis is left alone for a few seconds
    assert "working without the cache" in warnings[0].getMessage()


def test_counters_still_say_they_failed(dead_redis):
    # A lost count must be known to its caller (the page cache's invalidation logs it).
    from redis.exceptions import ConnectionError as RedisConnectionError

    with pytest.raises(RedisConnectionError):
        TolerantRedisCache(dead_redis._servers[0], {}).incr("seq")


def test_a_live_redis_works_as_usual(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set (the PostgreSQL + Redis pass runs this)")
    live = TolerantRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "tolerant-test"})
    live.set("k", {"v": 1}, 30)
    assert live.get("k") == {"v": 1}
    assert live.add("n", 0, 30) and live.incr("n") == 1
    live.delete_many(["k", "n"])
