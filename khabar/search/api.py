"""Khabar's search: the one interface the site, the newsroom and commands use.

    from khabar.search import api
    api.index_article(article_id=…)    # after any change: indexes it if public, else removes
    api.remove_article(article_id=…)
    api.search(query="…", category=…, tag=…, date_from=…, date_to=…, page=…, order=…)
    api.rebuild(progress=…)              # the whole index, from the articles public now
    api.article_ids_matching("…")        # for the newsroom's admin search

The backend comes from ``settings.KHABAR_SEARCH_BACKEND`` (an import path).
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString

from khabar.core.prepared import PreparedQuery
from khabar.news.models import Article, Category, Tag
from khabar.search import documents
from khabar.search.backends.base import Filters, Order, SearchBackend
from khabar.search.highlight import highlight_all, snippet
from khabar.search.models import SearchDocument
from khabar.search.query import ParsedQuery, parse_query

logger = logging.getLogger(__name__)

REBUILD_BATCH = 1000


@lru_cache(maxsize=4)
def _backend(path: str) -> SearchBackend:
    return import_string(path)()


def get_backend() -> SearchBackend:
    return _backend(settings.KHABAR_SEARCH_BACKEND)


# --------------------------------------------------------------------------- indexing


# The columns an index document is built from, in the order of ``_source_rows``'s tuples.
_SOURCE_FIELDS = ("id", "category_id", "published_at", "title", "overline", "lead", "body")


def _sources(rows: list[tuple]) -> list[documents.SourceText]:
    """Index sources of article rows (tuples of ``_SOURCE_FIELDS``), with their tags."""
    tags: dict[int, list[tuple[int, str]]] = {row[0]: [] for row in rows}
    through = Article.tags.through
    for article_id, tag_id, name in through.objects.filter(article_id__in=list(tags)).values_list(
        "article_id", "tag_id", "tag__name"
    ):
        tags[article_id].append((tag_id, name))
    return [documents.source_from_row(row, sorted(tags[row[0]])) for row in rows]


def index_article(*, article_id: int) -> bool:
    """Bring the index in line with the article: in it if public now, out of it if not.

    Returns True if the article is in the index afterwards.
    """
    backend = get_backend()
    backend.note_changes([article_id])  # before the read: a rebuild then re-reads it after
    row = Article.objects.published().filter(pk=article_id).values_list(*_SOURCE_FIELDS).first()
    if row is None:
        backend.remove([article_id])
        return False
    backend.upsert([documents.build(s) for s in _sources([row])])
    return True


def remove_article(*, article_id: int) -> None:
    backend = get_backend()
    backend.note_changes([article_id])
    backend.remove([article_id])


def _published_batches(batch_size: int) -> Iterator[list[tuple]]:
    """Rows (``_SOURCE_FIELDS``) of public articles in primary-key order, a batch at a time.

    The range is read by primary key alone and the public test made here: with the status
    in the query, SQLite's planner takes the status index and sorts every public article
    for every batch. Plain tuples, not model instances: a rebuild reads every article.
    """
    qs = Article.objects.order_by("pk").values_list(*_SOURCE_FIELDS, "status")
    published = Article.Status.PUBLISHED
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last)[:batch_size])
        if not rows:
            return
        last = rows[-1][0]
        now = timezone.now()
        batch = [r[:-1] for r in rows if r[-1] == published and r[2] is not None and r[2] <= now]
        if batch:
            yield batch


def rebuild(
    *,
    batch_size: int = REBUILD_BATCH,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Index every article that is public now into a new index, then put it in place of
    the old one; returns the count.

    Searches keep reading the old index until the new one is complete; the swap is one
    short transaction. An article changed meanwhile (``index_article``, ``remove_article``
    list it) is indexed again after the swap, so no change made during a rebuild is lost.

    Analysis (the Persian folding) is the costly part: with ``workers`` > 1 it runs in
    that many processes while this one reads and writes the database.
    """
    backend = get_backend()
    total = Article.objects.published().count()
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    done = 0
    backend.rebuild_start()
    try:
        if progress:
            progress(0, total)

        def write(docs: list[documents.IndexDoc]) -> None:
            nonlocal done
            backend.rebuild_write(docs)
            done += len(docs)
            if progress:
                progress(done, total)

        _load(write, batch_size, workers)
        backend.rebuild_swap()
    except BaseException:
        backend.rebuild_abort()
        raise
    try:
        _catch_up(backend, batch_size)
    finally:
        backend.rebuild_end()
    return done


def _load(write: Callable[[list[documents.IndexDoc]], None], batch_size: int, workers: int) -> None:
    """Analyse every public article and ``write`` the documents, a batch at a time."""
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        pending: list[Future] = []
        for batch in _published_batches(batch_size):
            sources = _sources(batch)
            if pool is None:
                write(documents.build_many(sources))
                continue
            # Analyse this batch in the workers while this process writes the previous one.
            step = max(1, math.ceil(len(sources) / workers))
            submitted = [
                pool.submit(documents.build_many, sources[i : i + step])
                for i in range(0, len(sources), step)
            ]
            if pending:
                write([doc for future in pending for doc in future.result()])
            pending = submitted
        if pending:
            write([doc for future in pending for doc in future.result()])
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _catch_up(backend: SearchBackend, batch_size: int) -> None:
    """After the swap: index again the articles that changed while the rebuild ran.

    Their change reached the old index (the receivers), or the new one after the swap;
    the new index may hold their state from before it.
    """
    changed = backend.rebuild_changes()
    for i in range(0, len(changed), batch_size):
        ids = changed[i : i + batch_size]
        rows = list(
            Article.objects.published()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list(*_SOURCE_FIELDS)
        )
        public = {row[0] for row in rows}
        with transaction.atomic():
            backend.remove([pk for pk in ids if pk not in public])
            backend.upsert(documents.build_many(_sources(rows)))
    if changed:
        logger.info("search: %d articles changed during the rebuild, indexed again", len(changed))


# --------------------------------------------------------------------------- searching


_HITS = PreparedQuery(
    Article,
    lambda ids: (
        Article.objects.select_related("category", "lead_image").order_by().filter(pk__in=ids)
    ),
)


@dataclass
class Hit:
    article: Article
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_exact: bool = True
    page: int = 1
    per_page: int = 20
    num_pages: int = 0
    order: str = Order.RELEVANCE
    filters: Filters = field(default_factory=Filters)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0


def _page_number(page: int | str | None) -> int:
    try:
        number = int(page or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 10_000)


def search(
    *,
    query: str,
    category: Category | None = None,
    tag: Tag | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int | str | None = 1,
    per_page: int | None = None,
    order: str = Order.RELEVANCE,
    with_snippets: bool = True,
) -> SearchResults:
    """Public articles matching ``query`` (any text: never raises for what a reader typed)."""
    parsed = parse_query(query or "")
    per_page = per_page or settings.KHABAR_PAGE_SIZE
    order = order if order in Order.CHOICES else Order.RELEVANCE
    filters = Filters(
        category_id=category.pk if category else None,
        tag_id=tag.pk if tag else None,
        date_from=date_from,
        date_to=date_to,
    )
    number = _page_number(page)
    results = SearchResults(
        query=parsed, page=number, per_page=per_page, order=order, filters=filters
    )
    if parsed.is_empty or (date_from and date_to and date_from > date_to):
        return results
    backend = get_backend()
    ranked = backend.search(
        parsed, filters, offset=(number - 1) * per_page, limit=per_page, order=order
    )
    results.total, results.total_exact = ranked.total, ranked.total_exact
    results.num_pages = max(1, math.ceil(min(ranked.total, ranked.reachable) / per_page))
    if number > results.num_pages:
        results.page = results.num_pages
        ranked = backend.search(
            parsed,
            filters,
            offset=(results.page - 1) * per_page,
            limit=per_page,
            order=order,
        )
    # By primary key only: a status filter here makes SQLite walk the status index (and no
    # ORDER BY: the page's order is the ranking's).
    # Compiled once per page length (khabar.core.prepared): compiling it cost a third of a
    # query's CPU.
    articles = {a.pk: a for a in _HITS(ids=list(ranked.article_ids))} if ranked.article_ids else {}
    now = timezone.now()
    for article_id in ranked.article_ids:
        article = articles.get(article_id)
        if article is None or not _is_public(article, now):
            continue  # changed since it was indexed; the receiver catches up after commit
        if with_snippets:
            title_html = highlight_all(article.title, parsed.terms)
            snip = snippet(article.lead, parsed.terms, need_match=True) if article.lead else None
            if snip is None:
                snip = snippet(_body_text(article) or article.lead, parsed.terms)
        else:
            title_html, snip = SafeString(""), SafeString("")
        results.hits.append(Hit(article=article, title_html=title_html, snippet_html=snip))
    return results


def _body_text(article: Article) -> str:
    from khabar.news.html import html_to_text

    return html_to_text(article.body or "")


def _is_public(article: Article, now) -> bool:
    """What ``Article.objects.published()`` means, for an article already loaded."""
    return (
        article.status == Article.Status.PUBLISHED
        and article.published_at is not None
        and article.published_at <= now
    )


def article_ids_matching(query: str, *, limit: int = 1000) -> list[int]:
    """Ids of public articles matching ``query``, best first (for the newsroom's admin)."""
    parsed = parse_query(query or "")
    if parsed.is_empty:
        return []
    ranked = get_backend().search(parsed, Filters(), offset=0, limit=limit, order=Order.RELEVANCE)
    return ranked.article_ids


def index_size_bytes() -> int | None:
    return get_backend().size_bytes()


def indexed_count() -> int:
    return SearchDocument.objects.count()
