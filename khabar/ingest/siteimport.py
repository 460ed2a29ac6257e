"""Migrating an existing site into Khabar (`khabar import_site`): files in, articles out.

Three formats: the seed's text pages (`text_page_import`), saved HTML article pages
of a Persian news site, and ninjs JSON. Every file is imported in its own
transaction: a file that fails writes nothing and never stops the others. A file
whose SHA-256 matches its last import is skipped, so a re-run after an interruption
resumes where it stopped; a changed file updates the same articles (keyed on the
news ID, or for ninjs on the item's GUID).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from lxml import etree

from khabar.ingest.models import SiteImport, SiteImportItem
from khabar.ingest.parsers.base import ParseError
from khabar.ingest.parsers.ninjs import NinjsParser
from khabar.ingest.services import text_page_import
from khabar.ingest.textpage import TextPageError, parse_datetime_text
from khabar.news import services as news
from khabar.news.errors import NewsError
from khabar.news.html import paragraphs_to_html
from khabar.news.models import Article, LegacyAlias
from khabar.persian import normalize, to_latin_digits

FORMATS = ("auto", "text", "html", "ninjs")
_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".json": "ninjs"}


class SiteImportError(ValueError):
    """A file cannot be imported; names the file (and line when known), in Persian."""

    def __init__(self, name: str, message: str, line: int | None = None) -> None:
        self.name, self.line, self.message = name, line, message
        where = f"{name}، سطر {line}" if line else name
        super().__init__(f"{where}: {message}")


@dataclass
class FileResult:
    path: Path
    status: str  # "imported", "skipped" or "failed"
    created: list[Article] = field(default_factory=list)
    updated: list[Article] = field(default_factory=list)
    skipped: int = 0
    error: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class SiteImportReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(len(f.created) for f in self.files)

    @property
    def updated(self) -> int:
        return sum(len(f.updated) for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def failed(self) -> int:
        return sum(1 for f in self.files if f.status == "failed")


# --- Finding files -------------------------------------------------------------------


def site_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import, in a stable order: given files as they are, directories walked.

    In a directory only .txt, .html, .htm and .json files count; hidden entries and
    the `<page>_files` folders a browser saves beside a page are passed over.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if any(p.startswith(".") or p.endswith("_files") for p in parts):
                    continue
                if child.is_file() and child.suffix.lower() in _SUFFIXES:
                    found.append(child)
        else:
            found.append(path)
    return found


def detect_format(path: Path, raw: bytes) -> str:
    by_suffix = _SUFFIXES.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    head = raw[:512].lstrip().lower()
    if head[:1] in (b"{", b"["):
        return "ninjs"
    if head.startswith((b"<!doctype", b"<html")) or b"<body" in raw[:4096].lower():
        return "html"
    return "text"


# --- Saved HTML article pages ---------------------------------------------------------

_NEWS_ID = re.compile(r"(?:کد\s*خبر|شناسه(?:\s*خبر)?)\s*[:：]?\s*([0-9۰-۹٠-٩]{1,18})")
_JALALI_IN_TEXT = re.compile(
    r"1[34]\d\d\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{1,2}(?:\s*[-–،,]?\s*\d{1,2}:\d{2})?"
)
_OVERLINE = ".rutitr, .rotitr, .overline, .kicker, .uptitle, .pre-title, [class*='rutitr']"
_LEAD = ".lead, .introtext, .summary, .news-lead, .subtitle, [itemprop='description']"
_BODY = (
    "[itemprop='articleBody'], .item-text, .news-text, .article-body, .body, .content-text, "
    ".story, article"
)
_DATE = "time, .date, .news-date, .publish-date, [class*='date'], [class*='time']"
_CATEGORY = ".breadcrumb a, .breadcrumbs a, nav[aria-label*='breadcrumb'] a"
_TAGS = ".tags a, .tag-list a, a[rel='tag'], [class*='tags'] a"
_SHORTLINK = (
    "[id*='short'] a, a[class*='short'], [class*='short-link'] a, input[id*='short'], "
    "input[class*='short']"
)
_IMAGE = "figure img, .lead-image img, [class*='image'] img, article img"


@dataclass(frozen=True)
class HtmlPage:
    title: str
    overline: str
    lead: str
    paragraphs: list[str]
    body_html: str  # the same blocks with their inline markup, not yet sanitized
    category: str
    tags: list[str]
    news_id: int | None
    published_at: datetime | None  # aware
    canonical_url: str
    short_link: str
    image_sources: list[str]  # og:image first, then the page's own <img>
    image_caption: str


def _meta(doc: lxml.html.HtmlElement, *names: str) -> str:
    for name in names:
        for el in doc.xpath("//meta[@property=$n or @name=$n]", n=name):
            content = (el.get("content") or "").strip()
            if content:
                return content
    return ""


def _metas(doc: lxml.html.HtmlElement, name: str) -> list[str]:
    found = doc.xpath("//meta[@property=$n or @name=$n]/@content", n=name)
    return [v.strip() for v in found if v.strip()]


def _text(el: etree._Element) -> str:
    return " ".join(el.text_content().split())


def _by_priority(root: lxml.html.HtmlElement, selectors: str) -> Iterator[etree._Element]:
    """Elements with text, the first selector's before the next one's (not document order)."""
    seen: set[etree._Element] = set()
    for selector in selectors.split(", "):
        for el in root.cssselect(selector):
            if el not in seen and _text(el):
                seen.add(el)
                yield el


def _first_text(root: lxml.html.HtmlElement, selectors: str) -> str:
    return next((_text(el) for el in _by_priority(root, selectors)), "")


def _iso(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(to_latin_digits(value.strip()).replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else timezone.make_aware(when)


def _page_date(doc: lxml.html.HtmlElement) -> datetime | None:
    iso = _meta(doc, "article:published_time", "og:published_time", "pubdate", "date")
    if iso and (when := _iso(iso)):
        return when
    for el in doc.cssselect("time[datetime]"):
        if when := _iso(el.get("datetime", "")):
            return when
    for el in doc.cssselect(_DATE):
        match = _JALALI_IN_TEXT.search(to_latin_digits(_text(el)))
        if match:
            try:
                return timezone.make_aware(parse_datetime_text(match.group(0)))
            except ValueError:
                continue
    return None


def _blocks(body: etree._Element) -> list[tuple[str, str]]:
    """(plain text, HTML) of each block of the body, in order, without repeats.

    The HTML keeps inline markup (links, bold, italics); the services sanitize it
    with the allow-list and normalize its text when the article is saved.
    """
    for junk in body.cssselect("script, style, noscript, figure, aside, .tags, .share, form"):
        junk.drop_tree()
    elements = body.cssselect("p, h2, h3, blockquote, li") or [body]
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for el in elements:
        text = _text(el)
        if not text or text in seen:
            continue
        seen.add(text)
        tag = el.tag if el.tag in ("p", "h2", "h3", "blockquote") else "p"
        inner = html.escape(el.text or "", quote=False) + "".join(
            lxml.html.tostring(child, encoding="unicode") for child in el
        )
        out.append((text, f"<{tag}>{inner.strip()}</{tag}>"))
    return out


def _strip_site_name(title: str, site_name: str) -> str:
    for sep in (" | ", " - ", " – ", " :: "):
        head, found, tail = title.rpartition(sep)
        if found and site_name and normalize(tail) == normalize(site_name):
            return head.strip()
    return title


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_html(raw: bytes) -> str:
    """The page's text: its BOM or <meta charset>, else UTF-8, else Windows-1256.

    Old Persian sites often saved pages in Windows-1256 without saying so; lxml alone
    would read such bytes as Latin-1 and turn the whole page into mojibake.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(raw[:4096])
    codecs = [declared.group(1).decode("ascii")] if declared else []
    for codec in [*codecs, "utf-8"]:
        try:
            return raw.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("cp1256", errors="replace")


def parse_html_page(raw: bytes, *, name: str) -> HtmlPage:
    """Read one saved article page; `SiteImportError` (in Persian) when it is not one."""
    try:
        doc = lxml.html.document_fromstring(_XML_DECLARATION.sub("", decode_html(raw)))
    except (etree.ParserError, ValueError) as exc:
        raise SiteImportError(name, f"فایل HTML خوانا نیست ({exc}).") from None
    h1 = doc.cssselect("h1")
    title = _strip_site_name(_meta(doc, "og:title"), _meta(doc, "og:site_name"))
    if not title and h1:
        title = _text(h1[0])
    if not title:
        raise SiteImportError(name, "تیتر خبر پیدا نشد (نه og:title و نه <h1>).")
    bodies = list(_by_priority(doc, _BODY))
    if not bodies:
        line = h1[0].sourceline if h1 else None
        raise SiteImportError(
            name, "متن خبر پیدا نشد؛ بخشی مثل <article> یا .item-text در صفحه نیست.", line
        )
    body = bodies[0]
    lead_el = next(_by_priority(doc, _LEAD), None)
    lead = _text(lead_el) if lead_el is not None else _meta(doc, "og:description", "description")
    crumbs = [_text(a) for a in doc.cssselect(_CATEGORY) if _text(a)]
    category = _meta(doc, "article:section") or (crumbs[-1] if crumbs else "")
    tags = _metas(doc, "article:tag") or [_text(a) for a in doc.cssselect(_TAGS) if _text(a)]
    page_text = normalize(_text(doc.body if doc.find("body") is not None else doc))
    id_match = _NEWS_ID.search(page_text)
    news_id = int(to_latin_digits(id_match.group(1))) if id_match else None
    canonical = ""
    for el in doc.xpath("//link[@rel='canonical']"):
        canonical = (el.get("href") or "").strip()
        break
    canonical = canonical or _meta(doc, "og:url")
    short = ""
    for el in doc.xpath("//link[@rel='shortlink']"):
        short = (el.get("href") or "").strip()
        break
    if not short:
        for el in doc.cssselect(_SHORTLINK):
            short = (el.get("href") or el.get("value") or _text(el)).strip()
            if short:
                break
    image_sources, caption = [_meta(doc, "og:image")], ""
    for img in doc.cssselect(_IMAGE):
        if img.get("src"):
            image_sources.append(img.get("src", "").strip())
            figure = next((a for a in img.iterancestors("figure")), None)
            captions = figure.cssselect("figcaption") if figure is not None else []
            caption = _text(captions[0]) if captions else (img.get("alt") or "").strip()
            break
    overline = _first_text(doc, _OVERLINE)
    published_at = _page_date(doc)
    # Last, as it cuts the page: the body without the blocks read above.
    body_line = body.sourceline
    for el in body.cssselect(f"{_OVERLINE}, {_LEAD}, h1"):
        if el is not body:
            el.drop_tree()
    blocks = _blocks(body)
    if lead and blocks and normalize(blocks[0][0]) == normalize(lead):
        blocks = blocks[1:]
    paragraphs = [text for text, _ in blocks]
    if not paragraphs:
        raise SiteImportError(name, "متن خبر خالی است.", body_line)
    return HtmlPage(
        title=title,
        overline=overline,
        lead=lead,
        paragraphs=paragraphs,
        body_html="\n".join(markup for _, markup in blocks),
        category=category,
        tags=list(dict.fromkeys(t for t in tags if t)),
        news_id=news_id,
        published_at=published_at,
        canonical_url=canonical,
        short_link=short,
        image_sources=[src for src in dict.fromkeys(image_sources) if src],
        image_caption=caption,
    )


def legacy_path(url: str) -> str:
    """The path (and query) of an old address: what its readers' links still ask for."""
    if not url:
        return ""
    if "://" not in url and not url.startswith("/"):
        url = "//" + url  # «example.ir/x/123» as sites print their short links
    parts = urlsplit(url)
    path = unquote(parts.path or "")
    if parts.query:
        path += "?" + parts.query
    return path if path not in ("", "/") else ""


def _local_image(src: str, page: Path) -> Path | None:
    """The image beside the saved page (`x.jpg` or `<page>_files/x.jpg`), if it is there."""
    if not src or src.startswith("data:"):
        return None
    parts = urlsplit(src)
    candidates = []
    if not parts.scheme and not parts.netloc:
        candidates.append(page.parent / unquote(parts.path))
    name = Path(unquote(parts.path)).name
    if name:
        candidates += [page.parent / f"{page.stem}_files" / name, page.parent / name]
    for candidate in candidates:
        try:
            if candidate.resolve().is_relative_to(page.parent.resolve()) and candidate.is_file():
                return candidate
        except OSError:
            continue
    return None


# --- Writing --------------------------------------------------------------------------


def _category(name: str, default_category: str, file_name: str):
    name = normalize(name or default_category).strip()
    if not name:
        raise SiteImportError(
            file_name, "دسته (شاخه) خبر پیدا نشد؛ با --category یک دستهٔ پیش‌فرض بدهید."
        )
    return news.category_get_or_create(name=name)


def _save(
    *,
    article: Article | None,
    news_id: int | None,
    fields: dict,
    tags: list[str],
    published_at: datetime | None,
    aliases: list[str],
) -> tuple[Article, bool]:
    tag_objs = [news.tag_get_or_create(name=t) for t in tags if normalize(t).strip()]
    if article is None:
        article = news.article_create(news_id=news_id, tags=tag_objs, **fields)
        created = True
    else:
        article = news.article_update(article=article, tags=tag_objs, **fields)
        created = False
    if article.status != Article.Status.PUBLISHED:
        news.article_publish(
            article_id=article.pk, published_at=published_at, date_unknown=published_at is None
        )
    for path in aliases:
        if path and len(path) <= 500 and path != article.get_absolute_url():
            news.legacy_alias_set(article=article, path=path)
    article.refresh_from_db()
    return article, created


def _import_html(
    raw: bytes, path: Path, result: FileResult, published_at: datetime | None, default_cat: str
) -> None:
    page = parse_html_page(raw, name=path.name)
    aliases = [legacy_path(page.canonical_url), legacy_path(page.short_link)]
    article = None
    if page.news_id is not None:
        article = Article.objects.filter(news_id=page.news_id).first()
    else:
        known = LegacyAlias.objects.filter(path__in=[a for a in aliases if a]).first()
        article = known.article if known else None
    fields = {
        "title": page.title,
        "overline": page.overline[:250],
        "lead": page.lead,
        "body": page.body_html,
        "category": _category(page.category, default_cat, path.name),
    }
    local = next((found for src in page.image_sources if (found := _local_image(src, path))), None)
    if local is not None and (article is None or article.lead_image_id is None):
        with local.open("rb") as fh:
            image = news.image_create(
                file=File(fh, name=local.name), caption=page.image_caption, alt=page.title
            )
        fields["lead_image"] = image
    elif page.image_sources and local is None:
        result.notes.append(
            f"تصویر «{urljoin(page.canonical_url, page.image_sources[0])}» کنار فایل نیست؛ "
            "بارگیری نشد و فقط نشانی‌اش در این گزارش آمد."
        )
    article, created = _save(
        article=article,
        news_id=page.news_id,
        fields=fields,
        tags=page.tags,
        published_at=page.published_at or published_at,
        aliases=aliases,
    )
    (result.created if created else result.updated).append(article)


def _import_ninjs(
    raw: bytes, path: Path, result: FileResult, published_at: datetime | None, default_cat: str
) -> None:
    try:
        items = NinjsParser().parse(raw)
    except ParseError as exc:
        raise SiteImportError(path.name, f"فایل ninjs خوانا نیست: {exc}") from None
    if not items:
        raise SiteImportError(path.name, "در این فایل ninjs هیچ خبری با guid نیست.")
    # The parser passes over entries without an ID; an import must not lose them quietly.
    data = json.loads(raw)
    entries = data.get("items", [data]) if isinstance(data, dict) else data
    for n, entry in enumerate(entries, start=1):
        guid = (
            entry.get("guid") or entry.get("uri") or entry.get("id")
            if isinstance(entry, dict)
            else None
        )
        if not isinstance(guid, str) or not guid:
            raise SiteImportError(path.name, f"خبر {n} این فایل guid یا uri ندارد.")
    for n, item in enumerate(items, start=1):
        if not item.title.strip() or not item.body.strip():
            raise SiteImportError(path.name, f"خبر {n} ({item.guid}) تیتر یا متن ندارد.")
        key = f"ninjs:{item.guid}"
        mapped = SiteImportItem.objects.filter(key=key).select_related("article").first()
        paragraphs = [p.strip() for p in item.body.split("\n\n") if p.strip()]
        fields = {
            "title": item.title,
            "lead": item.lead,
            "body": paragraphs_to_html(paragraphs),
            "category": _category(item.category, default_cat, path.name),
        }
        if item.original_agency:
            fields["original_source"] = news.source_get_or_create(name=item.original_agency)
        article, created = _save(
            article=mapped.article if mapped else None,
            news_id=None,
            fields=fields,
            tags=[],
            published_at=item.published_at or published_at,
            aliases=[legacy_path(item.url)],
        )
        SiteImportItem.objects.update_or_create(key=key, defaults={"article": article})
        (result.created if created else result.updated).append(article)


def _import_text(
    raw: bytes, path: Path, result: FileResult, published_at: datetime | None, default_cat: str
) -> None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SiteImportError(path.name, f"فایل متنی UTF-8 نیست (بایت {exc.start}).") from None
    done = text_page_import(raw=text, file_name=path.name, published_at=published_at)
    (result.created if done.created else result.updated).append(done.article)


_IMPORTERS: dict[str, Callable[..., None]] = {
    "text": _import_text,
    "html": _import_html,
    "ninjs": _import_ninjs,
}


def site_file_import(
    *,
    path: Path,
    fmt: str = "auto",
    published_at: datetime | None = None,
    default_category: str = "",
    force: bool = False,
) -> FileResult:
    """Import one file in its own transaction; never raises for a bad file (see `.error`)."""
    key = str(path.resolve())
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return FileResult(path, "failed", error=f"{path.name}: خواندن فایل ممکن نشد ({exc}).")
    digest = hashlib.sha256(raw).hexdigest()
    done = SiteImport.objects.filter(path=key).first()
    if done is not None and done.sha256 == digest and not force:
        return FileResult(path, "skipped", skipped=done.items or 1)
    kind = detect_format(path, raw) if fmt == "auto" else fmt
    result = FileResult(path, "imported")
    try:
        with transaction.atomic():
            _IMPORTERS[kind](raw, path, result, published_at, default_category)
            SiteImport.objects.update_or_create(
                path=key,
                defaults={
                    "format": kind,
                    "sha256": digest,
                    "items": len(result.created) + len(result.updated),
                    "notes": "\n".join(result.notes),
                },
            )
    except (SiteImportError, TextPageError) as exc:
        return FileResult(path, "failed", error=str(exc))
    except (NewsError, ValidationError) as exc:
        messages = "؛ ".join(getattr(exc, "messages", None) or [str(exc)])
        return FileResult(path, "failed", error=f"{path.name}: {messages}")
    return result


def site_import(
    *,
    paths: Iterable[Path],
    fmt: str = "auto",
    published_at: datetime | None = None,
    default_category: str = "",
    force: bool = False,
    progress: Callable[[int, int, FileResult], None] | None = None,
) -> SiteImportReport:
    """Import every file under `paths` (sorted); `progress(n, total, result)` after each."""
    files = site_files(paths)
    report = SiteImportReport()
    for n, path in enumerate(files, start=1):
        result = site_file_import(
            path=path,
            fmt=fmt,
            published_at=published_at,
            default_category=default_category,
            force=force,
        )
        report.files.append(result)
        if progress is not None:
            progress(n, len(files), result)
    return report


def iter_failures(report: SiteImportReport) -> Iterator[FileResult]:
    return (f for f in report.files if f.status == "failed")
