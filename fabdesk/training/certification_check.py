"""The one rule: may this member use this machine now?

certification_check(member=, machine=, at=) answers allowed, or the reasons it is not, in
words a member understands. Booking, the print service and access control call it; nothing
re-implements it. A machine that no training unlocks needs no certification."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fabdesk.equipment.models import Machine

from .models import Certification, Training
from .validity import lapse_for


@dataclass(frozen=True)
class Refusal:
    code: str  # account_suspended, account_pending, account_disabled, no_training, expired,
    # lapsed, revoked, prerequisite_missing
    message: str


@dataclass
class CheckResult:
    allowed: bool
    reasons: list[Refusal] = field(default_factory=list)
    certification: Certification | None = None  # the one that allows, when allowed
    trainings: list[Training] = field(default_factory=list)  # what unlocks the machine

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]


def trainings_unlocking(machine: Machine) -> QuerySet[Training]:
    """The offered trainings of the machine's lab that unlock it, directly or by category."""
    return (
        Training.objects.filter(lab_id=machine.lab_id, is_active=True)
        .filter(Q(machines=machine) | Q(categories=machine.category_id))
        .distinct()
        .order_by("position", "title")
    )


def current_certification(*, member, training: Training, at: dt.datetime) -> Certification | None:
    """The member's latest certification for `training` granted by `at` (revoked ones too:
    the caller says why it does not count)."""
    return (
        Certification.objects.filter(member=member, training=training, granted_at__lte=at)
        .order_by("-granted_at", "-id")
        .first()
    )


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def certification_state(
    *, member, training: Training, at: dt.datetime, _seen: frozenset = frozenset()
) -> tuple[Certification | None, Refusal | None]:
    """The member's certification for one training at `at`, and why it does not count (None
    when it does). Prerequisites must hold too, at the same instant."""
    cert = current_certification(member=member, training=training, at=at)
    title = training.title
    if cert is None:
        return None, Refusal(
            "no_training", _("You need the training “%(training)s” first.") % {"training": title}
        )
    if cert.revoked_at is not None and cert.revoked_at <= at:
        return cert, Refusal(
            "revoked",
            _("Your certification “%(training)s” was withdrawn: %(reason)s")
            % {"training": title, "reason": cert.revoke_reason},
        )
    if cert.expires_at is not None and cert.expires_at <= at:
        return cert, Refusal(
            "expired",
            _("Your certification “%(training)s” expired on %(date)s: take the training again.")
            % {"training": title, "date": _when(cert.expires_at)},
        )
    lapses_at = lapse_for(
        last_use=cert.last_used_at or cert.granted_at,
        lapse_months=training.lapse_months,
        tz=training.lab.tzinfo,
    )
    if lapses_at is not None and lapses_at <= at:
        return cert, Refusal(
            "lapsed",
            _(
                "Your certification “%(training)s” lapsed: the machine was not used for "
                "%(months)d months. Ask the staff for a refresher."
            )
            % {"training": title, "months": training.lapse_months},
        )
    for prerequisite in training.prerequisites.all():
        if prerequisite.pk in _seen:
            continue
        _cert, refusal = certification_state(
            member=member, training=prerequisite, at=at, _seen=_seen | {training.pk}
        )
        if refusal is not None:
            return cert, Refusal(
                "prerequisite_missing",
                _("“%(training)s” also needs “%(prerequisite)s”, which you do not hold now.")
                % {"training": title, "prerequisite": prerequisite.title},
            )
    return cert, None


def account_refusals(member) -> list[Refusal]:
    """Why the account itself may not use anything (disabled, suspended, pending), if so."""
    if not member.is_active:
        return [Refusal("account_disabled", _("This account is disabled."))]
    if member.status == "suspended":
        return [Refusal("account_suspended", _("Your account is suspended: ask the lab's staff."))]
    if member.status == "pending":
        return [
            Refusal(
                "account_pending",
                _("Your membership is waiting for validation by the lab's staff."),
            )
        ]
    return []


PREFERRED = ["revoked", "expired", "lapsed", "prerequisite_missing", "no_training"]


def certification_check(*, member, machine: Machine, at: dt.datetime | None = None) -> CheckResult:
    """May `member` use `machine` at `at` (now by default)? Any one valid certification of a
    training that unlocks the machine is enough. When none is, the reasons given are those of
    the training the member is closest to holding (withdrawn, expired or lapsed before 'no
    training')."""
    at = at or timezone.now()
    refusals = account_refusals(member)
    trainings = list(trainings_unlocking(machine).select_related("lab"))
    result = CheckResult(allowed=False, trainings=trainings)
    if not trainings:
        result.allowed = not refusals
        result.reasons = refusals
        return result
    states = [certification_state(member=member, training=t, at=at) for t in trainings]
    valid = [cert for cert, refusal in states if refusal is None]
    if valid and not refusals:
        result.allowed, result.certification = True, valid[0]
        return result
    if not valid:
        found = [refusal for _cert, refusal in states if refusal is not None]
        found.sort(key=lambda refusal: PREFERRED.index(refusal.code))
        closest = [r for r in found if r.code == found[0].code]
        refusals = [*refusals, *closest]
    result.reasons = refusals
    return result
