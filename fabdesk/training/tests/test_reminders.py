"""Expiry reminders: once per certification, within the training's window, with the next
sessions; never for a renewed, withdrawn, expired one or an inactive account."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from fabdesk.notifications.models import Notification
from fabdesk.training.certification_services import certification_grant, certification_revoke
from fabdesk.training.models import Certification
from fabdesk.training.reminders import certifications_remind

from .factories import TrainingFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(lab):
    return TrainingFactory(lab=lab, title="Laser", validity_months=12, expiry_reminder_days=30)


@pytest.fixture
def cert(staff, member, training):
    return certification_grant(
        actor=staff, member=member, training=training, source="staff", reason="x"
    )


def days_before(cert, days):
    return cert.expires_at - dt.timedelta(days=days)


def test_a_member_is_reminded_once_with_the_next_sessions(
    cert, member, training, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(
        training=training,
        starts_at=days_before(cert, 10),
        ends_at=days_before(cert, 10) + dt.timedelta(hours=2),
    )
    assert certifications_remind(now=days_before(cert, 31)).reminded == []
    with django_capture_on_commit_callbacks(execute=True):
        result = certifications_remind(now=days_before(cert, 29))
    assert result.reminded == [cert]
    [message] = mail.outbox
    assert message.to == [member.email] and "“Laser” expires soon" in message.subject
    assert session.starts_at.astimezone(training.lab.tzinfo).strftime("%Y") in message.body
    assert "/trainings/passport/" in message.body
    assert certifications_remind(now=days_before(cert, 1)).reminded == []
    assert Notification.objects.filter(kind="training.expiring").count() == 1


def test_no_reminder_when_the_training_sets_none(cert, training):
    training.expiry_reminder_days = None
    training.save()
    assert certifications_remind(now=days_before(cert, 1)).reminded == []


def test_each_training_has_its_own_window(staff, member, lab, cert):
    short = TrainingFactory(lab=lab, validity_months=12, expiry_reminder_days=5)
    other = certification_grant(
        actor=staff, member=member, training=short, source="staff", reason="x"
    )
    assert certifications_remind(now=days_before(other, 20)).reminded == [cert]
    assert certifications_remind(now=days_before(other, 4)).reminded == [other]


def test_no_reminder_for_a_withdrawn_or_renewed_certification_or_a_suspended_member(
    staff, member, cert, training
):
    certification_revoke(actor=staff, certification=cert, reason="x")
    renewed = certification_grant(
        actor=staff, member=member, training=training, source="staff", reason="again"
    )
    Certification.objects.filter(pk=renewed.pk).update(expires_at=cert.expires_at)
    member.status = "suspended"
    member.save()
    result = certifications_remind(now=days_before(cert, 3))
    assert result.reminded == [] and result.skipped == 1


def test_an_expired_certification_is_not_reminded(cert):
    assert certifications_remind(now=cert.expires_at + dt.timedelta(hours=1)).reminded == []


def test_the_command_reminds(cert, capsys):
    Certification.objects.filter(pk=cert.pk).update(
        expires_at=timezone.now() + dt.timedelta(days=3)
    )
    call_command("training-reminders")
    assert "1 member(s) reminded" in capsys.readouterr().out
    cert.refresh_from_db()
    assert cert.reminded_at is not None


def test_the_command_can_queue_the_task(cert, capsys):
    Certification.objects.filter(pk=cert.pk).update(
        expires_at=timezone.now() + dt.timedelta(days=3)
    )
    call_command("training-reminders", "--enqueue")
    assert "queued" in capsys.readouterr().out
    cert.refresh_from_db()
    assert cert.reminded_at is not None  # the immediate backend of the tests ran it
