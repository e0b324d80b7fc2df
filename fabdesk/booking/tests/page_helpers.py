"""What the tests of the booking staff and member pages share: the people of the access
matrices (one staff member of another lab among them; import `people_fixture` to use it)
and the expected answer per role."""

import datetime as dt

import pytest

from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory

WHO = ["anonymous", "member", "far_staff", "staff", "admin"]


@pytest.fixture(name="people")
def people_fixture(member, staff, admin_user):
    far_lab = LabFactory(slug="far-away", name="Far lab")
    return {
        "anonymous": None,
        "member": member,
        "far_staff": UserFactory(lab=far_lab, email="far@example.test", with_role=Role.STAFF),
        "staff": staff,
        "admin": admin_user,
    }


def staff_page_status(who: str, *, method: str, of_this_lab: bool) -> int:
    """A staff page: anonymous → login, member → 403, staff of another lab → 404 on this
    lab's objects, staff and admins → the page (or the redirect after an action)."""
    if who == "anonymous":
        return 302
    if who == "member":
        return 403
    if who == "far_staff" and of_this_lab:
        return 404
    return 302 if method == "post" else 200


def as_(client, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    return client


def make_booking(*, member, start, minutes: int = 60, machine=None, space=None, **fields):
    """A booking row as the services would leave it (no rule checked: the tests choose the
    times, the past and the next minutes included)."""
    from fabdesk.booking.models import Booking

    end = start + dt.timedelta(minutes=minutes)
    return Booking.objects.create(
        lab=member.lab, machine=machine, space=space, member=member, start=start, end=end,
        blocked_until=fields.pop("blocked_until", end), booked_by=member, **fields,
    )  # fmt: skip
