"""Files from strangers: checked by their content (never by their name alone), bounded in
size, and images re-encoded before they are stored (which drops anything hidden in them,
EXIF location included)."""

import io
import uuid

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_SIDE = 2000  # pixels; larger photos are scaled down
MAX_PIXELS = 50_000_000  # refuse decompression bombs before decoding them
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
ACCEPTED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _too_large(upload: UploadedFile, limit: int) -> forms.ValidationError:
    return forms.ValidationError(
        _("This file is too large (%(size)s): the limit is %(limit)s.")
        % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        code="too_large",
    )


def image_clean(upload: UploadedFile, *, max_bytes: int = MAX_IMAGE_BYTES) -> ContentFile:
    """A safe copy of an uploaded photo: JPEG (or PNG when it has transparency), at most
    MAX_IMAGE_SIDE pixels a side, oriented upright, with no metadata. Raises a
    ValidationError a person understands for anything that is not a readable image."""
    if upload.size > max_bytes:
        raise _too_large(upload, max_bytes)
    not_an_image = forms.ValidationError(
        _("This file is not an image we can read (JPEG, PNG, WebP or GIF)."), code="not_image"
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_IMAGE_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise forms.ValidationError(_("This image has too many pixels."), code="too_big")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            keep_alpha = image.mode in ("RGBA", "LA") or (
                image.mode == "P" and "transparency" in image.info
            )
            out = io.BytesIO()
            if keep_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def pdf_clean(upload: UploadedFile, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> UploadedFile:
    """Accept a PDF only if it is one (it starts with %PDF-), whatever its name says."""
    if upload.size > max_bytes:
        raise _too_large(upload, max_bytes)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head[:1024]:
        raise forms.ValidationError(_("This file is not a PDF document."), code="not_pdf")
    upload.name = f"{uuid.uuid4().hex}.pdf"
    return upload


class ImageUploadField(forms.ImageField):
    """A form field for photos: checked by content and re-encoded (see image_clean)."""

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return image_clean(value)
        return value


class PdfUploadField(forms.FileField):
    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return pdf_clean(value)
        return value
