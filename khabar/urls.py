from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# Reader pages first: an article's URL is resolved on every uncached page view, and each
# pattern tried before it costs (none of the site's patterns overlaps the others).
urlpatterns = [
    path("", include("khabar.site.urls")),
    path("admin/", admin.site.urls),
    path("preview/", include("khabar.newsroom.urls")),
    path("", include("khabar.syndication.urls")),
    path("", include("khabar.search.urls")),
]

if settings.KHABAR_SERVE_MEDIA:
    # In production nginx serves MEDIA_ROOT (deploy/); here Django does.
    from django.views.static import serve

    def serve_media(request, path):  # MEDIA_ROOT read per request: tests change it
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media)]

handler404 = "khabar.site.views.page_not_found"
handler500 = "khabar.site.views.server_error"
