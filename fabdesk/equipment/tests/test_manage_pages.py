"""Staff pages that change the workshop, through the test client."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from fabdesk.equipment.models import Machine, MachineCategory, MachineDocument, Space

from .factories import MachineCategoryFactory, MachineFactory

pytestmark = pytest.mark.django_db


def png(name="photo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "blue").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def category(lab):
    return MachineCategoryFactory(lab=lab, name="Découpe laser", kind="laser_cutter")


@pytest.fixture
def machine(lab, category):
    return MachineFactory(lab=lab, category=category, name="Trotec Speedy")


def machine_post(category, **extra):
    return {"name": "Epilog Zing", "category": category.pk, "bookable": "on", **extra}


def test_staff_add_a_machine_with_a_photo(staff_client, lab, category):
    response = staff_client.post(
        reverse("equipment:machine_new"),
        machine_post(category, photo=png(), size_x_mm="600", materials="MDF, acrylic"),
    )
    machine = Machine.objects.get(name="Epilog Zing")
    assert response.url == reverse("equipment:machine_detail", args=[machine.pk])
    assert machine.slug == "epilog-zing" and machine.lab == lab and machine.size_x_mm == 600
    assert machine.photo.name.endswith(".jpg")  # re-encoded, renamed
    page = staff_client.get(response.url).content.decode()
    assert machine.photo.url in page


def test_a_renamed_non_image_is_refused_with_a_message(staff_client, category):
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = staff_client.post(
        reverse("equipment:machine_new"), machine_post(category, photo=fake)
    )
    assert response.status_code == 200
    assert (
        "field-invalid" in response.content.decode() and "not an image" in response.content.decode()
    )
    assert not Machine.objects.exists()


def test_staff_edit_a_machine(staff_client, machine, category):
    response = staff_client.post(
        reverse("equipment:machine_edit", args=[machine.pk]),
        machine_post(category, name="Trotec Speedy 400", staff_notes="Lens cleaned", position=3),
    )
    assert response.status_code == 302
    machine.refresh_from_db()
    assert (machine.name, machine.slug, machine.staff_notes) == (
        "Trotec Speedy 400",
        "trotec-speedy-400",
        "Lens cleaned",
    )


def test_staff_change_the_status_with_a_reason(staff_client, machine):
    url = reverse("equipment:machine_status", args=[machine.pk])
    refused = staff_client.post(url, {"status-status": "out_of_order", "status-reason": ""})
    assert refused.status_code == 200 and "Say why the machine is not in service" in (
        refused.content.decode()
    )
    machine.refresh_from_db()
    assert machine.status == "in_service"
    done = staff_client.post(url, {"status-status": "out_of_order", "status-reason": "Tube HS"})
    assert done.status_code == 302
    machine.refresh_from_db()
    assert (machine.status, machine.status_reason) == ("out_of_order", "Tube HS")


def test_staff_correct_the_hours_of_use(staff_client, machine):
    url = reverse("equipment:machine_usage", args=[machine.pk])
    response = staff_client.post(url, {"usage-total_hours": "42.5", "usage-reason": "Read"})
    assert response.status_code == 302
    machine.refresh_from_db()
    assert str(machine.usage_hours) == "42.50"
    refused = staff_client.post(url, {"usage-total_hours": "-1", "usage-reason": "Oops"})
    assert refused.status_code == 200
    machine.refresh_from_db()
    assert str(machine.usage_hours) == "42.50"


def test_members_cannot_change_status_or_see_the_forms(member_client, machine):
    response = member_client.post(
        reverse("equipment:machine_status", args=[machine.pk]),
        {"status-status": "retired", "status-reason": "mine"},
    )
    assert response.status_code == 403
    machine.refresh_from_db()
    assert machine.status == "in_service"


def test_documents_pdf_or_link(staff_client, machine):
    url = reverse("equipment:document_new", args=[machine.pk])
    pdf = SimpleUploadedFile("manual.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    response = staff_client.post(url, {"title": "Manuel", "kind": "manual", "file": pdf})
    assert response.status_code == 302
    fake = SimpleUploadedFile("safety.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    refused = staff_client.post(url, {"title": "Sécurité", "kind": "safety", "file": fake})
    assert refused.status_code == 200 and "not a PDF document" in refused.content.decode()
    neither = staff_client.post(url, {"title": "Rien", "kind": "other"})
    assert "either a PDF file or a link" in neither.content.decode()
    staff_client.post(url, {"title": "Vidéo", "kind": "other", "url": "https://v.test/1"})
    assert sorted(MachineDocument.objects.values_list("title", flat=True)) == ["Manuel", "Vidéo"]
    video = MachineDocument.objects.get(title="Vidéo")
    staff_client.post(reverse("equipment:document_delete", args=[machine.pk, video.pk]))
    assert list(MachineDocument.objects.values_list("title", flat=True)) == ["Manuel"]


def test_categories_list_create_reorder_and_delete(staff_client, lab, category, machine):
    response = staff_client.post(
        reverse("equipment:category_new"), {"name": "Brodeuse", "kind": "embroidery"}
    )
    assert response.url == reverse("equipment:category_list")
    new = MachineCategory.objects.get(name="Brodeuse")
    staff_client.post(reverse("equipment:category_move", args=[new.pk]), {"direction": "up"})
    page = staff_client.get(reverse("equipment:category_list")).content.decode()
    assert page.index("Brodeuse") < page.index("Découpe laser")
    refused = staff_client.post(
        reverse("equipment:category_delete", args=[category.pk]), follow=True
    )
    assert "1 machine still belongs to “Découpe laser”" in refused.content.decode()
    staff_client.post(reverse("equipment:category_delete", args=[new.pk]))
    assert list(MachineCategory.objects.all()) == [category]


def test_spaces_create_edit_and_delete_when_empty(staff_client, lab, machine):
    response = staff_client.post(
        reverse("equipment:space_new"),
        {"name": "Atelier textile", "capacity": "6", "photo": png(), "description": "Couture"},
    )
    space = Space.objects.get(name="Atelier textile")
    assert response.url == reverse("equipment:space_detail", args=[space.pk]) and space.photo
    staff_client.post(
        reverse("equipment:space_edit", args=[space.pk]),
        {"name": "Atelier textile", "capacity": "8", "bookable": "on"},
    )
    space.refresh_from_db()
    assert (space.capacity, space.bookable) == (8, True)
    full = machine.space
    refused = staff_client.post(reverse("equipment:space_delete", args=[full.pk]), follow=True)
    assert "still in" in refused.content.decode() and Space.objects.filter(pk=full.pk).exists()
    staff_client.post(reverse("equipment:space_delete", args=[space.pk]))
    assert not Space.objects.filter(pk=space.pk).exists()


def test_script_in_a_posted_name_and_description_is_inert(staff_client, category):
    script = "<script>alert(1)</script>"
    staff_client.post(
        reverse("equipment:machine_new"),
        machine_post(category, name=f"Laser {script}", description=f"[x](javascript:1) {script}"),
    )
    machine = Machine.objects.get()
    html = staff_client.get(reverse("equipment:machine_detail", args=[machine.pk])).content.decode()
    assert script not in html and "javascript:" not in html


def test_the_today_board_lists_machines_not_in_service(staff_client, lab, category):
    MachineFactory(lab=lab, category=category, name="Laser KO", status="out_of_order",
                   status_reason="Tube HS")  # fmt: skip
    MachineFactory(lab=lab, category=category, name="Laser OK")
    page = staff_client.get(reverse("core:today")).content.decode()
    assert "Machines not in service" in page and "Laser KO" in page and "Tube HS" in page
    assert "Laser OK" not in page


def test_the_today_panel_is_absent_when_all_works(staff_client, machine):
    page = staff_client.get(reverse("core:today")).content.decode()
    assert "Machines not in service" not in page


def test_everyone_sees_the_machines_link(client, member):
    assert (
        reverse("equipment:machine_list") in client.get(reverse("account_login")).content.decode()
    )
