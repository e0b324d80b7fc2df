"""A machine that breaks flags its coming bookings; the staff panel lists them; check-in
through the API per role."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from fabdesk.booking.lifecycle import booking_clear_flag
from fabdesk.booking.lifecycle_selectors import flagged_bookings
from fabdesk.booking.models import Booking, BookingStatus
from fabdesk.booking.services import booking_cancel, booking_create
from fabdesk.core.errors import Forbidden
from fabdesk.equipment.models import MachineStatus
from fabdesk.equipment.services import machine_set_status
from fabdesk.notifications.models import Notification
from fabdesk.tokens.tests.api_client import ApiClient, fresh_rate_limits  # noqa: F401

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


def book(member, machine, lab, days, hour):
    return booking_create(actor=member, machine=machine, member=member,
                          start=at(lab, days, hour), end=at(lab, days, hour + 1))  # fmt: skip


def test_a_machine_out_of_order_flags_its_coming_bookings_and_tells_the_members(
    member, other_member, staff, machine, lab, django_capture_on_commit_callbacks
):
    coming = book(member, machine, lab, 1, 10)
    later = book(other_member, machine, lab, 2, 10)
    cancelled = book(member, machine, lab, 3, 10)
    booking_cancel(actor=member, booking=cancelled)
    past = Booking.objects.create(lab=lab, machine=machine, member=member,
                                  start=at(lab, -1, 10), end=at(lab, -1, 11),
                                  blocked_until=at(lab, -1, 11))  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        machine_set_status(actor=staff, machine=machine, status=MachineStatus.OUT_OF_ORDER,
                           reason="Laser tube cracked")  # fmt: skip
        assert mail.outbox == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])
    assert list(flagged_bookings(lab)) == [coming, later]
    coming.refresh_from_db()
    assert coming.flag_reason == "Laser tube cracked" and coming.flagged_at is not None
    assert Booking.objects.get(pk=past.pk).flagged_at is None
    assert Booking.objects.get(pk=cancelled.pk).flagged_at is None
    assert Notification.objects.filter(kind="booking.machine_unavailable").count() == 2

    # Maintenance next: members are not told twice; back in service changes nothing.
    machine_set_status(actor=staff, machine=machine, status=MachineStatus.MAINTENANCE,
                       reason="Waiting for the new tube")  # fmt: skip
    machine_set_status(actor=staff, machine=machine, status=MachineStatus.IN_SERVICE,
                       reason="Fixed")  # fmt: skip
    assert Notification.objects.filter(kind="booking.machine_unavailable").count() == 2
    assert len(flagged_bookings(lab)) == 2


def test_staff_keep_a_flagged_booking_members_cannot(member, staff, machine, lab):
    booking = book(member, machine, lab, 1, 10)
    machine_set_status(actor=staff, machine=machine, status=MachineStatus.MAINTENANCE,
                       reason="Yearly service")  # fmt: skip
    booking.refresh_from_db()
    with pytest.raises(Forbidden):
        booking_clear_flag(actor=member, booking=booking)
    booking_clear_flag(actor=staff, booking=booking)
    assert list(flagged_bookings(lab)) == []


def test_the_today_page_lists_bookings_to_move_for_staff_only(
    member, staff, machine, lab, staff_client
):
    book(member, machine, lab, 1, 10)
    machine_set_status(actor=staff, machine=machine, status=MachineStatus.OUT_OF_ORDER,
                       reason="<script>alert(1)</script>")  # fmt: skip
    today = reverse("core:today")
    page = staff_client.get(today).content.decode()
    assert "Bookings to move" in page and machine.name in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    staff_client.force_login(member)
    assert staff_client.get(today).status_code == 403


# API ---------------------------------------------------------------------------------------


def test_a_member_checks_in_through_the_api(member, other_member, staff, machine, lab):
    start = timezone.now().replace(second=0, microsecond=0) + timezone.timedelta(minutes=5)
    booking = Booking.objects.create(lab=lab, machine=machine, member=member, start=start,
                                     end=start + timezone.timedelta(hours=1),
                                     blocked_until=start + timezone.timedelta(hours=1))  # fmt: skip
    path = f"/bookings/{booking.pk}/check-in"
    assert ApiClient().post(path).status_code == 401
    assert ApiClient.for_user(other_member).post(path).status_code == 404
    mine = ApiClient.for_user(member)
    response = mine.post(path)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "checked_in"
    assert response.json()["checked_in_at"] is not None
    again = mine.post(path)
    assert again.status_code == 422 and again.json()["code"] == "already_checked_in"


def test_check_in_too_early_or_cancelled_is_a_422_with_its_code(member, staff, machine, lab):
    booking = book(member, machine, lab, 1, 10)
    path = f"/bookings/{booking.pk}/check-in"
    early = ApiClient.for_user(member).post(path)
    assert early.status_code == 422 and early.json()["code"] == "too_early"
    booking_cancel(actor=member, booking=booking)
    staff_api = ApiClient.for_user(staff)
    cancelled = staff_api.post(path)
    assert cancelled.status_code == 422 and cancelled.json()["code"] == "booking_cancelled"


def test_staff_check_in_a_member_s_booking_early(member, staff, machine, lab):
    booking = book(member, machine, lab, 1, 10)
    response = ApiClient.for_user(staff).post(f"/bookings/{booking.pk}/check-in")
    assert response.status_code == 200
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CHECKED_IN
