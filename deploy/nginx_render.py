#!/usr/bin/env python3
"""Fill deploy/nginx.conf's @PLACEHOLDERS@ and write a complete nginx configuration.

    python3 deploy/nginx_render.py --upstream 127.0.0.1:8000 --listen 80 \\
        --static-root /srv/khabar/static --media-root /srv/khabar/media \\
        --cache-dir /var/cache/nginx/khabar --run-dir /run/khabar-nginx \\
        --log-dir /var/log/nginx --out /etc/nginx/nginx.conf

Standard library only (it runs before the virtualenv exists). Without Debian's brotli
modules (libnginx-mod-http-brotli-*) the brotli lines are left out. The tests and the
benchmarks render the same template into a temporary directory and start
`nginx -p DIR -c DIR/nginx.conf -e DIR/error.log -g 'daemon off;'`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf")
DEBIAN_MODULES = "/usr/lib/nginx/modules"


def render(
    *,
    upstream: str,
    listen: str,
    static_root: str,
    media_root: str,
    cache_dir: str,
    run_dir: str,
    log_dir: str,
    server_name: str = "_",
    workers: str = "auto",
    user: str = "www-data",
    access_log: str = "",
    forwarded_proto: str = "$scheme",
    session_cookie: str = "sessionid",
    modules_dir: str = DEBIAN_MODULES,
    mime_types: str = "/etc/nginx/mime.types",
    template: Path = TEMPLATE,
) -> str:
    """The configuration text. `access_log` empty: `<log_dir>/access.log`; "off": none."""
    values = {
        "UPSTREAM": upstream,
        "LISTEN": listen,
        "STATIC_ROOT": static_root.rstrip("/"),
        "MEDIA_ROOT": media_root.rstrip("/"),
        "CACHE_DIR": cache_dir,
        "RUN_DIR": run_dir,
        "LOG_DIR": log_dir,
        "SERVER_NAME": server_name,
        "WORKERS": workers,
        "USER": user,
        "ACCESS_LOG": access_log or f"{log_dir}/access.log combined",
        "FORWARDED_PROTO": forwarded_proto,
        "SESSION_COOKIE": session_cookie,
        "MODULES_DIR": modules_dir,
        "MIME_TYPES": mime_types,
    }
    text = template.read_text(encoding="utf-8")
    if not Path(modules_dir, "ngx_http_brotli_filter_module.so").is_file():
        text = _without_brotli(text)
    if not user:  # nginx started by an ordinary user keeps that user
        text = "".join(line for line in text.splitlines(keepends=True) if line != "user @USER@;\n")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    if "@" in "".join(line.split("#", 1)[0] for line in text.splitlines()):
        raise ValueError("a placeholder was left unfilled")
    return text


def _without_brotli(text: str) -> str:
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if skipping:  # the continuation of a multi-line brotli_types
            skipping = not stripped.endswith(";")
            continue
        if stripped.startswith(("brotli", "load_module")) and "brotli" in stripped:
            skipping = not stripped.endswith(";")
            continue
        out.append(line)
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", required=True, help="Khabar's app server, host:port")
    parser.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
    parser.add_argument("--static-root", required=True, help="KHABAR_STATIC_ROOT")
    parser.add_argument("--media-root", required=True, help="KHABAR_MEDIA_ROOT")
    parser.add_argument("--cache-dir", required=True, help="the micro-cache's directory")
    parser.add_argument("--run-dir", required=True, help="pid file and temporary files")
    parser.add_argument("--log-dir", required=True, help="error.log (and access.log)")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--workers", default="auto")
    parser.add_argument(
        "--user", default="www-data", help='worker processes\' user when started as root ("": none)'
    )
    parser.add_argument("--access-log", default="", help='a path, or "off"')
    parser.add_argument(
        "--forwarded-proto",
        default="$scheme",
        help='X-Forwarded-Proto sent to Khabar ("https" when TLS ends in front of nginx)',
    )
    parser.add_argument("--session-cookie", default="sessionid", help="SESSION_COOKIE_NAME")
    parser.add_argument("--modules-dir", default=DEBIAN_MODULES)
    parser.add_argument("--mime-types", default="/etc/nginx/mime.types")
    parser.add_argument("--out", default="-", help="where to write it (default: stdout)")
    args = vars(parser.parse_args(argv))
    out = args.pop("out")
    text = render(**args)
    if out == "-":
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
