"""Staff changes to the catalogue: machines, categories, spaces and documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.selectors import audit_entries_for
from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.catalogue_services import (
    category_create,
    category_delete,
    category_move,
    category_update,
    document_add,
    document_delete,
    machine_create,
    machine_update,
    space_create,
    space_delete,
    space_update,
)
from fabdesk.equipment.models import Machine, MachineCategory, MachineDocument, Space
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory

from .factories import MachineCategoryFactory, MachineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(lab):
    return MachineCategoryFactory(lab=lab, name="Imprimante 3D", kind="fdm_printer")


def test_staff_create_a_machine_with_a_code_made_from_its_name(staff, lab, category):
    first = machine_create(
        actor=staff, lab=lab, data={"name": "Prusa MK4", "category": category, "size_x_mm": 250}
    )
    second = machine_create(actor=staff, lab=lab, data={"name": "Prusa MK4", "category": category})
    assert (first.slug, second.slug) == ("prusa-mk4", "prusa-mk4-2")
    assert first.status == "in_service" and first.size_x_mm == 250
    assert second.position == first.position + 1
    assert [e.action for e in audit_entries_for(first)] == ["machine.created"]


def test_the_code_is_unique_per_lab_only(staff, lab, category):
    other_lab = LabFactory(slug="elsewhere")
    MachineFactory(lab=other_lab, slug="laser")
    machine = machine_create(actor=staff, lab=lab, data={"name": "Laser", "category": category})
    assert machine.slug == "laser"


def test_a_machine_needs_a_name_and_a_category_of_its_own_lab(staff, lab, category):
    with pytest.raises(Invalid) as exc:
        machine_create(actor=staff, lab=lab, data={"name": "  ", "category": category})
    assert exc.value.field == "name"
    with pytest.raises(Invalid) as exc:
        machine_create(actor=staff, lab=lab, data={"name": "Laser"})
    assert exc.value.field == "category"
    foreign = MachineCategoryFactory(lab=LabFactory(slug="elsewhere"))
    with pytest.raises(Invalid) as exc:
        machine_create(actor=staff, lab=lab, data={"name": "Laser", "category": foreign})
    assert exc.value.field == "category"
    assert not Machine.objects.exists()


def test_members_and_staff_of_another_lab_cannot_change_the_catalogue(member, lab, category):
    far_staff = UserFactory(lab=LabFactory(slug="far"), email="far@x.test", with_role=Role.STAFF)
    for actor in (member, far_staff):
        with pytest.raises(Forbidden):
            machine_create(actor=actor, lab=lab, data={"name": "Laser", "category": category})
        with pytest.raises(Forbidden):
            category_delete(actor=actor, category=category)
    assert MachineCategory.objects.filter(pk=category.pk).exists()


def test_renaming_a_machine_renames_its_code_and_records_the_change(staff, lab):
    machine = MachineFactory(lab=lab, name="Old laser", slug="old-laser")
    machine_update(actor=staff, machine=machine, data={"name": "Trotec", "staff_notes": "Lens"})
    machine.refresh_from_db()
    assert (machine.name, machine.slug, machine.staff_notes) == ("Trotec", "trotec", "Lens")
    entry = audit_entries_for(machine).get(action="machine.updated")
    assert entry.changes["name"] == ["Old laser", "Trotec"]


def test_updating_leaves_the_status_alone(staff, lab):
    machine = MachineFactory(lab=lab)
    with pytest.raises(ValueError):
        machine_update(actor=staff, machine=machine, data={"status": "retired"})


def test_categories_are_created_reordered_and_renamed(staff, lab):
    laser = category_create(actor=staff, lab=lab, name="Découpe laser", kind="laser_cutter")
    cnc = category_create(actor=staff, lab=lab, name="Fraiseuse", kind="cnc_router")
    assert (laser.position, cnc.position) == (0, 1)
    category_move(actor=staff, category=cnc, offset=-1)
    assert list(MachineCategory.objects.filter(lab=lab).values_list("name", flat=True)) == [
        "Fraiseuse",
        "Découpe laser",
    ]
    category_update(actor=staff, category=cnc, data={"name": "Fraiseuse numérique"})
    cnc.refresh_from_db()
    assert cnc.name == "Fraiseuse numérique"
    with pytest.raises(Invalid):
        category_create(actor=staff, lab=lab, name="X", kind="teleporter")


def test_a_category_in_use_cannot_be_deleted(staff, lab, category):
    machine = MachineFactory(lab=lab, category=category, status="retired")
    with pytest.raises(Conflict) as exc:
        category_delete(actor=staff, category=category)
    assert "1 machine still belongs" in str(exc.value.message)
    other = MachineCategoryFactory(lab=lab)
    machine_update(actor=staff, machine=machine, data={"category": other})
    category_delete(actor=staff, category=category)
    assert list(MachineCategory.objects.all()) == [other]


def test_spaces_are_created_updated_and_deleted_only_when_empty(staff, lab):
    space = space_create(actor=staff, lab=lab, data={"name": "Atelier bois", "capacity": 8})
    assert space.slug == "atelier-bois"
    space_update(actor=staff, space=space, data={"bookable": True})
    space.refresh_from_db()
    assert space.bookable
    machine = MachineFactory(lab=lab, space=space)
    with pytest.raises(Conflict):
        space_delete(actor=staff, space=space)
    machine_update(actor=staff, machine=machine, data={"space": None})
    space_delete(actor=staff, space=space)
    assert not Space.objects.filter(pk=space.pk).exists()


def test_a_document_is_a_pdf_or_a_link_never_both(staff, lab):
    machine = MachineFactory(lab=lab)
    pdf = SimpleUploadedFile("manual.pdf", b"%PDF-1.4 manual", content_type="application/pdf")
    with pytest.raises(Invalid):
        document_add(actor=staff, machine=machine, title="Manuel", kind="manual")
    with pytest.raises(Invalid):
        document_add(
            actor=staff, machine=machine, title="M", kind="manual", file=pdf, url="https://x.test"
        )
    with pytest.raises(Invalid):
        document_add(actor=staff, machine=machine, title="M", kind="manual", url="javascript:1")
    manual = document_add(actor=staff, machine=machine, title="Manuel", kind="manual", file=pdf)
    link = document_add(
        actor=staff, machine=machine, title="Vidéo", kind="other", url="https://video.test/1"
    )
    assert manual.file.read().startswith(b"%PDF") and link.href == "https://video.test/1"
    document_delete(actor=staff, document=manual)
    assert list(MachineDocument.objects.values_list("title", flat=True)) == ["Vidéo"]
    actions = {e.action for e in audit_entries_for(machine)}
    assert {"machine.document_added", "machine.document_deleted"} <= actions


def test_members_cannot_add_documents(member, lab):
    machine = MachineFactory(lab=lab)
    with pytest.raises(Forbidden):
        document_add(actor=member, machine=machine, title="M", kind="manual", url="https://x.test")
    assert not MachineDocument.objects.exists()
