"""Wire services: poll agencies' feeds, store every item (broken ones with their
error), cluster near-duplicates and republish an item as a draft article.

Re-exported from `khabar.ingest.services`; call them from there.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from khabar.ingest import clustering
from khabar.ingest.extract import ExtractError, page_extract
from khabar.ingest.fetchers import FetchError, HttpFetcher
from khabar.ingest.models import Cluster, Feed, WireItem, WireItemBucket, WireSource
from khabar.ingest.parsers import ParseError, parser_get
from khabar.ingest.parsers import WireItem as ParsedItem
from khabar.news import services as news
from khabar.news.html import paragraphs_to_html
from khabar.news.models import Article, Category
from khabar.persian import fold_for_search, normalize

log = logging.getLogger("khabar.ingest")

PAGE_ATTEMPTS = 3  # a page that failed this often (or for good, e.g. 404) is left for an editor
CLUSTER_WINDOW = timedelta(hours=72)


class WireItemStateError(Exception):
    """The item cannot be republished (already done, or nothing to publish)."""


@dataclass
class PollReport:
    source: str
    feeds: int = 0
    not_modified: int = 0
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.source}: {self.new} new, {self.duplicates} already had, "
            f"{self.failed} failed, {self.not_modified} feeds unchanged, {len(self.errors)} errors"
        )


def _fetcher(wire_source: WireSource) -> HttpFetcher:
    internal: set[str] = set()
    if wire_source.is_internal:
        urls = [feed.url for feed in wire_source.feeds.all()] + [wire_source.source.homepage]
        internal = {urlsplit(u).hostname or "" for u in urls if u} - {""}
    return HttpFetcher(
        internal_hosts=internal,
        timeout=settings.KHABAR_INGEST_TIMEOUT,
        max_bytes=settings.KHABAR_INGEST_MAX_BYTES,
        retries=settings.KHABAR_INGEST_RETRIES,
        backoff=settings.KHABAR_INGEST_BACKOFF,
    )


def _canonical_url(url: str) -> str:
    """The address without its fragment, scheme and host lower-cased."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))[
        :1000
    ]


def _clean(text: str) -> str:
    return normalize(text or "").strip()


MAX_CANDIDATES = 50  # the newest items sharing a bucket; enough for any real story


def _cluster_assign(item: WireItem) -> None:
    """Join the cluster of the most similar recent item, or start one.

    Candidates come from the LSH buckets in the database (shared by every
    poller; nothing is held in memory), then the MinHash estimate decides.
    """
    text = "\n".join((item.title, item.lead, item.body))
    if not text.strip():
        return
    m = clustering.signature(text)
    item.signature = clustering.signature_bytes(m)
    keys = clustering.bucket_keys(m)
    since = timezone.now() - CLUSTER_WINDOW
    candidates = (
        WireItem.objects.filter(
            pk__in=WireItemBucket.objects.filter(key__in=keys).values("item_id"),
            fetched_at__gte=since,
            cluster__isnull=False,
        )
        .exclude(pk=item.pk)
        .order_by("-pk")
        .values_list("signature", "cluster_id")[:MAX_CANDIDATES]
    )
    cluster_id, best = None, clustering.THRESHOLD
    for sig, candidate_cluster in candidates:
        score = clustering.similarity(m, sig)
        if score >= best:
            cluster_id, best = candidate_cluster, score
    if cluster_id is None:
        cluster_id = Cluster.objects.create(title=item.title[:500]).pk
    Cluster.objects.filter(pk=cluster_id).update(size=F("size") + 1, updated_at=timezone.now())
    item.cluster_id = cluster_id
    WireItemBucket.objects.bulk_create(WireItemBucket(item=item, key=k) for k in set(keys))


def _page_fill(item: WireItem, wire_source: WireSource, fetcher: HttpFetcher) -> None:
    """Fetch and extract the item's page; on failure the item keeps the error."""
    item.attempts += 1
    try:
        result = fetcher.get(item.url)
        extracted = page_extract(result.body, url=result.url, rule=wire_source.content_rule)
    except (FetchError, ExtractError) as exc:
        if isinstance(exc, FetchError) and not exc.retryable:
            item.attempts = max(item.attempts, PAGE_ATTEMPTS)  # 404, too large, refused: final
        item.error = str(exc)
        item.status = WireItem.Status.FAILED
        if not item.body:
            item.body = item.lead
        return
    except Exception as exc:  # a page that crashes the extractor is still only one item
        log.exception("extracting %s failed", item.url)
        item.error = _("The page could not be read: %(error)s") % {"error": exc}
        item.status = WireItem.Status.FAILED
        return
    item.raw_page = extracted.html
    item.title = item.title or _clean(extracted.title)
    item.lead = item.lead or _clean(extracted.lead)
    item.body = _clean(extracted.body)
    item.error = ""
    item.status = WireItem.Status.NEW


_ITEM_FIELDS = [
    "title",
    "lead",
    "body",
    "raw_page",
    "status",
    "error",
    "attempts",
    "signature",
    "cluster",
]


def wire_item_import(
    *,
    wire_source: WireSource,
    entry: ParsedItem,
    fetcher: HttpFetcher | None = None,
) -> WireItem | None:
    """Store one parsed entry unless its GUID or address is already stored (None then).

    The row is claimed first (unique constraints decide between concurrent polls),
    then the page is fetched outside any transaction, then the item is completed.
    """
    url = _canonical_url(entry.url)
    seen = Q(guid=entry.guid)
    if url:
        seen |= Q(url=url)
    if WireItem.objects.filter(seen, wire_source=wire_source).exists():
        return None
    try:
        with transaction.atomic():
            item = WireItem.objects.create(
                wire_source=wire_source,
                guid=entry.guid,
                url=url,
                title=_clean(entry.title)[:500],
                lead=_clean(entry.lead),
                body=_clean(entry.body),
                category_hint=_clean(entry.category)[:200],
                original_agency=_clean(entry.original_agency)[:200],
                published_at=entry.published_at,
                raw=entry.raw,
            )
    except IntegrityError:
        return None  # another poll stored it a moment ago
    if wire_source.fetch_pages and url and fetcher is not None:
        _page_fill(item, wire_source, fetcher)
    elif not item.body:
        item.body = item.lead
    if not (item.title or item.body) and not item.error:
        item.error = _("The item has neither a title nor any text.")
        item.status = WireItem.Status.FAILED
    _cluster_assign(item)
    item.save(update_fields=_ITEM_FIELDS)
    return item


def _feed_poll(
    feed: Feed,
    wire_source: WireSource,
    fetcher: HttpFetcher,
    report: PollReport,
) -> None:
    report.feeds += 1
    try:
        result = fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    except FetchError as exc:
        feed.last_status, feed.last_error = exc.status, str(exc)
        feed.save(update_fields=["last_status", "last_error"])
        report.errors.append(f"{feed.url}: {exc}")
        return
    feed.last_status = result.status
    if result.not_modified:
        report.not_modified += 1
        feed.last_error = ""
        feed.save(update_fields=["last_status", "last_error"])
        return
    try:
        entries = parser_get(feed.kind).parse(result.body, base_url=result.url)
    except ParseError as exc:
        feed.last_error = _("The feed could not be read: %(error)s") % {"error": exc}
        # Validators stay unset, so the next poll fetches it in full again.
        feed.save(update_fields=["last_status", "last_error"])
        report.errors.append(f"{feed.url}: {feed.last_error}")
        return
    for entry in entries:
        try:
            item = wire_item_import(wire_source=wire_source, entry=entry, fetcher=fetcher)
        except Exception as exc:  # one bad entry must not lose the others
            log.exception("importing %s from %s failed", entry.guid, feed.url)
            report.errors.append(f"{entry.guid}: {exc}")
            continue
        if item is None:
            report.duplicates += 1
        else:
            report.new += 1
            report.failed += bool(item.error)
    feed.etag, feed.last_modified, feed.last_error = result.etag, result.last_modified, ""
    feed.save(update_fields=["etag", "last_modified", "last_status", "last_error"])


def _retry_failed_pages(wire_source: WireSource, fetcher: HttpFetcher) -> None:
    """Pages that failed on an earlier poll get another chance (up to PAGE_ATTEMPTS)."""
    if not wire_source.fetch_pages:
        return
    retry = wire_source.items.filter(
        status=WireItem.Status.FAILED, attempts__lt=PAGE_ATTEMPTS, article__isnull=True
    ).exclude(url="")
    for item in retry[:50]:
        had_cluster = item.cluster_id is not None
        _page_fill(item, wire_source, fetcher)
        if not had_cluster:
            _cluster_assign(item)
        item.save(update_fields=_ITEM_FIELDS)


def wire_source_poll(*, wire_source_id: int) -> PollReport:
    """Poll every feed of one source; record its health. Never raises for the source's faults."""
    wire_source = WireSource.objects.select_related("source").get(pk=wire_source_id)
    report = PollReport(source=wire_source.source.name)
    fetcher = _fetcher(wire_source)
    try:
        for feed in wire_source.feeds.all():
            _feed_poll(feed, wire_source, fetcher, report)
        _retry_failed_pages(wire_source, fetcher)
    finally:
        fetcher.close()
    now = timezone.now()
    wire_source.last_polled_at = now
    if report.errors:
        wire_source.consecutive_failures += 1
        wire_source.last_error = "\n".join(report.errors)[:5000]
        wire_source.last_error_at = now
    else:
        wire_source.consecutive_failures = 0
        wire_source.last_success_at = now
        wire_source.last_error = ""
    # A failing source is asked less often (up to 16 intervals apart) until it recovers.
    factor = 2 ** min(wire_source.consecutive_failures, 4)
    wire_source.next_poll_at = now + timedelta(minutes=wire_source.poll_minutes * factor)
    WireSource.objects.filter(pk=wire_source.pk).update(
        last_polled_at=wire_source.last_polled_at,
        last_success_at=wire_source.last_success_at,
        last_error=wire_source.last_error,
        last_error_at=wire_source.last_error_at,
        consecutive_failures=wire_source.consecutive_failures,
        next_poll_at=wire_source.next_poll_at,
    )
    return report


def wire_poll_due(*, now: datetime | None = None) -> list[PollReport]:
    """Poll every enabled source whose time has come (a worker job; no arguments needed)."""
    now = now or timezone.now()
    due = WireSource.objects.filter(enabled=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return []
    reports = []
    for pk in ids:
        try:
            reports.append(wire_source_poll(wire_source_id=pk))
        except Exception:  # one source's bug must not stop the others
            log.exception("polling wire source %s failed", pk)
    return reports


# -- the desk ----------------------------------------------------------------

_QUOTING = re.compile(r"به\s+نقل\s+از\s+((?:خبرگزاری|روزنامه|شبکه|پایگاه)?\s*[^\s،,.:؛]+)")


def original_agency_guess(item: WireItem) -> str:
    """Whom the agency says it is quoting («به نقل از تاس»), from the feed or the text."""
    if item.original_agency:
        return item.original_agency
    opening = (item.lead or "") + " " + (item.body or "")[:400]
    found = _QUOTING.search(opening)
    return found.group(1).strip() if found else ""


def category_guess(item: WireItem) -> Category:
    """The agency's own category when we have one of that name, else what the
    cluster's earlier republications used, else the first section of the site."""
    if item.category_hint:
        folded = fold_for_search(item.category_hint)
        for category in Category.objects.all():
            if fold_for_search(category.name) == folded:
                return category
    if item.cluster_id:
        earlier = (
            Article.objects.filter(wire_item__cluster_id=item.cluster_id)
            .select_related("category")
            .first()
        )
        if earlier is not None:
            return earlier.category
    first = Category.objects.order_by("position", "name").first()
    return first or news.category_get_or_create(name=_("News"))


@transaction.atomic
def wire_item_republish(*, item_id: int, user=None, category: Category | None = None) -> Article:
    """Make a draft article of a wire item, with the source chain and a link back."""
    item = (
        WireItem.objects.select_for_update().select_related("wire_source__source").get(pk=item_id)
    )
    if item.article_id is not None:
        raise WireItemStateError(
            _("This item is already article %(news_id)s.")
            % {"news_id": Article.objects.get(pk=item.article_id).news_id}
        )
    paragraphs = [p for p in (item.body or item.lead).split("\n\n") if p.strip()]
    if not item.title or not paragraphs:
        raise WireItemStateError(_("This item has no title or text to republish."))
    via = item.wire_source.source
    original_name = original_agency_guess(item)
    original = None
    if original_name and fold_for_search(original_name) != fold_for_search(via.name):
        original = news.source_get_or_create(name=original_name)
    body = paragraphs_to_html(paragraphs)
    if item.url:
        body += "\n" + format_html(
            '<p><a href="{}">{}</a></p>',
            item.url,
            _("Original story at %(agency)s") % {"agency": via.name},
        )
    article = news.article_create(
        title=item.title[:250],
        lead=item.lead if item.lead != item.body else "",
        body=body,
        category=category or category_guess(item),
        via_source=via,
        original_source=original,
        user=user,
    )
    item.article = article
    item.status = WireItem.Status.REPUBLISHED
    item.save(update_fields=["article", "status"])
    return article
