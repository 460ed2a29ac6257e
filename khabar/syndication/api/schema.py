"""OpenAPI schema touches: Persian title and description, read at request time."""

from __future__ import annotations

from django.utils.translation import gettext as _


def persian_info(result, generator, request, public):
    result["info"]["title"] = _("Khabar public API")
    result["info"]["description"] = _(
        "Read-only access to the published news of the agency: articles, categories and "
        "tags as JSON, and every article in IPTC ninjs. Lists are paged with a cursor: "
        "follow the `next` link. Times are ISO 8601 in Tehran time (+03:30). Requests are "
        "limited per client (an X-Api-Key header, else the IP address); past the limit the "
        "answer is 429 with a Retry-After header."
    )
    result["info"]["contact"] = {"name": _("Khabar newsroom")}
    return result
