"""Phrases, exclusions, ranking, filters, pagination, snippets."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from khabar.persian import to_persian_digits
from khabar.persian.jalali import TEHRAN
from khabar.search import api
from khabar.search.backends import postgres, sqlite_fts5
from khabar.search.backends.postgres import PostgresBackend
from tests.factories import CategoryFactory, TagFactory


def test_phrase_needs_the_words_together(publish, find):
    publish("خبر یک", "<p>قیمت نفت خام در بازار جهانی</p>")
    publish("خبر دو", "<p>نفت ایران و بازار خام فروشی</p>")
    assert find('"نفت خام"') == ["خبر یک"]
    assert find("«نفت خام»") == ["خبر یک"]
    assert sorted(find("نفت خام")) == ["خبر دو", "خبر یک"]


def test_minus_leaves_articles_out(publish, find):
    publish("خبر یک", "<p>تیم ملی فوتبال</p>")
    publish("خبر دو", "<p>تیم ملی والیبال</p>")
    assert find("تیم ملی -فوتبال") == ["خبر دو"]
    assert find('تیم -"ملی والیبال"') == ["خبر یک"]


def test_spaced_compound_finds_the_joined_word(publish, find):
    publish("گفت‌وگو با دو وزیر", "<p>متن</p>")
    assert find("گفت و گو") == ["گفت‌وگو با دو وزیر"]


def test_title_match_ranks_above_body_match(publish, find):
    publish("گزارش هفتگی", "<p>در این گزارش از واکسن و واکسیناسیون سخن رفت.</p>", days_ago=1)
    publish("واکسن تازه رسید", "<p>محموله‌ای رسید.</p>", days_ago=1)
    assert find("واکسن") == ["واکسن تازه رسید", "گزارش هفتگی"]


def test_recent_article_ranks_above_an_old_one_of_equal_relevance(publish, find):
    publish("بارش برف در تهران", "<p>متن</p>", days_ago=400)
    publish("بارش برف در تبریز", "<p>متن</p>", days_ago=2)
    assert find("بارش برف") == ["بارش برف در تبریز", "بارش برف در تهران"]
    assert find("برف", order="newest") == ["بارش برف در تبریز", "بارش برف در تهران"]


def test_category_tag_and_jalali_date_filters(publish, find):
    economy, sport = CategoryFactory(name="اقتصاد"), CategoryFactory(name="ورزش")
    tag = TagFactory(name="بورس")
    publish("شاخص بورس تهران", "<p>متن</p>", category=economy, tags=[tag], days_ago=40)
    publish("شاخص آمادگی تیم", "<p>متن</p>", category=sport, days_ago=1)
    assert find("شاخص", category=economy) == ["شاخص بورس تهران"]
    assert find("شاخص", category=sport) == ["شاخص آمادگی تیم"]
    assert find("شاخص", tag=tag) == ["شاخص بورس تهران"]
    day = (timezone.now() - timedelta(days=40)).astimezone(TEHRAN).date()
    assert find("شاخص", date_from=day, date_to=day) == ["شاخص بورس تهران"]
    assert find("شاخص", date_from=day + timedelta(days=1)) == ["شاخص آمادگی تیم"]
    assert find("شاخص", date_to=day - timedelta(days=1)) == []


def test_pagination(publish):
    for n in range(5):
        publish(f"گزارش بازار شماره {'۰۱۲۳۴'[n]}", "<p>متن</p>", days_ago=n + 1)
    first = api.search(query="بازار", per_page=2, page=1)
    third = api.search(query="بازار", per_page=2, page=3)
    assert first.total == 5 and first.num_pages == 3 and first.has_next
    assert [h.article.title for h in first.hits] == ["گزارش بازار شماره ۰", "گزارش بازار شماره ۱"]
    assert [h.article.title for h in third.hits] == ["گزارش بازار شماره ۴"]
    assert not third.has_next
    past_the_end = api.search(query="بازار", per_page=2, page=99)
    assert past_the_end.page == 3 and len(past_the_end.hits) == 1
    assert api.search(query="بازار", per_page=2, page="abc").page == 1


def test_snippet_marks_the_words_as_published_and_escapes_html(publish):
    publish(
        "سیاست‌های <b>ارزی</b>",
        "<p>مقدمه‌ای طولانی. بانک مرکزی از سیاست‌های تازه خبر داد &lt;script&gt;.</p>",
    )
    hit = api.search(query="سياستها").hits[0]
    assert "<mark>سیاست‌های</mark>" in hit.title_html
    assert "&lt;b&gt;" in hit.title_html and "<b>" not in hit.title_html
    assert "<mark>سیاست‌های</mark> تازه" in hit.snippet_html
    assert "<script>" not in hit.snippet_html


def test_digits_are_highlighted_in_any_digit_set(publish):
    publish("بودجه سال ۱۴۰۵", "<p>متن</p>")
    hit = api.search(query="1405").hits[0]
    assert f"<mark>{to_persian_digits('1405')}</mark>" in hit.title_html


def test_admin_search_uses_the_backend(publish):
    from django.contrib import admin
    from django.contrib.admin.sites import AdminSite
    from django.test import RequestFactory

    from khabar.news.models import Article
    from khabar.search.admin import SearchBackendAdminMixin, article_ids_matching

    class ArticleAdmin(SearchBackendAdminMixin, admin.ModelAdmin):
        search_fields = ("title",)

    found = publish("سیاست‌های ارزی", "<p>متن</p>")
    publish("ورزش", "<p>متن</p>")
    assert article_ids_matching("سياستها") == [found.pk]
    model_admin = ArticleAdmin(Article, AdminSite())
    qs, _ = model_admin.get_search_results(
        RequestFactory().get("/"), Article.objects.all(), "سياستها"
    )
    assert list(qs) == [found]


SYNTAX = st.sampled_from(
    [
        '"',
        "'",
        "«",
        "»",
        "-",
        "*",
        "^",
        ":",
        "(",
        ")",
        "{",
        "}",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "<->",
        "&",
        "|",
        "!",
        "\\",
        "\u200c",
        "\u200d",
        "\x00",
        "%",
        "_",
        ";",
        "--",
        "/*",
    ]
)
QUERY = st.lists(
    st.one_of(SYNTAX, st.text(max_size=12), st.sampled_from(["نفت", "خام", "-نفت"])), max_size=12
).map(" ".join)


@hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERY)
def test_any_input_gives_results_or_an_empty_page(publish_once, query):
    results = api.search(query=query)
    assert results.total >= 0
    for hit in results.hits:
        assert hit.article.title


@hsettings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(min_size=10_000, max_size=10_000, alphabet=st.characters(codec="utf-8")))
def test_ten_thousand_characters_never_break_search(publish_once, query):
    api.search(query=query)


def test_ten_thousand_syntax_characters(publish_once):
    for query in ['"' * 10_000, "-" * 10_000, "نفت " * 2_500, "(" * 10_000, "NEAR(" * 2_000]:
        results = api.search(query=query)
        assert results.total >= 0


def test_spaced_words_find_a_compound_written_with_zwnj(publish, find):
    publish("تحریم‌های بین‌المللی", "<p>متن</p>")
    publish("بین دو جنگ", "<p>متن</p>")
    assert find('"تحریم های بین المللی"') == ["تحریم‌های بین‌المللی"]
    assert find("بین المللی") == ["تحریم‌های بین‌المللی"]


@pytest.mark.parametrize("plan", ["auto", "walk", "rum", "gin"])
@pytest.mark.parametrize("by", ["category", "tag"])
def test_filtered_common_word_ranks_the_newest_matches_of_the_filter(
    publish, backend, plan, by, monkeypatch
):
    """A word in every article, with a category or tag: the ranking window holds that
    filter's newest matches (not the newest overall), the newest first at equal relevance —
    whichever way PostgreSQL finds them."""
    if plan != "auto":
        if not backend.startswith("postgres"):
            pytest.skip("PostgreSQL's ways to the newest matches")
        if plan == "rum" and not _has_rum_index():
            pytest.skip("no RUM index in this database")
        if plan == "rum" and backend == "postgres_gin":
            pytest.skip("the GIN-only backend never reads RUM")
        monkeypatch.setattr(PostgresBackend, "_plan", lambda self, *args: plan)
    for module in (postgres, sqlite_fts5):
        monkeypatch.setattr(module, "RANK_WINDOW", 3)
    economy, sport = CategoryFactory(name="اقتصاد"), CategoryFactory(name="ورزش")
    tag = TagFactory(name="بازار")
    digits = "۰۱۲۳۴"
    for n in range(5):
        publish(
            f"گزارش اقتصادی شماره {digits[n]}",
            "<p>بازار امروز آرام بود.</p>",
            category=economy,
            tags=[tag],
            days_ago=n + 1,
        )
    for n in range(3):  # newer, but of another category and without the tag
        publish(f"گزارش ورزشی شماره {digits[n]}", "<p>بازار امروز آرام بود.</p>", category=sport)
    filters = {"category": economy} if by == "category" else {"tag": tag}
    results = api.search(query="امروز", **filters)
    assert [h.article.title for h in results.hits] == [
        "گزارش اقتصادی شماره ۰",
        "گزارش اقتصادی شماره ۱",
        "گزارش اقتصادی شماره ۲",
    ]
    assert results.total == 3 and not results.total_exact  # «more than 3»


def _has_rum_index() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_doc_vector_rum'")
        return cur.fetchone() is not None


def test_search_settings_do_not_outlive_the_search_in_a_callers_transaction(publish, backend):
    """PostgreSQL searches set planner settings for their own transaction only; inside a
    caller's transaction (a test, a newsroom action) they must not stay behind."""
    if not backend.startswith("postgres"):
        pytest.skip("PostgreSQL settings")
    publish("قیمت نفت خام", "<p>بازار نفت</p>")
    names = ("jit", "plan_cache_mode", "enable_bitmapscan", "enable_indexscan")

    def current() -> list[str]:
        with connection.cursor() as cur:
            cur.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
            return list(cur.fetchone())

    with transaction.atomic():
        before = current()
        assert [h.article.title for h in api.search(query="نفت").hits] == ["قیمت نفت خام"]
        assert current() == before
