"""deploy/nginx.conf, run by Debian's nginx in front of the app (pytest-django's live_server).

nginx talks to the app through a small TCP forwarder the test can switch off, to show
that readers keep getting the last copy of a page while the app is down. No timing is
asserted: freshness is polled for (docs/deploy.md gives the design; bench/ the speed).
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.utils.encoding import iri_to_uri

from khabar.news import services
from tests.factories import CategoryFactory, make_article

NGINX = Path("/usr/sbin/nginx")
REPO = Path(__file__).resolve().parents[2]
BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so").is_file()
HASH = "0123456789ab"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not NGINX.is_file(),
        reason="Debian's nginx is not installed (scripts/setup.sh --dev installs it)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Forwarder:
    """127.0.0.1:<port> → the app; `stop()` makes the app unreachable (connection refused)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = _free_port()
        self.open: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() below
            self.listener.close()
            self.listener = None
        for sock in self.open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def static_root(tmp_path: Path) -> Path:
    """What collectstatic would leave: hashed names beside the originals (a font too)."""
    root = tmp_path / "static"
    (root / "site").mkdir(parents=True)
    (root / "fonts" / "vazirmatn").mkdir(parents=True)
    css = REPO / "khabar" / "site" / "static" / "site" / "site.css"
    shutil.copy(css, root / "site" / "site.css")
    shutil.copy(css, root / "site" / f"site.{HASH}.css")
    font = REPO / "node_modules" / "vazirmatn" / "fonts" / "webfonts" / "Vazirmatn-Regular.woff2"
    if font.is_file():
        shutil.copy(font, root / "fonts" / "vazirmatn" / f"Vazirmatn-Regular.{HASH}.woff2")
    return root


@pytest.fixture
def forwarder(live_server) -> Forwarder:
    host, port = live_server.url.removeprefix("http://").split(":")
    fwd = Forwarder((host, int(port)))
    fwd.start()
    yield fwd
    fwd.stop()


@pytest.fixture
def nginx(tmp_path: Path, static_root: Path, forwarder: Forwarder, settings):
    """deploy/nginx.conf rendered into a temporary prefix, nginx in the foreground."""
    settings.KHABAR_PAGE_CACHE = True
    port = _free_port()
    for name in ("cache", "run", "log", "media"):
        (tmp_path / name).mkdir(exist_ok=True)
    conf = tmp_path / "nginx.conf"
    render = [
        sys.executable,
        str(REPO / "deploy" / "nginx_render.py"),
        f"--upstream=127.0.0.1:{forwarder.port}",
        f"--listen=127.0.0.1:{port}",
        f"--static-root={static_root}",
        f"--media-root={tmp_path / 'media'}",
        f"--cache-dir={tmp_path / 'cache'}",
        f"--run-dir={tmp_path / 'run'}",
        f"--log-dir={tmp_path / 'log'}",
        "--workers=1",
        f"--user={'root' if os.geteuid() == 0 else ''}",
        f"--out={conf}",
    ]
    subprocess.run(render, check=True)
    error_log = tmp_path / "log" / "error.log"
    process = subprocess.Popen(
        [
            str(NGINX),
            "-p",
            str(tmp_path),
            "-c",
            str(conf),
            "-e",
            str(error_log),
            "-g",
            "daemon off;",
        ]
    )
    try:
        for _ in range(100):
            if process.poll() is not None:
                pytest.fail(f"nginx stopped: {error_log.read_text(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(address: str, path: str, headers: dict[str, str] | None = None):
    conn = http.client.HTTPConnection(address, timeout=15)
    try:
        conn.request("GET", iri_to_uri(path), headers=headers or {})
        response = conn.getresponse()
        headers: dict[str, str] = {}
        for name, value in response.getheaders():  # repeated headers (Vary) joined
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        return response.status, headers, response.read()
    finally:
        conn.close()


def fetch_until(address: str, path: str, wanted, headers=None, tries: int = 60):
    """Poll (no timing asserted): the first answer `wanted` accepts, or the last one."""
    for _ in range(tries):
        answer = fetch(address, path, headers)
        if wanted(answer):
            return answer
        time.sleep(0.25)
    return answer


@pytest.fixture
def article():
    return make_article(title="لایحه بودجه به مجلس رسید", category=CategoryFactory(slug="economy"))


def test_reader_pages_are_micro_cached(nginx, article) -> None:
    url = article.get_absolute_url()
    status, headers, body = fetch_until(
        nginx, url, lambda a: a[1].get("x-cache-status") == "HIT", tries=20
    )
    assert status == 200 and headers["x-cache-status"] == "HIT"
    assert f"article-{article.news_id}" in headers["surrogate-key"].split()
    assert "s-maxage=1" in headers["cache-control"]
    assert "لایحه بودجه" in body.decode()


def test_an_edit_is_visible_through_nginx(nginx, article) -> None:
    url = article.get_absolute_url()
    fetch_until(nginx, url, lambda a: a[1].get("x-cache-status") == "HIT", tries=20)
    services.article_update(article=article, title="لایحه بودجه در مجلس تصویب شد")
    article.refresh_from_db()
    # The old address answers 301 to the new slug; the new one shows the new title.
    status, _, body = fetch_until(
        nginx, article.get_absolute_url(), lambda a: "تصویب شد" in a[2].decode()
    )
    assert status == 200 and "تصویب شد" in body.decode()
    _, _headers, body = fetch_until(nginx, "/", lambda a: "تصویب شد" in a[2].decode())
    assert "تصویب شد" in body.decode()  # the home page that lists it, too
    assert fetch_until(nginx, url, lambda a: a[0] == 301)[0] == 301  # the old slug moved


def test_an_unpublished_article_leaves_nginx_too(nginx, article) -> None:
    url = article.get_absolute_url()
    fetch_until(nginx, url, lambda a: a[1].get("x-cache-status") == "HIT", tries=20)
    services.article_unpublish(article_id=article.pk)
    assert fetch_until(nginx, url, lambda a: a[0] == 404)[0] == 404


def test_the_last_copy_is_served_while_the_app_is_down(nginx, forwarder, article) -> None:
    url = article.get_absolute_url()
    fetch_until(nginx, url, lambda a: a[1].get("x-cache-status") == "HIT", tries=20)
    forwarder.stop()
    # Once the one-second copy has expired, it must still be served.
    status, headers, body = fetch_until(nginx, url, lambda a: a[1].get("x-cache-status") != "HIT")
    assert status == 200
    assert headers["x-cache-status"] in {"STALE", "UPDATING"}
    assert "لایحه بودجه" in body.decode()
    assert fetch(nginx, "/never-cached-before")[0] == 502  # nothing to fall back on
    forwarder.start()
    status, _, _ = fetch_until(nginx, url, lambda a: a[1].get("x-cache-status") != "STALE")
    assert status == 200


def test_editors_and_the_beacon_are_never_cached(nginx, article) -> None:
    url = article.get_absolute_url()
    for _ in range(2):
        _, headers, _ = fetch(nginx, url, {"Cookie": "sessionid=someone"})
        assert headers["x-cache-status"] == "BYPASS"
    conn = http.client.HTTPConnection(nginx, timeout=15)
    conn.request("POST", f"/seen/{article.news_id}")
    response = conn.getresponse()
    assert response.status == 204 and response.getheader("X-Cache-Status") in (None, "BYPASS")
    conn.close()


def test_each_font_size_has_its_own_copy(nginx, article) -> None:
    url = article.get_absolute_url()
    fetch_until(nginx, url, lambda a: a[1].get("x-cache-status") == "HIT", tries=20)
    _, _headers, body = fetch_until(
        nginx,
        url,
        lambda a: a[1].get("x-cache-status") == "HIT",
        headers={"Cookie": "khabar_font=2"},
        tries=20,
    )
    assert b'class="font-step-2"' in body
    _, _, plain = fetch(nginx, url)
    assert b'class="font-step-0"' in plain


def test_static_files_and_fonts_are_immutable(nginx, static_root) -> None:
    status, headers, body = fetch(nginx, f"/static/site/site.{HASH}.css")
    assert status == 200 and body == (static_root / "site" / "site.css").read_bytes()
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-type"].startswith("text/css")
    status, headers, _ = fetch(nginx, "/static/site/site.css")
    assert status == 200 and "immutable" not in headers["cache-control"]
    font = f"/static/fonts/vazirmatn/Vazirmatn-Regular.{HASH}.woff2"
    if (static_root / font.removeprefix("/static/")).is_file():
        status, headers, _ = fetch(nginx, font)
        assert status == 200 and headers["content-type"] == "font/woff2"
        assert "immutable" in headers["cache-control"]
    assert fetch(nginx, "/static/site/missing.css")[0] == 404


def test_pages_and_assets_are_compressed(nginx, article) -> None:
    url = article.get_absolute_url()
    _, _plain_headers, plain = fetch(nginx, url)
    status, headers, body = fetch(nginx, url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == plain and len(body) < len(plain) / 2
    assert "accept-encoding" in headers.get("vary", "").lower()
    _, headers, _ = fetch(nginx, f"/static/site/site.{HASH}.css", {"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip"
    if not BROTLI:
        pytest.skip("Debian's brotli modules for nginx are not installed")
    status, headers, body = fetch(nginx, url, {"Accept-Encoding": "br"})
    assert status == 200 and headers["content-encoding"] == "br"
    assert 0 < len(body) < len(plain) / 2
