"""Reader-facing pages. Views parse input, call selectors and render."""

from __future__ import annotations

from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from khabar.core.pagecache import HOME, LATEST, MOST_READ, article_key, category_key, tag_key
from khabar.core.urlcache import public_base_url
from khabar.news import selectors, services
from khabar.news.models import Article
from khabar.persian import to_latin_digits
from khabar.site.cache import article_page_keys, tag_page
from khabar.site.preferences import FONT_COOKIE, font_step_from_request, next_font_step


def _link_context(request: HttpRequest, article: Article) -> dict[str, str]:
    """The short link (absolute, for copying) and how it is shown: «host/x3830263»."""
    base = public_base_url(request)
    short_url = base + article.short_path
    return {
        "short_url": short_url,
        "short_link_text": short_url.split("://", 1)[-1],
        "canonical_url": base + article.get_absolute_url(),
    }


def gone(request: HttpRequest) -> HttpResponse:
    """410 Gone: the article was taken down; unlike a 404, it is not coming back."""
    return render(request, "410.html", status=410)


def _missing(request: HttpRequest, news_id: int) -> HttpResponse:
    if selectors.article_is_gone(news_id=news_id):
        return tag_page(gone(request), keys=[article_key(news_id)])
    raise Http404


def _listing_context(page: Page) -> dict[str, object]:
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Top story (pinned by a chief editor, else the latest), featured, latest, blocks, most read."""
    latest = selectors.article_list_latest(limit=10)
    top = selectors.home_top_story() or (latest[0] if latest else None)
    featured = [a for a in selectors.home_featured(limit=4) if a != top]
    latest = [a for a in latest if a != top][:8]
    shown = tuple(a.pk for a in [top, *featured, *latest[:4]] if a is not None)
    context = {
        "top": top,
        "featured": featured,
        "latest": latest,
        "blocks": selectors.home_category_blocks(exclude=shown),
        "most_read": selectors.article_list_most_read(),
    }
    shown_anywhere = [top, *featured, *latest, *context["most_read"]]
    shown_anywhere += [a for block in context["blocks"] for a in block.articles]
    return tag_page(
        render(request, "site/home.html", context),
        articles=shown_anywhere,
        keys=[HOME, LATEST, MOST_READ],
    )


@require_safe
def article_detail(request: HttpRequest, news_id: int, slug: str = "") -> HttpResponse:
    article = selectors.article_get_published(news_id=news_id)
    if article is None:
        return _missing(request, news_id)
    if slug != article.slug:
        return redirect(article, permanent=True)  # one canonical URL per article
    related = selectors.article_list_related(article=article, limit=4)
    shown = (article.pk, *(a.pk for a in related))
    context = {
        "article": article,
        **_link_context(request, article),
        "current_category": article.category,
        "related": related,
        "latest": selectors.article_list_latest(limit=8, exclude=shown),
        "corrections": selectors.article_list_corrections(article=article),
    }
    return tag_page(
        render(request, "site/article_detail.html", context),
        articles=[article, *related, *context["latest"]],
        keys=article_page_keys(article),
    )


@require_safe
def article_print(request: HttpRequest, news_id: int) -> HttpResponse:
    article = selectors.article_get_published(news_id=news_id)
    if article is None:
        return _missing(request, news_id)
    context = {
        "article": article,
        **_link_context(request, article),
        "corrections": selectors.article_list_corrections(article=article),
    }
    return tag_page(render(request, "site/article_print.html", context), articles=[article])


@require_safe
def short_link(request: HttpRequest, digits: str) -> HttpResponse:
    news_id = int(to_latin_digits(digits))
    article = selectors.article_get_published(news_id=news_id)
    if article is None:
        return _missing(request, news_id)
    return redirect(article, permanent=True)


@require_safe
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get(slug=slug)
    if category is None:
        raise Http404
    page = selectors.article_page_for_category(category=category, page=request.GET.get("page"))
    context = {"category": category, "current_category": category, **_listing_context(page)}
    return tag_page(
        render(request, "site/category_detail.html", context),
        articles=page.object_list,
        keys=[category_key(category.slug)],
    )


@require_safe
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = selectors.tag_get(slug=slug)
    if tag is None:
        raise Http404
    page = selectors.article_page_for_tag(tag=tag, page=request.GET.get("page"))
    return tag_page(
        render(request, "site/tag_detail.html", {"tag": tag, **_listing_context(page)}),
        articles=page.object_list,
        keys=[tag_key(tag.slug)],
    )


@csrf_exempt  # a count, not an action taken for someone: no session, nothing to forge
@require_POST
@never_cache
def article_seen(request: HttpRequest, news_id: int) -> HttpResponse:
    """The reading beacon: site.js posts here once per article page shown, so a page served
    from a cache is counted too (for «most read»)."""
    services.article_record_view(news_id=news_id)
    return HttpResponse(status=204)


@never_cache  # a per-reader answer that sets a cookie: no shared cache may keep it
@require_safe
def font_size(request: HttpRequest, action: str) -> HttpResponse:
    """The no-JS path of the font-size control: set the cookie, go back."""
    step = next_font_step(font_step_from_request(request), action)
    if step is None:
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(FONT_COOKIE, str(step), max_age=365 * 24 * 3600, samesite="Lax")
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that could fail again: a plain template.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
