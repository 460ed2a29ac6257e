"""Reader preferences kept in the reader's browser (a cookie), readable with or without JS."""

from django.http import HttpRequest

FONT_COOKIE = "khabar_font"
FONT_STEPS = (-2, -1, 0, 1, 2, 3)
DEFAULT_FONT_STEP = 0


def font_step_from_request(request: HttpRequest) -> int:
    try:
        step = int(request.COOKIES.get(FONT_COOKIE, DEFAULT_FONT_STEP))
    except ValueError:
        return DEFAULT_FONT_STEP
    return step if step in FONT_STEPS else DEFAULT_FONT_STEP


def next_font_step(current: int, action: str) -> int | None:
    """The step after pressing A− (smaller), A (reset) or A+ (larger); None for unknown actions."""
    if action == "reset":
        return DEFAULT_FONT_STEP
    if action == "smaller":
        return max(FONT_STEPS[0], current - 1)
    if action == "larger":
        return min(FONT_STEPS[-1], current + 1)
    return None
