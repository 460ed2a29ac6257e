"""From an article to what the index stores: its terms, filters and a recency number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from khabar.news.html import html_to_text
from khabar.search.analysis import analyze_to_text

DOCID_SPAN = 1_000_000


def docid_for(published_at: datetime, article_id: int) -> int:
    """Publish second × 10⁶ + the article's number modulo 10⁶: sorts like the publish time."""
    return int(published_at.timestamp()) * DOCID_SPAN + article_id % DOCID_SPAN


def published_second(docid: int) -> int:
    return docid // DOCID_SPAN


@dataclass(frozen=True, slots=True)
class IndexDoc:
    article_id: int
    docid: int
    category_id: int
    tag_ids: tuple[int, ...]
    published_at: datetime
    title: str  # analysed terms, space-separated
    body: str


@dataclass(frozen=True, slots=True)
class SourceText:
    """The article text the index is built from (plain, not yet analysed)."""

    article_id: int
    category_id: int
    tag_ids: tuple[int, ...]
    tag_names: tuple[str, ...]
    published_at: datetime
    title: str
    overline: str
    lead: str
    body_html: str


def source_from_row(row: tuple, tags: list[tuple[int, str]]) -> SourceText:
    """A source from an article row: (id, category_id, published_at, title, overline, lead, body)."""
    article_id, category_id, published_at, title, overline, lead, body_html = row
    return SourceText(
        article_id=article_id,
        category_id=category_id,
        tag_ids=tuple(t[0] for t in tags),
        tag_names=tuple(t[1] for t in tags),
        published_at=published_at,
        title=title,
        overline=overline,
        lead=lead,
        body_html=body_html,
    )


def build(source: SourceText) -> IndexDoc:
    """Analyse one article (the costly step: run in worker processes by ``rebuild``)."""
    body = "\n".join(
        part
        for part in (
            source.overline,
            source.lead,
            html_to_text(source.body_html),
            " ".join(source.tag_names),  # a tag's name finds its articles
        )
        if part
    )
    return IndexDoc(
        article_id=source.article_id,
        docid=docid_for(source.published_at, source.article_id),
        category_id=source.category_id,
        tag_ids=source.tag_ids,
        published_at=source.published_at,
        title=analyze_to_text(source.title),
        body=analyze_to_text(body),
    )


def build_many(sources: list[SourceText]) -> list[IndexDoc]:
    return [build(s) for s in sources]


def free_docids(docs: Sequence[IndexDoc], *, table: str = "search_document") -> list[int]:
    """Each doc's docid, moved up by one where another article already holds it in ``table``
    (the live documents, or those of a rebuild)."""
    from django.db import connection

    wanted = [d.docid for d in docs]
    wanted_set = set(wanted)
    taken: set[int] = set()
    with connection.cursor() as cur:
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join(["%s"] * len(chunk))
            cur.execute(f"SELECT docid FROM {table} WHERE docid IN ({marks})", chunk)  # noqa: S608
            taken.update(row[0] for row in cur.fetchall())

        def held(docid: int) -> bool:
            cur.execute(f"SELECT 1 FROM {table} WHERE docid = %s", [docid])  # noqa: S608
            return cur.fetchone() is not None

        out = []
        for docid in wanted:
            while docid in taken or (docid not in wanted_set and held(docid)):
                docid += 1
            taken.add(docid)
            out.append(docid)
    return out
