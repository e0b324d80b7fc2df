"""Member groups: one default per lab, unique codes, order, delete only when unused."""

import pytest
from django.urls import reverse

from fabdesk.core.errors import Conflict, Invalid
from fabdesk.members.group_services import (
    member_group_create,
    member_group_delete,
    member_group_move,
    member_group_update,
)
from fabdesk.members.models import MemberGroup
from fabdesk.members.selectors import member_group_list

pytestmark = pytest.mark.django_db


def names(lab):
    return [g.name for g in member_group_list(lab=lab)]


def test_create_makes_a_code_and_goes_last(staff, lab, default_group):
    group = member_group_create(actor=staff, lab=lab, name="Étudiant réduit")
    assert group.slug == "etudiant-reduit" and names(lab) == ["Adulte", "Étudiant réduit"]


def test_codes_are_unique_in_the_lab(staff, lab, default_group):
    with pytest.raises(Conflict):
        member_group_create(actor=staff, lab=lab, name="Adults", slug="adult")
    with pytest.raises(Invalid):
        member_group_create(actor=staff, lab=lab, name="  ")


def test_one_default_group_per_lab(staff, lab, default_group):
    company = member_group_create(actor=staff, lab=lab, name="Entreprise", is_default=True)
    default_group.refresh_from_db()
    assert company.is_default and not default_group.is_default
    member_group_update(actor=staff, group=default_group, data={"is_default": True})
    assert list(MemberGroup.objects.filter(lab=lab, is_default=True)) == [default_group]


def test_reorder(staff, lab, default_group):
    member_group_create(actor=staff, lab=lab, name="B")
    c = member_group_create(actor=staff, lab=lab, name="C")
    member_group_move(actor=staff, group=c, offset=-1)
    assert names(lab) == ["Adulte", "C", "B"]
    member_group_move(actor=staff, group=c, offset=-1)
    member_group_move(actor=staff, group=c, offset=-1)  # already first: stays
    assert names(lab) == ["C", "Adulte", "B"]


def test_delete_only_when_unused(staff, lab, default_group, member):
    with pytest.raises(Conflict) as exc:
        member_group_delete(actor=staff, group=default_group)
    assert "1 member still belongs to “Adulte”" in str(exc.value.message)
    empty = member_group_create(actor=staff, lab=lab, name="Vide")
    member_group_delete(actor=staff, group=empty)
    assert names(lab) == ["Adulte"]


def test_group_pages(staff_client, lab, default_group, member):
    response = staff_client.post(reverse("members:group_new"), {"name": "Association"})
    assert response.status_code == 302
    group = MemberGroup.objects.get(lab=lab, slug="association")
    page = staff_client.get(reverse("members:groups")).content.decode()
    assert "Association" in page and "Adulte" in page
    response = staff_client.post(
        reverse("members:group_delete", args=[default_group.pk]), follow=True
    )
    assert "move them to another group first" in response.content.decode()
    response = staff_client.post(
        reverse("members:group_edit", args=[group.pk]), {"name": "Asso", "slug": "adult"}
    )
    assert "Another group already uses the code adult." in response.content.decode()
