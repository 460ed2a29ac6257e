"""Draft previews: exactly the reader's article page, for people who may see the draft.

Logged-in staff preview from the admin; anyone else needs a private link signed
with the project's secret that expires after KHABAR_PREVIEW_LINK_HOURS. Previews
are never cached and ask robots not to index them.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from khabar.news.models import Article

SALT = "khabar.newsroom.preview"


def make_token(article: Article) -> str:
    return signing.dumps({"a": article.pk}, salt=SALT, compress=True)


def private_link(request: HttpRequest, article: Article) -> str:
    return request.build_absolute_uri(reverse("newsroom:preview", args=[make_token(article)]))


def render_preview(request: HttpRequest, article: Article) -> HttpResponse:
    """The reader's article template with the draft in it (no view count, no related reads)."""
    short_path = article.short_path
    short_url = request.build_absolute_uri(short_path)
    context = {
        "article": article,
        "short_url": short_url,
        "short_link_text": short_url.split("://", 1)[-1],
        "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
        "current_category": article.category,
        "related": [],
        "latest": [],
        "is_preview": True,
    }
    response = render(request, "site/article_detail.html", context)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def private_preview(request: HttpRequest, token: str) -> HttpResponse:
    max_age = settings.KHABAR_PREVIEW_LINK_HOURS * 3600
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        response = render(request, "newsroom/preview_expired.html", status=410)
        add_never_cache_headers(response)
        return response
    article = (
        Article.objects.select_related("category", "lead_image", "via_source", "original_source")
        .exclude(status=Article.Status.TAKEN_DOWN)
        .filter(pk=data.get("a"))
        .first()
    )
    if article is None:
        raise Http404
    return render_preview(request, article)
