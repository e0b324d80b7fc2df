"""The public opening hours page and the staff pages that change them, per role."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fabdesk.core.models import AuditEntry
from fabdesk.core.timeutils import lab_today
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.schedule.models import Closure, ExceptionalOpening, WeeklyRange

from .factories import ClosureFactory, ExceptionalOpeningFactory, WeeklyRangeFactory

pytestmark = pytest.mark.django_db
EDIT_URLS = ["schedule:edit", "schedule:closure_new", "schedule:opening_new"]


@pytest.fixture
def hours(lab):
    today = lab_today(lab.tzinfo)
    WeeklyRangeFactory(
        lab=lab, weekday=today.weekday(), opens_at=dt.time(14), closes_at=dt.time(19)
    )
    WeeklyRangeFactory(
        lab=lab, weekday=today.weekday(), opens_at=dt.time(20), closes_at=dt.time(22)
    )
    closure = ClosureFactory(
        lab=lab, label="Vacances <script>alert(1)</script>",
        start_date=today + dt.timedelta(days=30), end_date=today + dt.timedelta(days=40),
    )  # fmt: skip
    opening = ExceptionalOpeningFactory(
        lab=lab, label="Portes ouvertes", date=today + dt.timedelta(days=3)
    )
    ClosureFactory(
        lab=lab,
        label="Old closure",
        start_date=today - dt.timedelta(days=60),
        end_date=today - dt.timedelta(days=50),
    )
    return closure, opening


def test_anyone_sees_the_hours_of_the_week_and_what_is_coming(
    client, hours, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("schedule:public"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "14:00 to 19:00, 20:00 to 22:00" in page
    assert "Vacances &lt;script&gt;" in page and "<script>alert" not in page
    assert "Portes ouvertes" in page
    assert "Old closure" not in page
    assert "Change the opening hours" not in page
    assert (
        reverse("schedule:public") in client.get(reverse("equipment:machine_list")).content.decode()
    )


def test_the_page_in_french(client, member, hours):
    member.language = "fr"
    member.save()
    client.force_login(member)
    page = client.get(reverse("schedule:public"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Horaires d'ouverture" in page
    assert "14:00 à 19:00, 20:00 à 22:00" in page
    weekday = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    assert weekday[lab_today(member.lab.tzinfo).weekday()] in page


def test_an_empty_schedule_says_closed(client, lab):
    page = client.get(reverse("schedule:public")).content.decode()
    assert page.count("Closed") >= 14  # this week and the usual hours, every day
    assert "Closed now" in page


@pytest.mark.parametrize("name", EDIT_URLS)
def test_anonymous_go_to_login_and_members_are_refused(client, member, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(member)
    assert client.get(reverse(name)).status_code == 403


def test_members_cannot_delete(member_client, hours):
    closure, opening = hours
    assert (
        member_client.post(reverse("schedule:closure_delete", args=[closure.pk])).status_code == 403
    )
    assert (
        member_client.post(reverse("schedule:opening_delete", args=[opening.pk])).status_code == 403
    )
    assert Closure.objects.filter(pk=closure.pk).exists()
    assert ExceptionalOpening.objects.filter(pk=opening.pk).exists()


def test_staff_edit_the_week(staff_client, lab, hours):
    page = staff_client.get(reverse("schedule:edit")).content.decode()
    assert "14:00-19:00, 20:00-22:00" in page
    data = {f"day_{day}": "" for day in range(7)} | {"day_1": "14h-19h", "day_5": "10:00 - 18:00"}
    response = staff_client.post(reverse("schedule:edit"), data)
    assert response.status_code == 302
    assert list(
        WeeklyRange.objects.filter(lab=lab).values_list("weekday", "opens_at", "closes_at")
    ) == [
        (1, dt.time(14), dt.time(19)),
        (5, dt.time(10), dt.time(18)),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("14:00-19:00, 18:00-22:00", "overlap"),
        ("noon to 6", "is not a range of hours"),
        ("25:00-26:00", "not a range"),
    ],
)
def test_a_bad_week_is_explained_and_nothing_changes(staff_client, lab, text, message):
    data = {f"day_{day}": "" for day in range(7)} | {"day_0": "09:00-12:00", "day_3": text}
    response = staff_client.post(reverse("schedule:edit"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WeeklyRange.objects.exists()


def test_staff_add_and_delete_a_closure(staff_client, lab, staff):
    data = {
        "label": "Inventaire",
        "start_date": "2030-02-03",
        "end_date": "2030-02-03",
        "start_time": "14:00",
        "end_time": "16:00",
    }
    assert staff_client.post(reverse("schedule:closure_new"), data).status_code == 302
    closure = Closure.objects.get(lab=lab)
    assert (closure.start_time, closure.end_time) == (dt.time(14), dt.time(16))
    assert "Inventaire" in staff_client.get(reverse("schedule:edit")).content.decode()
    assert (
        staff_client.post(reverse("schedule:closure_delete", args=[closure.pk])).status_code == 302
    )
    assert not Closure.objects.exists()
    assert AuditEntry.objects.filter(actor=staff, action="schedule.closure_deleted").exists()


def test_a_closure_ending_before_it_starts_is_explained(staff_client, lab):
    data = {"label": "Inventaire", "start_date": "2030-02-03", "end_date": "2030-02-01"}
    response = staff_client.post(reverse("schedule:closure_new"), data)
    assert "must not be before its first day" in response.content.decode()
    assert not Closure.objects.exists()


def test_staff_add_and_delete_an_exceptional_opening(staff_client, lab):
    data = {
        "label": "Fête de la science",
        "date": "2030-10-06",
        "opens_at": "10:00",
        "closes_at": "18:00",
    }
    assert staff_client.post(reverse("schedule:opening_new"), data).status_code == 302
    opening = ExceptionalOpening.objects.get(lab=lab)
    bad = staff_client.post(reverse("schedule:opening_new"), data | {"closes_at": "09:00"})
    assert "must be after the opening time" in bad.content.decode()
    assert (
        staff_client.post(reverse("schedule:opening_delete", args=[opening.pk])).status_code == 302
    )
    assert not ExceptionalOpening.objects.exists()


def test_staff_of_another_lab_get_404(client, hours):
    closure, _opening = hours
    outsider = UserFactory(lab__slug="elsewhere", with_role=Role.STAFF)
    client.force_login(outsider)
    assert client.post(reverse("schedule:closure_delete", args=[closure.pk])).status_code == 404
    assert Closure.objects.filter(pk=closure.pk).exists()


def test_open_now_follows_the_clock(client, lab):
    now = timezone.now().astimezone(lab.tzinfo)
    ExceptionalOpeningFactory(
        lab=lab, date=now.date(), opens_at=dt.time(0), closes_at=dt.time(23, 59, 59)
    )
    assert "Open now" in client.get(reverse("schedule:public")).content.decode()
