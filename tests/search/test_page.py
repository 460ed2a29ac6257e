"""The reader's search page, /search?q=…"""

from bs4 import BeautifulSoup
from django.core.management import call_command

from tests.factories import CategoryFactory


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_results_page_is_persian_rtl_with_count_snippets_and_marks(client, publish):
    publish("سیاست‌های ارزی دولت", "<p>بانک مرکزی از سیاست‌های تازه خبر داد.</p>")
    publish("نتایج فوتبال", "<p>متن</p>")
    response = client.get("/search", {"q": "سياستهاي"})
    assert response.status_code == 200
    page = _soup(response)
    assert page.html["lang"] == "fa" and page.html["dir"] == "rtl"
    hits = page.select(".search-hit")
    assert len(hits) == 1
    assert hits[0].select_one(".search-hit__title mark").get_text() == "سیاست‌های"
    assert hits[0].select_one(".search-hit__snippet mark").get_text() == "سیاست‌های"
    assert "۱" in page.select_one(".search-summary").get_text()
    assert page.select_one(".search-form input[name=q]")["value"] == "سياستهاي"


def test_page_uses_no_inline_script_or_style(client, publish):
    publish("خبر", "<p>متن</p>")
    response = client.get("/search", {"q": "خبر"})
    page = _soup(response)
    assert (
        not page.select("script:not([src])")
        and not page.select("style")
        and not page.select("[style]")
    )
    assert any("search/search.css" in link["href"] for link in page.select("link[rel=stylesheet]"))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_empty_query_explains_how_to_search(client, backend):
    page = _soup(client.get("/search"))
    assert page.select_one(".search-help") is not None
    assert not page.select(".search-hit")


def test_no_result_gets_a_helpful_message(client, publish):
    publish("خبر", "<p>متن</p>")
    page = _soup(client.get("/search", {"q": "ناموجودترین واژه"}))
    assert page.select_one(".search-empty") is not None
    assert "«ناموجودترین واژه»" in page.select_one(".search-empty").get_text()


def test_bad_filters_are_explained_and_the_search_still_runs(client, publish):
    publish("صادرات نفت", "<p>متن</p>")
    page = _soup(client.get("/search", {"q": "نفت", "date_from": "1405/13/40", "category": "nope"}))
    assert page.select_one(".search-form__errors") is not None
    assert len(page.select(".search-hit")) == 1


def test_filters_and_pagination_links_keep_the_query(client, publish, settings):
    settings.KHABAR_PAGE_SIZE = 2
    economy = CategoryFactory(name="اقتصاد", slug="economy")
    for n in range(5):
        publish(f"بازار ارز {n}", "<p>متن</p>", category=economy, days_ago=n + 1)
    publish("بازار ورزش", "<p>متن</p>")
    response = client.get(
        "/search", {"q": "بازار", "category": "economy", "date_from": "۱۳۹۰/۰۱/۰۱"}
    )
    page = _soup(response)
    assert len(page.select(".search-hit")) == 2
    next_link = page.select_one("a[rel=next]")["href"]
    assert "q=" in next_link and "category=economy" in next_link and "page=2" in next_link
    last = _soup(client.get("/search" + next_link.replace("page=2", "page=3")))
    assert len(last.select(".search-hit")) == 1


def test_hostile_queries_render_a_page(client, publish):
    publish("خبر", "<p>متن</p>")
    for q in [
        '"',
        '"نفت',
        "-",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "NEAR(a b) AND ^c*",
        "\x00خبر",
    ]:
        response = client.get("/search", {"q": q, "category": f"x{q[:20]}", "tag": q[:20]})
        assert response.status_code == 200
        assert b"<script>alert" not in response.content


def test_reindex_command_rebuilds_with_progress(publish, capsys):
    publish("گزارش تورم", "<p>متن</p>")
    from khabar.search import api

    api.get_backend().clear()
    call_command("search_reindex", "--workers", "1")
    out = capsys.readouterr().out
    assert "1/1" in out and "Indexed 1 articles" in out
    assert [h.article.title for h in api.search(query="تورم").hits] == ["گزارش تورم"]
