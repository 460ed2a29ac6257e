"""Careful HTTP GET for other agencies' feeds and pages.

What an outside server can do to us is bounded here: every hop of a redirect
chain is resolved and refused if it points into our own network (unless the
source is marked internal), the connection goes to the address we checked
(no second DNS lookup to be fooled by), responses are cut off at a size cap,
redirects stop after five, and slow servers time out. Transient failures
(connection errors, timeouts, 5xx) are retried with exponential backoff.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.utils.translation import gettext as _

USER_AGENT = "KhabarWireIngest/1.0 (+https://github.com/khabar)"
MAX_REDIRECTS = 5
REDIRECT_CODES = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A fetch that failed; `retryable` says whether trying later may help."""

    def __init__(self, message: str, *, retryable: bool = False, status: int | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.status = status


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def _address_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class HttpFetcher:
    """One fetcher per poll.

    `internal_hosts` names the hosts that may resolve into our own network: the
    feed hosts of a source marked internal. Any other host, including one a
    redirect leads to, must resolve to public addresses only.
    """

    def __init__(
        self,
        *,
        internal_hosts: Iterable[str] = (),
        timeout: float = 10.0,
        max_bytes: int = 5 * 1024 * 1024,
        retries: int = 2,
        backoff: float = 0.5,
    ) -> None:
        self.internal_hosts = frozenset(h.lower() for h in internal_hosts)
        self.timeout = urllib3.Timeout(connect=timeout, read=timeout)
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self._pools: dict[tuple[str, str, int, str], urllib3.HTTPConnectionPool] = {}

    # -- public -------------------------------------------------------------
    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
        """GET `url`, following at most five checked redirects, retrying transient failures."""
        attempt = 0
        while True:
            try:
                return self._get_following(url, etag=etag, last_modified=last_modified)
            except FetchError as exc:
                if not exc.retryable or attempt >= self.retries:
                    raise
            attempt += 1
            time.sleep(self.backoff * (2 ** (attempt - 1)))

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()

    # -- internals ----------------------------------------------------------
    def _get_following(self, url: str, *, etag: str, last_modified: str) -> FetchResult:
        seen = 0
        current = url
        while True:
            result = self._get_once(current, etag=etag, last_modified=last_modified)
            if result.status not in REDIRECT_CODES:
                return result
            location = result.headers.get("location")
            if not location:
                raise FetchError(_("The server sent a redirect without an address."))
            seen += 1
            if seen > MAX_REDIRECTS:
                raise FetchError(
                    _("More than %(count)d redirects; stopped at %(url)s.")
                    % {"count": MAX_REDIRECTS, "url": current}
                )
            current = urljoin(current, location)

    def _resolve(self, host: str, port: int) -> str:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise FetchError(
                _("The address %(host)s could not be resolved.") % {"host": host}, retryable=True
            ) from exc
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        if not addresses:
            raise FetchError(_("The address %(host)s could not be resolved.") % {"host": host})
        if host.lower() not in self.internal_hosts:
            refused = [ip for ip in addresses if not _address_allowed(ip)]
            if refused:
                raise FetchError(
                    _(
                        "Refused: %(host)s points to a private or local address (%(ip)s). "
                        "Mark the source internal if this is intended."
                    )
                    % {"host": host, "ip": refused[0]}
                )
        return str(addresses[0])

    def _pool(self, scheme: str, host: str, port: int) -> urllib3.HTTPConnectionPool:
        ip = self._resolve(host, port)
        key = (scheme, host, port, ip)
        pool = self._pools.get(key)
        if pool is None:
            if scheme == "https":
                pool = urllib3.HTTPSConnectionPool(
                    ip,
                    port,
                    timeout=self.timeout,
                    retries=False,
                    server_hostname=host,
                    assert_hostname=host,
                    maxsize=2,
                )
            else:
                pool = urllib3.HTTPConnectionPool(
                    ip, port, timeout=self.timeout, retries=False, maxsize=2
                )
            self._pools[key] = pool
        return pool

    def _get_once(self, url: str, *, etag: str, last_modified: str) -> FetchResult:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(_("Not a web address: %(url)s") % {"url": url})
        port = parts.port or (443 if parts.scheme == "https" else 80)
        pool = self._pool(parts.scheme, parts.hostname, port)
        host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        headers = {
            "Host": host_header,
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            response = pool.urlopen(
                "GET", path, headers=headers, redirect=False, preload_content=False
            )
        except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError) as exc:
            raise FetchError(
                _("No answer from %(url)s in time.") % {"url": url}, retryable=True
            ) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(
                _("Could not connect to %(url)s: %(error)s") % {"url": url, "error": exc},
                retryable=True,
            ) from exc
        try:
            head = {k.lower(): v for k, v in response.headers.items()}
            status = response.status
            if status in REDIRECT_CODES or status == 304:
                return FetchResult(
                    url=url, status=status, headers=head, etag=etag, last_modified=last_modified
                )
            if status >= 400:
                raise FetchError(
                    _("The server answered %(status)d for %(url)s.")
                    % {"status": status, "url": url},
                    retryable=status >= 500 or status == 429,
                    status=status,
                )
            body = self._read_capped(response, head, url)
        finally:
            response.release_conn()
        return FetchResult(
            url=url,
            status=status,
            body=body,
            headers=head,
            etag=head.get("etag", ""),
            last_modified=head.get("last-modified", ""),
        )

    def _read_capped(self, response, head: dict[str, str], url: str) -> bytes:
        too_big = FetchError(
            _("The response from %(url)s is larger than %(size)d KB; not read.")
            % {"url": url, "size": self.max_bytes // 1024}
        )
        declared = head.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise too_big
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.stream(64 * 1024, decode_content=True):
                total += len(chunk)
                if total > self.max_bytes:
                    raise too_big
                chunks.append(chunk)
        except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError) as exc:
            raise FetchError(
                _("The answer from %(url)s broke off.") % {"url": url}, retryable=True
            ) from exc
        except urllib3.exceptions.DecodeError as exc:
            raise FetchError(
                _("The answer from %(url)s could not be decompressed.") % {"url": url}
            ) from exc
        return b"".join(chunks)
