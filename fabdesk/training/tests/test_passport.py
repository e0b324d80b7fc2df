"""The member passport: certifications grouped valid / expiring soon / no longer valid, the
machines the member may use (bounded queries), the trainings that would unlock more; who may
open it; the home panel and the machine page's section."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.tests.factories import MachineCategoryFactory, MachineFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.training.certification_services import certification_grant, certification_revoke
from fabdesk.training.passport import member_passport

from .factories import TrainingFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def grant(staff, member, training, **kwargs):
    return certification_grant(
        actor=staff, member=member, training=training, source="staff", reason="Vu", **kwargs
    )


@pytest.fixture
def workshop(lab):
    laser, cnc, printer = (MachineFactory(lab=lab, name=n) for n in ("Trotec", "Shaper", "Prusa"))
    return {
        "laser": laser,
        "cnc": cnc,
        "printer": printer,
        "laser_training": TrainingFactory(lab=lab, title="Laser", machines=[laser]),
        "cnc_training": TrainingFactory(lab=lab, title="CNC", machines=[cnc]),
    }


def test_certifications_are_grouped_valid_expiring_and_no_longer_valid(
    staff, member, lab, workshop
):
    now = timezone.now()
    grant(staff, member, workshop["laser_training"])
    soon = TrainingFactory(lab=lab, title="Soudure", validity_months=1, expiry_reminder_days=40)
    grant(staff, member, soon)
    old = TrainingFactory(lab=lab, title="Tour", validity_months=1)
    grant(staff, member, old, granted_at=now - dt.timedelta(days=70))
    cert = grant(staff, member, workshop["cnc_training"])
    certification_revoke(actor=staff, certification=cert, reason="Usage dangereux")
    passport = member_passport(member=member)
    assert [e.training.title for e in passport.valid] == ["Laser"]
    assert [e.training.title for e in passport.expiring] == ["Soudure"]
    assert {e.refusal.code for e in passport.invalid} == {"expired", "revoked"}


def test_machines_allowed_refused_and_what_would_unlock_more(staff, member, workshop):
    grant(staff, member, workshop["laser_training"])
    session = TrainingSessionFactory(training=workshop["cnc_training"])
    passport = member_passport(member=member)
    assert {a.machine.name for a in passport.allowed} == {"Trotec", "Prusa"}
    assert [a.machine.name for a in passport.refused] == ["Shaper"]
    [unlock] = passport.unlocks
    assert unlock.training.title == "CNC" and unlock.machines == [workshop["cnc"]]
    assert unlock.sessions == [session]


def test_a_suspended_member_may_use_nothing_and_keeps_their_certifications(staff, member, workshop):
    grant(staff, member, workshop["laser_training"])
    member.status = "suspended"
    member.save()
    passport = member_passport(member=member)
    assert passport.allowed == [] and [e.training.title for e in passport.valid] == ["Laser"]
    assert [u.training.title for u in passport.unlocks] == ["CNC"]  # not the one held


def test_the_passport_page_costs_the_same_for_20_machines(
    staff, member, member_client, lab, django_assert_max_num_queries
):
    lasers, routers = MachineCategoryFactory(lab=lab), MachineCategoryFactory(lab=lab)
    for n in range(10):
        MachineFactory(lab=lab, category=lasers, name=f"Laser {n}")
        MachineFactory(lab=lab, category=routers, name=f"CNC {n}")
    laser_training = TrainingFactory(lab=lab, title="Laser")
    laser_training.categories.add(lasers)
    cnc_training = TrainingFactory(lab=lab, title="CNC")
    cnc_training.categories.add(routers)
    cnc_training.prerequisites.add(laser_training)
    grant(staff, member, laser_training)
    TrainingSessionFactory(training=cnc_training)
    with django_assert_max_num_queries(25):
        page = member_client.get("/trainings/passport/").content.decode()
    assert len(set(re.findall(r"/machines/\d+/", page))) == 20
    assert "Laser 9" in page and "Trainings that would unlock more machines" in page


def test_the_page_shows_states_and_refusals_in_words(staff, member, member_client, workshop):
    cert = grant(staff, member, workshop["cnc_training"])
    certification_revoke(actor=staff, certification=cert, reason="Usage dangereux")
    page = member_client.get("/trainings/passport/").content.decode()
    assert "My certifications" in page and "withdrawn: Usage dangereux" in page
    assert "Grant a certification" not in page and "/revoke/" not in page


@pytest.mark.parametrize(
    "who,status",
    [("member", 403), ("other_member", 403), ("staff", 200), ("admin_user", 200)],
)
def test_who_may_open_a_member_s_passport(request, client, other_member, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/trainings/passport/{other_member.pk}/").status_code == status


def test_anonymous_log_in_first_and_other_lab_staff_see_nothing(client, member):
    assert client.get("/trainings/passport/")["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory(lab=LabFactory(), with_role=Role.STAFF))
    assert client.get(f"/trainings/passport/{member.pk}/").status_code == 404


def test_the_member_home_panel_links_the_passport(member_client, staff, member, workshop):
    page = member_client.get("/").content.decode()
    assert "You hold no certification yet" in page and "/trainings/passport/" in page
    grant(staff, member, workshop["laser_training"])
    assert "1 valid certification" in member_client.get("/").content.decode()


def test_the_machine_page_says_which_training_is_needed(client, staff, member, workshop):
    session = TrainingSessionFactory(training=workshop["laser_training"])
    url = f"/machines/{workshop['laser'].pk}/"
    page = client.get(url).content.decode()
    assert "Training needed" in page and f"/trainings/sessions/{session.pk}/" in page
    assert "You may" not in page  # a visitor gets no personal answer
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "You need the training “Laser” first." in page
    grant(staff, member, workshop["laser_training"])
    assert "✓ You may use this machine." in client.get(url).content.decode()
    assert (
        "Training needed" not in client.get(f"/machines/{workshop['printer'].pk}/").content.decode()
    )
