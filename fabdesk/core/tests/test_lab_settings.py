import io
import os
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from fabdesk.core.models import AuditEntry
from fabdesk.core.services import LAB_EDITABLE_FIELDS

URL = reverse("core:lab_settings")


def _form_data(lab, **changes) -> dict:
    data = {}
    for name in LAB_EDITABLE_FIELDS:
        value = getattr(lab, name)
        if name == "logo":
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


def _png(width: int, height: int) -> bytes:
    """A real PNG; random pixels so that it does not compress below its raw size."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_member_is_refused(member_client, lab):
    assert member_client.get(URL).status_code == 403
    response = member_client.post(URL, _form_data(lab, name="Hijacked"))
    assert response.status_code == 403
    lab.refresh_from_db()
    assert lab.name == "Fab Lab Test"


@pytest.mark.django_db
def test_staff_edit_is_saved_and_audited(staff_client, staff, lab):
    assert staff_client.get(URL).status_code == 200
    response = staff_client.post(
        URL, _form_data(lab, name="Fab Lab des Pentes", default_vat_rate="5.5"), follow=True
    )
    assert "The lab&#x27;s settings are saved." in response.content.decode()
    lab.refresh_from_db()
    assert lab.name == "Fab Lab des Pentes" and str(lab.default_vat_rate) == "5.50"
    entry = AuditEntry.objects.get(action="lab.updated")
    assert entry.actor == staff
    assert entry.changes["name"] == ["Fab Lab Test", "Fab Lab des Pentes"]
    old_rate, new_rate = entry.changes["default_vat_rate"]
    assert (Decimal(old_rate), Decimal(new_rate)) == (Decimal("20"), Decimal("5.5"))


@pytest.mark.django_db
def test_staff_can_upload_a_logo(staff_client, lab):
    logo = SimpleUploadedFile("logo.png", _png(64, 64), content_type="image/png")
    staff_client.post(URL, {**_form_data(lab), "logo": logo})
    lab.refresh_from_db()
    assert lab.logo.name.startswith("labs/logos/logo")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("default_vat_rate", "150", "Ensure this value is less than or equal to 100."),
        ("default_vat_rate", "-1", "Ensure this value is greater than or equal to 0."),
        ("default_vat_rate", "twenty", "Enter a number."),
        ("time_zone", "Europe/Atlantis", "Select a valid choice."),
        ("name", "", "This field is required."),
    ],
)
def test_bad_values_are_form_errors_and_nothing_changes(staff_client, lab, field, value, message):
    response = staff_client.post(URL, _form_data(lab, **{field: value, "city": "Grenoble"}))
    assert response.status_code == 200
    assert message in response.content.decode()
    lab.refresh_from_db()
    assert lab.city == "Lyon"
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_oversized_logo_is_refused_with_a_message(staff_client, lab):
    content = _png(1024, 1024)
    assert 2 * 1024 * 1024 < len(content) < 10 * 1024 * 1024
    logo = SimpleUploadedFile("big.png", content, content_type="image/png")
    response = staff_client.post(URL, {**_form_data(lab), "logo": logo})
    assert response.status_code == 200
    assert "The logo must be smaller than 2 MB." in response.content.decode()
    lab.refresh_from_db()
    assert not lab.logo


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused(staff_client, lab):
    logo = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = staff_client.post(URL, {**_form_data(lab), "logo": logo})
    assert "Upload a valid image." in response.content.decode()
