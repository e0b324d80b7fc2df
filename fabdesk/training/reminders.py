"""Reminding members before their certification expires: once per certification, the
training's `expiry_reminder_days` before, with the training's next sessions to renew it.

Run daily by `fabdesk training-reminders` (a systemd timer or cron) or the task below."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from fabdesk.notifications.services import notify

from .certification_check import current_certification
from .models import Certification, Training
from .selectors import sessions_upcoming


@dataclass
class RemindResult:
    reminded: list[Certification] = field(default_factory=list)
    skipped: int = 0  # renewed since, or the member's account is not active


def _due(now: dt.datetime) -> list[Certification]:
    """Certifications not yet reminded, not withdrawn, still valid, expiring within their
    training's reminder window."""
    widest = Training.objects.aggregate(days=Max("expiry_reminder_days"))["days"]
    if not widest:
        return []
    candidates = (
        Certification.objects.filter(
            reminded_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + dt.timedelta(days=widest),
            training__expiry_reminder_days__isnull=False,
        )
        .select_related("member", "member__lab", "training", "training__lab")
        .order_by("expires_at", "pk")
    )
    return [
        cert
        for cert in candidates
        if cert.expires_at - now <= dt.timedelta(days=cert.training.expiry_reminder_days)
    ]


def _still_current(cert: Certification, now: dt.datetime) -> bool:
    member = cert.member
    if not member.is_active or member.status != "active":
        return False
    latest = current_certification(member=member, training=cert.training, at=now)
    return latest is not None and latest.pk == cert.pk


def certifications_remind(*, now: dt.datetime | None = None) -> RemindResult:
    """Tell each member whose certification expires soon, once (`reminded_at` is set when the
    mail is queued; a second run, even at the same time, reminds nobody twice)."""
    now = now or timezone.now()
    result = RemindResult()
    due = _due(now)
    sessions = sessions_upcoming(trainings={cert.training for cert in due}, now=now)
    for cert in due:
        if not _still_current(cert, now):
            result.skipped += 1
            continue
        with transaction.atomic():
            claimed = Certification.objects.filter(pk=cert.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            notify(
                recipient=cert.member,
                kind="training.expiring",
                context={
                    "training": cert.training,
                    "expires_at": cert.expires_at,
                    "sessions": sessions.get(cert.training_id, []),
                    "tz": cert.training.lab.time_zone,
                },
                url=reverse("training:passport"),
            )
        result.reminded.append(cert)
    return result


@task()
def certifications_remind_task() -> int:
    """The daily reminder run (see `fabdesk training-reminders`): how many were reminded."""
    return len(certifications_remind().reminded)
