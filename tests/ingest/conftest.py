"""A real HTTP server on 127.0.0.1 serving tests/fixtures/ingest, plus hostile routes.

Files say `{{BASE}}` where the server's own address goes. Files get an ETag and
Last-Modified and answer 304 to a matching conditional GET. Under /hostile/:
`status/<code>`, `slow` (answers after 3 s), `big` (6 MB, no Content-Length),
`loop/<n>` (redirects forever), `to-localhost` (redirect to another host name of
this server), `to-metadata` (redirect to 169.254.169.254).
"""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
LAST_MODIFIED = "Fri, 20 Nov 2026 06:00:00 GMT"


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True
    base = ""
    hits: dict[str, int]
    overrides: dict[str, bytes]


class Handler(BaseHTTPRequestHandler):
    server: FixtureServer

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.hits[path] = self.server.hits.get(path, 0) + 1
        if path.startswith("/hostile/"):
            return self._hostile(path.removeprefix("/hostile/"))
        if path in self.server.overrides:
            body = self.server.overrides[path]
        else:
            file = (FIXTURES / path.lstrip("/")).resolve()
            if FIXTURES not in file.parents or not file.is_file():
                return self._send(404, "پیدا نشد".encode())
            body = file.read_bytes().replace(b"{{BASE}}", self.server.base.encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, headers={"ETag": etag})
        kind = {
            ".xml": "application/rss+xml; charset=utf-8",
            ".json": "application/json",
            ".html": "text/html; charset=utf-8",
        }.get(Path(path).suffix, "application/octet-stream")
        self._send(200, body, {"Content-Type": kind, "ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _hostile(self, what: str) -> None:
        if what.startswith("status/"):
            return self._send(int(what.split("/")[1]), "خطا".encode())
        if what == "slow":
            time.sleep(3)
            return self._send(200, b"late")
        if what == "big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + "خبر ".encode() * 2000 + b"</p>"
            sent = 0
            try:
                while sent < 6 * 1024 * 1024:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the client hung up at its cap, as it should
            self.close_connection = True
            return None
        if what.startswith("loop/"):
            n = int(what.split("/")[1])
            return self._send(302, headers={"Location": f"/hostile/loop/{n + 1}"})
        if what == "to-localhost":
            port = self.server.server_address[1]
            return self._send(302, headers={"Location": f"http://localhost:{port}/irna/rss.xml"})
        if what == "to-metadata":
            return self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data"})
        if what == "redirect-once":
            return self._send(301, headers={"Location": "/irna/rss.xml"})
        file = FIXTURES / "hostile" / what
        if file.is_file():
            body = file.read_bytes().replace(b"{{BASE}}", self.server.base.encode())
            return self._send(200, body, {"Content-Type": "text/html; charset=utf-8"})
        return self._send(404)


@pytest.fixture
def wire_server():
    server = FixtureServer(("127.0.0.1", 0), Handler)
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    server.hits = {}
    server.overrides = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fast_ingest(settings):
    settings.KHABAR_INGEST_TIMEOUT = 1.0
    settings.KHABAR_INGEST_RETRIES = 1
    settings.KHABAR_INGEST_BACKOFF = 0.01
    settings.KHABAR_INGEST_MAX_BYTES = 1024 * 1024


AGENCY_FEEDS = {
    "ایرنا": ("irna/rss.xml", "rss"),
    "خبرگزاری مهر": ("mehr/rss.xml", "rss"),
    "ایسنا": ("isna/atom.xml", "rss"),
    "تسنیم": ("tasnim/ninjs.json", "ninjs"),
}


def make_wire_source(server, name: str, path: str, kind: str = "rss", **fields):
    from khabar.ingest.models import Feed, WireSource
    from khabar.news.services import source_get_or_create

    source = source_get_or_create(name=name, homepage=server.base + "/")
    fields.setdefault("is_internal", True)
    wire_source = WireSource.objects.create(source=source, **fields)
    Feed.objects.create(wire_source=wire_source, url=f"{server.base}/{path}", kind=kind)
    return wire_source


@pytest.fixture
def agencies(wire_server):
    """The four fixture agencies; مهر's layout needs its CSS content rule."""
    made = {}
    for name, (path, kind) in AGENCY_FEEDS.items():
        extra = {}
        if name == "خبرگزاری مهر":
            extra = {
                "title_selector": ".item-title h2",
                "lead_selector": ".item-summary",
                "body_selector": ".item-text",
            }
        made[name] = make_wire_source(wire_server, name, path, kind, **extra)
    return made
