"""The HTTP fetcher against a real local server: what a hostile or broken site can do."""

from __future__ import annotations

import pytest

from khabar.ingest.fetchers import FetchError, HttpFetcher


def _fetcher(server, **kw) -> HttpFetcher:
    kw.setdefault("timeout", 1.0)
    kw.setdefault("backoff", 0.01)
    return HttpFetcher(internal_hosts={"127.0.0.1"}, **kw)


def test_conditional_get_answers_not_modified_the_second_time(wire_server):
    fetcher = _fetcher(wire_server)
    first = fetcher.get(f"{wire_server.base}/irna/rss.xml")
    assert first.status == 200 and "ایرنا".encode() in first.body
    assert first.etag and first.last_modified
    again = fetcher.get(
        f"{wire_server.base}/irna/rss.xml", etag=first.etag, last_modified=first.last_modified
    )
    assert again.not_modified and again.body == b""


def test_loopback_is_refused_unless_the_host_is_marked_internal(wire_server):
    with pytest.raises(FetchError, match=r"127\.0\.0\.1"):
        HttpFetcher().get(f"{wire_server.base}/irna/rss.xml")
    assert wire_server.hits == {}  # refused before connecting


@pytest.mark.parametrize("path", ["to-metadata", "to-localhost"])
def test_every_redirect_hop_is_checked(wire_server, path):
    # Internal is granted to 127.0.0.1 only: a hop to another internal name is refused too.
    with pytest.raises(FetchError, match=r"169\.254\.169\.254|localhost"):
        _fetcher(wire_server).get(f"{wire_server.base}/hostile/{path}")


def test_redirects_are_followed_but_a_loop_stops_after_five(wire_server):
    ok = _fetcher(wire_server).get(f"{wire_server.base}/hostile/redirect-once")
    assert ok.url.endswith("/irna/rss.xml") and ok.status == 200
    with pytest.raises(FetchError, match="5"):
        _fetcher(wire_server).get(f"{wire_server.base}/hostile/loop/0")
    loop_hits = [p for p in wire_server.hits if p.startswith("/hostile/loop/")]
    assert len(loop_hits) == 6  # the first request and five redirects, then it gave up


def test_a_response_over_the_cap_is_cut_off(wire_server):
    with pytest.raises(FetchError, match="256"):  # the cap in KB
        _fetcher(wire_server, max_bytes=256 * 1024).get(f"{wire_server.base}/hostile/big")


def test_server_errors_are_retried_then_reported(wire_server):
    with pytest.raises(FetchError, match="500") as caught:
        _fetcher(wire_server, retries=2).get(f"{wire_server.base}/hostile/status/500")
    assert caught.value.retryable
    assert wire_server.hits["/hostile/status/500"] == 3


def test_not_found_is_not_retried(wire_server):
    with pytest.raises(FetchError, match="404"):
        _fetcher(wire_server, retries=2).get(f"{wire_server.base}/hostile/status/404")
    assert wire_server.hits["/hostile/status/404"] == 1


def test_a_slow_server_times_out(wire_server):
    with pytest.raises(FetchError) as caught:
        _fetcher(wire_server, timeout=0.3, retries=0).get(f"{wire_server.base}/hostile/slow")
    assert caught.value.retryable
