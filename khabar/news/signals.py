from django.dispatch import Signal

# Sent after the transaction that changed an article commits.
# Arguments: article_id (pk), news_id. Receivers: search index, page cache.
article_changed = Signal()
