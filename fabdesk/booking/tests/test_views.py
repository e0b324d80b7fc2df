"""The booking pages, per role: the week calendar of a machine, booking from a slot or the
typed fallback, "my bookings" and cancelling, staff booking on behalf, the panels."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fabdesk.booking.models import Booking, BookingStatus
from fabdesk.booking.services import booking_create
from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.training.tests.factories import TrainingFactory

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


def week_url(machine, day: dt.datetime | None = None, **params) -> str:
    url = reverse("booking:machine_week", args=[machine.pk])
    if day is not None:
        params["week"] = day.date().isoformat()
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def typed(day: dt.datetime, start: str, end: str, **extra) -> dict:
    data = {"range-date": day.date().isoformat(), "range-start_time": start,
            "range-end_time": end}  # fmt: skip
    data.update({f"range-{key}": value for key, value in extra.items()})
    return data


def book(member, machine, start, end, actor=None):
    return booking_create(actor=actor or member, machine=machine, member=member, start=start,
                          end=end)  # fmt: skip


def test_anonymous_sees_the_week_but_logs_in_to_book(client, machine, lab):
    day = at(lab, 1, 10)
    response = client.get(week_url(machine, day))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trotec Speedy 300" in page and "Log in to book" in page and "10:00" in page
    response = client.post(week_url(machine, day), typed(day, "10:00", "11:00"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Booking.objects.exists()


def test_a_member_books_from_a_slot(member_client, member, machine, lab):
    day = at(lab, 1, 10)
    page = member_client.get(week_url(machine, day, start=day.isoformat().replace("+", "%2B")))
    assert page.status_code == 200 and "Confirm the booking" in page.content.decode()
    assert 'value="60"' in page.content.decode()  # durations offered
    response = member_client.post(
        week_url(machine, day),
        {"slot-date": day.date().isoformat(), "slot-start_time": "10:00", "slot-duration": "90"},
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.member == member and booking.start == day
    assert booking.end == day + dt.timedelta(minutes=90)
    page = member_client.get(response["Location"]).content.decode()
    assert "Booked:" in page and "your booking" in page


def test_the_typed_fallback_books_through_the_same_service(member_client, member, machine, lab):
    day = at(lab, 2, 14)
    response = member_client.post(week_url(machine, day), typed(day, "14:00", "15:30"))
    assert response.status_code == 302
    assert Booking.objects.get().end == at(lab, 2, 15, 30)


def test_refusals_are_shown_on_the_page(member_client, member, other_member, machine, lab):
    day = at(lab, 1, 10)
    book(other_member, machine, day, at(lab, 1, 11))
    taken = member_client.post(week_url(machine, day), typed(day, "10:30", "11:30"))
    assert taken.status_code == 200 and "already booked" in taken.content.decode()
    closed = member_client.post(week_url(machine, day), typed(day, "19:00", "21:00"))
    assert "not open for the whole of this time" in closed.content.decode()
    TrainingFactory(lab=lab, title="Laser basics", machines=[machine])
    refused = member_client.post(week_url(machine, day), typed(day, "14:00", "15:00"))
    assert refused.status_code == 200 and "Laser basics" in refused.content.decode()
    assert Booking.objects.count() == 1


def test_members_never_see_other_members_names_staff_do(client, member, other_member, staff,
                                                        machine, lab):  # fmt: skip
    other_member.first_name, other_member.last_name = "Zoé", "<script>alert(1)</script>"
    other_member.save()
    day = at(lab, 1, 10)
    book(other_member, machine, day, at(lab, 1, 11))
    client.force_login(member)
    page = client.get(week_url(machine, day)).content.decode()
    assert "taken" in page and "Zoé" not in page
    client.force_login(staff)
    page = client.get(week_url(machine, day)).content.decode()
    assert "Zoé" in page and "<script>alert(1)" not in page


def test_staff_book_on_behalf_with_a_reason(staff_client, member, machine, lab):
    TrainingFactory(lab=lab, machines=[machine])
    day = at(lab, 1, 10)
    page = staff_client.get(week_url(machine, day)).content.decode()
    assert "Book for the member (email)" in page
    response = staff_client.post(
        week_url(machine, day),
        typed(day, "10:00", "11:00", member_email="MEMBER@example.test",
              override_reason="Trained last week, record pending"),
    )  # fmt: skip
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.member == member and booking.override_reason.startswith("Trained")
    unknown = staff_client.post(
        week_url(machine, day), typed(day, "12:00", "13:00", member_email="nobody@example.test")
    )
    assert "no member with this email" in unknown.content.decode()


def test_members_do_not_get_the_staff_fields(member_client, machine, lab):
    page = member_client.get(week_url(machine, at(lab, 1, 10))).content.decode()
    assert "Book for the member" not in page and "Reason for an exception" not in page


def test_other_lab_staff_get_404(client, machine):
    other_staff = UserFactory(lab=LabFactory(slug="elsewhere"), with_role=Role.STAFF)
    client.force_login(other_staff)
    assert client.get(week_url(machine)).status_code == 404


def test_my_bookings_and_cancelling(client, member, other_member, machine, lab):
    booking = book(member, machine, at(lab, 2, 10), at(lab, 2, 11))
    Booking.objects.create(lab=lab, machine=machine, member=member, start=at(lab, -3, 9),
                           end=at(lab, -3, 10), blocked_until=at(lab, -3, 10))  # fmt: skip
    client.force_login(member)
    page = client.get(reverse("booking:mine")).content.decode()
    assert "Cancel this booking" in page and "Until" in page and "Past" in page
    client.force_login(other_member)
    assert client.post(reverse("booking:cancel", args=[booking.pk])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    client.force_login(member)
    response = client.post(reverse("booking:cancel", args=[booking.pk]), follow=True)
    assert "Your booking is cancelled." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    again = client.post(reverse("booking:cancel", args=[booking.pk]), follow=True)
    assert "already cancelled" in again.content.decode()


def test_a_late_cancellation_is_refused_with_its_message(member_client, member, machine, lab):
    start = timezone.now() + dt.timedelta(minutes=30)  # the default deadline is 2 hours before
    booking = Booking.objects.create(lab=lab, machine=machine, member=member, start=start,
                                     end=start + dt.timedelta(hours=1),
                                     blocked_until=start + dt.timedelta(hours=1))  # fmt: skip
    response = member_client.post(reverse("booking:cancel", args=[booking.pk]), follow=True)
    assert "can be cancelled until 2 hours before" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_panels_and_machine_section(client, member, staff, machine, lab):
    book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    client.force_login(member)
    home = client.get(reverse("core:home")).content.decode()
    assert "My next bookings" in home and "Trotec Speedy 300" in home
    detail = client.get(reverse("equipment:machine_detail", args=[machine.pk])).content.decode()
    assert "Book this machine" in detail and "Your next booking" in detail


def test_the_today_panel_lists_todays_bookings(client, member, staff, machine, lab):
    Booking.objects.create(lab=lab, machine=machine, member=member, start=at(lab, 0, 0),
                           end=at(lab, 0, 0, 30), blocked_until=at(lab, 0, 0, 30))  # fmt: skip
    client.force_login(staff)
    page = client.get(reverse("core:today")).content.decode()
    assert "Bookings today" in page and "00:30" in page and "Trotec Speedy 300" in page


@pytest.mark.parametrize("past", [5, 200])
def test_week_page_queries_do_not_grow_with_history(client, member, machine, lab, past,
                                                    django_assert_max_num_queries):  # fmt: skip
    others = [MachineFactory(lab=lab) for _ in range(2)]
    Booking.objects.bulk_create(
        Booking(lab=lab, machine=(machine, *others)[n % 3], member=member,
                start=at(lab, -1 - n, 9), end=at(lab, -1 - n, 10),
                blocked_until=at(lab, -1 - n, 10))
        for n in range(past)
    )  # fmt: skip
    book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get(week_url(machine, at(lab, 1, 10)))
    assert response.status_code == 200


def test_offered_durations_stop_at_the_next_booking(member_client, other_member, machine, lab):
    day = at(lab, 1, 10)
    book(other_member, machine, at(lab, 1, 11), at(lab, 1, 12))
    page = member_client.get(week_url(machine, day, start=day.isoformat().replace("+", "%2B")))
    html = page.content.decode()
    assert 'value="30"' in html and 'value="60"' in html and 'value="90"' not in html


def test_staff_cancel_from_the_week_page(staff_client, member, machine, lab):
    booking = book(member, machine, at(lab, 1, 10), at(lab, 1, 11))
    url = week_url(machine, at(lab, 1, 10))
    assert "Bookings this week" in staff_client.get(url).content.decode()
    response = staff_client.post(reverse("booking:cancel", args=[booking.pk]), {"next": url})
    assert response.status_code == 302 and response["Location"] == url
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
