"""Fault: the disk fills up while an editor uploads an image.

The media folder is a real, tiny filesystem (a tmpfs mounted by the test; this
needs root, as CI runs) with only a few kilobytes left, so the kernel itself
answers ENOSPC in the middle of a write — not a mocked exception. The editor
gets a clear Persian error, and nothing is half-written: no truncated file, no
renditions of a failed upload, no database row. After space is freed the same
upload works.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from khabar.news.models import Image
from tests.newsroom.conftest import login

pytestmark = pytest.mark.django_db

FULL = "فضای دیسک سرور پر است"


def noise_jpeg(width: int = 900, height: int = 600) -> bytes:
    """A photo-like JPEG that does not compress away (so sizes are predictable)."""
    pixels = os.urandom(width * height * 3)
    buf = io.BytesIO()
    PILImage.frombytes("RGB", (width, height), pixels).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


@pytest.fixture
def tiny_disk(tmp_path, settings):
    """MEDIA_ROOT on a 4 MB tmpfs; yields a function that leaves `free` bytes free."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "media"
    mount.mkdir()
    done = subprocess.run(
        [
            shutil.which("mount") or "/bin/mount",
            "-t",
            "tmpfs",
            "-o",
            "size=4m,mode=0755",
            "tmpfs",
            str(mount),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    settings.MEDIA_ROOT = mount
    filler = mount / ".filler"

    def leave_free(free: int) -> None:
        filler.unlink(missing_ok=True)
        stat = os.statvfs(mount)
        room = stat.f_bavail * stat.f_frsize
        with filler.open("wb") as out:
            out.write(b"\0" * max(room - free, 0))

    try:
        yield leave_free
    finally:
        subprocess.run([shutil.which("umount") or "/bin/umount", "-l", str(mount)], check=False)


def stored_files(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != ".filler"
    )


def upload(client, data: bytes):
    return client.post(
        reverse("admin:news_image_add"),
        {
            "file": SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg"),
            "alt": "بازار تهران",
            "caption": "بازار تهران",
            "credit": "عکاس خبرگزاری",
        },
        follow=True,
    )


@pytest.mark.parametrize(
    "where",
    [
        "original",  # the disk fills up while the uploaded file itself is written
        "renditions",  # the original fits; the disk fills up while renditions are made
    ],
)
def test_disk_full_gives_a_persian_error_and_keeps_nothing(
    desk, tiny_disk, settings, caplog, where
):
    photo = noise_jpeg()
    editor = login(desk["editor"])
    tiny_disk(len(photo) // 2 if where == "original" else len(photo) + 8192)

    with caplog.at_level(logging.ERROR, logger="khabar.news"):
        page = upload(editor, photo)
    # What the upload had already stored before the disk was full (then removed):
    removed = [r.getMessage() for r in caplog.records if "not stored" in r.getMessage()]
    assert removed and removed[0].endswith(
        "removed 0 files it wrote" if where == "original" else "files it wrote"
    )
    assert where == "original" or "removed 0 " not in removed[0]

    assert page.status_code == 200
    assert FULL in page.content.decode()  # the newsroom's message, in Persian
    assert not Image.objects.exists()
    assert stored_files(Path(settings.MEDIA_ROOT)) == []  # no truncated or orphan file

    # The body editor's uploader says the same, as JSON.
    answer = editor.post(
        reverse("admin:news_image_editor_upload"),
        {
            "files[0]": SimpleUploadedFile("p.jpg", photo, content_type="image/jpeg"),
            "alt": "بازار تهران",
        },
    )
    assert answer.json()["success"] is False
    assert FULL in answer.json()["data"]["messages"][0]
    assert not Image.objects.exists() and stored_files(Path(settings.MEDIA_ROOT)) == []

    tiny_disk(3 * 1024 * 1024)  # space is freed: the same upload works
    page = upload(editor, photo)
    assert page.status_code == 200 and FULL not in page.content.decode()
    image = Image.objects.get()
    assert len(stored_files(Path(settings.MEDIA_ROOT))) == 1 + 2 * len(image.renditions)
    with (Path(settings.MEDIA_ROOT) / image.file.name).open("rb") as stored:
        assert stored.read() == photo  # whole, byte for byte
