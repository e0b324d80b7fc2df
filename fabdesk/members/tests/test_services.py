"""Member services beyond the import: who may change what, and the today panel."""

import pytest
from django.test import RequestFactory

from fabdesk.core.errors import Forbidden
from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.models import User
from fabdesk.members.panels import today_panel_context
from fabdesk.members.roles import Role, role_of
from fabdesk.members.services import member_set_role, member_set_status, member_update
from fabdesk.members.tests.factories import UserFactory
from fabdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_member_changes_their_profile_but_not_their_group(member, default_group):
    member_update(actor=member, member=member, data={"city": "Lyon"})
    with pytest.raises(Forbidden):
        member_update(actor=member, member=member, data={"notes": "VIP"})


def test_nobody_changes_another_member_without_being_staff_of_their_lab(member, other_member):
    far_staff = UserFactory(lab=LabFactory(slug="far"), with_role=Role.STAFF)
    for actor in (other_member, far_staff):
        with pytest.raises(Forbidden):
            member_update(actor=actor, member=member, data={"city": "Lyon"})


def test_a_member_cannot_change_their_own_email_around_its_verification(member):
    with pytest.raises(Forbidden):
        member_update(actor=member, member=member, data={"email": "new@example.test"})
    assert User.objects.get(pk=member.pk).email == "member@example.test"


def test_only_staff_of_the_members_lab_change_a_status(member, other_member):
    far_staff = UserFactory(lab=LabFactory(slug="far"), with_role=Role.STAFF)
    for actor in (other_member, far_staff):
        with pytest.raises(Forbidden):
            member_set_status(actor=actor, member=member, status="suspended", reason="Spam")
    assert User.objects.get(pk=member.pk).status == "active"


def test_an_admin_of_another_lab_cannot_change_roles_here(member):
    far_admin = UserFactory(lab=LabFactory(slug="far"), with_role=Role.ADMIN)
    with pytest.raises(Forbidden):
        member_set_role(actor=far_admin, member=member, role=Role.STAFF)
    assert role_of(member) == Role.MEMBER


def test_staff_may_edit_their_own_notes(staff):
    member_update(actor=staff, member=staff, data={"notes": "Keyholder"})
    assert User.objects.get(pk=staff.pk).notes == "Keyholder"


def test_status_changes_leave_an_in_app_notification(staff, member):
    member_set_status(actor=staff, member=member, status="suspended", reason="Unpaid")
    member_set_status(actor=staff, member=member, status="active")
    kinds = list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert kinds == ["members.suspended"]  # reinstating is not a validation


def test_today_panel_lists_members_awaiting_validation(staff, lab, default_group):
    request = RequestFactory().get("/today/")
    request.lab, request.user = lab, staff
    waiting = UserFactory(lab=lab, status=User.Status.PENDING)
    UserFactory(lab=LabFactory(slug="far"), status=User.Status.PENDING)
    panel = today_panel_context(request)
    assert panel["pending_count"] == 1 and panel["pending"] == [waiting]
    assert panel["new_this_week"] == 2  # staff and the waiting member


def test_today_page_shows_the_panel(staff_client, lab):
    UserFactory(lab=lab, status=User.Status.PENDING, first_name="Grace", last_name="Hopper")
    page = staff_client.get("/today/").content.decode()
    assert "1 member awaits validation." in page and "Grace Hopper" in page


def test_roles_survive_a_flush_of_the_role_groups(lab):
    from django.contrib.auth.models import Group

    from fabdesk.members.roles import role_of

    Group.objects.all().delete()
    user = UserFactory(lab=lab, with_role=Role.STAFF)
    assert role_of(User.objects.get(pk=user.pk)) == Role.STAFF
    assert Group.objects.get(name="staff").permissions.filter(codename="change_user").exists()
