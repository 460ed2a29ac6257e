"""Feeds, sitemaps, robots.txt and the public API. Included at the root by khabar/urls.py."""

from django.urls import include, path, re_path

from khabar.syndication import feeds, sitemaps
from khabar.syndication.api.views import not_found

app_name = "syndication"

urlpatterns = [
    path("rss/", feeds.feed_view(feeds.LatestFeed), name="rss-latest"),
    path("atom/", feeds.feed_view(feeds.LatestAtomFeed), name="atom-latest"),
    path("rss/category/<str:slug>", feeds.feed_view(feeds.CategoryFeed), name="rss-category"),
    path("atom/category/<str:slug>", feeds.feed_view(feeds.CategoryAtomFeed), name="atom-category"),
    path("rss/tag/<str:slug>", feeds.feed_view(feeds.TagFeed), name="rss-tag"),
    path("atom/tag/<str:slug>", feeds.feed_view(feeds.TagAtomFeed), name="atom-tag"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("sitemap-news.xml", sitemaps.news, name="sitemap-news"),
    path("sitemap-articles-<int:number>.xml", sitemaps.articles, name="sitemap-articles"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    path("api/v1/", include("khabar.syndication.api.urls", namespace="api")),
    re_path(r"^api/(?P<path>[\s\S]*)$", not_found),
]
