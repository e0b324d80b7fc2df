import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fabdesk.core.markdown import markdown_to_html
from fabdesk.core.uploads import image_clean, pdf_clean


def _image_bytes(fmt: str, size=(40, 30), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "red").save(out, format=fmt, **save)
    return out.getvalue()


def test_a_photo_is_re_encoded_without_its_metadata():
    exif = Image.Exif()
    exif[0x8825] = {2: (45.0, 45.0, 0.0)}  # a GPS position
    upload = SimpleUploadedFile("IMG_001.jpeg", _image_bytes("JPEG", exif=exif.tobytes()))
    clean = image_clean(upload)
    assert clean.name.endswith(".jpg") and "IMG_001" not in clean.name
    with Image.open(io.BytesIO(clean.read())) as image:
        assert image.format == "JPEG" and image.size == (40, 30)
        assert not image.getexif()


def test_a_big_photo_is_scaled_down_and_transparency_kept():
    clean = image_clean(SimpleUploadedFile("a.png", _image_bytes("PNG", (4000, 1000), "RGBA")))
    with Image.open(io.BytesIO(clean.read())) as image:
        assert image.format == "PNG" and image.size == (2000, 500)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"<script>alert(1)</script>"),  # a script named like a photo
        ("photo.jpg", b"%PDF-1.4 not an image"),
        ("photo.png", b""),
        ("photo.png", _image_bytes("PNG")[:40]),  # truncated
        ("photo.tiff", _image_bytes("TIFF")),  # a real image, but not a format we take
    ],
)
def test_what_is_not_a_readable_image_is_refused(name, content):
    with pytest.raises(forms.ValidationError) as error:
        image_clean(SimpleUploadedFile(name, content))
    assert error.value.code == "not_image"


def test_an_oversized_image_is_refused_before_decoding():
    with pytest.raises(forms.ValidationError) as error:
        image_clean(SimpleUploadedFile("a.png", _image_bytes("PNG")), max_bytes=10)
    assert error.value.code == "too_large"


def test_pdf_is_recognised_by_content_not_by_name():
    assert pdf_clean(SimpleUploadedFile("manual.pdf", b"%PDF-1.7\n...")).name.endswith(".pdf")
    with pytest.raises(forms.ValidationError):
        pdf_clean(SimpleUploadedFile("manual.pdf", b"MZ\x90\x00 an executable"))


def test_markdown_keeps_formatting_and_drops_script():
    html = markdown_to_html(
        "**Laser** [doc](https://x.test) <script>alert(1)</script>"
        '<img src=x onerror="alert(2)"> [bad](javascript:alert(3))'
    )
    assert "<strong>Laser</strong>" in html
    assert '<a href="https://x.test" rel="noopener noreferrer nofollow">doc</a>' in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
