import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.production")
django_application = get_wsgi_application()

# Page-cache hits are answered before Django builds a request (khabar.core.pagecache).
from khabar.core.pagecache import wsgi_fast_path  # noqa: E402 - needs the settings above

application = wsgi_fast_path(django_application)
