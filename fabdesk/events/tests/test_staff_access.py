# ruff: noqa: F811  (fixtures imported from staff_setup are test arguments)
"""Every staff page of the agenda, per role: anonymous → the login page, a member → 403,
another lab's staff → 404 for this lab's things, the lab's staff → the page."""

import pytest

from .staff_setup import course, other_staff, staff_adds, url  # noqa: F401

pytestmark = pytest.mark.django_db

LAB_PAGES = ["staff_list", "staff_new", "staff_types", "staff_series_new"]
OBJECT_PAGES = [
    ("staff_event", "event"), ("staff_edit", "event"), ("staff_cancel", "event"),
    ("staff_duplicate", "event"), ("staff_tickets", "event"), ("staff_attendees_csv", "event"),
    ("staff_attendance", "event"), ("staff_ticket", "ticket"),
    ("staff_registration_move", "registration"), ("staff_series", "series"),
    ("staff_series_tickets", "series"), ("staff_type", "event_type"),
]  # fmt: skip
POST_ONLY = [
    ("staff_publish", "event"), ("staff_register", "event"),
    ("staff_registration_validate", "registration"), ("staff_registration_cancel", "registration"),
    ("staff_series_capacity", "series"), ("staff_series_publish", "series"),
]  # fmt: skip


@pytest.fixture
def things(staff, event, ticket, course):
    registration = staff_adds(staff, event, ticket, "camille@example.test")
    return {
        "event": event.pk,
        "ticket": ticket.pk,
        "registration": registration.pk,
        "series": course.pk,
        "event_type": event.event_type_id,
    }


def every_url(things):
    for name in LAB_PAGES:
        yield "get", name, url(name), False
    for name, kind in OBJECT_PAGES:
        yield "get", name, url(name, things[kind]), True
    for name, kind in POST_ONLY:
        yield "post", name, url(name, things[kind]), True


def test_anonymous_people_are_sent_to_log_in(client, things):
    for method, name, address, _object in every_url(things):
        response = getattr(client, method)(address)
        assert response.status_code == 302, name
        assert response.url.startswith("/accounts/login/"), name


def test_members_are_refused(member_client, things):
    for method, name, address, _object in every_url(things):
        assert getattr(member_client, method)(address).status_code == 403, name


def test_another_labs_staff_do_not_find_this_labs_events(client, other_staff, things):
    client.force_login(other_staff)
    for method, name, address, is_object in every_url(things):
        status = getattr(client, method)(address).status_code
        assert status == (404 if is_object else 200), name


def test_the_labs_staff_open_every_page(staff_client, things):
    for method, name, address, _object in every_url(things):
        if method == "get":
            assert staff_client.get(address).status_code == 200, name
        else:
            assert staff_client.get(address).status_code == 405, name
