# ruff: noqa: F811  (fixtures imported from sessions_setup are test arguments)
"""The attendance page on a phone and the printable sheet, per role."""

import pytest
from django.urls import reverse

from fabdesk.training.enrolment_services import enrolment_create
from fabdesk.training.models import Certification

from .factories import TrainingSessionFactory
from .sessions_setup import hours, session, training, volunteer  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(training, volunteer, staff, member, other_member):
    held = TrainingSessionFactory(
        training=training,
        trainer=volunteer,
        starts_at=hours(-3),
        ends_at=hours(-1),
        place="Atelier",
    )
    for person in (member, other_member):
        enrolment_create(actor=staff, session=held, member=person)
    return held


def attendance_url(session):
    return reverse("training:attendance", args=[session.pk])


def test_the_trainer_marks_everyone_with_one_post(client, volunteer, member, other_member, held):
    client.force_login(volunteer)
    page = client.get(attendance_url(held))
    assert page.status_code == 200
    assert member.get_full_name() in page.text and 'type="radio"' in page.text
    mine, theirs = (held.enrolments.get(member=p).pk for p in (member, other_member))
    done = client.post(
        attendance_url(held), {f"outcome_{mine}": "passed", f"outcome_{theirs}": "absent"},
        follow=True,
    )  # fmt: skip
    assert "Attendance saved" in done.text and "Certifications granted: 1" in done.text
    assert Certification.objects.get().member == member
    client.post(attendance_url(held), {f"outcome_{mine}": "passed"})  # saved again
    assert Certification.objects.count() == 1


def test_one_row_saved_with_htmx_answers_that_row(client, staff, member, held):
    client.force_login(staff)
    enrolment = held.enrolments.get(member=member)
    row = client.post(
        attendance_url(held), {f"outcome_{enrolment.pk}": "passed"}, headers={"HX-Request": "true"}
    )
    assert row.status_code == 200
    assert f'id="row-{enrolment.pk}"' in row.text and "Saved." in row.text
    assert "<html" not in row.text
    assert f'value="passed" id="id_outcome_{enrolment.pk}_0" checked' in row.text
    assert Certification.objects.filter(member=member).exists()


def test_a_refused_row_says_why_and_shows_what_is_saved(client, volunteer, member, held):
    client.force_login(volunteer)
    enrolment = held.enrolments.get(member=member)
    hx = {"HX-Request": "true"}
    client.post(attendance_url(held), {f"outcome_{enrolment.pk}": "passed"}, headers=hx)
    row = client.post(attendance_url(held), {f"outcome_{enrolment.pk}": "absent"}, headers=hx)
    assert "only the staff can withdraw it" in row.text
    assert f'value="passed" id="id_outcome_{enrolment.pk}_0" checked' in row.text
    enrolment.refresh_from_db()
    assert enrolment.outcome == "passed"


def test_attendance_before_the_session_is_refused(client, staff, member, session):
    enrolment = enrolment_create(actor=member, session=session, member=member)
    client.force_login(staff)
    page = client.get(attendance_url(session))
    assert "has not started yet" in page.text
    refused = client.post(attendance_url(session), {f"outcome_{enrolment.pk}": "passed"})
    assert refused.status_code == 200 and "has not started yet" in refused.text
    assert not Certification.objects.exists()


def test_members_and_another_trainer_are_refused(client, member, other_member, held, staff):
    from fabdesk.members.tests.factories import UserFactory

    enrolment = held.enrolments.get(member=member)
    other_volunteer = UserFactory(lab=held.training.lab)
    held.training.trainers.add(other_volunteer)  # a trainer of the training, not of the session
    for person in (member, other_member, other_volunteer):
        client.force_login(person)
        assert client.get(attendance_url(held)).status_code == 403
        assert (
            client.post(attendance_url(held), {f"outcome_{enrolment.pk}": "passed"}).status_code
            == 403
        )
        sheet = reverse("training:attendance_sheet", args=[held.pk])
        assert client.get(sheet).status_code == 403
    assert not Certification.objects.exists()


def test_the_sheet_is_a_pdf_for_the_trainer(client, volunteer, held):
    client.force_login(volunteer)
    response = client.get(reverse("training:attendance_sheet", args=[held.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
