"""The last seat of a session is never given twice: members pressing "Enrol" at the same
moment get one seat and the others a place on the waitlist, in order (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from fabdesk.members.tests.factories import UserFactory
from fabdesk.training.enrolment_services import enrolment_create
from fabdesk.training.models import Enrolment

from .factories import TrainingFactory, TrainingSessionFactory

CONTENDERS = 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database shared between threads"
)
def test_simultaneous_enrolments_never_give_the_last_seat_twice(lab, default_group):
    session = TrainingSessionFactory(training=TrainingFactory(lab=lab), capacity=1)
    people = [UserFactory(lab=lab, member_group=default_group) for _ in range(CONTENDERS)]
    barrier = threading.Barrier(CONTENDERS)
    outcomes: list[str] = []

    def enrol(person) -> None:
        barrier.wait()
        try:
            outcomes.append(enrolment_create(actor=person, session=session, member=person).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["enrolled"] + ["waitlisted"] * (CONTENDERS - 1)
    assert session.enrolments.filter(status=Enrolment.Status.ENROLLED).count() == 1
    assert session.enrolments.filter(status=Enrolment.Status.WAITLISTED).count() == CONTENDERS - 1
