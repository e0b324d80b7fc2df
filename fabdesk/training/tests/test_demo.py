"""The demo's trainings: one per kind of machine that needs one, sessions held and to come,
certifications in every state, the demo member's passport; running it twice adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fabdesk.core.models import Lab
from fabdesk.equipment.models import Machine
from fabdesk.members.models import User
from fabdesk.training.certification_check import certification_check, certification_state
from fabdesk.training.models import Certification, Enrolment, Training, TrainingSession

pytestmark = pytest.mark.django_db


def _demo():
    call_command("demo", stdout=StringIO())
    return Lab.objects.get(slug="demo")


def _counts():
    return tuple(
        model.objects.count() for model in (Training, TrainingSession, Enrolment, Certification)
    )


def test_the_demo_runs_a_training_programme_and_twice_adds_nothing():
    lab = _demo()
    now = timezone.now()
    trainings = Training.objects.filter(lab=lab)
    assert trainings.get(slug="decoupe-laser").prerequisites.get().title == "Sécurité atelier"
    laser = trainings.get(slug="decoupe-laser")
    assert (laser.validity_months, laser.lapse_months) == (24, 12)
    assert laser.prices.count() == 4
    assert trainings.filter(trainers__isnull=False).exists()
    # Every machine needing a training has one, the vinyl cutter and oscilloscope need none.
    for slug in ("trotec-speedy-300", "cnc-high-z-s1000", "formlabs-form-3", "brother-pr680w",
                 "station-soudage-1", "prusa-mk4-1", "perceuse-colonne"):  # fmt: skip
        assert Machine.objects.get(lab=lab, slug=slug).trainings.exists() or (
            Machine.objects.get(lab=lab, slug=slug).category.trainings.exists()
        ), slug
    held = TrainingSession.objects.filter(training__lab=lab, starts_at__lt=now)
    assert held.exists() and not held.filter(attendance_taken_at__isnull=True).exists()
    upcoming = TrainingSession.objects.filter(training__lab=lab, starts_at__gt=now)
    full = [s for s in upcoming if s.enrolments.filter(status="waitlisted").exists()]
    assert len(full) == 1
    assert full[0].enrolments.filter(status="enrolled").count() == full[0].capacity
    at_risk = [
        s for s in upcoming
        if s.enrolments.filter(status="enrolled").count() < s.training.min_participants
    ]  # fmt: skip
    assert at_risk
    codes = set()
    for cert in Certification.objects.filter(training__lab=lab):
        _held, refusal = certification_state(member=cert.member, training=cert.training, at=now)
        codes.add(refusal.code if refusal else "valid")
    assert {"valid", "expired", "lapsed", "revoked"} <= codes
    expiring = Certification.objects.filter(
        training__lab=lab, revoked_at__isnull=True, expires_at__gt=now,
        expires_at__lt=now + timezone.timedelta(days=30),
    )  # fmt: skip
    assert expiring.exists()
    assert Certification.objects.filter(source="attendance").exists()

    counts = _counts()
    _demo()
    assert _counts() == counts


def test_the_demo_member_may_use_the_3d_printer_not_the_laser():
    lab = _demo()
    member = User.objects.get(email="membre@fablab-demo.test")
    printer = Machine.objects.get(lab=lab, slug="prusa-mk4-1")
    laser = Machine.objects.get(lab=lab, slug="trotec-speedy-300")
    assert certification_check(member=member, machine=printer).allowed
    refused = certification_check(member=member, machine=laser)
    assert not refused.allowed and refused.codes == ["expired"]
    printing = Certification.objects.get(member=member, training__slug="impression-3d-fdm")
    assert printing.source == "attendance" and printing.session is not None
