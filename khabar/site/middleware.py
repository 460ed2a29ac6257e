from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render

from khabar.news import selectors


class LegacyPathRedirectMiddleware:
    """On a 404, look the path up among imported legacy URLs and answer 301.

    Like django.contrib.redirects, but the target is the article's canonical
    URL at the time of the request, so it follows later slug changes. The old
    path of an article that was taken down answers 410 Gone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        article = selectors.article_get_by_legacy_path(path=request.path)
        if article is None:
            if selectors.article_is_gone_by_legacy_path(path=request.path):
                return render(request, "410.html", status=410)
            return response
        return HttpResponsePermanentRedirect(article.get_absolute_url())
