"""Private PostgreSQL clusters and app servers for the replica and fault tests.

A test starts its own primary (initdb in a temporary folder, on a free port of
127.0.0.1) and, when it needs one, a streaming replica made with
`pg_basebackup -R`, so it can stop, kill and restart them without touching the
shared PostgreSQL server. initdb and postgres refuse to run as root: as root
(CI) they run as the `postgres` OS user through runuser.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
KHABAR = Path(sys.executable).with_name("khabar")
GRANIAN = Path(sys.executable).with_name("granian")


def _find_bindir() -> Path | None:
    wanted = os.environ.get("KHABAR_TEST_PG_BINDIR")
    candidates = [Path(wanted)] if wanted else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for path in candidates:
        if (path / "initdb").is_file() and (path / "pg_basebackup").is_file():
            return path
    return None


PG_BINDIR = _find_bindir()


def _os_user() -> list[str]:
    """Prefix that runs PostgreSQL's programs as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


def skip_reason() -> str | None:
    """Why these tests cannot run here, or None."""
    if PG_BINDIR is None:
        return "PostgreSQL server binaries (initdb, pg_basebackup) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a `postgres` OS user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "running as root without runuser"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _owned_tempdir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return path


class Cluster:
    """One PostgreSQL server (primary or replica) in its own folder."""

    def __init__(self, root: Path, name: str) -> None:
        self.root = root
        self.data = root / name
        self.log = root / f"{name}.log"
        self.port = free_port()
        self.name = name

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*_os_user(), *args],
            check=check,
            capture_output=True,
            text=True,
            cwd=self.root,
            timeout=120,
        )

    def url(self, db: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def init_primary(self) -> Cluster:
        self._run(
            str(PG_BINDIR / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# khabar tests\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\n"
                "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
                "fsync = off\nsynchronous_commit = off\n"
                "shared_buffers = 32MB\nmax_connections = 40\n"
            )
        with (self.data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        return self

    def init_replica_of(self, primary: Cluster) -> Cluster:
        self._run(
            str(PG_BINDIR / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(self.data),
            "-R",  # writes standby.signal and primary_conninfo: a streaming replica
            "-X",
            "stream",
            "--checkpoint=fast",  # the default spread checkpoint takes minutes
        )
        return self

    def start(self) -> None:
        self._run(
            str(PG_BINDIR / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            f"-p {self.port}",
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; mode "immediate" is a crash (no shutdown checkpoint)."""
        self._run(str(PG_BINDIR / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def is_running(self) -> bool:
        return (
            self._run(
                str(PG_BINDIR / "pg_ctl"), "-D", str(self.data), "status", check=False
            ).returncode
            == 0
        )

    def sql(self, query: str, db: str = "postgres") -> str:
        """Run one statement with psql; its first value, as text."""
        result = self._run(
            str(PG_BINDIR / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            db,
            "-XAtq",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            query,
        )
        return result.stdout.strip()


@contextlib.contextmanager
def primary_and_replica(*, replica: bool = True) -> Iterator[tuple[Cluster, Cluster | None]]:
    root = _owned_tempdir("khabar-pg-")
    primary = Cluster(root, "primary").init_primary()
    standby = None
    try:
        primary.start()
        primary.sql("CREATE DATABASE khabar")
        if replica:
            standby = Cluster(root, "replica").init_replica_of(primary)
            standby.start()
        yield primary, standby
    finally:
        for cluster in (standby, primary):
            if cluster is not None and cluster.is_running():
                cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


def wait_for_replay(primary: Cluster, standby: Cluster, timeout: float = 60) -> None:
    """Wait until the replica has replayed everything the primary wrote so far."""
    target = primary.sql("SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        caught_up = standby.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
        if caught_up == "t":
            return
        time.sleep(0.1)
    raise AssertionError(f"the replica did not replay up to {target} in {timeout} s")


def khabar_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.core.live_settings",
            "PYTHONPATH": str(REPO_ROOT),
            "REDIS_URL": "",
            "KHABAR_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def khabar(*args: str, env: dict[str, str], timeout: float = 300) -> str:
    """Run a `khabar` management command; its output (it must succeed)."""
    result = subprocess.run(
        [str(KHABAR), *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class AppServer:
    """Khabar under granian (one worker, as in production) on a free port of 127.0.0.1."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._log_file = log.open("w")
        self.proc = subprocess.Popen(
            [
                str(GRANIAN),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                "1",
                "--blocking-threads",
                "2",
                "khabar.wsgi:application",
            ],
            env=env,
            cwd=REPO_ROOT,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str = "/robots.txt", timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("the app server exited:\n" + self.log.read_text())
            try:
                with urllib.request.urlopen(self.base + path, timeout=5):  # noqa: S310
                    return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the app server did not start:\n" + self.log.read_text())

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=20)
        self._log_file.close()
