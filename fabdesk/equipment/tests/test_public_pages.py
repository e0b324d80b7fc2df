"""The catalogue, a machine's page and the spaces, as anyone sees them."""

import pytest
from django.urls import reverse

from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.models import MachineDocument
from fabdesk.equipment.services import machine_correct_usage, machine_set_status
from fabdesk.equipment.timeline import TimelineEntry, register_timeline_source

from .factories import MachineCategoryFactory, MachineFactory, SpaceFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
X = "\N{MULTIPLICATION SIGN}"


@pytest.fixture
def printers(lab):
    return MachineCategoryFactory(lab=lab, name="Imprimantes 3D", kind="fdm_printer")


@pytest.fixture
def lasers(lab):
    return MachineCategoryFactory(lab=lab, name="Découpe laser", kind="laser_cutter")


@pytest.fixture
def machine(lab, printers):
    return MachineFactory(
        lab=lab, name="Prusa MK4", category=printers, size_x_mm=250, size_y_mm=210,
        size_z_mm=220, materials="PLA, PETG", staff_notes="Hidden: key in drawer 3",
        description="**Fast** printer",
    )  # fmt: skip


def test_anyone_sees_the_catalogue_grouped_by_category(client, lab, machine, lasers):
    MachineFactory(lab=lab, name="Trotec Speedy", category=lasers, status="out_of_order")
    MachineFactory(lab=lab, name="Old Epilog", category=lasers, status="retired")
    page = client.get(reverse("equipment:machine_list")).content.decode()
    assert "Prusa MK4" in page and "Trotec Speedy" in page
    assert "<h2>Imprimantes 3D</h2>" in page and "<h2>Découpe laser</h2>" in page
    assert 'class="badge badge-out_of_order">Out of order' in page
    assert "Old Epilog" not in page  # retired: only when asked for
    assert "placeholder.svg" in page


def test_the_catalogue_filters_by_category_status_and_space(client, lab, machine, lasers):
    space = SpaceFactory(lab=lab, name="Atelier bois")
    laser = MachineFactory(lab=lab, name="Trotec Speedy", category=lasers, space=space)
    MachineFactory(lab=lab, name="Old Epilog", category=lasers, status="retired")
    url = reverse("equipment:machine_list")
    for query, shown, hidden in [
        ({"category": lasers.pk}, "Trotec Speedy", "Prusa MK4"),
        ({"space": space.pk}, "Trotec Speedy", "Prusa MK4"),
        ({"status": "retired"}, "Old Epilog", "Trotec Speedy"),
    ]:
        page = client.get(url, query).content.decode()
        assert shown in page and hidden not in page, query
    assert laser.pk  # the filters are links anyone can share


def test_htmx_gets_only_the_cards(client, machine):
    response = client.get(
        reverse("equipment:machine_list"), {"status": "in_service"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="machine-cards"') and "Prusa MK4" in html
    assert "<form" not in html


def test_the_catalogue_shows_only_the_lab_s_machines(client, lab, machine):
    MachineFactory(lab=LabFactory(slug="elsewhere"), name="Foreign laser")
    page = client.get(reverse("equipment:machine_list")).content.decode()
    assert "Prusa MK4" in page and "Foreign laser" not in page


@pytest.mark.parametrize("count", [3, 40])
def test_the_catalogue_costs_the_same_with_3_or_40_machines(
    client, member, lab, printers, count, django_assert_max_num_queries
):
    for i in range(count):
        MachineFactory(lab=lab, category=printers, space=None, name=f"Printer {i}")
    client.force_login(member)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("equipment:machine_list"))
    assert response.content.decode().count('class="card machine-card"') == count


def test_a_machine_page_shows_its_specs_by_kind(client, machine):
    page = client.get(reverse("equipment:machine_detail", args=[machine.pk])).content.decode()
    assert "Build volume" in page and f"250 {X} 210 {X} 220 mm" in page
    assert "PLA, PETG" in page and "<strong>Fast</strong>" in page
    assert "Trotec" in page  # brand from the factory


def test_a_laser_shows_its_bed(client, lab, lasers):
    laser = MachineFactory(lab=lab, category=lasers, size_x_mm=610, size_y_mm=305)
    page = client.get(reverse("equipment:machine_detail", args=[laser.pk])).content.decode()
    assert "Working area (bed)" in page and f"610 {X} 305 mm" in page
    assert "Build volume" not in page


def test_a_stopped_machine_says_why_and_since_when(client, staff, machine):
    machine_set_status(actor=staff, machine=machine, status="maintenance", reason="New nozzle")
    page = client.get(reverse("equipment:machine_detail", args=[machine.pk])).content.decode()
    assert "In maintenance" in page and "New nozzle" in page and "since" in page


def test_members_never_see_staff_notes_hours_or_timeline(member_client, machine):
    page = member_client.get(reverse("equipment:machine_detail", args=[machine.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Prusa MK4" in html
    for secret in ("drawer 3", "Hours of use", "Timeline", "Change the status"):
        assert secret not in html


def test_staff_see_notes_hours_timeline_and_other_apps_entries(staff_client, staff, machine):
    machine_correct_usage(actor=staff, machine=machine, total_hours=120, reason="Read on screen")
    machine_set_status(actor=staff, machine=machine, status="out_of_order", reason="Jammed")
    register_timeline_source(
        "test.repairs",
        lambda m, *, limit: [TimelineEntry(when=m.status_since, kind="repair", title="Repaired")],
    )
    html = staff_client.get(reverse("equipment:machine_detail", args=[machine.pk])).content.decode()
    assert "drawer 3" in html and "120.00 h" in html
    assert "Hours of use corrected to 120.00 h" in html and "Read on screen" in html
    assert "Status: In service → Out of order" in html and "Repaired" in html


def test_documents_are_listed_with_their_links(client, machine):
    MachineDocument.objects.create(machine=machine, title="Notice", url="https://maker.test/doc")
    html = client.get(reverse("equipment:machine_detail", args=[machine.pk])).content.decode()
    assert 'href="https://maker.test/doc"' in html and "Notice" in html


def test_an_unknown_or_foreign_machine_is_a_404(client, lab):
    foreign = MachineFactory(lab=LabFactory(slug="elsewhere"))
    assert client.get(reverse("equipment:machine_detail", args=[99999])).status_code == 404
    assert client.get(reverse("equipment:machine_detail", args=[foreign.pk])).status_code == 404


def test_from_a_qr_code_the_report_button_comes_first(client, machine):
    url = reverse("equipment:machine_detail", args=[machine.pk])
    plain = client.get(url).content.decode()
    scanned = client.get(url, {"from": "qr"}).content.decode()
    assert 'class="report-first"' in scanned and 'class="report-first"' not in plain
    report = reverse("incidents:report", args=[machine.pk])
    assert scanned.index(report) < scanned.index("<h1>")
    assert report in plain


def test_script_in_names_and_description_is_inert(client, staff, lab, printers):
    machine = MachineFactory(
        lab=lab, name=f"Laser {SCRIPT}", category=printers, description=f"Hi {SCRIPT}"
    )
    for url in (
        reverse("equipment:machine_list"),
        reverse("equipment:machine_detail", args=[machine.pk]),
    ):
        html = client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert "&lt;script&gt;" in html, url


def test_spaces_list_and_page_show_their_machines(client, lab, machine):
    space = machine.space
    space.description = f"Le *bois* {SCRIPT}"
    space.bookable = True
    space.save()
    listing = client.get(reverse("equipment:space_list")).content.decode()
    assert space.name in listing and "1 machine" in listing
    page = client.get(reverse("equipment:space_detail", args=[space.pk])).content.decode()
    assert "Prusa MK4" in page and "<em>bois</em>" in page and SCRIPT not in page
    assert "12 people" in page and "Can be booked" in page


def test_an_unknown_space_is_a_404(client):
    assert client.get(reverse("equipment:space_detail", args=[99999])).status_code == 404


def test_the_french_catalogue_is_in_french(client, machine):
    client.cookies["fabdesk_language"] = "fr"
    page = client.get(reverse("equipment:machine_list"), HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert "Toutes les catégories" in html and "En service" in html
    for english in ("All categories", "In service", "Apply the filters", "machines<"):
        assert english not in html
