"""The wallet: topped up at the desk, spent on invoices, credited by refunds, paid back.
Every move locks the wallet row, checks the balance never goes below zero, and writes a
movement that is never changed."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fabdesk.core.errors import Forbidden, Invalid
from fabdesk.core.money import money_round
from fabdesk.core.services import audit_record
from fabdesk.members.permissions import is_staff

from .choices import PaymentMethod, WalletMovementKind
from .wallet_models import Wallet, WalletMovement

DESK_METHODS = [
    PaymentMethod.CASH,
    PaymentMethod.CARD,
    PaymentMethod.CHEQUE,
    PaymentMethod.TRANSFER,
    PaymentMethod.ONLINE,
]


def wallet_get(*, lab, member) -> Wallet:
    """The member's wallet at the lab, created empty on first use."""
    found = Wallet.objects.filter(lab=lab, member=member).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return Wallet.objects.create(lab=lab, member=member)
    except IntegrityError:  # created meanwhile
        return Wallet.objects.get(lab=lab, member=member)


def _positive(amount) -> Decimal:
    amount = money_round(amount)
    if amount <= 0:
        raise Invalid(_("The amount must be positive."), code="amount_not_positive", field="amount")
    return amount


def _move(*, member, kind: str, amount: Decimal, actor, **fields) -> WalletMovement:
    if member is None or member.lab_id is None:
        raise Invalid(_("Only a member has a wallet."), code="no_wallet")
    wallet = wallet_get(lab=member.lab, member=member)
    wallet = Wallet.objects.select_for_update(of=("self",)).get(pk=wallet.pk)
    balance = wallet.balance + amount
    if balance < 0:
        raise Invalid(
            _("The wallet holds %(balance)s, not enough for %(amount)s.")
            % {"balance": wallet.balance, "amount": -amount},
            code="wallet_insufficient",
        )
    wallet.balance = balance
    wallet.save(update_fields=["balance", "updated_at"])
    return WalletMovement.objects.create(
        wallet=wallet,
        kind=kind,
        amount=amount,
        balance_after=balance,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )


@transaction.atomic
def wallet_top_up(
    *,
    actor,
    member,
    amount: Decimal,
    method: str,
    reference: str = "",
    provider: str = "",
    provider_reference: str = "",
) -> WalletMovement:
    """Money received at the desk (or online) onto the member's wallet."""
    if method not in DESK_METHODS:
        raise Invalid(_("Choose how the money was paid."), code="method_invalid", field="method")
    movement = _move(
        member=member,
        kind=WalletMovementKind.TOP_UP,
        amount=_positive(amount),
        actor=actor,
        method=method,
        reason=reference[:300],
        provider=provider,
        provider_reference=provider_reference,
    )
    audit_record(
        actor=actor,
        target=movement.wallet,
        action="billing.wallet_topped_up",
        changes={"amount": str(movement.amount), "method": method},
    )
    return movement


@transaction.atomic
def wallet_spend(
    *, actor, member, amount: Decimal, reason: str = "", payment=None
) -> WalletMovement:
    """Take `amount` from the wallet (refused when the balance is short)."""
    return _move(
        member=member,
        kind=WalletMovementKind.SPEND,
        amount=-_positive(amount),
        actor=actor,
        reason=reason[:300],
        payment=payment,
        invoice=payment.invoice if payment is not None else None,
    )


@transaction.atomic
def wallet_credit(
    *, actor, member, amount: Decimal, reason: str = "", invoice=None, payment=None
) -> WalletMovement:
    """A refund onto the wallet (a credit note refunded to the wallet)."""
    return _move(
        member=member,
        kind=WalletMovementKind.REFUND,
        amount=_positive(amount),
        actor=actor,
        reason=reason[:300],
        invoice=invoice,
        payment=payment,
    )


@transaction.atomic
def wallet_withdraw(
    *, actor, member, amount: Decimal, method: str, reason: str = ""
) -> WalletMovement:
    """Pay the member back some of their balance (cash, cheque, transfer)."""
    if not is_staff(actor):
        raise Forbidden()
    if method not in DESK_METHODS:
        raise Invalid(_("Choose how the money was paid."), code="method_invalid", field="method")
    movement = _move(
        member=member,
        kind=WalletMovementKind.WITHDRAWAL,
        amount=-_positive(amount),
        actor=actor,
        method=method,
        reason=reason[:300],
    )
    audit_record(
        actor=actor,
        target=movement.wallet,
        action="billing.wallet_paid_back",
        changes={"amount": str(-movement.amount), "method": method},
    )
    return movement
