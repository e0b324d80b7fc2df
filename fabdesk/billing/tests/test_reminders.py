"""Membership reminders: once, the plan's number of days before the end, not after a
renewal nor for a suspended account; ended subscriptions expire; the command."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from fabdesk.billing.choices import SubscriptionStatus
from fabdesk.billing.reminders import subscriptions_remind
from fabdesk.core.timeutils import lab_today
from fabdesk.members.models import User
from fabdesk.notifications.models import Notification

from .factories import PlanFactory, SubscriptionFactory

NOW = dt.datetime(2026, 6, 10, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def plan(lab):
    return PlanFactory(lab=lab, name="Adhésion annuelle", reminder_days=14)


def subscribe(plan, member, ends_on, **extra):
    return SubscriptionFactory(plan=plan, member=member, starts_on=ends_on.replace(year=2025),
                               ends_on=ends_on, **extra)  # fmt: skip


def test_a_member_is_reminded_once_in_the_window(
    plan, member, other_member, django_capture_on_commit_callbacks
):
    soon = subscribe(plan, member, dt.date(2026, 6, 24))
    subscribe(plan, other_member, dt.date(2026, 6, 25))  # 15 days: not yet
    with django_capture_on_commit_callbacks(execute=True):
        result = subscriptions_remind(now=NOW)
    assert result.reminded == [soon]
    soon.refresh_from_db()
    assert soon.reminded_at == NOW
    note = Notification.objects.get(kind="billing.subscription_expiring")
    assert note.recipient == member
    assert [m.subject for m in mail.outbox] == ["Your membership “Adhésion annuelle” ends soon"]
    assert "ends on 24 June 2026" in mail.outbox[0].body and "/billing/mine/" in mail.outbox[0].body
    assert subscriptions_remind(now=NOW).reminded == []


def test_no_reminder_after_a_renewal_for_a_suspended_account_or_without_a_window(
    plan, lab, member, other_member
):
    subscribe(plan, member, dt.date(2026, 6, 20))
    SubscriptionFactory(
        plan=plan, member=member, starts_on=dt.date(2026, 6, 21), ends_on=dt.date(2027, 6, 20)
    )
    other_member.status = User.Status.SUSPENDED
    other_member.save()
    subscribe(plan, other_member, dt.date(2026, 6, 20))
    silent = PlanFactory(lab=lab, reminder_days=0)
    subscribe(silent, member, dt.date(2026, 6, 11))
    result = subscriptions_remind(now=NOW)
    assert (result.reminded, result.skipped) == ([], 2)
    assert not Notification.objects.exists()


def test_ended_subscriptions_expire(plan, member):
    ended = subscribe(plan, member, dt.date(2026, 1, 31))
    running = subscribe(plan, member, dt.date(2099, 1, 31))
    assert subscriptions_remind().expired == 1
    ended.refresh_from_db()
    running.refresh_from_db()
    assert (ended.status, running.status) == (SubscriptionStatus.EXPIRED, SubscriptionStatus.ACTIVE)


def test_the_command_reminds_expires_and_lists(plan, member, other_member):
    today = lab_today(plan.lab.tzinfo)
    subscribe(plan, member, today + dt.timedelta(days=3))
    subscribe(plan, other_member, today - dt.timedelta(days=1))
    listed = io.StringIO()
    call_command("billing-reminders", "--list", "30", stdout=listed)
    assert (
        listed.getvalue()
        == f"{today + dt.timedelta(days=3)}\ttest-lab\t{member.email}\tAdhésion annuelle\n"
    )
    out = io.StringIO()
    call_command("billing-reminders", stdout=out)
    assert out.getvalue() == (
        "1 member(s) reminded, 0 skipped (renewed already, or account not active); "
        "1 subscription(s) expired.\n"
    )
    queued = io.StringIO()
    call_command("billing-reminders", "--enqueue", stdout=queued)
    assert queued.getvalue().startswith("Membership reminders queued")
