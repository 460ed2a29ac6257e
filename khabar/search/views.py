"""The reader's search page: /search?q=…"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from khabar.core import pagecache
from khabar.news import selectors
from khabar.news.models import Tag
from khabar.search import api
from khabar.search.forms import SearchForm


def _page_url(request: HttpRequest, number: int) -> str:
    params = [(k, v.replace("\x00", "")) for k, v in request.GET.items() if k != "page" and v]
    if number > 1:
        params.append(("page", str(number)))
    return "?" + urlencode(params)


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    # NUL characters can reach no database (PostgreSQL refuses them in text): drop them.
    data = {k: v.replace("\x00", "") for k, v in request.GET.items()}
    form = SearchForm(data or None)
    form.is_valid()  # invalid fields are shown with their message; the rest still applies
    query = form.value("q") or ""
    tag = None
    tag_slug = form.value("tag")
    if tag_slug:
        tag = Tag.objects.filter(slug=tag_slug).first()
    results = api.search(
        query=query,
        category=form.value("category"),
        tag=tag,
        date_from=form.value("date_from"),
        date_to=form.value("date_to"),
        order=form.value("order") or "relevance",
        page=request.GET.get("page"),
    )
    pages = []
    if results.num_pages > 1:
        lo = max(1, results.page - 3)
        hi = min(results.num_pages, results.page + 3)
        pages = [(n, _page_url(request, n)) for n in range(lo, hi + 1)]
    context = {
        "form": form,
        "query": query,
        "results": results,
        "tag": tag,
        "pages": pages,
        "previous_url": _page_url(request, results.page - 1) if results.has_previous else "",
        "next_url": _page_url(request, results.page + 1) if results.has_next else "",
        "searched": bool(query.strip()),
    }
    # Cached like the other reader pages; any article change renews every search page.
    return pagecache.tag_response(
        render(request, "search/search_results.html", context),
        [pagecache.SITE, pagecache.SEARCH],
        ttl=selectors.breaking_news_seconds_left,
    )
