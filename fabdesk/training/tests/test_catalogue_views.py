"""The catalogue pages per role: what a visitor, a member and the staff see; staff forms;
the teaching pack; script in a title or description stays text."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory
from fabdesk.training.certification_services import certification_grant
from fabdesk.training.models import Enrolment, Training, TrainingPrice

from .factories import TrainingFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def laser(lab):
    return MachineFactory(lab=lab, name="Trotec")


@pytest.fixture
def training(lab, laser, default_group):
    training = TrainingFactory(lab=lab, title="Laser", machines=[laser], validity_months=24)
    TrainingPrice.objects.create(training=training, member_group=default_group, amount=40)
    return training


def test_a_visitor_sees_the_offered_trainings_their_price_and_next_sessions(client, training, lab):
    TrainingFactory(lab=lab, title="Retired course", is_active=False)
    session = TrainingSessionFactory(training=training, capacity=3)
    TrainingSessionFactory(training=training, starts_at=timezone.now() - dt.timedelta(days=2))
    page = client.get("/trainings/").content.decode()
    assert "Laser" in page and "Trotec" in page and "Retired course" not in page
    assert "24 months" in page and "40" in page
    assert f"/trainings/sessions/{session.pk}/" in page and "3 seats left" in page
    assert page.count("/trainings/sessions/") == 1  # the past session is not offered


def test_a_member_sees_their_own_group_s_price(client, training, lab):
    reduced = MemberGroupFactory(lab=lab, name="Réduit")
    TrainingPrice.objects.create(training=training, member_group=reduced, amount=Decimal("15.50"))
    client.force_login(UserFactory(lab=lab, member_group=reduced))
    page = client.get(f"/trainings/{training.pk}/").content.decode()
    assert "15.50" in page and "40.00" not in page


def test_a_full_session_says_the_waitlist_is_open(client, training, member):
    session = TrainingSessionFactory(training=training, capacity=1)
    Enrolment.objects.create(session=session, member=member)
    assert "waitlist open" in client.get(f"/trainings/{training.pk}/").content.decode()


def test_script_in_a_title_or_description_is_inert(staff_client, lab):
    training = TrainingFactory(lab=lab, title=f"Laser {SCRIPT}", description=f"**Go** {SCRIPT}")
    for url in ("/trainings/", f"/trainings/{training.pk}/"):
        page = staff_client.get(url).content.decode()
        assert SCRIPT not in page and "&lt;script&gt;" in page
    assert "<strong>Go</strong>" in staff_client.get(f"/trainings/{training.pk}/").content.decode()


def test_a_training_not_offered_or_of_another_lab_is_not_found(client, member_client, lab):
    hidden = TrainingFactory(lab=lab, is_active=False)
    elsewhere = TrainingFactory(lab=LabFactory())
    assert client.get(f"/trainings/{hidden.pk}/").status_code == 404
    assert member_client.get(f"/trainings/{elsewhere.pk}/").status_code == 404


@pytest.mark.parametrize("who,status", [("member", 403), ("staff", 200), ("admin_user", 200)])
def test_who_may_open_the_staff_forms(request, client, training, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/trainings/new/").status_code == status
    assert client.get(f"/trainings/{training.pk}/edit/").status_code == status


def test_anonymous_is_sent_to_log_in_and_other_lab_staff_get_404(client, training):
    assert client.get("/trainings/new/")["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory(lab=LabFactory(), with_role=Role.STAFF))
    assert client.get(f"/trainings/{training.pk}/edit/").status_code == 404


def test_staff_add_a_training_through_the_form(staff_client, lab, laser, default_group):
    response = staff_client.post(
        "/trainings/new/",
        {
            "title": "CNC",
            "description": "Router",
            "duration_minutes": 180,
            "machines": [laser.pk],
            "min_participants": 2,
            "max_participants": 4,
            "cancel_deadline_hours": 24,
            "is_active": "on",
            f"price_{default_group.pk}": "25",
        },
    )
    training = Training.objects.get(title="CNC")
    assert response.status_code == 302 and response["Location"] == f"/trainings/{training.pk}/"
    assert list(training.machines.all()) == [laser]
    assert training.prices.get().amount == 25


def test_a_refusal_is_shown_on_the_form(staff_client, training, lab):
    expert = TrainingFactory(lab=lab, title="Expert")
    expert.prerequisites.add(training)
    response = staff_client.post(
        f"/trainings/{training.pk}/edit/",
        {
            "title": "Laser",
            "duration_minutes": 120,
            "min_participants": 1,
            "max_participants": 4,
            "cancel_deadline_hours": 24,
            "prerequisites": [expert.pk],
        },
    )
    assert response.status_code == 200
    assert "already needs" in response.content.decode()
    assert not training.prerequisites.exists()


def test_a_non_pdf_teaching_pack_is_refused(staff_client, training):
    fake = SimpleUploadedFile("pack.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = staff_client.post(
        f"/trainings/{training.pk}/edit/",
        {
            "title": "Laser",
            "duration_minutes": 120,
            "min_participants": 1,
            "max_participants": 4,
            "cancel_deadline_hours": 24,
            "teaching_pack": fake,
        },
    )
    assert "not a PDF" in response.content.decode()


@pytest.fixture
def pack(training, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    training.teaching_pack = SimpleUploadedFile("x.pdf", b"%PDF-1.4 teaching pack")
    training.save()
    return training


def test_the_teaching_pack_is_for_staff_enrolled_and_certified_members(
    client, pack, member, other_member, staff
):
    url = f"/trainings/{pack.pk}/teaching-pack/"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(other_member)
    assert client.get(url).status_code == 403
    assert "for the members enrolled" in client.get(f"/trainings/{pack.pk}/").content.decode()
    Enrolment.objects.create(session=TrainingSessionFactory(training=pack), member=other_member)
    assert b"%PDF" in b"".join(client.get(url).streaming_content)
    client.force_login(member)
    certification_grant(actor=staff, member=member, training=pack, source="staff", reason="x")
    assert client.get(url).status_code == 200
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_a_teaching_pack_link_redirects(member_client, training, member, staff):
    training.teaching_pack_url = "https://example.test/pack"
    training.save()
    certification_grant(actor=staff, member=member, training=training, source="staff", reason="x")
    response = member_client.get(f"/trainings/{training.pk}/teaching-pack/")
    assert response["Location"] == "https://example.test/pack"


def test_the_catalogue_costs_the_same_for_many_trainings(
    client, lab, django_assert_max_num_queries
):
    for _n in range(15):
        training = TrainingFactory(lab=lab, machines=[MachineFactory(lab=lab)])
        TrainingSessionFactory(training=training)
    with django_assert_max_num_queries(12):
        assert client.get("/trainings/").status_code == 200


def test_a_minimum_above_the_maximum_is_explained(staff_client):
    response = staff_client.post(
        "/trainings/new/",
        {
            "title": "CNC",
            "duration_minutes": 60,
            "min_participants": 5,
            "max_participants": 3,
            "cancel_deadline_hours": 24,
        },
    )
    body = response.content.decode()
    assert "cannot be above the maximum" in body and "Constraint" not in body
    assert not Training.objects.exists()
