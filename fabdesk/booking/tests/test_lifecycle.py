"""The booking lifecycle through its services: check-in, close (counters), no-shows,
reminders, cancellation notices."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from fabdesk.booking.lifecycle import (
    booking_check_in,
    booking_close,
    bookings_close_forgotten,
    bookings_mark_no_shows,
    bookings_send_reminders,
)
from fabdesk.booking.lifecycle_selectors import no_show_count
from fabdesk.booking.models import Booking, BookingRule, BookingStatus
from fabdesk.booking.services import booking_cancel, booking_create
from fabdesk.core.errors import Invalid, NotFound
from fabdesk.core.models import AuditEntry
from fabdesk.equipment.models import MachineStatus, UsageEntry
from fabdesk.equipment.services import machine_set_status
from fabdesk.notifications.models import Notification
from fabdesk.training.certification_services import certification_grant
from fabdesk.training.models import Certification
from fabdesk.training.tests.factories import TrainingFactory

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_lab")]


def held(member, machine, start, end) -> Booking:
    """A confirmed booking at any time, past included (booking_create refuses the past)."""
    return Booking.objects.create(
        lab=machine.lab, machine=machine, member=member, start=start, end=end, blocked_until=end
    )


def code_of(call, **kw) -> str:
    with pytest.raises((Invalid, NotFound)) as caught:
        call(**kw)
    return caught.value.code


# Check-in ----------------------------------------------------------------------------------


def test_the_member_checks_in_from_a_short_time_before_the_start_until_the_end(
    member, machine, lab
):
    booking = held(member, machine, at(lab, 0, 10), at(lab, 0, 12))
    assert code_of(booking_check_in, actor=member, booking=booking, at=at(lab, 0, 9, 40)) == (
        "too_early"
    )
    assert code_of(booking_check_in, actor=member, booking=booking, at=at(lab, 0, 12)) == (
        "too_late"
    )
    booking = booking_check_in(actor=member, booking=booking, at=at(lab, 0, 9, 50))
    assert booking.status == BookingStatus.CHECKED_IN
    assert booking.checked_in_at == at(lab, 0, 9, 50)
    assert code_of(booking_check_in, actor=member, booking=booking, at=at(lab, 0, 10)) == (
        "already_checked_in"
    )


def test_another_member_cannot_check_in_my_booking(member, other_member, machine, lab):
    booking = held(member, machine, at(lab, 0, 10), at(lab, 0, 12))
    with pytest.raises(NotFound):
        booking_check_in(actor=other_member, booking=booking, at=at(lab, 0, 10))
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_staff_check_in_early_and_after_a_no_show_and_it_is_audited(member, staff, machine, lab):
    booking = held(member, machine, at(lab, 0, 10), at(lab, 0, 12))
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.NO_SHOW)
    assert code_of(booking_check_in, actor=member, booking=booking, at=at(lab, 0, 10, 30)) == (
        "marked_no_show"
    )
    booking = booking_check_in(actor=staff, booking=booking, at=at(lab, 0, 10, 30))
    assert booking.status == BookingStatus.CHECKED_IN
    assert AuditEntry.objects.filter(action="booking.checked_in", actor=staff).exists()


def test_a_cancelled_booking_or_a_broken_machine_cannot_be_checked_in(member, staff, machine, lab):
    booking = booking_create(
        actor=member, machine=machine, member=member, start=at(lab, 1, 10), end=at(lab, 1, 11)
    )
    booking_cancel(actor=member, booking=booking)
    assert code_of(booking_check_in, actor=staff, booking=booking, at=at(lab, 1, 10)) == (
        "booking_cancelled"
    )
    other = held(member, machine, at(lab, 2, 10), at(lab, 2, 11))
    machine_set_status(actor=staff, machine=machine, status=MachineStatus.OUT_OF_ORDER,
                       reason="Laser tube cracked")  # fmt: skip
    assert code_of(booking_check_in, actor=member, booking=other, at=at(lab, 2, 10)) == (
        "machine_unavailable"
    )


# Close and counters --------------------------------------------------------------------------


def test_closing_counts_the_time_used_on_the_machine_and_the_certification(
    member, staff, machine, lab
):
    training = TrainingFactory(lab=lab, machines=[machine])
    cert = certification_grant(actor=staff, member=member, training=training, source="staff",
                               reason="Trained elsewhere")  # fmt: skip
    booking = held(member, machine, at(lab, 1, 10), at(lab, 1, 12))
    assert code_of(booking_close, actor=member, booking=booking, at=at(lab, 1, 11)) == (
        "not_checked_in"
    )
    booking_check_in(actor=member, booking=booking, at=at(lab, 1, 10, 15))
    booking = booking_close(actor=member, booking=booking, at=at(lab, 1, 11, 45))

    assert booking.status == BookingStatus.COMPLETED
    assert booking.closed_at == at(lab, 1, 11, 45)
    machine.refresh_from_db()
    assert machine.usage_hours == Decimal("1.50")
    entry = UsageEntry.objects.get(machine=machine)
    assert (entry.kind, entry.hours) == ("booking", Decimal("1.50"))
    cert.refresh_from_db()
    assert cert.last_used_at == at(lab, 1, 11, 45)
    assert code_of(booking_close, actor=member, booking=booking, at=at(lab, 1, 12)) == (
        "already_closed"
    )


def test_time_used_stops_at_the_end_of_the_booking(member, machine, lab):
    booking = held(member, machine, at(lab, 0, 10), at(lab, 0, 11))
    booking_check_in(actor=member, booking=booking, at=at(lab, 0, 10))
    booking_close(actor=member, booking=booking, at=at(lab, 0, 13))
    machine.refresh_from_db()
    assert machine.usage_hours == Decimal("1.00")


def test_bookings_checked_in_but_never_closed_are_closed_at_their_end(member, machine, lab):
    booking = held(member, machine, at(lab, -1, 10), at(lab, -1, 11))
    booking_check_in(actor=member, booking=booking, at=at(lab, -1, 10, 30))
    assert [b.pk for b in bookings_close_forgotten(now=at(lab, 0, 9))] == [booking.pk]
    booking.refresh_from_db()
    assert (booking.status, booking.closed_at) == (BookingStatus.COMPLETED, at(lab, -1, 11))
    machine.refresh_from_db()
    assert machine.usage_hours == Decimal("0.50")
    assert bookings_close_forgotten(now=at(lab, 0, 9)) == []


# No-shows ----------------------------------------------------------------------------------


def test_bookings_not_checked_in_after_the_delay_become_no_shows(member, machine, lab):
    booking = held(member, machine, at(lab, 0, 10), at(lab, 0, 12))
    checked = held(member, machine, at(lab, 0, 12), at(lab, 0, 13))
    booking_check_in(actor=member, booking=checked, at=at(lab, 0, 12))
    assert bookings_mark_no_shows(now=at(lab, 0, 10, 14)) == []
    assert [b.pk for b in bookings_mark_no_shows(now=at(lab, 0, 12, 30))] == [booking.pk]
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.NO_SHOW
    assert Booking.objects.get(pk=checked.pk).status == BookingStatus.CHECKED_IN
    assert no_show_count(member) == 1
    assert bookings_mark_no_shows(now=at(lab, 0, 12, 30)) == []  # counted once


def test_the_no_show_delay_comes_from_the_rule(member, machine, lab):
    BookingRule.objects.create(lab=lab, machine=machine, no_show_after_minutes=60)
    held(member, machine, at(lab, 0, 10), at(lab, 0, 12))
    assert bookings_mark_no_shows(now=at(lab, 0, 10, 30)) == []
    assert len(bookings_mark_no_shows(now=at(lab, 0, 11))) == 1


def test_a_no_show_still_holds_the_slot(member, other_member, machine, lab):
    booking = booking_create(
        actor=member, machine=machine, member=member, start=at(lab, 1, 10), end=at(lab, 1, 11)
    )
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.NO_SHOW)
    with pytest.raises(Exception) as caught:
        booking_create(actor=other_member, machine=machine, member=other_member,
                       start=at(lab, 1, 10), end=at(lab, 1, 11))  # fmt: skip
    assert caught.value.code == "slot_taken"


def test_the_command_marks_no_shows(member, machine, lab, capsys):
    held(member, machine, at(lab, -1, 10), at(lab, -1, 11))
    call_command("booking-no-shows")
    assert "1 no-show(s) marked" in capsys.readouterr().out
    assert no_show_count(member) == 1


# Reminders ---------------------------------------------------------------------------------


def test_reminders_are_sent_once_the_rule_s_hours_before(
    member, machine, lab, django_capture_on_commit_callbacks
):
    booking = booking_create(
        actor=member, machine=machine, member=member, start=at(lab, 2, 10), end=at(lab, 2, 11)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert bookings_send_reminders(now=at(lab, 1, 9)) == []
        assert [b.pk for b in bookings_send_reminders(now=at(lab, 1, 10))] == [booking.pk]
        assert bookings_send_reminders(now=at(lab, 1, 11)) == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert machine.name in mail.outbox[0].subject
    assert Notification.objects.filter(recipient=member, kind="booking.reminder").count() == 1


def test_no_reminder_when_the_rule_has_none_or_the_booking_is_cancelled(
    member, other_member, machine, lab
):
    BookingRule.objects.create(lab=lab, machine=machine, reminder_hours=None)
    booking_create(actor=member, machine=machine, member=member, start=at(lab, 1, 10),
                   end=at(lab, 1, 11))  # fmt: skip
    assert bookings_send_reminders(now=at(lab, 1, 9)) == []
    BookingRule.objects.filter(machine=machine).update(reminder_hours=2)
    cancelled = booking_create(actor=other_member, machine=machine, member=other_member,
                               start=at(lab, 1, 12), end=at(lab, 1, 13))  # fmt: skip
    booking_cancel(actor=other_member, booking=cancelled)
    assert [b.member for b in bookings_send_reminders(now=at(lab, 1, 9, 30))] == [member]


def test_the_reminder_command_sends_the_mail_after_commit(member, machine, lab, capsys):
    BookingRule.objects.create(lab=lab, machine=machine, reminder_hours=72)
    booking_create(actor=member, machine=machine, member=member, start=at(lab, 1, 10),
                   end=at(lab, 1, 11))  # fmt: skip
    call_command("booking-reminders")
    assert "1 booking reminder(s) sent" in capsys.readouterr().out
    assert Booking.objects.get().reminded_at is not None


# Cancellation notices ----------------------------------------------------------------------


def test_the_member_is_told_when_staff_cancel_their_booking(
    member, staff, machine, lab, django_capture_on_commit_callbacks
):
    mine = booking_create(actor=member, machine=machine, member=member, start=at(lab, 1, 10),
                          end=at(lab, 1, 11))  # fmt: skip
    theirs = booking_create(actor=member, machine=machine, member=member, start=at(lab, 2, 10),
                            end=at(lab, 2, 11))  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        booking_cancel(actor=member, booking=mine)
        assert mail.outbox == []
        booking_cancel(actor=staff, booking=theirs)
        assert mail.outbox == []  # not before the commit
    assert callbacks
    assert len(mail.outbox) == 1
    assert "cancelled" in mail.outbox[0].subject
    assert Notification.objects.filter(recipient=member, kind="booking.cancelled").count() == 1


def test_certification_count_is_untouched_when_nothing_was_used(member, staff, machine, lab):
    training = TrainingFactory(lab=lab, machines=[machine])
    certification_grant(actor=staff, member=member, training=training, source="staff",
                        reason="Trained elsewhere")  # fmt: skip
    held(member, machine, at(lab, -1, 10), at(lab, -1, 11))
    bookings_mark_no_shows(now=at(lab, 0, 9))
    assert Certification.objects.get(member=member).last_used_at is None
    machine.refresh_from_db()
    assert machine.usage_hours == Decimal("0")


def test_the_no_show_count_is_on_the_member_s_record(member, staff, machine, lab, staff_client):
    held(member, machine, at(lab, -2, 10), at(lab, -2, 11))
    held(member, machine, at(lab, -1, 10), at(lab, -1, 11))
    bookings_mark_no_shows(now=at(lab, 0, 9))
    page = staff_client.get(f"/members/{member.pk}/").content.decode()
    assert "Booking no-shows" in page and "<strong>2</strong>" in page


def test_the_reminder_gives_the_time_on_the_lab_s_clock_the_member_s_way(
    member, machine, lab, django_capture_on_commit_callbacks
):
    member.language = "fr"
    member.save(update_fields=["language"])
    booking = held(member, machine, at(lab, 1, 14), at(lab, 1, 15))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bookings_send_reminders(now=at(lab, 1, 9))
    with translation.override("fr"):
        expected = date_format(timezone.localtime(booking.start, lab.tzinfo), "DATETIME_FORMAT")
    assert "14:00" in expected and expected in mail.outbox[0].body
