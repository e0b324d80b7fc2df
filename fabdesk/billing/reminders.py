"""Membership reminders: each member is told once, their plan's `reminder_days` before
their subscription ends (0: no reminder), unless they renewed already; and subscriptions
whose period is over are marked expired (subscription_services.subscriptions_expire).

Run daily by `fabdesk billing-reminders` (a systemd timer or cron) or the task below. Its
notification kind is registered when this module is imported (BillingConfig.ready)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from fabdesk.core.models import Lab
from fabdesk.core.timeutils import lab_today
from fabdesk.notifications.kinds import register_kind
from fabdesk.notifications.services import notify

from .choices import SubscriptionStatus
from .plan_models import Subscription
from .subscription_services import subscriptions_expire

KIND = "billing.subscription_expiring"

register_kind(
    KIND,
    label=_("Membership ending soon"),
    description=_("Some days before your membership ends, so that you can renew it."),
)


@dataclass
class RemindResult:
    reminded: list[Subscription] = field(default_factory=list)
    skipped: int = 0  # renewed already, or the member's account is not active
    expired: int = 0


def _due(lab: Lab, today: dt.date) -> list[Subscription]:
    """Subscriptions of the lab not reminded yet, ending within their plan's window."""
    widest = Subscription.objects.filter(lab=lab).aggregate(days=Max("plan__reminder_days"))
    if not widest["days"]:
        return []
    candidates = (
        Subscription.objects.filter(
            lab=lab,
            status=SubscriptionStatus.ACTIVE,
            reminded_at__isnull=True,
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=widest["days"]),
            plan__reminder_days__gt=0,
        )
        .select_related("member", "plan")
        .order_by("ends_on", "pk")
    )
    return [s for s in candidates if s.ends_on - today <= dt.timedelta(days=s.plan.reminder_days)]


def _renewed(subscription: Subscription) -> bool:
    return Subscription.objects.filter(
        member=subscription.member_id,
        plan=subscription.plan_id,
        status=SubscriptionStatus.ACTIVE,
        starts_on__gt=subscription.ends_on,
    ).exists()


def _remind(subscription: Subscription, now: dt.datetime) -> bool:
    with transaction.atomic():
        claimed = Subscription.objects.filter(pk=subscription.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            return False
        notify(
            recipient=subscription.member,
            kind=KIND,
            context={"subscription": subscription, "plan": subscription.plan},
            url=reverse("billing:mine"),
        )
    return True


def subscriptions_remind(*, now: dt.datetime | None = None) -> RemindResult:
    """Tell each member whose subscription ends soon, once (`reminded_at` is set with the
    notification; a second run reminds nobody twice), then expire the ended ones."""
    now = now or timezone.now()
    result = RemindResult()
    for lab in Lab.objects.order_by("pk"):
        for subscription in _due(lab, timezone.localtime(now, lab.tzinfo).date()):
            member = subscription.member
            if not member.is_active or member.status != "active" or _renewed(subscription):
                result.skipped += 1
            elif _remind(subscription, now):
                result.reminded.append(subscription)
    result.expired = subscriptions_expire()
    return result


def subscriptions_expiring(*, lab, within_days: int, today: dt.date | None = None):
    """The lab's active subscriptions ending within `within_days` (for the command's list)."""
    today = today or lab_today(lab.tzinfo)
    return (
        Subscription.objects.filter(
            lab=lab,
            status=SubscriptionStatus.ACTIVE,
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("member", "plan")
        .order_by("ends_on", "pk")
    )


@task()
def billing_reminders_task() -> int:
    """The daily run (see `fabdesk billing-reminders`): how many members were reminded."""
    return len(subscriptions_remind().reminded)
