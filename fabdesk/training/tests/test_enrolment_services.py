# ruff: noqa: F811  (fixtures imported from sessions_setup are test arguments)
"""Enrolling, the waitlist, cancelling and promotion: every rule of enrolment_services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from fabdesk.core.models import AuditEntry
from fabdesk.members.models import User
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory
from fabdesk.notifications.models import Notification
from fabdesk.training.certification_services import certification_grant
from fabdesk.training.enrolment_services import (
    enrolment_cancel,
    enrolment_create,
    waitlist_position,
)
from fabdesk.training.models import Enrolment, TrainingPrice

from .factories import TrainingFactory, TrainingSessionFactory
from .sessions_setup import hours, new_member, past_session, session, training  # noqa: F401

pytestmark = pytest.mark.django_db

ENROLLED, WAITLISTED, CANCELLED = (
    Enrolment.Status.ENROLLED,
    Enrolment.Status.WAITLISTED,
    Enrolment.Status.CANCELLED,
)


def enrol(session, member, actor=None):
    return enrolment_create(actor=actor or member, session=session, member=member)


# --- enrolling ----------------------------------------------------------------------------


def test_a_member_gets_a_seat_with_the_price_of_their_group_and_is_told_after_commit(
    member, default_group, session, django_capture_on_commit_callbacks
):
    TrainingPrice.objects.create(
        training=session.training, member_group=default_group, amount=Decimal("30.00")
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enrolment = enrol(session, member)
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert enrolment.status == ENROLLED and enrolment.price == Decimal("30.00")
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Découpe laser" in mail.outbox[0].subject
    assert Notification.objects.filter(recipient=member, kind="training.enrolled").exists()


def test_no_price_for_the_group_means_none(member, session):
    assert enrol(session, member).price is None


def test_a_full_session_puts_the_next_members_on_the_waitlist_in_order(
    lab, member, other_member, session, django_capture_on_commit_callbacks
):
    third, fourth = new_member(lab), new_member(lab)
    with django_capture_on_commit_callbacks(execute=True):
        enrol(session, member), enrol(session, other_member)
        waiting = [enrol(session, third), enrol(session, fourth)]
    assert [e.status for e in waiting] == [WAITLISTED, WAITLISTED]
    assert [waitlist_position(e) for e in waiting] == [1, 2]
    assert "number 2" in mail.outbox[-1].body
    assert Notification.objects.filter(recipient=fourth, kind="training.waitlisted").exists()


def test_enrolling_twice_is_refused_and_writes_nothing(member, session):
    enrol(session, member)
    with pytest.raises(Conflict) as refused:
        enrol(session, member)
    assert refused.value.code == "already_enrolled"
    assert Enrolment.objects.count() == 1


def test_a_member_may_enrol_again_after_cancelling(member, session):
    enrolment_cancel(actor=member, enrolment=enrol(session, member))
    assert enrol(session, member).status == ENROLLED
    assert Enrolment.objects.filter(member=member).count() == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"status": "cancelled"}, "session_cancelled"),
        ({"starts_at": hours(-1), "ends_at": hours(1)}, "session_past"),
        ({"starts_at": hours(-30), "ends_at": hours(-28)}, "session_past"),
    ],
)
def test_cancelled_past_or_started_sessions_refuse(member, training, change, code):
    session = TrainingSessionFactory(training=training, **change)
    with pytest.raises(Invalid) as refused:
        enrol(session, member)
    assert refused.value.code == code
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("status", "code"), [("pending", "account_pending"), ("suspended", "account_suspended")]
)
def test_an_account_not_active_cannot_enrol(lab, session, status, code):
    person = new_member(lab, status=status)
    with pytest.raises(Forbidden) as refused:
        enrol(session, person)
    assert refused.value.code == code
    assert not Enrolment.objects.exists()


def test_a_prerequisite_must_be_held_on_the_day_of_the_session(lab, staff, member, training):
    safety = TrainingFactory(lab=lab, title="Sécurité atelier", validity_months=1)
    training.prerequisites.add(safety)
    session = TrainingSessionFactory(
        training=training, starts_at=hours(24 * 60), ends_at=hours(24 * 60 + 2)
    )
    with pytest.raises(Invalid) as refused:
        enrol(session, member)
    assert refused.value.code == "prerequisite_missing"
    assert "Sécurité atelier" in refused.value.message
    # Held today, but expired by the session's day (one month of validity): still refused.
    certification_grant(actor=staff, member=member, training=safety, source="staff", reason="x")
    with pytest.raises(Invalid):
        enrol(session, member)
    assert not Enrolment.objects.exists()
    soon = TrainingSessionFactory(training=training)  # next week: the certificate holds
    assert enrol(soon, member).status == ENROLLED


def test_staff_adding_a_member_still_needs_the_prerequisite(lab, staff, member, training, session):
    training.prerequisites.add(TrainingFactory(lab=lab, title="Sécurité atelier"))
    with pytest.raises(Invalid):
        enrol(session, member, actor=staff)
    assert not Enrolment.objects.exists()


def test_a_member_cannot_enrol_someone_else(member, other_member, session):
    with pytest.raises(Forbidden):
        enrol(session, other_member, actor=member)
    assert not Enrolment.objects.exists()


def test_a_session_of_another_lab_does_not_exist_for_the_member(member):
    elsewhere = TrainingSessionFactory()
    with pytest.raises(NotFound):
        enrol(elsewhere, member)


def test_staff_add_a_member_with_an_audit_entry(staff, member, session):
    enrolment = enrol(session, member, actor=staff)
    assert enrolment.status == ENROLLED
    entry = AuditEntry.objects.get(action="training.enrolment_added")
    assert entry.actor == staff and entry.target_id == str(member.pk)


def test_staff_add_a_walk_in_to_a_started_session_beyond_its_seats(lab, staff, member, training):
    started = past_session(training, staff, started_hours_ago=0.5)
    started.capacity = 1
    started.save()
    enrol(started, new_member(lab), actor=staff)
    assert enrol(started, member, actor=staff).status == ENROLLED
    with pytest.raises(Invalid):
        enrol(started, new_member(lab))  # a member themself cannot


# --- cancelling and promotion ----------------------------------------------------------------


def test_a_freed_seat_goes_to_the_first_on_the_waitlist_who_is_told(
    lab, member, other_member, session, django_capture_on_commit_callbacks
):
    first_seat = enrol(session, member)
    enrol(session, other_member)
    first_waiting, second_waiting = enrol(session, new_member(lab)), enrol(session, new_member(lab))
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_cancel(actor=member, enrolment=first_seat)
    first_waiting.refresh_from_db(), second_waiting.refresh_from_db()
    assert first_waiting.status == ENROLLED and second_waiting.status == WAITLISTED
    assert waitlist_position(second_waiting) == 1
    promoted = Notification.objects.get(kind="training.promoted")
    assert promoted.recipient_id == first_waiting.member_id
    assert {m.to[0] for m in mail.outbox} == {member.email, first_waiting.member.email}


def test_a_waiting_member_who_is_suspended_since_keeps_waiting(lab, member, other_member, session):
    first_seat = enrol(session, member)
    enrol(session, other_member)
    suspended_since, next_in_line = enrol(session, new_member(lab)), enrol(session, new_member(lab))
    User.objects.filter(pk=suspended_since.member_id).update(status=User.Status.SUSPENDED)
    enrolment_cancel(actor=member, enrolment=first_seat)
    suspended_since.refresh_from_db(), next_in_line.refresh_from_db()
    assert (suspended_since.status, next_in_line.status) == (WAITLISTED, ENROLLED)


def test_leaving_the_waitlist_promotes_nobody(lab, member, other_member, session):
    enrol(session, member), enrol(session, other_member)
    waiting, last = enrol(session, new_member(lab)), enrol(session, new_member(lab))
    enrolment_cancel(actor=waiting.member, enrolment=waiting)
    last.refresh_from_db()
    assert last.status == WAITLISTED and waitlist_position(last) == 1


def test_a_member_cannot_cancel_after_the_deadline_and_is_told_until_when(member, training):
    training.cancel_deadline_hours = 48
    training.save()
    soon = TrainingSessionFactory(training=training, starts_at=hours(24), ends_at=hours(26))
    enrolment = enrol(soon, member)
    with pytest.raises(Invalid) as refused:
        enrolment_cancel(actor=member, enrolment=enrolment)
    assert refused.value.code == "deadline_passed"
    assert "until" in refused.value.message
    enrolment.refresh_from_db()
    assert enrolment.status == ENROLLED


def test_staff_may_cancel_for_a_member_after_the_deadline(staff, member, training):
    soon = TrainingSessionFactory(training=training, starts_at=hours(2), ends_at=hours(4))
    enrolment = enrol(soon, member)
    enrolment_cancel(actor=staff, enrolment=enrolment, reason="Malade, a prévenu")
    enrolment.refresh_from_db()
    assert enrolment.status == CANCELLED and enrolment.cancelled_at is not None
    entry = AuditEntry.objects.get(action="training.enrolment_cancelled")
    assert entry.reason == "Malade, a prévenu"


def test_a_waitlisted_member_may_leave_after_the_deadline(lab, member, training):
    training.max_participants = 1
    training.save()
    soon = TrainingSessionFactory(training=training, starts_at=hours(2), ends_at=hours(4))
    enrol(soon, new_member(lab))
    waiting = enrol(soon, member)
    assert enrolment_cancel(actor=member, enrolment=waiting).status == CANCELLED


def test_nobody_cancels_a_started_session_or_someone_elses_seat(
    staff, member, other_member, training, session
):
    mine = enrol(session, member)
    with pytest.raises(NotFound):
        enrolment_cancel(actor=other_member, enrolment=mine)
    started = past_session(training, staff, started_hours_ago=0.5)
    walk_in = enrol(started, other_member, actor=staff)
    with pytest.raises(Invalid):
        enrolment_cancel(actor=staff, enrolment=walk_in)
    enrolment_cancel(actor=member, enrolment=mine)
    with pytest.raises(Conflict):
        enrolment_cancel(actor=member, enrolment=mine)


# --- the waitlist keeps its order, whatever the cancellations -------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    capacity=st.integers(min_value=1, max_value=3),
    people=st.integers(min_value=1, max_value=7),
    cancels=st.lists(st.integers(min_value=0, max_value=6), max_size=6),
    late=st.integers(min_value=0, max_value=2),
)
def test_the_seats_always_go_to_the_earliest_in_line(
    lab, training, capacity, people, cancels, late
):
    session = TrainingSessionFactory(training=training, capacity=capacity)
    members = [UserFactory(lab=lab) for _ in range(people)]
    enrolments = [enrol(session, m) for m in members]
    for index in cancels:
        if index < people and enrolments[index].status != CANCELLED:
            enrolment_cancel(actor=members[index], enrolment=enrolments[index])
            enrolments[index].status = CANCELLED
    for _ in range(late):  # newcomers after the cancellations queue behind everyone
        enrol(session, UserFactory(lab=lab))
    live = list(session.enrolments.exclude(status=CANCELLED).order_by("created_at", "id"))
    seated = min(capacity, len(live))
    assert [e.status for e in live] == [ENROLLED] * seated + [WAITLISTED] * (len(live) - seated)
    assert [waitlist_position(e) for e in live[seated:]] == list(range(1, len(live) - seated + 1))


def test_a_price_per_group_is_the_members_own(lab, session):
    students = MemberGroupFactory(lab=lab)
    TrainingPrice.objects.create(
        training=session.training, member_group=students, amount=Decimal("10")
    )
    student = UserFactory(lab=lab, member_group=students)
    assert enrol(session, student).price == Decimal("10.00")
    assert User.objects.filter(pk=student.pk).exists()


def test_the_cancel_deadline_counts_in_hours_before_the_start(member, training):
    training.cancel_deadline_hours = 24
    training.save()
    later = TrainingSessionFactory(training=training, starts_at=hours(25), ends_at=hours(27))
    enrolment = enrol(later, member)
    assert enrolment_cancel(actor=member, enrolment=enrolment).status == CANCELLED
    assert later.starts_at - dt.timedelta(hours=24) > hours(0)
