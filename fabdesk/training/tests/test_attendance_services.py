# ruff: noqa: F811  (fixtures imported from sessions_setup are test arguments)
"""Taking attendance: passing grants the certification once, from the session's end; a
correction by staff withdraws it; the printable sheet."""

import pytest

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.training.attendance_services import attendance_record
from fabdesk.training.attendance_sheet import sheet_html, sheet_pdf
from fabdesk.training.certification_check import certification_check
from fabdesk.training.enrolment_services import enrolment_create
from fabdesk.training.models import Certification, Enrolment
from fabdesk.training.validity import expiry_for

from .factories import TrainingSessionFactory
from .sessions_setup import hours, past_session, session, training, volunteer  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(training, volunteer, staff, member, other_member):
    """A session held this morning, led by the volunteer, with two members enrolled."""
    start = hours(-30)
    held = TrainingSessionFactory(
        training=training, trainer=volunteer, starts_at=start, ends_at=hours(-28), place="Atelier"
    )
    for person in (member, other_member):
        enrolment_create(actor=staff, session=held, member=person)
    return held


def outcome_of(session, person) -> dict:
    return {session.enrolments.get(member=person).pk: "passed"}


def test_passing_grants_the_certification_from_the_sessions_end(
    lab, training, held, volunteer, member, other_member
):
    machine = MachineFactory(lab=lab)
    training.machines.add(machine)
    assert not certification_check(member=member, machine=machine).allowed
    mine, theirs = (held.enrolments.get(member=p).pk for p in (member, other_member))
    granted = attendance_record(
        actor=volunteer, session=held, outcomes={mine: "passed", theirs: "absent"}
    )
    assert [c.member for c in granted] == [member]
    cert = granted[0]
    assert cert.session == held and cert.source == "attendance" and cert.granted_at == held.ends_at
    assert cert.expires_at == expiry_for(
        granted_at=held.ends_at, validity_months=training.validity_months, tz=lab.tzinfo
    )
    assert certification_check(member=member, machine=machine).allowed
    assert not certification_check(member=other_member, machine=machine).allowed
    held.refresh_from_db()
    assert held.attendance_taken_at is not None
    outcomes = dict(held.enrolments.values_list("member__email", "outcome"))
    assert outcomes == {member.email: "passed", other_member.email: "absent"}


def test_saving_again_grants_nothing_twice(held, volunteer, member):
    attendance_record(actor=volunteer, session=held, outcomes=outcome_of(held, member))
    assert attendance_record(actor=volunteer, session=held, outcomes=outcome_of(held, member)) == []
    assert Certification.objects.filter(member=member).count() == 1


def test_staff_correcting_passed_to_absent_withdraws_that_certification(held, staff, member):
    attendance_record(actor=staff, session=held, outcomes=outcome_of(held, member))
    enrolment = held.enrolments.get(member=member)
    attendance_record(actor=staff, session=held, outcomes={enrolment.pk: "absent"})
    cert = Certification.objects.get(member=member)
    assert cert.revoked_at is not None and "Attendance corrected" in cert.revoke_reason
    # Passed again: a new certification, the withdrawn one stays in the history.
    attendance_record(actor=staff, session=held, outcomes={enrolment.pk: "passed"})
    assert Certification.objects.filter(member=member, revoked_at__isnull=True).count() == 1
    assert Certification.objects.filter(member=member).count() == 2


def test_a_volunteer_cannot_withdraw_and_nothing_changes(held, volunteer, member):
    attendance_record(actor=volunteer, session=held, outcomes=outcome_of(held, member))
    enrolment = held.enrolments.get(member=member)
    with pytest.raises(Forbidden) as refused:
        attendance_record(actor=volunteer, session=held, outcomes={enrolment.pk: "not_passed"})
    assert "only the staff" in refused.value.message
    enrolment.refresh_from_db()
    assert enrolment.outcome == "passed"
    assert Certification.objects.get(member=member).revoked_at is None


def test_attendance_on_a_session_not_yet_held_is_refused(staff, member, session):
    enrolment = enrolment_create(actor=member, session=session, member=member)
    with pytest.raises(Invalid) as refused:
        attendance_record(actor=staff, session=session, outcomes={enrolment.pk: "passed"})
    assert refused.value.code == "session_not_held"
    enrolment.refresh_from_db()
    assert enrolment.outcome == "" and not Certification.objects.exists()


def test_a_session_in_progress_grants_from_now(training, staff, member):
    running = past_session(training, staff, started_hours_ago=1)  # ends in an hour
    enrolment = enrolment_create(actor=staff, session=running, member=member)
    cert = attendance_record(actor=staff, session=running, outcomes={enrolment.pk: "passed"})[0]
    assert cert.granted_at < running.ends_at


def test_only_the_trainer_or_staff_and_only_enrolled_members(
    held, member, other_member, volunteer, training
):
    with pytest.raises(Forbidden):
        attendance_record(actor=member, session=held, outcomes=outcome_of(held, member))
    other = TrainingSessionFactory(training=training, starts_at=hours(-5), ends_at=hours(-3))
    with pytest.raises(Forbidden):  # the volunteer leads `held`, not this one
        attendance_record(actor=volunteer, session=other, outcomes={})
    with pytest.raises(Invalid):
        attendance_record(actor=volunteer, session=held, outcomes={999999: "passed"})
    with pytest.raises(Invalid):
        attendance_record(
            actor=volunteer,
            session=held,
            outcomes={held.enrolments.get(member=member).pk: "maybe"},
        )
    assert not Certification.objects.exists()
    assert set(Enrolment.objects.values_list("outcome", flat=True)) == {""}


def test_the_sheet_lists_the_members_and_leaves_rows_for_walk_ins(held, member, other_member):
    html = sheet_html(session=held)
    for person in (member, other_member):
        assert person.get_full_name() in html
    assert html.count('class="walk-in"') == 4
    assert "Atelier" in html and held.training.title in html and held.training.lab.name in html
    assert sheet_pdf(session=held).startswith(b"%PDF")


def test_names_on_the_sheet_are_escaped(lab, staff, held):
    from fabdesk.members.tests.factories import UserFactory

    sly = UserFactory(lab=lab, first_name="<script>alert(1)</script>", last_name="X")
    Enrolment.objects.create(session=held, member=sly)
    html = sheet_html(session=held)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
