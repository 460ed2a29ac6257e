from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from khabar.news import selectors
from khabar.site.preferences import FONT_COOKIE, FONT_STEPS, font_step_from_request


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "agency_name": settings.KHABAR_AGENCY_NAME,
        "font_step": font_step_from_request(request),
        "font_steps_min": FONT_STEPS[0],
        "font_steps_max": FONT_STEPS[-1],
        "font_cookie": FONT_COOKIE,
        "today": timezone.now(),
        "at_home": request.path == "/",
        # Read only when a template shows the navigation (one query per change).
        "nav_categories": SimpleLazyObject(selectors.category_list_nav),
        # The breaking-news banner on every page (one query, made when the page shows it).
        "breaking_news": SimpleLazyObject(selectors.breaking_news_current),
    }
