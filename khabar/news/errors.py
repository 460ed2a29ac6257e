class NewsError(Exception):
    """Base for errors a person should see (messages are translated)."""


class ArticleStateError(NewsError):
    """The requested change does not fit the article's current status."""


class ArticlePermissionError(NewsError):
    """The person's role does not allow this action on this article."""


class ArticleConflictError(NewsError):
    """A save was made from an older version than the one stored (optimistic locking)."""

    def __init__(self, message: str, *, current_version: int, expected_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.expected_version = expected_version


class ImageRejectedError(NewsError):
    """An upload is not an image we accept (type, size, dimensions)."""
