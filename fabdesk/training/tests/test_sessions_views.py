# ruff: noqa: F811  (fixtures imported from sessions_setup are test arguments)
"""The session pages per role: anonymous, member, another member, volunteer trainer, staff,
another lab's staff."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.training.enrolment_services import enrolment_create
from fabdesk.training.models import Enrolment, TrainingSession

from .factories import TrainingFactory, TrainingSessionFactory
from .sessions_setup import hours, new_member, session, training, volunteer  # noqa: F401

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"training:{name}", args=args)


def as_(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def led(session, volunteer):
    session.trainer = volunteer
    session.save()
    return session


# --- the session page and enrolling --------------------------------------------------------


def test_a_visitor_sees_the_session_and_is_asked_to_log_in_to_enrol(client, session):
    page = client.get(url("session_detail", session.pk))
    assert page.status_code == 200
    assert "Découpe laser" in page.text and "Log in to enrol" in page.text
    refused = client.post(url("session_enrol", session.pk))
    assert refused.status_code == 302 and "/accounts/login/" in refused.url
    assert not Enrolment.objects.exists()


def test_a_member_enrols_in_two_clicks_and_sees_their_seat(member_client, member, session):
    page = member_client.get(url("session_detail", session.pk))
    assert 'action="{}"'.format(url("session_enrol", session.pk)) in page.text
    done = member_client.post(url("session_enrol", session.pk), follow=True)
    assert "You are enrolled" in done.text and "Give up my seat" in done.text
    assert Enrolment.objects.get().member == member
    again = member_client.post(url("session_enrol", session.pk), follow=True)
    assert "already enrolled" in again.text and Enrolment.objects.count() == 1


def test_a_member_without_the_prerequisite_sees_why_instead_of_the_button(
    lab, member_client, training, session
):
    training.prerequisites.add(TrainingFactory(lab=lab, title="Sécurité atelier"))
    page = member_client.get(url("session_detail", session.pk))
    assert "Sécurité atelier" in page.text
    assert url("session_enrol", session.pk) not in page.text
    refused = member_client.post(url("session_enrol", session.pk), follow=True)
    assert "Sécurité atelier" in refused.text and not Enrolment.objects.exists()


def test_the_participants_list_is_for_the_trainer_and_staff_only(
    client, member, other_member, volunteer, staff, led
):
    enrolment_create(actor=member, session=led, member=member)
    for person, sees in [(other_member, False), (member, False), (volunteer, True), (staff, True)]:
        page = as_(client, person).get(url("session_detail", led.pk))
        assert page.status_code == 200
        assert (member.email in page.text) is sees, person


def test_another_labs_staff_get_404_everywhere(client, member, session):
    elsewhere = UserFactory(with_role=Role.STAFF)
    enrolment = enrolment_create(actor=member, session=session, member=member)
    as_(client, elsewhere)
    for path in [
        url("session_detail", session.pk),
        url("session_edit", session.pk),
        url("session_cancel", session.pk),
        url("attendance", session.pk),
        url("attendance_sheet", session.pk),
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(url("enrolment_cancel", enrolment.pk)).status_code == 404
    assert client.post(url("session_enrol", session.pk)).status_code == 404
    assert Enrolment.objects.get().status == "enrolled"


def test_a_member_cannot_cancel_another_members_seat(client, member, other_member, session):
    enrolment = enrolment_create(actor=member, session=session, member=member)
    assert as_(client, other_member).post(url("enrolment_cancel", enrolment.pk)).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_a_member_gives_up_their_seat_from_my_trainings(member_client, member, session):
    enrolment = enrolment_create(actor=member, session=session, member=member)
    page = member_client.get(url("mine"))
    assert "Découpe laser" in page.text and "You can give up your seat until" in page.text
    done = member_client.post(
        url("enrolment_cancel", enrolment.pk), {"next": url("mine")}, follow=True
    )
    assert done.redirect_chain[-1][0] == url("mine")
    assert "The enrolment is cancelled" in done.text
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"


def test_a_late_cancel_is_refused_with_the_deadline(member_client, member, training):
    soon = TrainingSessionFactory(training=training, starts_at=hours(3), ends_at=hours(5))
    enrolment = enrolment_create(actor=member, session=soon, member=member)
    page = member_client.get(url("mine"))
    assert "please ask the lab's staff" in page.text
    refused = member_client.post(url("enrolment_cancel", enrolment.pk), follow=True)
    assert "Seats can be given up until" in refused.text
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_my_trainings_shows_the_waitlist_position_and_past_outcomes(
    lab, client, member, training, staff
):
    full = TrainingSessionFactory(training=training, capacity=1)
    enrolment_create(actor=staff, session=full, member=new_member(lab))
    enrolment_create(actor=member, session=full, member=member)
    past = TrainingSessionFactory(training=training, starts_at=hours(-50), ends_at=hours(-48))
    Enrolment.objects.create(session=past, member=member, outcome="passed")
    page = as_(client, member).get(url("mine"))
    assert "Waitlist: number 1" in page.text and "Attended and passed" in page.text
    assert as_(client, member).get(reverse("core:home")).text.count("My next training") == 1


def test_my_trainings_needs_a_login(client):
    response = client.get(url("mine"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_session_list_costs_the_same_for_many_sessions(
    client, training, django_assert_max_num_queries
):
    for day in range(30):
        TrainingSessionFactory(
            training=training,
            starts_at=timezone.now() + dt.timedelta(days=day + 1),
            ends_at=timezone.now() + dt.timedelta(days=day + 1, hours=2),
        )
    with django_assert_max_num_queries(8):
        page = client.get(url("session_list"))
    assert page.text.count(url("session_detail", TrainingSession.objects.first().pk)) == 1


# --- staff pages ----------------------------------------------------------------------------


def test_staff_schedule_edit_and_cancel_a_session(staff_client, staff, training, member):
    form = {
        "training": training.pk,
        "starts_at": (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Salle <script>alert(1)</script>",
        "trainer": staff.pk,
    }
    created = staff_client.post(url("session_new"), form, follow=True)
    session = TrainingSession.objects.get()
    assert created.redirect_chain[-1][0] == url("session_detail", session.pk)
    assert "<script>alert(1)</script>" not in created.text
    assert session.capacity == training.max_participants
    edit = {"starts_at": form["starts_at"], "ends_at": "", "place": "Salle 3", "capacity": 5}
    edit["ends_at"] = timezone.localtime(session.ends_at).strftime("%Y-%m-%dT%H:%M")
    staff_client.post(url("session_edit", session.pk), edit)
    session.refresh_from_db()
    assert session.place == "Salle 3" and session.capacity == 5
    enrolment_create(actor=member, session=session, member=member)
    no_reason = staff_client.post(url("session_cancel", session.pk), {"reason": ""})
    assert no_reason.status_code == 200
    staff_client.post(url("session_cancel", session.pk), {"reason": "Fermeture"})
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert Enrolment.objects.get().status == "cancelled"


def test_the_dates_typed_are_the_labs_wall_clock(staff_client, lab, training):
    lab.time_zone = "Europe/Paris"
    lab.save()
    staff_client.post(
        url("session_new"),
        {"training": training.pk, "starts_at": "2031-07-01T14:00", "place": "Atelier"},
    )
    session = TrainingSession.objects.get()
    assert session.starts_at == dt.datetime(2031, 7, 1, 12, 0, tzinfo=dt.UTC)


def test_a_refused_session_shows_the_error_on_the_form(staff_client, member, training):
    form = {"training": training.pk, "starts_at": "2031-07-01T14:00", "place": "A"}
    refused = staff_client.post(url("session_new"), {**form, "trainer": member.pk})
    assert refused.status_code == 200 and not TrainingSession.objects.exists()


def test_members_cannot_reach_staff_pages(client, member, volunteer, led):
    for person in (member, volunteer):
        as_(client, person)
        assert client.get(url("session_new")).status_code == 403
        assert client.get(url("session_edit", led.pk)).status_code == 403
        assert client.post(url("session_cancel", led.pk), {"reason": "x"}).status_code == 403
        add = client.post(url("session_add_member", led.pk), {"email": member.email})
        assert add.status_code == 403
    led.refresh_from_db()
    assert led.status == "scheduled" and not Enrolment.objects.exists()


def test_anonymous_is_sent_to_log_in_from_staff_and_trainer_pages(client, session):
    for path in [
        url("session_new"),
        url("session_edit", session.pk),
        url("attendance", session.pk),
        url("attendance_sheet", session.pk),
    ]:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response.url, path


def test_staff_add_and_remove_a_member(staff_client, member, session):
    staff_client.post(url("session_add_member", session.pk), {"email": member.email})
    enrolment = Enrolment.objects.get(member=member)
    page = staff_client.get(url("session_detail", session.pk))
    assert member.email in page.text
    staff_client.post(url("enrolment_cancel", enrolment.pk))
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"
    unknown = staff_client.post(
        url("session_add_member", session.pk), {"email": "nobody@example.test"}, follow=True
    )
    assert "No member of the lab" in unknown.text


def test_the_today_panel_shows_the_days_sessions_and_those_at_risk(
    staff_client, lab, training, member
):
    risky = TrainingFactory(lab=lab, title="Fraiseuse CNC", min_participants=3)
    TrainingSessionFactory(training=risky, starts_at=hours(50), ends_at=hours(52))
    page = staff_client.get(reverse("core:today"))
    assert "Fraiseuse CNC" in page.text and "0 enrolled, 3 needed" in page.text


def test_notes_in_markdown_cannot_carry_script(client, staff, session):
    session.notes = "**Bring glasses** <script>alert(1)</script>"
    session.save()
    page = client.get(url("session_detail", session.pk))
    assert "<strong>Bring glasses</strong>" in page.text
    assert "<script>alert(1)</script>" not in page.text


def test_the_session_page_and_my_trainings_cost_the_same_for_many_members(
    lab, client, staff, training, django_assert_max_num_queries
):
    big = TrainingSessionFactory(training=training, capacity=20, trainer=staff)
    people = [new_member(lab) for _ in range(25)]
    for person in people:
        enrolment_create(actor=person, session=big, member=person)
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        page = client.get(url("session_detail", big.pk))
    assert page.text.count("@example.test</td>") == 25
    regular = people[0]
    for day in range(10):
        extra = TrainingSessionFactory(
            training=training, starts_at=hours(24 * (day + 8)), ends_at=hours(24 * (day + 8) + 2)
        )
        enrolment_create(actor=regular, session=extra, member=regular)
    client.force_login(regular)
    with django_assert_max_num_queries(12):
        mine = client.get(url("mine"))
    assert mine.text.count("Give up my seat") == 11


def test_staff_see_past_sessions_members_do_not(client, staff, member, training):
    TrainingSessionFactory(training=training, starts_at=hours(-50), ends_at=hours(-48))
    past_url = url("session_list") + "?past=1"
    assert "Past training sessions" in as_(client, staff).get(past_url).text
    assert "Past training sessions" not in as_(client, member).get(past_url).text


def test_the_member_home_shows_my_next_session(client, member, session, training):
    later = TrainingSessionFactory(training=training, starts_at=hours(400), ends_at=hours(402))
    for one in (later, session):
        enrolment_create(actor=member, session=one, member=member)
    home = as_(client, member).get(reverse("core:home"))
    assert "My next training" in home.text and url("session_detail", session.pk) in home.text
    assert url("session_detail", later.pk) not in home.text and "1 more" in home.text


def test_the_today_panel_shows_the_fill_rate_of_todays_sessions(staff_client, lab, training):
    from fabdesk.core.timeutils import lab_now

    now = lab_now(lab.tzinfo)
    start = now.replace(hour=23, minute=0) if now.hour < 23 else now
    today = TrainingSessionFactory(
        training=training, starts_at=start, ends_at=start + dt.timedelta(minutes=30)
    )
    enrolment_create(actor=lab_staff(lab), session=today, member=new_member(lab))
    page = staff_client.get(reverse("core:today"))
    assert "1 of 2 seats taken" in page.text


def lab_staff(lab):
    return UserFactory(lab=lab, with_role=Role.STAFF)
