"""End-to-end wire ingest speed: N items from a local server, through the real poller.

    .venv/bin/python bench/ingest/bench_poll.py --items 10000 [--sources 10]

A local HTTP server (127.0.0.1) serves one RSS feed per source and a page per
item, built from the labelled corpus with varied numbers and names so items
are distinct but realistic (several agencies' versions of one event, so
clustering does real work). Every item goes through the real path: the
feed is fetched and parsed, each item's page fetched and extracted with
trafilatura, the text normalized, the MinHash signature computed, the LSH
consulted, the rows written. The database is a fresh SQLite file under
bench/work/ (or DATABASE_URL). Reports items/second and the process's
resident memory after each source (flat means no growth with items).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ITEMS  # noqa: E402

CITIES = ["تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "کرمان", "یزد", "رشت", "اهواز", "قم"]


def item_text(n: int) -> tuple[str, str, str]:
    _a, _i, _e, title, lead, body, _c = ITEMS[n % len(ITEMS)]
    city = CITIES[(n // len(ITEMS)) % len(CITIES)]
    tag = f" ({city}، شماره {n // len(ITEMS)})"
    return title + tag, lead, body + f"\n\nاین گزارش از {city} با کد {n} مخابره شده است."


def feed(source: int, per_source: int, base: str) -> bytes:
    start = datetime(2026, 11, 20, tzinfo=UTC)
    rows = []
    for k in range(per_source):
        n = source * per_source + k
        title, lead, _ = item_text(n)
        rows.append(
            f"<item><title>{escape(title)}</title><link>{base}/p/{n}.html</link>"
            f"<guid>s{source}-{n}</guid><description>{escape(lead)}</description>"
            f"<pubDate>{format_datetime(start + timedelta(seconds=n))}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>منبع {source}</title>{''.join(rows)}</channel></rss>"
    ).encode()


def page(n: int) -> bytes:
    title, lead, body = item_text(n)
    paras = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    nav = "".join(f"<li><a href='/s/{i}'>بخش {i}</a></li>" for i in range(20))
    return (
        f"<!DOCTYPE html><html lang='fa' dir='rtl'><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<meta name='description' content='{escape(lead)}'></head><body><nav><ul>{nav}</ul></nav>"
        f"<main><article><h1>{escape(title)}</h1>{paras}</article></main>"
        "<footer><p>تمامی حقوق محفوظ است.</p></footer></body></html>"
    ).encode()


def serve(per_source: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body in one TCP write: otherwise Nagle's algorithm and delayed
        # ACKs add 40 ms to every page, a property of this toy server, not of ingest.
        wbufsize = 256 * 1024

        def log_message(self, *a) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/feed/"):
                body = feed(int(self.path.split("/")[2].split(".")[0]), per_source, base)
            else:
                body = page(int(self.path.split("/")[2].split(".")[0]))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.base = base  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=10)
    args = parser.parse_args()
    work = ROOT / "bench" / "work"
    work.mkdir(parents=True, exist_ok=True)
    db = Path(tempfile.mkdtemp(dir=work)) / "ingest.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "khabar.settings.dev"
    os.environ["KHABAR_DEBUG"] = "false"  # DEBUG keeps every query in memory
    import django

    django.setup()
    from django.core.management import call_command

    from khabar.ingest.models import Feed, WireItem, WireSource
    from khabar.ingest.services import wire_source_poll
    from khabar.news.services import source_get_or_create

    call_command("migrate", verbosity=0)
    per_source = args.items // args.sources
    server = serve(per_source)
    for s in range(args.sources):
        ws = WireSource.objects.create(
            source=source_get_or_create(name=f"منبع بنچ {s}"), is_internal=True
        )
        Feed.objects.create(wire_source=ws, url=f"{server.base}/feed/{s}.xml")
    print(
        f"database {os.environ['DATABASE_URL'].split(':')[0]}, {args.items} items, {args.sources} sources"
    )
    print(f"rss before: {rss_mb():.0f} MB")
    started = time.perf_counter()
    for ws in WireSource.objects.order_by("pk"):
        t0 = time.perf_counter()
        report = wire_source_poll(wire_source_id=ws.pk)
        dt = time.perf_counter() - t0
        print(f"{report}  {report.new / dt:.1f} items/s  rss {rss_mb():.0f} MB")
    total = time.perf_counter() - started
    stored = WireItem.objects.count()
    clusters = WireItem.objects.values("cluster").distinct().count()
    print(f"stored {stored} items in {total:.1f} s: {stored / total:.1f} items/s end to end")
    print(f"clusters: {clusters}; failed: {WireItem.objects.exclude(error='').count()}")
    print(
        f"peak rss: {int(Path('/proc/self/status').read_text().split('VmHWM:')[1].split()[0]) / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
