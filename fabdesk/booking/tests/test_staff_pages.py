"""The booking pages of the lab's staff: trusted members on the member record, check-in and
close from the today board, flagged bookings, the list of all bookings."""

import csv
import datetime as dt
import io
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from fabdesk.booking.lifecycle import bookings_flag_for_machine
from fabdesk.booking.models import Booking, BookingKind, BookingStatus
from fabdesk.core.models import AuditEntry
from fabdesk.equipment.tests.factories import MachineFactory, SpaceFactory

from .conftest import at
from .page_helpers import (  # noqa: F401 (people_fixture)
    WHO,
    as_,
    make_booking,
    people_fixture,
    staff_page_status,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


@pytest.fixture(autouse=True)
def noon(lab):
    """The tests run at noon on the lab's clock: the today board shows today's bookings,
    whatever the hour the suite runs at."""
    with mock.patch("django.utils.timezone.now", return_value=at(lab, 0, 12)):
        yield


@pytest.fixture
def room(lab):
    return SpaceFactory(lab=lab, name="Salle de réunion", bookable=True, capacity=10)


def soon(minutes: int = 0) -> dt.datetime:
    """Now, to the minute, plus `minutes`."""
    return timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=minutes)


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


# -- Who may open the staff pages and post their actions ---------------------------------


@pytest.fixture
def flagged(member, machine, lab):
    booking = make_booking(member=member, machine=machine, start=at(lab, 2, 10))
    bookings_flag_for_machine(machine=machine, status="out_of_order", reason="Tube broken")
    booking.refresh_from_db()
    return booking


STAFF_PAGES = [("staff_list", "get", False), ("staff_export", "get", False),
               ("flagged", "get", False), ("flag_keep", "post", True)]  # fmt: skip


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "method", "of_this_lab"), STAFF_PAGES)
def test_only_the_labs_staff_open_the_booking_staff_pages(
    client, people, flagged, who, name, method, of_this_lab
):
    args = [flagged.pk] if of_this_lab else []
    response = getattr(as_(client, people, who), method)(reverse(f"booking:{name}", args=args))
    assert response.status_code == staff_page_status(who, method=method, of_this_lab=of_this_lab)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    flagged.refresh_from_db()
    assert (flagged.flagged_at is None) == (name == "flag_keep" and who in ("staff", "admin"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", ["check_in", "close", "move"])
def test_booking_actions_are_for_the_member_and_the_labs_staff(
    client, people, other_member, machine, who, name
):
    """Actions on someone else's booking: a member gets 404 (it does not exist for them),
    staff of another lab 404, the lab's staff act (a redirect, or the move form)."""
    booking = make_booking(member=other_member, machine=machine, start=soon(-5))
    response = as_(client, people, who).post(reverse(f"booking:{name}", args=[booking.pk]))
    expected = {"anonymous": 302, "member": 404, "far_staff": 404}.get(who)
    assert response.status_code == (expected or (200 if name == "move" else 302))
    booking.refresh_from_db()
    checked_in = booking.status == BookingStatus.CHECKED_IN
    assert checked_in == (name == "check_in" and who in ("staff", "admin"))


def test_actions_need_a_post(staff_client, member, machine):
    booking = make_booking(member=member, machine=machine, start=soon(-5))
    for name in ("check_in", "close", "flag_keep"):
        assert staff_client.get(reverse(f"booking:{name}", args=[booking.pk])).status_code == 405


# -- The today board: check in, close, cancel --------------------------------------------


def test_the_today_board_offers_what_each_booking_allows(
    staff_client, member, other_member, machine, room, lab, staff
):
    make_booking(member=member, machine=machine, start=soon(30))
    make_booking(member=other_member, machine=machine, start=soon(-30), minutes=20,
                 status=BookingStatus.CHECKED_IN, checked_in_at=soon(-30))  # fmt: skip
    make_booking(member=other_member, space=room, start=soon(-5), people=3)
    make_booking(member=staff, space=room, start=soon(90), kind=BookingKind.BLOCK,
                 note="Deep clean", people=10)  # fmt: skip
    page = staff_client.get(reverse("core:today")).content.decode()
    name, other = member.get_full_name(), other_member.get_full_name()
    start = timezone.localtime(soon(30), lab.tzinfo).strftime("%H:%M")
    assert f'aria-label="Check in: {name} at {start}"' in page
    assert f'aria-label="Cancel: {name} at {start}"' in page
    assert f'aria-label="Close: {other} at ' in page
    assert "Salle de réunion" in page and "(3 people)" in page
    assert "Blocked: Deep clean" in page and "End the block" in page
    assert page.count(">Check in</button>") == 2  # the machine's and the room's
    assert page.count(">Close</button>") == 1


def test_staff_check_in_and_close_from_the_today_board(staff_client, staff, member, machine, lab):
    booking = make_booking(member=member, machine=machine, start=soon(-30))
    today = reverse("core:today")
    response = staff_client.post(
        reverse("booking:check_in", args=[booking.pk]), {"next": today}, follow=True
    )
    assert response.redirect_chain[-1][0] == today
    assert f"{member.get_full_name()} is checked in: Trotec Speedy 300 at" in (
        response.content.decode()
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN and booking.checked_in_at is not None
    assert AuditEntry.objects.filter(action="booking.checked_in", actor=staff).exists()
    assert ">Close</button>" in response.content.decode()
    Booking.objects.filter(pk=booking.pk).update(checked_in_at=soon(-30))  # used for a while
    response = staff_client.post(
        reverse("booking:close", args=[booking.pk]), {"next": today}, follow=True
    )
    assert "The booking of" in response.content.decode()
    booking.refresh_from_db()
    machine.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED and machine.usage_hours > 0


def test_a_refused_check_in_is_said_on_the_page(staff_client, member, machine):
    booking = make_booking(member=member, machine=machine, start=soon(60),
                           status=BookingStatus.CANCELLED)  # fmt: skip
    response = staff_client.post(reverse("booking:check_in", args=[booking.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:today")
    assert "This booking was cancelled." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_an_unsafe_next_goes_back_to_the_today_board(staff_client, member, machine):
    booking = make_booking(member=member, machine=machine, start=soon(-5))
    url = reverse("booking:check_in", args=[booking.pk])
    response = staff_client.post(url, {"next": "https://evil.test/today/"})
    assert response["Location"] == reverse("core:today")


def test_staff_cancel_from_the_today_board_and_the_member_is_told(
    staff_client, member, machine, django_capture_on_commit_callbacks
):
    booking = make_booking(member=member, machine=machine, start=soon(120))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("booking:cancel", args=[booking.pk]), {"next": reverse("core:today")}
        )
    assert response["Location"] == reverse("core:today")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [[member.email]]


# -- Flagged bookings ---------------------------------------------------------------------


def test_the_flagged_page_lists_them_and_the_today_panel_links_to_it(staff_client, flagged):
    page = staff_client.get(reverse("booking:flagged")).content.decode()
    assert "Trotec Speedy 300" in page and "Tube broken" in page
    assert flagged.member.get_full_name() in page
    assert "Keep it" in page and "Cancel it" in page and "Move the booking" in page
    today = staff_client.get(reverse("core:today")).content.decode()
    assert "Bookings to move" in today and reverse("booking:flagged") in today


def test_nothing_flagged_says_so(staff_client):
    page = staff_client.get(reverse("booking:flagged")).content.decode()
    assert "No flagged booking: nothing to move." in page


def test_staff_keep_a_flagged_booking(staff_client, staff, flagged):
    response = staff_client.post(reverse("booking:flag_keep", args=[flagged.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("booking:flagged")
    assert "is kept as it is" in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.flagged_at is None and flagged.status == BookingStatus.CONFIRMED
    assert AuditEntry.objects.filter(action="booking.flag_cleared", actor=staff).exists()
    again = staff_client.post(reverse("booking:flag_keep", args=[flagged.pk]), follow=True)
    assert "This booking is not flagged." in again.content.decode()


def test_staff_cancel_a_flagged_booking_and_the_member_is_told(
    staff_client, flagged, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("booking:cancel", args=[flagged.pk]), {"next": reverse("booking:flagged")}
        )
    assert response["Location"] == reverse("booking:flagged")
    flagged.refresh_from_db()
    assert flagged.status == BookingStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [[flagged.member.email]]
    page = staff_client.get(reverse("booking:flagged")).content.decode()
    assert "No flagged booking" in page


def move_data(day: dt.datetime, start: str, minutes: int, **extra) -> dict:
    return {"date": day.date().isoformat(), "start_time": start, "duration": str(minutes),
            **extra}  # fmt: skip


def test_staff_move_a_flagged_booking_and_the_member_is_told(
    staff_client, flagged, lab, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("booking:move", args=[flagged.pk]),
            {**move_data(at(lab, 3, 14), "14:00", 90), "next": reverse("booking:flagged")},
        )
    assert response["Location"] == reverse("booking:flagged")
    flagged.refresh_from_db()
    assert (flagged.start, flagged.end) == (at(lab, 3, 14), at(lab, 3, 15, 30))
    assert flagged.flagged_at is None
    assert [m.to for m in mail.outbox] == [[flagged.member.email]]


def test_a_refused_move_shows_why_and_changes_nothing(staff_client, flagged, other_member, lab):
    machine = flagged.machine
    make_booking(member=other_member, machine=machine, start=at(lab, 3, 14))
    url = reverse("booking:move", args=[flagged.pk])
    response = staff_client.post(url, move_data(at(lab, 3, 14), "14:00", 60))
    assert response.status_code == 200
    assert "This slot is already booked" in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.start == at(lab, 2, 10) and flagged.flagged_at is not None


# -- All bookings -------------------------------------------------------------------------


@pytest.fixture
def many(member, other_member, staff, machine, room, lab):
    other_machine = MachineFactory(lab=lab, name="Prusa MK4")
    return {
        "laser_tomorrow": make_booking(member=member, machine=machine, start=at(lab, 1, 10)),
        "prusa_in_3_days": make_booking(member=other_member, machine=other_machine,
                                        start=at(lab, 3, 9)),
        "room_next_week": make_booking(member=other_member, space=room, start=at(lab, 8, 14),
                                       people=4),
        "cancelled": make_booking(member=member, machine=machine, start=at(lab, 2, 10),
                                  status=BookingStatus.CANCELLED),
        "last_week": make_booking(member=member, machine=machine, start=at(lab, -7, 10),
                                  status=BookingStatus.COMPLETED),
        "block": make_booking(member=staff, machine=other_machine, start=at(lab, 4, 8),
                              kind=BookingKind.BLOCK, note="Nozzle change"),
    }  # fmt: skip


def listed(client, **params) -> list[int]:
    response = client.get(reverse("booking:staff_list"), params)
    assert response.status_code == 200
    return [booking.pk for booking in response.context["page"]]


def test_the_list_shows_coming_bookings_by_default(staff_client, many):
    pks = listed(staff_client)
    assert pks == [many[k].pk for k in ("laser_tomorrow", "prusa_in_3_days", "block",
                                        "room_next_week")]  # fmt: skip
    page = staff_client.get(reverse("booking:staff_list")).content.decode()
    assert "Blocked: Nozzle change" in page and "(4 people)" in page and "4 bookings" in page
    assert ">Cancel</button>" in page and ">Move</a>" in page
    assert ">Check in</button>" not in page  # offered from an hour before the start


def test_the_list_filters(staff_client, many, member, machine, room, lab):
    def ids(*keys):
        return {many[k].pk for k in keys}

    since = (timezone.localdate(timezone.now(), lab.tzinfo) - dt.timedelta(days=30)).isoformat()
    assert set(listed(staff_client, resource=f"machine-{machine.pk}", date_from=since)) == ids(
        "laser_tomorrow", "last_week"
    )
    assert set(listed(staff_client, resource=f"space-{room.pk}")) == ids("room_next_week")
    # A name without accents: SQLite folds the case of ASCII letters only (PostgreSQL, all).
    type(member).objects.filter(pk=member.pk).update(last_name="Durand")
    assert set(listed(staff_client, q="DURAND", date_from="")) == ids("laser_tomorrow", "last_week")
    assert set(listed(staff_client, status="any", q=member.email)) == ids(
        "laser_tomorrow", "cancelled", "last_week"
    )
    assert set(listed(staff_client, status="cancelled")) == ids("cancelled")
    assert set(listed(staff_client, kind="block")) == ids("block")
    day = at(lab, 3, 0).date().isoformat()
    assert set(listed(staff_client, date_from=day, date_to=day)) == ids("prusa_in_3_days")
    assert listed(staff_client, date_from="", date_to="")[0] == many["room_next_week"].pk
    # bad filters are ignored, never a server error
    assert len(listed(staff_client, resource="machine-999999", date_from="soon")) == 5


def test_the_list_answers_htmx_with_the_table_only(staff_client, many):
    response = staff_client.get(reverse("booking:staff_list"), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="booking-table"') and "<html" not in page


def test_the_list_pages_by_fifty_for_the_same_cost(
    staff_client, member, machine, lab, django_assert_max_num_queries
):
    days_hours = [(1 + n // 10, 8 + n % 10) for n in range(120)]
    hours = [(at(lab, day, hour), at(lab, day, hour + 1)) for day, hour in days_hours]
    Booking.objects.bulk_create(
        Booking(lab=lab, machine=machine, member=member, start=start, end=end, blocked_until=end)
        for start, end in hours
    )
    with django_assert_max_num_queries(14):
        response = staff_client.get(reverse("booking:staff_list"), {"page": 2})
    assert len(response.context["page"]) == 50
    assert "Page 2 of 3" in response.content.decode()


def test_the_list_exports_csv_with_its_filters(staff_client, many, room):
    response = staff_client.get(reverse("booking:staff_export"), {"resource": f"space-{room.pk}"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["#", "Machine or space", "Kind"]
    assert len(rows) == 2 and rows[1][1] == "Salle de réunion" and rows[1][7] == "4"
