"""Fetchers move bytes; parsers (khabar.ingest.parsers) make sense of them."""

from khabar.ingest.fetchers.http import FetchError, FetchResult, HttpFetcher

__all__ = ["FetchError", "FetchResult", "HttpFetcher"]
