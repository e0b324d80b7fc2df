"""The staff's print catalogue: materials with colours and stock, print profiles (one
default, the lab's own 3D printers), prices and limits with a rate per member group. The
models' clean() rules show on the forms; every change lands in the audit log."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fabdesk.core.models import AuditEntry
from fabdesk.core.tests.factories import LabFactory
from fabdesk.fabrication.models import (
    GroupPrintRate,
    Material,
    MaterialColour,
    PrintProfile,
    PrintSettings,
)
from fabdesk.members.tests.factories import MemberGroupFactory

from .job_factories import make_material, make_printer

MATERIAL = {
    "code": "PETG", "name": "PETG", "technology": "fdm", "density_g_cm3": "1.27",
    "price_per_kg": "28.00", "filament_diameter_mm": "1.75", "description": "", "active": "on",
    "position": "1",
}  # fmt: skip
PROFILE = {
    "name": "Fine", "printer": "", "layer_height_mm": "0.10", "first_layer_height_mm": "0.20",
    "nozzle_mm": "0.40", "infill_percent": "20", "perimeters": "3", "top_layers": "6",
    "bottom_layers": "5", "perimeter_speed_mm_s": "40", "infill_speed_mm_s": "70",
    "travel_speed_mm_s": "150", "first_layer_speed_mm_s": "20",
}  # fmt: skip


def audited(action: str) -> bool:
    return AuditEntry.objects.filter(action=action).exists()


@pytest.mark.parametrize(
    "name", ["materials", "material_new", "profiles", "profile_new", "print_settings"]
)
def test_members_cannot_open_the_catalogue(member_client, name):
    assert member_client.get(reverse(f"fabrication:{name}")).status_code == 403


def test_staff_add_a_material_then_its_colours(staff_client, lab):
    response = staff_client.post(reverse("fabrication:material_new"), MATERIAL)
    material = Material.objects.get(lab=lab, code="PETG")
    assert response.status_code == 302
    assert audited("print_material.created")
    add = reverse("fabrication:colour_add", args=[material.pk])
    staff_client.post(add, {"colour-name": "Blue", "colour-hex_code": "#0055ff",
                            "colour-in_stock": "on"})  # fmt: skip
    colour = MaterialColour.objects.get(material=material, name="Blue")
    staff_client.post(reverse("fabrication:colour_stock", args=[colour.pk]), {"in_stock": "0"})
    colour.refresh_from_db()
    assert colour.in_stock is False
    assert audited("print_colour.updated")
    page = staff_client.get(reverse("fabrication:materials")).content.decode()
    assert "PETG" in page and "Blue" in page and "out of stock" in page
    staff_client.post(reverse("fabrication:colour_remove", args=[colour.pk]))
    assert not MaterialColour.objects.filter(pk=colour.pk).exists()


def test_a_bad_colour_code_and_a_taken_material_code_are_refused(staff_client, lab):
    material = make_material(lab)
    add = reverse("fabrication:colour_add", args=[material.pk])
    staff_client.post(add, {"colour-name": "Weird", "colour-hex_code": "red"})
    assert not MaterialColour.objects.filter(name="Weird").exists()
    response = staff_client.post(reverse("fabrication:material_new"), {**MATERIAL, "code": "pla"})
    assert response.status_code == 200
    assert "already uses the code" in response.content.decode()


def test_editing_a_material_is_audited_with_its_changes(staff_client, lab):
    material = make_material(lab)
    edit = reverse("fabrication:material_edit", args=[material.pk])
    staff_client.post(edit, {**MATERIAL, "code": "PLA", "name": "PLA", "price_per_kg": "30.00"})
    material.refresh_from_db()
    assert material.price_per_kg == Decimal("30.00")
    entry = AuditEntry.objects.get(action="print_material.updated")
    assert entry.changes["price_per_kg"] == ["25.00", "30.00"]


def test_one_default_profile(staff_client, lab):
    new = reverse("fabrication:profile_new")
    staff_client.post(new, {**PROFILE, "name": "First", "is_default": "on"})
    staff_client.post(new, {**PROFILE, "name": "Second", "is_default": "on"})
    defaults = PrintProfile.objects.filter(lab=lab, is_default=True)
    assert [p.name for p in defaults] == ["Second"]
    assert audited("print_profile.created")


def test_profile_rules_show_on_the_form(staff_client, lab):
    other_printer = make_printer(LabFactory(slug="elsewhere"))
    response = staff_client.post(
        reverse("fabrication:profile_new"),
        {**PROFILE, "layer_height_mm": "0.50", "printer": other_printer.pk},
    )
    assert response.status_code == 200
    assert not PrintProfile.objects.filter(lab=lab).exists()
    response = staff_client.post(reverse("fabrication:profile_new"),
                                 {**PROFILE, "layer_height_mm": "0.50"})  # fmt: skip
    assert "80 % of the nozzle" in response.content.decode()


def test_a_profile_for_one_printer_and_its_deletion(staff_client, lab):
    printer = make_printer(lab)
    staff_client.post(reverse("fabrication:profile_new"), {**PROFILE, "printer": printer.pk})
    profile = PrintProfile.objects.get(lab=lab, printer=printer)
    assert printer.name in staff_client.get(reverse("fabrication:profiles")).content.decode()
    staff_client.post(reverse("fabrication:profile_remove", args=[profile.pk]))
    assert not PrintProfile.objects.filter(pk=profile.pk).exists()
    assert audited("print_profile.deleted")


def test_print_settings_with_a_rate_per_group(staff_client, lab, default_group):
    students = MemberGroupFactory(lab=lab, name="Students", slug="students")
    data = {
        "hourly_rate": "3.00", "handling_fee": "2.00", "minimum_price": "4.00",
        "max_upload_mb": "50", "max_triangles": "2000000", "accepts_visitors": "on",
        f"rate_{students.pk}": "1.50", f"rate_{default_group.pk}": "",
    }  # fmt: skip
    response = staff_client.post(reverse("fabrication:print_settings"), data)
    assert response.status_code == 302
    settings = PrintSettings.objects.get(lab=lab)
    assert settings.hourly_rate == Decimal("3.00")
    assert list(GroupPrintRate.objects.values_list("group__slug", "hourly_rate")) == [
        ("students", Decimal("1.50"))
    ]
    assert audited("print_settings.created") and audited("print_rate.created")
    page = staff_client.get(reverse("fabrication:print_settings")).content.decode()
    assert 'value="1.50"' in page
    staff_client.post(reverse("fabrication:print_settings"), {**data, f"rate_{students.pk}": ""})
    assert not GroupPrintRate.objects.exists()


def test_limits_are_checked(staff_client, lab):
    data = {"hourly_rate": "-1", "handling_fee": "0", "minimum_price": "0",
            "max_upload_mb": "5000", "max_triangles": "10"}  # fmt: skip
    response = staff_client.post(reverse("fabrication:print_settings"), data)
    assert response.status_code == 200
    assert not PrintSettings.objects.filter(lab=lab).exists()
    page = response.content.decode()
    assert "Between 1 and 1024 MB." in page


def test_staff_of_another_lab_do_not_see_this_lab_s_materials(client, lab):
    material = make_material(lab)
    from fabdesk.members.roles import Role
    from fabdesk.members.tests.factories import UserFactory

    outsider = UserFactory(lab=LabFactory(slug="far"), email="far@example.test",
                           with_role=Role.STAFF)  # fmt: skip
    client.force_login(outsider)
    assert client.get(reverse("fabrication:material_edit", args=[material.pk])).status_code == 404
