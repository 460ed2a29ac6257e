class NewsError(Exception):
    """Base for errors a person should see (messages are translated)."""


class ArticleStateError(NewsError):
    """The requested change does not fit the article's current status."""
