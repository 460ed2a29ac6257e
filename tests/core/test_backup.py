"""`khabar backup` and `khabar restore`: a round trip into an empty instance loses nothing.

The backup is taken from the test database; the restore runs as a separate
`khabar restore` process against a separate, empty database (a new SQLite file,
or a new PostgreSQL database) and its own media folder, and then every article
there is compared with the original: every field, its tags, its images and the
bytes of every media file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from khabar.core import backup
from khabar.news import services
from tests.factories import CategoryFactory, TagFactory, make_article
from tests.site.helpers import png_upload

pytestmark = pytest.mark.django_db(transaction=True)

REPO_ROOT = Path(__file__).resolve().parents[2]


def snapshot() -> dict:
    """Every article with all its fields, tags, images and media bytes, as plain JSON."""
    from django.conf import settings
    from django.forms.models import model_to_dict

    from khabar.news.models import Article, Image

    def digest(name: str) -> str:
        return hashlib.sha256((Path(settings.MEDIA_ROOT) / name).read_bytes()).hexdigest()

    def image(img: Image | None) -> dict | None:
        if img is None:
            return None
        files = {name: digest(name) for sizes in img.renditions.values() for name in sizes.values()}
        files[img.file.name] = digest(img.file.name)
        return {**model_to_dict(img, exclude=["id", "file"]), "file": img.file.name, "files": files}

    articles = []
    for article in Article.objects.select_related("lead_image", "category").order_by("news_id"):
        row = {f.attname: f.value_to_string(article) for f in Article._meta.concrete_fields}
        row["tags"] = sorted(article.tags.values_list("name", flat=True))
        row["category_name"] = article.category.name
        row["lead_image"] = image(article.lead_image)
        articles.append(row)
    media = sorted(
        p.relative_to(settings.MEDIA_ROOT).as_posix()
        for p in Path(settings.MEDIA_ROOT).rglob("*")
        if p.is_file()
    )
    return {"articles": articles, "media": media}


@pytest.fixture
def newsroom_content(db):
    """A handful of articles in every state, with tags, a lead image and Persian text."""
    economy = CategoryFactory(name="اقتصاد", slug="eghtesad")
    tags = [TagFactory(name="بورس"), TagFactory(name="نفت")]
    picture = services.image_create(
        file=png_upload("lead.png"), caption="بازار تهران", credit="عکس: خبر", alt="بازار"
    )
    make_article(
        title="بودجهٔ سال آینده تصویب شد",
        body="<p>متن <b>پررنگ</b> با نیم‌فاصله: می‌شود.</p>",
        category=economy,
        tags=tags,
        lead="لید خبر",
        overline="روتیتر",
        lead_image=picture,
    )
    make_article(title="پیش‌نویس منتشرنشده", published=False, category=economy)
    make_article(title="خبری دیگر", tags=tags[:1], minutes_ago=90)


def restore_elsewhere(archive: Path, target: Path, database_url: str, *args: str):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khabar.settings.test",
        "KHABAR_VAR_DIR": str(target),
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
    }
    khabar = [sys.executable, "-c", "from khabar.cli import main; main()"]
    restored = subprocess.run(
        [*khabar, "restore", str(archive), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=300,
        check=False,
    )
    code = (
        "import django, json; django.setup(); "
        "from tests.core.test_backup import snapshot; print(json.dumps(snapshot()))"
    )
    seen = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
    )
    return restored, seen


@pytest.fixture
def empty_database_url(tmp_path):
    """A separate, empty database of the same kind as the test database."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'khabar.sqlite3'}"
        return
    name = f"{settings_dict['NAME']}_restored"[:63]
    admin = psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"] or "postgres",
        password=settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    user = settings_dict["USER"] or "postgres"
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    yield f"postgres://{user}@{host}:{port}/{name}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_round_trip_into_an_empty_instance_keeps_every_article(
    newsroom_content, tmp_path, empty_database_url
) -> None:
    archive = tmp_path / "khabar.tar"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    original = snapshot()
    assert len(original["articles"]) == 3
    assert original["media"]  # the image and its renditions

    restored, seen = restore_elsewhere(archive, tmp_path / "restored", empty_database_url)
    assert restored.returncode == 0, restored.stderr
    assert "پروندهٔ رسانه: " in restored.stdout  # progress was shown, in Persian
    assert seen.returncode == 0, seen.stderr
    assert json.loads(seen.stdout) == original


def test_the_archive_has_a_manifest_with_versions_migrations_and_checksums(
    newsroom_content, tmp_path
) -> None:
    archive = tmp_path / "khabar.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        for name, entry in manifest["members"].items():
            data = tar.extractfile(name).read()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert manifest["format_version"] == backup.FORMAT_VERSION
    assert manifest["khabar_version"] == backup.khabar_version()
    assert "0001_initial" in manifest["migrations"]["news"]
    db_member = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}[connection.vendor]
    assert manifest["database"] == {"vendor": connection.vendor, "member": db_member}
    assert names[0] == db_member and names[-1] == "manifest.json"
    assert any(n.startswith("media/images/") for n in names)


def test_restore_refuses_a_database_with_content_unless_forced(newsroom_content, tmp_path) -> None:
    archive = tmp_path / "khabar.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = snapshot()
    make_article(title="پس از پشتیبان")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert len(snapshot()["articles"]) == 4  # nothing was touched

    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    connection.close()
    assert snapshot() == before  # the article written after the backup is gone


def damaged_copies(archive: Path, tmp_path: Path) -> dict[str, Path]:
    data = archive.read_bytes()
    copies = {}
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(data[: len(data) // 2])
    copies["truncated"] = truncated
    flipped = bytearray(data)
    flipped[1024] ^= 0xFF  # a byte inside the database copy
    (tmp_path / "flipped.tar").write_bytes(bytes(flipped))
    copies["flipped"] = tmp_path / "flipped.tar"
    (tmp_path / "garbage.tar").write_bytes(b"PK\x03\x04 this is a zip, not a backup" * 100)
    copies["garbage"] = tmp_path / "garbage.tar"
    return copies


def test_damaged_archives_are_refused_with_a_clear_message_and_change_nothing(
    newsroom_content, tmp_path
) -> None:
    archive = tmp_path / "khabar.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = snapshot()
    for kind, path in damaged_copies(archive, tmp_path).items():
        with pytest.raises(CommandError) as error:
            call_command("restore", str(path), "--force", stdout=io.StringIO())
        message = str(error.value)
        assert "damaged" in message or "آسیب" in message, (kind, message)
    with pytest.raises(CommandError, match=r"khabar\.tar\.missing"):
        call_command("restore", str(tmp_path / "khabar.tar.missing"), stdout=io.StringIO())
    assert snapshot() == before


def rewrite_manifest(archive: Path, target: Path, change) -> Path:
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def test_incompatible_archives_are_refused(newsroom_content, tmp_path) -> None:
    archive = tmp_path / "khabar.tar"
    call_command("backup", str(archive), stdout=io.StringIO())

    def future_format(manifest):
        manifest["format_version"] = backup.FORMAT_VERSION + 1

    def future_schema(manifest):
        manifest["migrations"]["news"].append("0999_from_the_future")

    def other_database(manifest):
        manifest["database"]["vendor"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    expectations = {
        future_format: "newer Khabar|جدیدتر",
        future_schema: "0999_from_the_future",
        other_database: "instance|نمونه",
    }
    for change, pattern in expectations.items():
        changed = rewrite_manifest(archive, tmp_path / f"{change.__name__}.tar", change)
        with pytest.raises(CommandError, match=pattern):
            call_command("restore", str(changed), "--force", stdout=io.StringIO())


def test_a_media_path_that_escapes_media_root_is_refused(newsroom_content, tmp_path) -> None:
    archive = tmp_path / "khabar.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    evil = tmp_path / "evil.tar"
    payload = b"owned"
    with tarfile.open(archive) as source, tarfile.open(evil, "w") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["members"]["media/../../escaped.txt"] = {
                    "size": len(payload),
                    "sha256": hashlib.sha256(payload).hexdigest(),
                }
                data = json.dumps(manifest).encode()
                member.size = len(data)
                info = tarfile.TarInfo("media/../../escaped.txt")
                info.size = len(payload)
                out.addfile(info, io.BytesIO(payload))
            out.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match=r"escaped\.txt"):
        call_command("restore", str(evil), "--force", stdout=io.StringIO())
    assert not list(tmp_path.parent.rglob("escaped.txt"))


def test_backup_default_path_is_under_var(newsroom_content, settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path / "var"
    call_command("backup", stdout=io.StringIO())
    written = list((tmp_path / "var" / "backups").glob("khabar-*.tar"))
    assert len(written) == 1
    assert timezone.now().strftime("%Y%m%d") in written[0].name
