"""Simultaneous checkouts on PostgreSQL: ten desks issue at the same instant and get ten
consecutive numbers, no gap, no duplicate, one unbroken fingerprint chain (the lab's
accounting settings row is locked while an invoice is issued, ADR 0013); ten spends at once
never take a wallet below zero."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from fabdesk.billing.invoice_services import invoice_issue
from fabdesk.billing.models import Invoice, WalletMovement
from fabdesk.billing.payment_services import PaymentIn
from fabdesk.billing.verify import CheckResult, verify_invoices
from fabdesk.billing.wallet_services import wallet_get, wallet_spend, wallet_top_up
from fabdesk.members.tests.factories import UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database shared between threads"
)


def all_at_once(calls) -> list[str]:
    """Run each call in its own thread (its own connection), all released at once; what
    each returned (or the error's code)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def attempt(call) -> None:
        barrier.wait()
        try:
            outcomes.append(str(call()))
        except Exception as exc:  # reported in the outcome, asserted below
            outcomes.append(getattr(exc, "code", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_checkouts_at_once_get_ten_consecutive_numbers(legal_lab, default_group, staff, sell):
    members = [UserFactory(lab=legal_lab, member_group=default_group) for _ in range(10)]
    charges = [sell(member, price="12.00") for member in members]
    numbers = all_at_once(
        [
            lambda c=c: (
                invoice_issue(
                    actor=staff,
                    lab=legal_lab,
                    charges=[c],
                    payments=[PaymentIn("card", Decimal(12))],
                ).number
            )
            for c in charges
        ]
    )
    year = Invoice.objects.first().issue_date.year
    assert numbers == [f"{year}-{n:06d}" for n in range(1, 11)]
    assert sorted(Invoice.objects.values_list("chain_index", flat=True)) == list(range(1, 11))
    assert verify_invoices(lab=legal_lab) == CheckResult(count=10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_spends_at_once_never_take_a_wallet_below_zero(lab, member, staff):
    wallet_top_up(actor=staff, member=member, amount=Decimal("10"), method="cash")
    outcomes = all_at_once(
        [lambda: wallet_spend(actor=staff, member=member, amount=Decimal("3")).pk] * 10
    )
    assert outcomes.count("wallet_insufficient") == 7
    assert wallet_get(lab=lab, member=member).balance == Decimal("1.00")
    assert WalletMovement.objects.filter(kind="spend").count() == 3
