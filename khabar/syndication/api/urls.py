from django.urls import path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView

from khabar.syndication.api import views

app_name = "api"


class SchemaView(SpectacularAPIView):
    renderer_classes = [OpenApiJsonRenderer]
    throttle_classes = []


urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("schema", SchemaView.as_view(api_version="v1"), name="schema"),
    path("articles", views.ArticleList.as_view(), name="article-list"),
    path("articles/<int:news_id>", views.ArticleDetail.as_view(), name="article-detail"),
    path("articles/<int:news_id>.ninjs", views.ArticleNinjs.as_view(), name="article-ninjs"),
    path("search", views.Search.as_view(), name="search"),
    path("ninjs", views.NinjsFeed.as_view(), name="ninjs-feed"),
    path("categories", views.CategoryList.as_view(), name="category-list"),
    path("categories/<str:slug>", views.CategoryDetail.as_view(), name="category-detail"),
    path("tags", views.TagList.as_view(), name="tag-list"),
    path("tags/<str:slug>", views.TagDetail.as_view(), name="tag-detail"),
    re_path(r"^(?P<path>[\s\S]*)$", views.not_found),
]
