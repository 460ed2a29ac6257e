"""What every search backend does. Backends see only analysed terms, never raw input."""

from __future__ import annotations

import heapq
import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from khabar.search.backends.sql import REBUILD_CHANGES
from khabar.search.documents import IndexDoc
from khabar.search.query import ParsedQuery

# Ranking weighs at most this many matches, the newest first: a query that matches more
# (one common word) is ranked among its newest matches. Narrow it (more words, a phrase,
# a category or dates) to reach older articles. See docs/adr (search design).
RANK_WINDOW = 1000
# Counting stops here; beyond it the page says «more than …». The ranking window doubles
# as the count, so a relevance search is one query.
COUNT_LIMIT = RANK_WINDOW
# Recency: a new article's relevance counts up to twice; the boost halves after this.
RECENCY_DAYS = 30.0
TITLE_WEIGHT = 10.0


class Order:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    CHOICES = (RELEVANCE, NEWEST)


@dataclass(frozen=True)
class Filters:
    category_id: int | None = None
    tag_id: int | None = None
    date_from: date | None = None  # inclusive, a day in Tehran
    date_to: date | None = None  # inclusive

    def time_range(self) -> tuple[datetime | None, datetime | None]:
        """[start, end) as aware datetimes."""
        tz = ZoneInfo(settings.TIME_ZONE)
        start = datetime.combine(self.date_from, dtime.min, tz) if self.date_from else None
        end = (
            datetime.combine(self.date_to + timedelta(days=1), dtime.min, tz)
            if self.date_to
            else None
        )
        return start, end


@dataclass(frozen=True)
class Ranked:
    article_ids: list[int]
    total: int
    total_exact: bool
    reachable: int  # how many results pagination can reach


def best_first(
    candidates: Iterable[tuple[Any, float, float, float]], stop: int, now_ts: float
) -> list[Any]:
    """The first ``stop`` of ``(key, relevance, published_ts, tie)`` candidates, best
    first; their keys.

    The score is the relevance (title matches weigh more) times a boost for new
    articles, from 2 for one published now down towards 1 (1.5 at RECENCY_DAYS old);
    equal scores go by the higher ``tie``. Computed inline, one loop: ranking the 800
    candidates of a common word through helper functions cost a millisecond a query.
    """
    scale = 86400.0 * RECENCY_DAYS
    decorated = []
    for key, relevance, published_ts, tie in candidates:
        if not math.isfinite(relevance):
            relevance = 0.0
        age = (now_ts - published_ts) / scale
        score = relevance * (2.0 if age <= 0.0 else 1.0 + 1.0 / (1.0 + age))
        decorated.append((-score, -tie, key))
    return [key for _score, _tie, key in heapq.nsmallest(stop, decorated)]


class RebuildRunningError(RuntimeError):
    """Another rebuild of the index is running."""


class SearchBackend(ABC):
    vendor: str = ""

    @abstractmethod
    def upsert(self, docs: Sequence[IndexDoc]) -> None: ...

    @abstractmethod
    def remove(self, article_ids: Sequence[int]) -> None: ...

    @abstractmethod
    def clear(self) -> None: ...

    @abstractmethod
    def search(
        self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int, order: str
    ) -> Ranked: ...

    # A full rebuild loads a new index beside the live one, which keeps answering searches,
    # and swaps it in at the end (``khabar.search.api.rebuild``):
    #   rebuild_start → rebuild_write … → rebuild_swap → catch-up → rebuild_end
    # (``rebuild_abort`` instead of the swap when it fails). From rebuild_start to
    # rebuild_end, ``note_changes`` lists the articles whose index entry changed meanwhile.

    @abstractmethod
    def rebuild_start(self) -> None:
        """Create the empty new index (dropping what a failed rebuild left) and the list."""

    @abstractmethod
    def rebuild_write(self, docs: Sequence[IndexDoc]) -> None:
        """Add documents (of articles not yet in it) to the new index."""

    @abstractmethod
    def rebuild_swap(self) -> None:
        """Finish the new index and put it in the live one's place, in one transaction."""

    @abstractmethod
    def rebuild_abort(self) -> None:
        """Drop the new index and the list of changes; the live index stays as it was."""

    def rebuild_changes(self) -> list[int]:
        """Articles whose index entry changed since ``rebuild_start``."""
        with connection.cursor() as cur:
            cur.execute(f"SELECT article_id FROM {REBUILD_CHANGES} ORDER BY article_id")  # noqa: S608
            return [row[0] for row in cur.fetchall()]

    def rebuild_end(self) -> None:
        """After the catch-up: stop listing changes."""
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {REBUILD_CHANGES}")

    def note_changes(self, article_ids: Sequence[int]) -> None:
        """While a rebuild runs, list these articles: called before their entry is written."""
        with connection.cursor() as cur:
            if not self._table_exists(cur, REBUILD_CHANGES):
                return
            try:
                # Its own savepoint: the list may be dropped between the look and the write,
                # which is fine (the rebuild's catch-up is over: the entry goes to the new index).
                with transaction.atomic():
                    cur.executemany(
                        f"INSERT INTO {REBUILD_CHANGES} (article_id) VALUES (%s)"  # noqa: S608
                        " ON CONFLICT DO NOTHING",
                        [(article_id,) for article_id in article_ids],
                    )
            except DatabaseError:
                if self._table_exists(cur, REBUILD_CHANGES):
                    raise

    @abstractmethod
    def _table_exists(self, cur, name: str) -> bool: ...

    def problems(self) -> list[str]:
        """Why this backend cannot run on the current database (empty: it can)."""
        return []

    def size_bytes(self) -> int | None:
        return None
