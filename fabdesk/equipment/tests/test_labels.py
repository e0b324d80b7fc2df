"""The sheet of QR labels: an A4 PDF, 21 labels a page, each QR code opening the machine's
page with ?from=qr."""

import pytest
from django.test import override_settings
from django.urls import reverse
from weasyprint import HTML

from fabdesk.equipment.labels import labels_html, machine_qr_url, qr_svg
from fabdesk.equipment.selectors import machines_for_labels

from .factories import MachineCategoryFactory, MachineFactory, SpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(lab):
    return MachineCategoryFactory(lab=lab)


def make(lab, category, count, **kwargs):
    return [
        MachineFactory(lab=lab, category=category, name=f"Machine {i}", **kwargs)
        for i in range(count)
    ]


@override_settings(SITE_URL="https://lab.example.org")
def test_each_label_holds_the_qr_code_of_its_machine_page(lab, category):
    machines = make(lab, category, 3)
    html = labels_html(lab=lab, machines=machines)
    for machine in machines:
        url = f"https://lab.example.org/machines/{machine.pk}/?from=qr"
        assert machine_qr_url(machine) == url
        assert qr_svg(url) in html  # the QR code's modules encode exactly this address
        assert machine.name in html
    assert html.count('class="label"') == 3
    assert lab.name in html and "Scan to see the machine or report a problem" in html


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (21, 1), (22, 2), (43, 3)])
def test_21_labels_a_page(lab, category, count, pages):
    html = labels_html(lab=lab, machines=make(lab, category, count))
    assert len(HTML(string=html).render().pages) == pages


def test_staff_download_the_sheet_as_a_pdf(staff_client, lab, category):
    make(lab, category, 2)
    response = staff_client.get(reverse("equipment:machine_labels"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_sheet_can_hold_one_space_or_picked_machines(staff_client, lab, category):
    workshop = SpaceFactory(lab=lab)
    inside = make(lab, category, 2, space=workshop)
    outside = make(lab, category, 1)
    assert list(machines_for_labels(lab=lab, space_id=workshop.pk)) == inside
    assert list(machines_for_labels(lab=lab, machine_ids=[outside[0].pk])) == outside
    for query in ({"space": workshop.pk}, {"machine": [outside[0].pk, "x"]}):
        response = staff_client.get(reverse("equipment:machine_labels"), query)
        assert response.content.startswith(b"%PDF"), query


def test_no_machine_no_sheet(staff_client, lab):
    response = staff_client.get(reverse("equipment:machine_labels"), follow=True)
    assert "there is no label to print" in response.content.decode()


def test_script_in_a_machine_name_is_inert_on_the_sheet(lab, category):
    machine = MachineFactory(lab=lab, category=category, name="<script>alert(1)</script>")
    html = labels_html(lab=lab, machines=[machine])
    assert "<script>" not in html and "&lt;script&gt;" in html


@override_settings(LANGUAGE_CODE="fr")
def test_labels_speak_the_lab_s_language(lab, category):
    html = labels_html(lab=lab, machines=make(lab, category, 1))
    assert "Scan to see" not in html
