"""The wallet: top-ups, spending, paying back; the balance never goes below zero."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from fabdesk.billing.models import Wallet, WalletMovement
from fabdesk.billing.records import RecordIsFinal
from fabdesk.billing.wallet_services import (
    wallet_credit,
    wallet_get,
    wallet_spend,
    wallet_top_up,
    wallet_withdraw,
)
from fabdesk.core.errors import Forbidden, Invalid


def test_every_movement_is_listed_with_the_balance_after(lab, member, staff):
    wallet_top_up(actor=staff, member=member, amount=Decimal("20"), method="cash")
    wallet_spend(actor=staff, member=member, amount=Decimal("7.50"), reason="Café")
    wallet_credit(actor=staff, member=member, amount=Decimal("2"), reason="Avoir")
    wallet_withdraw(actor=staff, member=member, amount=Decimal("4.50"), method="cash")
    movements = WalletMovement.objects.order_by("id")
    assert [(m.kind, m.amount, m.balance_after) for m in movements] == [
        ("top_up", Decimal("20.00"), Decimal("20.00")),
        ("spend", Decimal("-7.50"), Decimal("12.50")),
        ("refund", Decimal("2.00"), Decimal("14.50")),
        ("withdrawal", Decimal("-4.50"), Decimal("10.00")),
    ]
    assert wallet_get(lab=lab, member=member).balance == Decimal("10.00")


def test_the_balance_never_goes_below_zero(lab, member, staff):
    wallet_top_up(actor=staff, member=member, amount=Decimal("5"), method="card")
    with pytest.raises(Invalid) as refused:
        wallet_spend(actor=staff, member=member, amount=Decimal("5.01"))
    assert refused.value.code == "wallet_insufficient"
    with pytest.raises(IntegrityError), transaction.atomic():
        Wallet.objects.filter(member=member).update(balance=Decimal("-1"))
    assert wallet_get(lab=lab, member=member).balance == Decimal("5.00")


@pytest.mark.parametrize(
    ("amount", "method"), [("0", "cash"), ("-5", "cash"), ("5", "wallet"), ("5", "barter")]
)
def test_bad_top_ups_are_refused(lab, member, staff, amount, method):
    with pytest.raises(Invalid):
        wallet_top_up(actor=staff, member=member, amount=Decimal(amount), method=method)
    assert not WalletMovement.objects.exists()


def test_only_staff_pay_back_and_movements_are_final(lab, member, staff):
    movement = wallet_top_up(actor=staff, member=member, amount=Decimal("5"), method="cash")
    with pytest.raises(Forbidden):
        wallet_withdraw(actor=member, member=member, amount=Decimal("1"), method="cash")
    movement.amount = Decimal("500")
    with pytest.raises(RecordIsFinal):
        movement.save()
