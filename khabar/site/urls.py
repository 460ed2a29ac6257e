import re

from django.conf import settings
from django.urls import path, re_path

from khabar.site import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/<int:news_id>/print", views.article_print, name="article-print"),
    path("news/<int:news_id>/<str:slug>", views.article_detail, name="article-detail"),
    path("news/<int:news_id>", views.article_detail, name="article-detail-noslug"),
    path("category/<str:slug>", views.category_detail, name="category-detail"),
    path("tag/<str:slug>", views.tag_detail, name="tag-detail"),
    path("settings/font/<str:action>", views.font_size, name="font-size"),
    path("seen/<int:news_id>", views.article_seen, name="article-seen"),
    # Short link: /<prefix><news_id>; Persian digits are accepted too.
    re_path(
        rf"^{re.escape(settings.KHABAR_SHORT_LINK_PREFIX)}(?P<digits>[0-9۰-۹]{{1,18}})$",
        views.short_link,
        name="short-link",
    ),
]
