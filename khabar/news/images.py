"""Image uploads: validation with Pillow and renditions for responsive `srcset`.

Renditions (WebP plus a JPEG fallback, at a few widths no larger than the
original) are made once, when the image is uploaded, never per request.
"""

from __future__ import annotations

import io
import posixpath
import re
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from khabar.news.errors import ImageRejectedError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RENDITION_WIDTHS = (480, 960, 1600)
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
MIN_SIDE = 200


# Markup, server code and script that polyglot files hide in comments, metadata or
# after the image data; none belongs in a photo. Every pattern is long enough that
# compressed image data (which looks random) all but never contains it by chance:
# under one in 10,000 for a full 8 MB upload (tests/security check 64 MB of noise).
_EMBEDDED_CODE = re.compile(
    rb"(?i:<script[\s>/]|<html[\s>]|<body[\s>]|<iframe[\s>]|<object[\s>]|<embed[\s>]"
    rb"|<meta\s+http-equiv|<!doctype\s+html|<svg[^>]{0,200}\son\w+\s*=|<\?php\s|javascript:)"
    rb"|alert\s*\(|eval\s*\(|document\.cookie",
)


def _refuse_embedded_code(file: Any) -> None:
    file.seek(0)
    tail = b""
    while chunk := file.read(1024 * 1024):
        if _EMBEDDED_CODE.search(tail + chunk):
            file.seek(0)
            raise ImageRejectedError(
                _(
                    "This file hides web page or program code besides the picture; upload a clean copy of the image."
                )
            )
        tail = chunk[-512:]
    file.seek(0)


def validate_upload(file: Any) -> tuple[int, int, str]:
    """(width, height, format) of an acceptable image; else ImageRejectedError in Persian."""
    limit = settings.KHABAR_IMAGE_MAX_MB * 1024 * 1024
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        # Translators: upload refused; the limit in megabytes.
        raise ImageRejectedError(
            _("The image is larger than %(mb)s MB; make it smaller and upload again.")
            % {"mb": settings.KHABAR_IMAGE_MAX_MB}
        )
    _refuse_embedded_code(file)
    try:
        file.seek(0)
        with PILImage.open(file) as probe:
            fmt = probe.format or ""
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ImageRejectedError(_("The image has too many pixels to be processed."))
            probe.verify()
        # verify() checks the structure; decoding every pixel (bounded by MAX_PIXELS
        # above) also refuses truncated files and garbage behind a valid header.
        file.seek(0)
        with PILImage.open(file) as decoded:
            decoded.load()
    except PILImage.DecompressionBombError:
        raise ImageRejectedError(_("The image has too many pixels to be processed.")) from None
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        raise ImageRejectedError(
            _("This file is not an image Khabar can use; upload a JPEG, PNG, WebP or GIF.")
        ) from None
    finally:
        file.seek(0)
    if fmt not in ACCEPTED_FORMATS:
        raise ImageRejectedError(
            _("This file is not an image Khabar can use; upload a JPEG, PNG, WebP or GIF.")
        )
    if min(width, height) < MIN_SIDE:
        # Translators: upload refused; the smallest side allowed in pixels.
        raise ImageRejectedError(
            _("The image is too small; each side must be at least %(px)s pixels.")
            % {"px": MIN_SIDE}
        )
    return width, height, fmt


def make_renditions(
    *, source_name: str, image_id: int, written: list[str] | None = None
) -> dict[str, dict[str, str]]:
    """Write WebP and JPEG renditions of a stored image; return {width: {fmt: name}}.

    Each stored file's name is also appended to `written` as soon as it exists, so a
    caller can remove them all when a later one fails (a full disk)."""
    with default_storage.open(source_name, "rb") as fh, PILImage.open(fh) as original:
        original = ImageOps.exif_transpose(original)
        base = original.convert("RGBA" if original.mode in ("RGBA", "LA", "P") else "RGB")
    stem = posixpath.join("renditions", posixpath.dirname(source_name).split("/", 1)[-1])
    widths = [w for w in RENDITION_WIDTHS if w < base.width] + [base.width]
    out: dict[str, dict[str, str]] = {}
    for width in sorted({min(w, base.width) for w in widths}):
        height = round(base.height * width / base.width)
        resized = base.resize((width, height), PILImage.Resampling.LANCZOS)
        files = {}
        for fmt, ext, options in (
            ("webp", "webp", {"quality": 80, "method": 4}),
            ("jpeg", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
        ):
            frame = resized if fmt == "webp" else _flatten(resized)
            buf = io.BytesIO()
            frame.save(buf, format=fmt.upper(), **options)
            name = default_storage.save(
                posixpath.join(stem, f"{image_id}-{width}.{ext}"), ContentFile(buf.getvalue())
            )
            if written is not None:
                written.append(name)
            files[fmt] = name
        out[str(width)] = files
    return out


def _flatten(img: PILImage.Image) -> PILImage.Image:
    if img.mode == "RGBA":
        background = PILImage.new("RGB", img.size, (255, 255, 255))
        background.paste(img, mask=img.split()[3])
        return background
    return img.convert("RGB")
