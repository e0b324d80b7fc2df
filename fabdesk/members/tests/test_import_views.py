"""The import pages: upload → dry-run report → confirm, and every refusal without a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fabdesk.members.models import User

pytestmark = pytest.mark.django_db

URL = "members:import"


def upload(client, data: bytes, name="members.csv"):
    return client.post(reverse(URL), {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_dry_run_then_confirm(staff_client, member):
    data = f"email;city\r\n{member.email};Annecy\r\nnew@x.test;Paris\r\n".encode()
    page = upload(staff_client, data).content.decode()
    assert "1 member to create" in page and "1 member to update" in page
    assert "City: — → Annecy" in page and "Confirm the import" in page
    assert not User.objects.filter(email="new@x.test").exists()  # nothing written yet
    digest = staff_client.session["members_import"]["digest"]
    response = staff_client.post(reverse("members:import_confirm"), {"digest": digest})
    assert response.status_code == 302
    assert User.objects.filter(email="new@x.test").exists()
    member.refresh_from_db()
    assert member.city == "Annecy"
    assert "members_import" not in staff_client.session


def test_rejected_rows_block_the_confirmation(staff_client):
    page = upload(staff_client, b"email\nnew@x.test\nnot-an-email\n").content.decode()
    assert "1 row rejected" in page and "is not a valid email address" in page
    assert "Confirm the import" not in page
    digest = staff_client.session["members_import"]["digest"]
    response = staff_client.post(reverse("members:import_confirm"), {"digest": digest})
    assert response.status_code == 200
    assert "1 row is rejected" in response.content.decode()
    assert not User.objects.filter(email="new@x.test").exists()


def test_confirm_needs_the_hash_of_the_file_checked(staff_client):
    upload(staff_client, b"email\nnew@x.test\n")
    response = staff_client.post(
        reverse("members:import_confirm"), {"digest": "0" * 64}, follow=True
    )
    assert "no longer available" in response.content.decode()
    assert not User.objects.filter(email="new@x.test").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV file."),
        (b"first_name\nAda\n", "The header row has no “email” column."),
        (b"ada@x.test;Ada\n", "The first row must be the header"),
        (b"email\n" + b"x" * (2 * 1024 * 1024 + 1), "The file is larger than 2 MB."),
        (b"email\n" + b"a@x.test\n" * 5001, "more than 5000 rows"),
    ],
)
def test_bad_files_get_a_clear_message(staff_client, data, message):
    response = upload(staff_client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "members_import" not in staff_client.session
