"""Importing certifications from CSV: the dry-run report row by row, bad files and bad rows,
confirmation only when nothing is rejected, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.tests.factories import UserFactory
from fabdesk.training.certification_services import certification_grant
from fabdesk.training.importing import certification_import, certification_import_check
from fabdesk.training.models import Certification

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def laser(lab):
    return TrainingFactory(lab=lab, title="Découpe laser", slug="laser", validity_months=12)


def check(staff, text):
    return certification_import_check(actor=staff, lab=staff.lab, content=text)


def test_the_report_says_what_each_row_would_do(staff, member, other_member, laser, lab):
    certification_grant(
        actor=staff, member=other_member, training=laser, source="staff", reason="x"
    )
    outsider = UserFactory(lab=LabFactory(), email="far@example.test")
    text = (
        "email;formation;granted_on;expires_on;reason\n"
        f"{member.email.upper()};laser;2025-03-01;;Tableur\n"
        f"{other_member.email};Découpe Laser;01/03/2025;;\n"
        "nobody@example.test;laser;2025-03-01;;\n"
        f"{member.email};CNC;2025-03-01;;\n"
        f"{outsider.email};laser;2025-03-01;;\n"
        f"{member.email};laser;31/02/2025;;\n"
        f"{member.email};laser;2025-03-01;2025-02-01;\n"
        f"{member.email};laser;2999-01-01;;\n"
        f"{member.email};laser;2025-03-01;;\n"
        f"{member.email};laser\n"
    )
    rows = check(staff, text).rows
    assert [row.action for row in rows] == ["grant", "held"] + ["rejected"] * 8
    errors = [" ".join(row.errors) for row in rows[2:]]
    assert "No member has the email address" in errors[0]
    assert "Unknown training “CNC”" in errors[1]
    assert "member of another lab" in errors[2]
    assert "Bad grant date “31/02/2025”" in errors[3]
    assert "must come after the grant date" in errors[4]
    assert "in the future" in errors[5]
    assert "already on line 2" in errors[6]
    assert "This row has 2 values; the header has 5 columns." in errors[7]


def test_a_certification_already_held_is_skipped(staff, member, laser):
    certification_grant(actor=staff, member=member, training=laser, source="staff", reason="x")
    today = timezone.localdate().isoformat()
    report = check(staff, f"email,training,granted_on\n{member.email},laser,{today}\n")
    assert report.rows[0].action == "held" and report.totals == {
        "grant": 0,
        "held": 1,
        "rejected": 0,
    }


@pytest.mark.parametrize(
    "text,code",
    [
        ("", "empty"),
        ("email;training\nx@example.test;laser\n", "missing_columns"),
        ("email;training;granted_on\n", "no_rows"),
        ("email;training;granted_on;email\nx;y;z;w\n", "duplicate_column"),
        ('email;training;granted_on\n"x;y;z\n', "bad_csv"),
    ],
)
def test_bad_files_are_refused_with_a_reason(staff, laser, text, code):
    with pytest.raises(Invalid) as exc:
        check(staff, text)
    assert exc.value.code == code


def test_only_staff_of_the_lab_may_import(member, laser):
    with pytest.raises(Forbidden):
        check(member, "email;training;granted_on\n")


def test_the_import_grants_every_row_or_none(staff, member, other_member, laser, lab):
    good = f"email;training;granted_on;expires_on\n{member.email};laser;2025-03-01;2027-06-30\n"
    bad = good + "nobody@example.test;laser;2025-03-01;\n"
    with pytest.raises(Invalid) as exc:
        certification_import(actor=staff, lab=lab, content=bad)
    assert exc.value.code == "rows_rejected" and not Certification.objects.exists()
    certification_import(actor=staff, lab=lab, content=good)
    cert = Certification.objects.get()
    assert cert.source == "import" and cert.granted_by == staff
    expires = timezone.localtime(cert.expires_at, lab.tzinfo)
    assert (expires.date().isoformat(), expires.hour) == ("2027-06-30", 0)


def test_the_expiry_is_computed_when_not_given(staff, member, laser, lab):
    certification_import(
        actor=staff,
        lab=lab,
        content=f"email;training;granted_on\n{member.email};laser;2024-02-29\n",
    )
    expires = timezone.localtime(Certification.objects.get().expires_at, lab.tzinfo)
    assert expires.date().isoformat() == "2025-02-28"


def csv_upload(text: str, encoding="utf-8"):
    return SimpleUploadedFile("certifications.csv", text.encode(encoding), "text/csv")


def test_the_pages_check_then_confirm(staff_client, member, laser):
    text = f"email;training;granted_on\n{member.email};Découpe laser;2025-03-01\n"
    page = staff_client.post("/trainings/import/", {"file": csv_upload(text, "cp1252")})
    body = page.content.decode()
    assert "1 certification to grant" in body and "Windows-1252" in body
    assert not Certification.objects.exists()
    digest = staff_client.session["certifications_import"]["digest"]
    assert staff_client.post("/trainings/import/confirm/", {"digest": "stale"}).status_code == 302
    assert not Certification.objects.exists()
    response = staff_client.post("/trainings/import/confirm/", {"digest": digest})
    assert response.status_code == 302 and Certification.objects.get().member == member


def test_a_rejected_row_offers_no_confirmation(staff_client, laser):
    text = "email;training;granted_on\nnobody@example.test;laser;2025-03-01\n"
    body = staff_client.post("/trainings/import/", {"file": csv_upload(text)}).content.decode()
    assert "1 row rejected" in body and "Confirm the import" not in body


def test_a_file_that_is_not_csv_is_refused_on_the_form(staff_client):
    upload = SimpleUploadedFile("x.csv", b"\x00\x01binary", "text/csv")
    body = staff_client.post("/trainings/import/", {"file": upload}).content.decode()
    assert "This is not a CSV file" in body


@pytest.mark.parametrize("who,status", [("member", 403), ("staff", 200), ("admin_user", 200)])
def test_who_may_open_the_import(request, client, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/trainings/import/").status_code == status


def test_script_in_a_cell_is_shown_as_text(staff_client, laser):
    text = "email;training;granted_on\nx@example.test;<script>alert(1)</script>;2025-03-01\n"
    body = staff_client.post("/trainings/import/", {"file": csv_upload(text)}).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
