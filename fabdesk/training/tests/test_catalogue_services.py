"""Staff changes to the training catalogue: creation, changes, prerequisites without loops,
trainers, prices, the lab's own entries only, and the audit log."""

from decimal import Decimal

import pytest

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.models import AuditEntry
from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory
from fabdesk.training.certification_services import certification_grant
from fabdesk.training.models import Training
from fabdesk.training.services import training_create, training_update

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db


def create(staff, **data):
    return training_create(actor=staff, lab=staff.lab, data={"title": "Laser", **data})


def test_staff_create_a_training_with_what_it_unlocks_and_its_prices(staff, lab, default_group):
    laser = MachineFactory(lab=lab)
    reduced = MemberGroupFactory(lab=lab, name="Réduit")
    training = create(
        staff,
        machines=[laser],
        categories=[laser.category],
        validity_months=24,
        prices={default_group: Decimal("40"), reduced: None},
    )
    assert training.slug == "laser"
    assert list(training.machines.all()) == [laser]
    assert {p.member_group: p.amount for p in training.prices.all()} == {default_group: 40}
    entry = AuditEntry.objects.get(action="training.created")
    assert entry.actor == staff and entry.changes["machines"] == [[], [laser.name]]


def test_the_title_is_needed_and_min_cannot_exceed_max(staff):
    with pytest.raises(Invalid) as exc:
        create(staff, title="  ")
    assert exc.value.field == "title"
    with pytest.raises(Invalid) as exc:
        create(staff, min_participants=5, max_participants=3)
    assert exc.value.field == "min_participants"
    assert not Training.objects.exists()


def test_a_model_rule_is_a_domain_error_not_a_crash(staff):
    with pytest.raises(Invalid) as exc:
        create(staff, validity_months=0)
    assert exc.value.field == "validity_months"


def test_a_code_already_taken_is_refused_and_codes_are_made_unique(staff):
    first = create(staff)
    assert create(staff).slug == "laser-2"
    with pytest.raises(Invalid) as exc:
        create(staff, title="Other", slug=first.slug)
    assert exc.value.code == "slug_taken"


def test_members_and_other_labs_staff_cannot_change_the_catalogue(member, lab):
    other_staff = UserFactory(lab=LabFactory(), with_role=Role.ADMIN)
    with pytest.raises(Forbidden):
        create(member)
    training = TrainingFactory(lab=lab)
    with pytest.raises(Forbidden):
        training_update(actor=other_staff, training=training, data={"title": "Hack"})


def test_machines_of_another_lab_are_refused(staff):
    with pytest.raises(Invalid) as exc:
        create(staff, machines=[MachineFactory(lab=LabFactory())])
    assert exc.value.code == "other_lab"


def test_a_prerequisite_that_would_loop_is_refused(staff, lab):
    basics = TrainingFactory(lab=lab, title="Basics")
    laser = TrainingFactory(lab=lab, title="Laser")
    expert = TrainingFactory(lab=lab, title="Expert")
    training_update(actor=staff, training=laser, data={"prerequisites": [basics]})
    training_update(actor=staff, training=expert, data={"prerequisites": [laser]})
    with pytest.raises(Invalid) as exc:
        training_update(actor=staff, training=basics, data={"prerequisites": [expert]})
    assert exc.value.code == "prerequisite_loop" and "“Expert” already needs" in exc.value.message
    with pytest.raises(Invalid):
        training_update(actor=staff, training=basics, data={"prerequisites": [basics]})
    assert not basics.prerequisites.exists()


def test_a_volunteer_trainer_must_hold_the_certification(staff, member, lab):
    training = TrainingFactory(lab=lab)
    with pytest.raises(Invalid) as exc:
        training_update(actor=staff, training=training, data={"trainers": [member]})
    assert exc.value.code == "trainer_not_certified"
    certification_grant(
        actor=staff, member=member, training=training, source="staff", reason="Expert"
    )
    training_update(actor=staff, training=training, data={"trainers": [member]})
    assert list(training.trainers.all()) == [member]


def test_an_update_records_only_what_changed(staff, lab, default_group):
    training = create(staff, prices={default_group: Decimal("10")})
    training_update(
        actor=staff,
        training=training,
        data={"title": "Laser", "duration_minutes": 180, "prices": {default_group: None}},
    )
    entry = AuditEntry.objects.get(action="training.updated")
    assert set(entry.changes) == {"duration_minutes", "prices"}
    assert not training.prices.exists()
    training_update(actor=staff, training=training, data={"duration_minutes": 180})
    assert AuditEntry.objects.filter(action="training.updated").count() == 1
