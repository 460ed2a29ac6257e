"""Image uploads in the newsroom: checked with Pillow, alt text required, renditions made once."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from khabar.news import services
from khabar.news.errors import ImageRejectedError
from khabar.news.models import Image
from tests.newsroom.conftest import login

pytestmark = pytest.mark.django_db


def picture(width=1200, height=800, fmt="JPEG", name="photo.jpg") -> SimpleUploadedFile:
    buf = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(buf, format=fmt)
    return SimpleUploadedFile(name, buf.getvalue(), content_type=f"image/{fmt.lower()}")


def upload(client, file, alt="لاوروف در مسکو"):
    return client.post(
        reverse("admin:news_image_add"),
        {"file": file, "alt": alt, "caption": "وزیر خارجه روسیه", "credit": "تاس"},
    )


def test_upload_makes_webp_and_fallback_renditions_once(desk):
    response = upload(login(desk["editor"]), picture())
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert (image.width, image.height) == (1200, 800)
    assert sorted(image.renditions, key=int) == ["480", "960", "1200"]
    assert image.srcset("webp").count(".webp") == 3
    assert image.srcset("jpeg").count(".jpg") == 3
    assert "480w" in image.srcset_webp
    from django.core.files.storage import default_storage

    with default_storage.open(image.renditions["480"]["webp"]) as fh:
        small = PILImage.open(fh)
        assert small.format == "WEBP" and small.size == (480, 320)


@pytest.mark.parametrize(
    ("file", "words"),
    [
        (SimpleUploadedFile("x.jpg", b"<script>alert(1)</script>", "image/jpeg"), "عکس معتبر"),
        (picture(100, 80), "کوچک"),
    ],
)
def test_non_images_and_tiny_images_are_refused_in_persian(desk, file, words):
    response = upload(login(desk["editor"]), file)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Image.objects.exists()


def test_oversized_upload_is_refused(desk, settings):
    settings.KHABAR_IMAGE_MAX_MB = 0
    response = upload(login(desk["editor"]), picture())
    assert response.status_code == 200
    assert "مگابایت" in response.content.decode()
    assert not Image.objects.exists()


def test_alt_text_is_required(desk):
    response = upload(login(desk["editor"]), picture(), alt="")
    assert response.status_code == 200 and not Image.objects.exists()
    with pytest.raises(ImageRejectedError):
        services.image_create(file=picture())


def test_image_page_gives_the_address_for_inline_use_and_alt_is_checked_in_the_body(desk):
    editor = login(desk["editor"])
    upload(editor, picture())
    image = Image.objects.get()
    page = editor.get(reverse("admin:news_image_change", args=[image.pk])).content.decode()
    assert image.renditions["960"]["jpeg"] in page
    from tests.newsroom.conftest import SEED_TITLE

    response = login(desk["reporter"]).post(
        reverse("admin:news_article_add"),
        {
            "kind": "text",
            "category": desk["economy"].pk,
            "title": SEED_TITLE,
            "body": f'<p>متن</p><p><img src="/media/{image.renditions["960"]["jpeg"]}"></p>',
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("متن جایگزین" in m for m in messages), messages


def test_upload_from_the_body_editor_needs_alt_text_and_answers_the_rendition(desk):
    reporter = login(desk["reporter"])
    url = reverse("admin:news_image_editor_upload")
    refused = reporter.post(url, {"files[0]": picture(), "alt": ""}).json()
    assert refused["success"] is False and "متن جایگزین" in refused["data"]["messages"][0]
    not_image = reporter.post(
        url, {"files[0]": SimpleUploadedFile("a.png", b"nope", "image/png"), "alt": "x"}
    ).json()
    assert not_image["success"] is False and "JPEG" in not_image["data"]["messages"][0]
    assert not Image.objects.exists()
    done = reporter.post(url, {"files[0]": picture(), "alt": "لاوروف و چوئه سون هوی"}).json()
    assert done["success"] is True
    image = Image.objects.get()
    assert done["data"]["files"] == [f"/media/{image.renditions['960']['jpeg']}"]
    assert done["data"]["alt"] == image.alt == "لاوروف و چوئه سون هوی"
    # The form tells the editor where to upload.
    form = reporter.get(reverse("admin:news_article_add")).content.decode()
    assert f'data-upload-url="{url}"' in form
