"""What every search backend does. Backends see only analysed terms, never raw input."""

from __future__ import annotations

import math
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from django.conf import settings

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


def recency_boost(published_ts: float, now_ts: float) -> float:
    age_days = max(0.0, (now_ts - published_ts) / 86400.0)
    return 1.0 + 1.0 / (1.0 + age_days / RECENCY_DAYS)


def combine(relevance: float, published_ts: float, now_ts: float | None = None) -> float:
    """Final score: relevance (title matches weigh more) times a boost for new articles."""
    if not math.isfinite(relevance):
        relevance = 0.0
    return relevance * recency_boost(published_ts, now_ts if now_ts is not None else time.time())


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

    def begin_rebuild(self) -> None:
        """Before a full rebuild (after ``clear``): e.g. drop what slows bulk loading."""
        return None

    def end_rebuild(self) -> None:
        """After a full rebuild, also a failed one: put back what ``begin_rebuild`` took."""
        return None

    def problems(self) -> list[str]:
        """Why this backend cannot run on the current database (empty: it can)."""
        return []

    def size_bytes(self) -> int | None:
        return None
