"""An index on the article–tag table by (tag, article): «related news» reads a tag's newest
articles from it (an index walk of a few rows), instead of joining a popular tag's
hundred thousand rows. Django makes the M2M table itself, so the index is plain SQL
(the same statement on SQLite and PostgreSQL)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("news", "0005_listing_order_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX news_article_tags_tag_recent ON news_article_tags (tag_id, article_id)",
            reverse_sql="DROP INDEX news_article_tags_tag_recent",
        )
    ]
