# ruff: noqa: F811  (fixtures imported from sessions_setup are test arguments)
"""Scheduling, changing and cancelling sessions; the automatic cancelling of small ones."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from fabdesk.core.errors import Conflict, Forbidden, Invalid
from fabdesk.core.models import AuditEntry
from fabdesk.equipment.tests.factories import SpaceFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.notifications.models import Notification
from fabdesk.training.enrolment_services import enrolment_create
from fabdesk.training.models import Enrolment, TrainingSession
from fabdesk.training.session_services import (
    session_cancel,
    session_create,
    session_update,
    sessions_auto_cancel,
)
from fabdesk.training.tasks import sessions_auto_cancel_task

from .factories import TrainingFactory, TrainingSessionFactory
from .sessions_setup import (  # noqa: F401
    hours,
    new_member,
    session,
    training,
    volunteer,
)

pytestmark = pytest.mark.django_db


def enrol(session, member):
    return enrolment_create(actor=member, session=session, member=member)


# --- scheduling ---------------------------------------------------------------------------


def test_staff_schedule_a_session_with_the_trainings_defaults(staff, training):
    start = hours(48)
    session = session_create(actor=staff, training=training, starts_at=start, place="Salle 2")
    assert session.ends_at == start + dt.timedelta(minutes=training.duration_minutes)
    assert session.capacity == training.max_participants
    assert session.status == TrainingSession.Status.SCHEDULED
    assert AuditEntry.objects.filter(action="training.session_created", actor=staff).exists()


def test_a_session_may_have_more_seats_than_the_trainings_maximum(staff, training):
    session = session_create(
        actor=staff, training=training, starts_at=hours(48), place="Salle 2", capacity=10
    )
    assert session.capacity == 10


def test_the_trainer_is_staff_or_a_volunteer_of_the_training(
    lab, staff, member, volunteer, training
):
    base = {"actor": staff, "training": training, "starts_at": hours(48), "place": "Salle 2"}
    assert session_create(**base, trainer=volunteer).trainer == volunteer
    assert session_create(**base, trainer=staff).trainer == staff
    with pytest.raises(Invalid) as refused:
        session_create(**base, trainer=member)
    assert refused.value.field == "trainer"
    other_lab_staff = UserFactory(with_role=Role.STAFF)
    with pytest.raises(Invalid):
        session_create(**base, trainer=other_lab_staff)
    assert TrainingSession.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": hours(-1)}, "starts_at"),
        ({"ends_at": hours(47)}, "ends_at"),
        ({"place": "  "}, "place"),
        ({"capacity": 0}, "capacity"),
    ],
)
def test_bad_session_input_is_refused_on_its_field(staff, training, change, field):
    data = {"starts_at": hours(48), "place": "Salle 2", **change}
    with pytest.raises(Invalid) as refused:
        session_create(actor=staff, training=training, **data)
    assert refused.value.field == field
    assert not TrainingSession.objects.exists()


def test_a_space_of_the_lab_is_a_place_another_labs_is_not(lab, staff, training):
    mine = SpaceFactory(lab=lab)
    session = session_create(actor=staff, training=training, starts_at=hours(48), space=mine)
    assert session.space == mine
    with pytest.raises(Invalid):
        session_create(actor=staff, training=training, starts_at=hours(48), space=SpaceFactory())


def test_members_and_other_labs_staff_cannot_schedule(member, training):
    for actor in (member, UserFactory(with_role=Role.STAFF)):
        with pytest.raises(Forbidden):
            session_create(actor=actor, training=training, starts_at=hours(48), place="X")
    assert not TrainingSession.objects.exists()


# --- changing -----------------------------------------------------------------------------


def test_moving_a_session_tells_its_members(
    member, staff, session, django_capture_on_commit_callbacks
):
    enrol(session, member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_update(
            actor=staff, session=session, data={"starts_at": hours(72), "ends_at": hours(74)}
        )
    assert Notification.objects.filter(recipient=member, kind="training.session_changed").exists()
    assert [m.to for m in mail.outbox] == [[member.email]]
    entry = AuditEntry.objects.get(action="training.session_changed")
    assert set(entry.changes) == {"starts_at", "ends_at"}


def test_notes_only_change_tells_nobody(member, staff, session):
    enrol(session, member)
    session_update(actor=staff, session=session, data={"notes": "Apportez vos lunettes"})
    assert not Notification.objects.filter(kind="training.session_changed").exists()


def test_more_seats_promote_the_waitlist_fewer_than_enrolled_is_refused(
    lab, member, other_member, staff, session
):
    enrol(session, member), enrol(session, other_member)
    waiting = enrol(session, new_member(lab))
    with pytest.raises(Invalid) as refused:
        session_update(actor=staff, session=session, data={"capacity": 1})
    assert refused.value.code == "capacity_below_enrolled"
    session_update(actor=staff, session=session, data={"capacity": 3})
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED


# --- cancelling ---------------------------------------------------------------------------


def test_cancelling_tells_everyone_enrolled_or_waiting_and_cancels_their_seats(
    lab, member, other_member, staff, session, django_capture_on_commit_callbacks
):
    enrol(session, member), enrol(session, other_member)
    waiting = enrol(session, new_member(lab))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(actor=staff, session=session, reason="Formateur malade")
    session.refresh_from_db()
    assert session.status == "cancelled" and session.cancel_reason == "Formateur malade"
    assert set(session.enrolments.values_list("status", flat=True)) == {"cancelled"}
    assert {m.to[0] for m in mail.outbox} == {
        member.email,
        other_member.email,
        waiting.member.email,
    }
    assert all("Formateur malade" in m.body for m in mail.outbox)
    assert AuditEntry.objects.get(action="training.session_cancelled").reason == "Formateur malade"


def test_cancelling_needs_a_reason_staff_and_a_session_not_started(
    member, staff, session, training
):
    with pytest.raises(Invalid):
        session_cancel(actor=staff, session=session, reason="  ")
    with pytest.raises(Forbidden):
        session_cancel(actor=member, session=session, reason="Non")
    started = TrainingSessionFactory(training=training, starts_at=hours(-1), ends_at=hours(1))
    with pytest.raises(Invalid):
        session_cancel(actor=staff, session=started, reason="Trop tard")
    session_cancel(actor=staff, session=session, reason="Fermeture")
    with pytest.raises(Conflict):
        session_cancel(actor=staff, session=session, reason="Encore")
    with pytest.raises(Conflict):
        session_update(actor=staff, session=session, data={"capacity": 3})


# --- auto-cancel --------------------------------------------------------------------------


@pytest.fixture
def small(lab):
    """Needs 2 participants; cancelled 24 hours before if fewer."""
    return TrainingFactory(lab=lab, min_participants=2, max_participants=4, auto_cancel_hours=24)


def test_a_session_below_the_minimum_is_cancelled_in_its_window_and_members_told(
    member, staff, small, django_capture_on_commit_callbacks
):
    inside = TrainingSessionFactory(
        training=small, starts_at=hours(20), ends_at=hours(22), trainer=staff
    )
    outside = TrainingSessionFactory(training=small, starts_at=hours(30), ends_at=hours(32))
    enrol(inside, member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = sessions_auto_cancel(now=hours(0))
    assert cancelled == [inside]
    inside.refresh_from_db(), outside.refresh_from_db()
    assert inside.status == "cancelled" and outside.status == "scheduled"
    assert inside.enrolments.get().status == "cancelled"
    assert [m.to for m in mail.outbox] == [[member.email], [staff.email]]  # and the trainer
    assert all("at least 2" in m.body for m in mail.outbox)
    assert "You were to lead it" in mail.outbox[1].body
    assert sessions_auto_cancel(now=hours(0)) == []  # a second run changes nothing


def test_a_session_with_enough_members_or_no_rule_is_kept(lab, member, other_member, small):
    full_enough = TrainingSessionFactory(training=small, starts_at=hours(20), ends_at=hours(22))
    enrol(full_enough, member), enrol(full_enough, other_member)
    never = TrainingFactory(lab=lab, min_participants=3, auto_cancel_hours=None)
    kept = TrainingSessionFactory(training=never, starts_at=hours(2), ends_at=hours(4))
    started = TrainingSessionFactory(training=small, starts_at=hours(-1), ends_at=hours(1))
    assert sessions_auto_cancel(now=hours(0)) == []
    for one in (full_enough, kept, started):
        one.refresh_from_db()
        assert one.status == "scheduled"


def test_waitlisted_members_do_not_count_toward_the_minimum(lab, member, small):
    one_seat = TrainingSessionFactory(
        training=small, starts_at=hours(20), ends_at=hours(22), capacity=1
    )
    enrol(one_seat, member), enrol(one_seat, new_member(lab))
    assert sessions_auto_cancel(now=hours(0)) == [one_seat]


def test_the_command_and_the_task_run_the_same_check(member, small):
    first = TrainingSessionFactory(training=small, starts_at=hours(20), ends_at=hours(22))
    out = StringIO()
    call_command("training-auto-cancel", stdout=out)
    assert "1 session(s) cancelled" in out.getvalue()
    first.refresh_from_db()
    assert first.status == "cancelled"
    second = TrainingSessionFactory(training=small, starts_at=hours(10), ends_at=hours(12))
    result = sessions_auto_cancel_task.enqueue()
    assert result.return_value == [second.pk]
    call_command("training-auto-cancel", "--enqueue", stdout=out)
    assert "queued" in out.getvalue()
