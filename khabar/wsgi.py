import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.production")
django_application = get_wsgi_application()

# Page-cache hits are answered before Django builds a request (khabar.core.pagecache).
from khabar.core.pagecache import wsgi_fast_path  # noqa: E402 - needs the settings above

application = wsgi_fast_path(django_application)

# The reader pages' templates compiled now, not by the first readers after a deploy (a
# few hundred milliseconds of Jinja compiling per worker, in their requests' time).
from khabar.site.templating import compile_reader_templates  # noqa: E402

compile_reader_templates()

# Everything loaded so far lives as long as the worker: keep it out of the garbage
# collector's full passes, which otherwise walk it all (~20 ms each) in the middle of
# some request (bench/http/RESULTS.md: the cold article page's p99).
gc.freeze()
