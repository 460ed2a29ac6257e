"""Backups: the database and the media files in one archive, and back again.

An archive is a plain tar file:

    database.dump | database.sqlite3   pg_dump custom format, or a SQLite copy
    media/<path>                       every file under MEDIA_ROOT
    manifest.json                      last: format version, Khabar version,
                                       the applied migrations, and the size and
                                       SHA-256 of every member above

PostgreSQL is copied with pg_dump/pg_restore (custom format), SQLite with its
online backup API, so both are consistent snapshots taken while the site runs.
A restore first reads the manifest and checks every member's checksum, and only
then touches the database, so a damaged or foreign archive changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

FORMAT = "khabar-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DB_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Tables `migrate` fills by itself, and the login-failure log: a freshly
# migrated database holds rows there and still counts as empty.
BOOKKEEPING_APPS = {"contenttypes", "sessions", "axes"}
BOOKKEEPING_MODELS = {"auth.permission", "auth.group"}
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass
class RestoreResult:
    vendor: str
    media_files: int
    archive_migrations: int
    migrated_after: bool


def khabar_version() -> str:
    try:
        return metadata.version("khabar")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "unknown"


def _vendor(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(
            _("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def applied_migrations(alias: str = "default") -> dict[str, list[str]]:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(loader.applied_migrations):
        applied.setdefault(app_label, []).append(name)
    return applied


def known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """A file wrapper that hashes what tarfile reads from it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    db = connections[alias].settings_dict
    args = ["--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s is not installed; it comes with the PostgreSQL client (postgresql-client).")
            % {"tool": name}
        )
    return path


def _run_pg_tool(
    command: list[str], env: dict[str, str], progress: Progress, total: int, verb: str
) -> None:
    """Run pg_dump/pg_restore --verbose, turning its item lines into a counter."""
    process = subprocess.Popen(  # noqa: S603 - fixed tool, arguments from settings
        [_pg_tool(command[0]), *command[1:]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    if process.stderr is None:  # pragma: no cover - PIPE always gives a stream
        raise BackupError(command[0])
    errors: list[str] = []
    done = 0
    for line in process.stderr:
        line = line.rstrip()
        if re.search(r"(error|fatal|could not)", line, re.IGNORECASE) and "warning" not in line:
            errors.append(line)
        if re.match(
            r"pg_(dump|restore): (dumping contents|processing data|creating|processing item)", line
        ):
            done += 1
            if total and (done % 25 == 0 or done == total):
                progress(f"  {verb}: {min(done, total)}/{total}")
    if process.wait() != 0:
        detail = "\n".join(errors[-5:]) or _("exit status %(code)s") % {"code": process.returncode}
        raise BackupError(
            _("%(tool)s failed:\n%(detail)s") % {"tool": command[0], "detail": detail}
        )


def _sqlite_copy(
    source: sqlite3.Connection, destination: sqlite3.Connection, progress: Progress
) -> None:
    """SQLite's online backup, page by page, reporting progress."""

    def report(status: int, remaining: int, total: int) -> None:
        progress(f"  {_('pages')}: {total - remaining}/{total}")

    source.backup(destination, pages=4096, progress=report)


def _dump_database(alias: str, target: Path, progress: Progress) -> None:
    vendor = _vendor(alias)
    if vendor == "postgresql":
        args, env = _pg_args(alias)
        name = connections[alias].settings_dict["NAME"]
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = current_schema()"
            )
            tables = cursor.fetchone()[0]
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--verbose"]
        command += [*args, "--file", str(target), "--dbname", str(name)]
        _run_pg_tool(command, env, progress, tables, _("tables"))
        return
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        _sqlite_copy(connection.connection, destination, progress)
    finally:
        destination.close()


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


def backup_create(
    *, path: Path, alias: str = "default", progress: Progress = lambda _m: None
) -> dict[str, Any]:
    """Write an archive of the database and MEDIA_ROOT to `path`; return its manifest.

    The archive is written next to `path` and renamed into place at the end, so
    an interrupted backup never leaves a half-written file under the final name.
    """
    vendor = _vendor(alias)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    members: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".khabar-backup-") as staging:
        db_file = Path(staging) / DB_MEMBERS[vendor]
        progress(_("Copying the database (%(vendor)s)…") % {"vendor": vendor})
        _dump_database(alias, db_file, progress)
        partial = Path(staging) / "archive.tar"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            members[db_file.name] = {
                "size": db_file.stat().st_size,
                "sha256": _sha256_file(db_file),
            }
            archive.add(db_file, arcname=db_file.name, recursive=False)
            media = list(_media_files(media_root))
            progress(_("Copying %(count)s media files…") % {"count": len(media)})
            for number, (file_path, relative) in enumerate(media, start=1):
                with file_path.open("rb") as handle:
                    info = archive.gettarinfo(arcname=MEDIA_PREFIX + relative, fileobj=handle)
                    reader = _HashingReader(handle)
                    archive.addfile(info, reader)  # type: ignore[arg-type]
                members[MEDIA_PREFIX + relative] = {
                    "size": info.size,
                    "sha256": reader.digest.hexdigest(),
                }
                if number % 200 == 0 or number == len(media):
                    progress(f"  {_('media files')}: {number}/{len(media)}")
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "khabar_version": khabar_version(),
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": {"vendor": vendor, "member": db_file.name},
                "migrations": applied_migrations(alias),
                "members": members,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            info.mode = 0o644
            archive.addfile(info, _BytesReader(data))
        os.replace(partial, path)
    progress(_("Backup written: %(path)s") % {"path": path})
    return manifest


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


# --- restore -------------------------------------------------------------


def _corrupt(detail: str) -> BackupError:
    return BackupError(
        _("The archive is damaged or is not a Khabar backup: %(detail)s") % {"detail": detail}
    )


def _safe_media_path(name: str) -> str:
    """The path under MEDIA_ROOT a member goes to; refuses anything that could escape it."""
    relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or not relative.parts or ".." in relative.parts or "\\" in name:
        raise _corrupt(_("unsafe file name %(name)s") % {"name": name})
    return str(relative)


def archive_read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        handle = archive.extractfile(member)
        manifest = json.loads(handle.read().decode()) if handle else None
    except KeyError as exc:
        raise _corrupt(_("it has no manifest")) from exc
    except (ValueError, UnicodeDecodeError, tarfile.TarError, OSError) as exc:
        raise _corrupt(_("its manifest cannot be read")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _corrupt(_("its manifest is not a Khabar manifest"))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            _(
                "This archive has format version %(found)s, made by Khabar %(khabar)s; this Khabar reads format %(ours)s at most. Restore it with a newer Khabar."
            )
            % {"found": version, "khabar": manifest.get("khabar_version"), "ours": FORMAT_VERSION}
        )
    return manifest


def archive_verify(path: Path, progress: Progress = lambda _m: None) -> dict[str, Any]:
    """Open the archive, read its manifest and check every member's size and checksum."""
    try:
        archive = tarfile.open(path, "r:")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError as exc:
        raise BackupError(_("No such file: %(path)s") % {"path": path}) from exc
    except (tarfile.TarError, OSError) as exc:
        raise _corrupt(_("it is not a tar archive")) from exc
    with archive:
        manifest = archive_read_manifest(archive)
        expected: dict[str, dict[str, Any]] = manifest.get("members") or {}
        db_member = (manifest.get("database") or {}).get("member")
        if db_member not in expected or db_member not in DB_MEMBERS.values():
            raise _corrupt(_("the database copy is missing"))
        seen: set[str] = set()
        total = len(expected)
        try:
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile():
                    raise _corrupt(_("unexpected member %(name)s") % {"name": member.name})
                if member.name.startswith(MEDIA_PREFIX):
                    _safe_media_path(member.name)
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                while handle is not None and (chunk := handle.read(CHUNK)):
                    digest.update(chunk)
                entry = expected[member.name]
                if member.size != entry.get("size") or digest.hexdigest() != entry.get("sha256"):
                    raise _corrupt(_("checksum mismatch in %(name)s") % {"name": member.name})
                seen.add(member.name)
                if len(seen) % 200 == 0 or len(seen) == total:
                    progress(f"  {_('checked')}: {len(seen)}/{total}")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise _corrupt(
                _("it ends early or cannot be read (%(error)s)") % {"error": exc}
            ) from exc
        missing = sorted(set(expected) - seen)
        if missing:
            raise _corrupt(
                _("%(count)s files are missing, first %(name)s")
                % {"count": len(missing), "name": missing[0]}
            )
    return manifest


def database_content(alias: str = "default") -> list[str]:
    """Tables of this instance that hold data (not counting what `migrate` puts there)."""
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    filled = []
    for model in apps.get_models():
        meta = model._meta
        if (
            meta.app_label in BOOKKEEPING_APPS
            or meta.label_lower in BOOKKEEPING_MODELS
            or not meta.managed
            or meta.proxy
            or meta.db_table not in tables
        ):
            continue
        if model._default_manager.using(alias).exists():
            filled.append(meta.db_table)
    return sorted(filled)


def _check_compatible(manifest: dict[str, Any], vendor: str) -> None:
    archived = manifest["database"]["vendor"]
    if archived != vendor:
        raise BackupError(
            _(
                "This archive holds a %(archived)s database; this instance uses %(vendor)s. Restore it into an instance on %(archived)s."
            )
            % {"archived": archived, "vendor": vendor}
        )
    known = known_migrations()
    unknown = sorted(
        f"{app}.{name}"
        for app, names in (manifest.get("migrations") or {}).items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            _(
                "This archive comes from a newer Khabar (%(khabar)s): its database has migrations this code does not know (%(names)s). Upgrade Khabar, then restore."
            )
            % {"khabar": manifest.get("khabar_version"), "names": ", ".join(unknown[:5])}
        )


def _restore_postgres(alias: str, dump: Path, progress: Progress) -> None:
    args, env = _pg_args(alias)
    name = connections[alias].settings_dict["NAME"]
    listing = subprocess.run(  # noqa: S603
        [_pg_tool("pg_restore"), "--list", str(dump)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if listing.returncode != 0:
        raise _corrupt(listing.stderr.strip()[-300:])
    items = sum(1 for line in listing.stdout.splitlines() if line and not line.startswith(";"))
    connections[alias].close()
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    command += ["--single-transaction", "--exit-on-error", "--verbose", *args]
    command += ["--dbname", str(name), str(dump)]
    _run_pg_tool(command, env, progress, items, _("items"))


def _restore_sqlite(alias: str, copy: Path, progress: Progress) -> None:
    connection = connections[alias]
    connection.close()
    name = str(connection.settings_dict["NAME"])
    source = sqlite3.connect(copy)
    destination = sqlite3.connect(name, uri=name.startswith("file:"))
    try:
        _sqlite_copy(source, destination, progress)
    finally:
        destination.close()
        source.close()


def backup_restore(
    *, path: Path, force: bool = False, alias: str = "default", progress: Progress = lambda _m: None
) -> RestoreResult:
    """Restore an archive into this instance's database and MEDIA_ROOT.

    Refuses a database that already holds data unless `force`; checks the whole
    archive before changing anything; brings the schema up to date afterwards
    when the archive came from an older Khabar.
    """
    vendor = _vendor(alias)
    path = Path(path)
    progress(_("Checking the archive…"))
    manifest = archive_verify(path, progress)
    _check_compatible(manifest, vendor)
    filled = database_content(alias)
    if filled and not force:
        raise BackupError(
            _(
                "The database is not empty (%(tables)s hold data). Restoring replaces everything in it: add --force to do that."
            )
            % {"tables": ", ".join(filled[:6]) + ("…" if len(filled) > 6 else "")}
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    media_count = 0
    with (
        tarfile.open(path, "r:") as archive,
        tempfile.TemporaryDirectory(prefix=".khabar-restore-", dir=media_root.parent) as staging,
    ):
        db_member = manifest["database"]["member"]
        progress(_("Restoring the database (%(vendor)s)…") % {"vendor": vendor})
        archive.extract(db_member, staging, filter="data")
        db_copy = Path(staging) / db_member
        if vendor == "postgresql":
            _restore_postgres(alias, db_copy, progress)
        else:
            _restore_sqlite(alias, db_copy, progress)
        media_members = [m for m in archive.getmembers() if m.name.startswith(MEDIA_PREFIX)]
        progress(_("Restoring %(count)s media files…") % {"count": len(media_members)})
        for member in media_members:
            target = media_root / _safe_media_path(member.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle = archive.extractfile(member)
            if handle is None:
                raise _corrupt(member.name)
            partial = target.with_name(f".{target.name}.restoring")
            with partial.open("wb") as out:
                shutil.copyfileobj(handle, out, CHUNK)
            os.replace(partial, target)
            media_count += 1
            if media_count % 200 == 0 or media_count == len(media_members):
                progress(f"  {_('media files')}: {media_count}/{len(media_members)}")
    connections[alias].close()
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    migrated_after = bool(known_migrations() - archived)
    return RestoreResult(
        vendor=vendor,
        media_files=media_count,
        archive_migrations=len(archived),
        migrated_after=migrated_after,
    )
