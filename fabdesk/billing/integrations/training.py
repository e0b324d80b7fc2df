"""Training enrolments and their charges (ADR 0015): a seat taken (at once or from the
waitlist) is charged the price stored on the enrolment, the member group's price when they
enrolled; a seat given up is cancelled or credited by the refund rule, in full when the lab
cancelled the session. A waitlist place is never charged."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.training.enrolment_services import enrolment_price_for
from fabdesk.training.models import Enrolment, TrainingSession

from ..choices import ItemType
from ..pricing import PriceBreakdown, charge_preview
from .common import source_charge, source_settle


def _session_day(session: TrainingSession):
    return timezone.localtime(session.starts_at, session.training.lab.tzinfo).date()


def enrolment_charge(*, enrolment: Enrolment):
    """The charge of a seat (None: the training is free for the member's group)."""
    if not enrolment.price:
        return None
    session = enrolment.session
    return source_charge(lab=session.training.lab, source=enrolment,
                         member=enrolment.member, item_type=ItemType.TRAINING,
                         performed_on=_session_day(session))  # fmt: skip


def enrolment_preview(*, member, session: TrainingSession) -> PriceBreakdown:
    """What a seat in `session` will cost `member`: the enrolment's price as the enrolment
    service will store it (training's own rule), priced like the charge."""
    price = enrolment_price_for(member, session) or Decimal(0)
    enrolment = Enrolment(session=session, member=member, price=price)
    return charge_preview(lab=session.training.lab, member=member,
                          item_type=ItemType.TRAINING, target=enrolment)  # fmt: skip


def on_enrolment_confirmed(sender, *, enrolment: Enrolment, actor, **kwargs) -> None:
    enrolment_charge(enrolment=enrolment)


def on_enrolment_cancelled(sender, *, enrolment: Enrolment, actor, by_lab: bool = False,
                           **kwargs) -> None:  # fmt: skip
    reason = _("Training session cancelled") if by_lab else _("Training seat given up")
    source_settle(actor=actor, source=enrolment, reason=reason, by_lab=by_lab)
