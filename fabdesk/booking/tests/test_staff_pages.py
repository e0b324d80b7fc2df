"""The booking pages of the lab's staff: trusted members on the member record, check-in and
close from the today board, flagged bookings, the list of all bookings."""

import pytest
from django.urls import reverse

from fabdesk.core.models import AuditEntry

from .page_helpers import WHO, as_, people_fixture, staff_page_status  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


# -- Trusted members ----------------------------------------------------------------------


def member_form(member, **changes) -> dict:
    data = {
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "member_group": member.member_group_id or "",
    }
    return {**data, **changes}


def test_staff_mark_a_member_trusted_and_it_is_audited(staff_client, staff, member):
    edit = staff_client.get(reverse("members:edit", args=[member.pk])).content.decode()
    assert "trusted member" in edit and 'name="trusted"' in edit
    response = staff_client.post(
        reverse("members:edit", args=[member.pk]), member_form(member, trusted="on")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.trusted
    entry = AuditEntry.objects.get(action="member.updated")
    assert entry.actor == staff and entry.changes == {"trusted": [False, True]}
    page = staff_client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "Yes: may book outside opening hours where the booking rule allows it" in page
    assert "Trusted member: no → yes" in page


def test_unticking_trusted_takes_it_back(staff_client, member):
    member.trusted = True
    member.save()
    staff_client.post(reverse("members:edit", args=[member.pk]), member_form(member))
    member.refresh_from_db()
    assert not member.trusted
    page = staff_client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "<dt>Trusted</dt><dd>No</dd>" in page


def test_a_member_cannot_make_themself_trusted(member_client, member):
    response = member_client.post(
        reverse("members:edit", args=[member.pk]), member_form(member, trusted="on")
    )
    assert response.status_code == 403
    profile = member_client.post(reverse("accounts:profile"), {"trusted": "on"})
    assert profile.status_code in (200, 302)
    member.refresh_from_db()
    assert not member.trusted
