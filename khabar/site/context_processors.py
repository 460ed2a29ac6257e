from django.conf import settings
from django.http import HttpRequest

from khabar.site.preferences import font_step_from_request


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "agency_name": settings.KHABAR_AGENCY_NAME,
        "font_step": font_step_from_request(request),
    }
