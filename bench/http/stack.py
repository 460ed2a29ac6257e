"""The production stack for the HTTP benchmarks: granian, nginx, and the tools to load them.

Shared by `run.py` (the benchmark) and `soak.py` (ten minutes of mixed load). Nothing
here is used by Khabar itself. Every process it starts is stopped on exit, by its PID.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GRANIAN = ROOT / ".venv" / "bin" / "granian"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
BENCH_SECRET = "bench-only-not-a-secret-" + "k" * 40


def app_env(
    *, database_url: str, redis_url: str, workdir: Path, extra: dict | None = None
) -> dict[str, str]:
    """The environment of a production process of Khabar, pointed at the benchmark data."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("KHABAR_", "DJANGO_", "GRANIAN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="khabar.settings.production",
        KHABAR_SECRET_KEY=BENCH_SECRET,
        KHABAR_ALLOWED_HOSTS="127.0.0.1,localhost",
        KHABAR_SECURE_SSL_REDIRECT="false",
        KHABAR_DB_CONN_MAX_AGE="600",
        KHABAR_STATIC_ROOT=str(workdir / "static"),
        KHABAR_MEDIA_ROOT=str(workdir / "media"),
        KHABAR_VAR_DIR=str(workdir / "var"),
        KHABAR_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra or {})
    return env


def setup_django_here(env: dict[str, str]) -> None:
    """Make this process a Khabar process with the same settings as the app server
    (the editor side of the benchmarks: it changes articles through the services)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(
        [str(PYTHON), "-m", "django", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def wait_http(port: int, path: str = "/", timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            status, _, _ = get(port, path)
            if status < 500:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing answered on 127.0.0.1:{port}{path}")
        time.sleep(0.2)


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


# --- processes and their memory ---------------------------------------------------------------


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def memory_kb(pid: int) -> dict[str, int]:
    """Current (VmRSS) and peak (VmHWM) resident memory of a process, in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes (and their threads)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


@dataclass
class Granian:
    port: int
    interface: str = "wsgi"
    workers: int = 2
    threads: int = 2
    proc: Proc | None = None

    def command(self) -> list[str]:
        target = (
            "khabar.wsgi:application" if self.interface == "wsgi" else "khabar.asgi:application"
        )
        return [
            str(GRANIAN),
            "--interface",
            self.interface,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--blocking-threads",
            str(self.threads),
            "--no-access-log",
            "--log-level",
            "warning",
            target,
        ]

    def start(self, env: dict[str, str], workdir: Path, label: str = "") -> None:
        ensure_free(self.port)
        log = workdir / f"granian-{label or self.port}.log"
        popen = subprocess.Popen(
            self.command(), env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        self.proc = Proc("granian", popen, log)
        wait_http(self.port, "/robots.txt")

    def workers_pids(self) -> list[int]:
        assert self.proc is not None
        return children(self.proc.popen.pid)

    def memory(self) -> list[dict[str, int]]:
        return [{"pid": pid, **memory_kb(pid)} for pid in self.workers_pids()]

    def stop(self) -> None:
        if self.proc:
            self.proc.stop()


def ensure_free(port: int) -> None:
    """Refuse to start where something already listens: a server left over by an earlier run
    would answer in place of the one started now (and wait_http would not notice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # as the servers bind: connections of a finished run waiting out TIME_WAIT are fine
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise RuntimeError(
                f"127.0.0.1:{port} is already in use ({exc.strerror}): stop the server left "
                "there by an earlier run (ss -ltnp) and start again"
            ) from exc


# --- nginx ------------------------------------------------------------------------------------

STATIC_CONF = """
worker_processes auto;
pid {workdir}/nginx-static.pid;
error_log {workdir}/nginx-static-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {workdir}/nginx-static-tmp;
    proxy_temp_path {workdir}/nginx-static-tmp;
    fastcgi_temp_path {workdir}/nginx-static-tmp;
    uwsgi_temp_path {workdir}/nginx-static-tmp;
    scgi_temp_path {workdir}/nginx-static-tmp;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        default_type text/html;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


@dataclass
class Nginx:
    name: str
    conf: Path
    workdir: Path
    proc: Proc | None = None

    def start(self, port: int) -> None:
        ensure_free(port)
        log = self.workdir / f"nginx-{self.name}.log"
        error_log = self.workdir / f"nginx-{self.name}-error.log"
        cmd = [NGINX, "-p", str(self.workdir), "-c", str(self.conf), "-e", str(error_log)]
        cmd += ["-g", "daemon off;"]
        test = subprocess.run([*cmd[:-2], "-t"], capture_output=True, text=True)
        if test.returncode:
            raise RuntimeError(f"nginx -t failed for {self.conf}:\n{test.stderr}")
        popen = subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT)
        self.proc = Proc(f"nginx-{self.name}", popen, log)
        wait_http(port, "/", timeout=20)

    def stop(self) -> None:
        if self.proc:
            self.proc.stop()


def static_nginx(workdir: Path, port: int, page: bytes) -> Nginx:
    """nginx serving a static copy of a page at /news/static (the ceiling)."""
    root = workdir / "static-site"
    (root / "news").mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_bytes(b"ok")
    (root / "news" / "static").write_bytes(page)
    (workdir / "nginx-static-tmp").mkdir(exist_ok=True)
    conf = workdir / "nginx-static.conf"
    conf.write_text(STATIC_CONF.format(workdir=workdir, port=port, root=root))
    nginx = Nginx("static", conf, workdir)
    nginx.start(port)
    return nginx


# --- wrk --------------------------------------------------------------------------------------


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: dict = field(default_factory=dict)
    lua: dict = field(default_factory=dict)
    raw: str = ""


def parse_wrk(out: str) -> WrkResult:
    pct = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", out, re.M))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    lua = {}
    for line in out.splitlines():
        if line.startswith("LUA "):
            lua = json.loads(line[4:])
    return WrkResult(
        rps=rps,
        p50_ms=_ms(pct.get("50", "nan")),
        p75_ms=_ms(pct.get("75", "nan")),
        p90_ms=_ms(pct.get("90", "nan")),
        p99_ms=_ms(pct.get("99", "nan")),
        requests=requests,
        non_2xx_3xx=int(non.group(1)) if non else 0,
        socket_errors=dict(
            zip(("connect", "read", "write", "timeout"), map(int, sock.groups()), strict=True)
        )
        if sock
        else {},
        lua=lua,
        raw=out,
    )


def write_paths(workdir: Path, name: str, paths: list[str]) -> Path:
    path = workdir / f"paths-{name}.txt"
    path.write_text("\n".join(paths) + "\n")
    return path


def wrk(
    port: int,
    path: str = "/",
    *,
    connections: int,
    seconds: int,
    threads: int = 2,
    paths_file: Path | None = None,
    timeout: int = 10,
) -> WrkResult:
    """Run wrk against 127.0.0.1:port: one path, or (paths_file) many, cycled by paths.lua."""
    cmd = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout}s",
        "--latency",
    ]
    if paths_file is not None:
        cmd += ["-s", str(HERE / "paths.lua"), f"http://127.0.0.1:{port}/", "--"]
        cmd += [str(paths_file), str(threads)]
    else:
        cmd += [f"http://127.0.0.1:{port}{path}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)
