"""Tamper evidence: `fabdesk verify-invoices` recomputes each lab's chain of fingerprints.
Every field of a stored invoice, credit note or line changed directly in the database
(QuerySet.update or raw SQL, behind the application's back), a line added or removed, an
invoice deleted: the command exits 1 naming the first invoice that no longer matches."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.invoice_services import invoice_issue
from fabdesk.billing.models import Charge, Invoice, InvoiceLine, Payment, WalletMovement
from fabdesk.billing.payment_services import PaymentIn
from fabdesk.billing.verify import CheckResult, register_check, registered_checks, verify_invoices


@pytest.fixture
def chain(legal_lab, member, staff, sell):
    """Invoice 1 (two lines), invoice 2, and credit note 3 crediting one unit of invoice 1."""

    def issue(*charges):
        total = sum(c.total_incl_tax for c in charges)
        return invoice_issue(
            actor=staff, lab=legal_lab, charges=charges, payments=[PaymentIn("cash", total)]
        )

    first = issue(sell(member, "Contreplaqué", "6.00", quantity=2), sell(member, "PLA", "3.10"))
    second = issue(sell(member, "Découpe laser", "24.00"))
    credit = credit_note_issue(
        actor=staff, invoice=first, lines={first.lines.first(): 1}, reason="Planche abîmée"
    )
    return first, second, credit


def verify(**options) -> str:
    """The command's first line (other checks, such as archives, print theirs after)."""
    out = StringIO()
    call_command("verify-invoices", stdout=out, **options)
    return out.getvalue().splitlines()[0]


def refused() -> str:
    with pytest.raises(CommandError) as failure:
        verify()
    assert failure.value.returncode == 1
    return str(failure.value)


def test_an_untouched_chain_is_verified(chain, legal_lab):
    assert verify() == "3 invoices verified"
    assert verify(lab=legal_lab.slug) == "3 invoices verified"
    assert verify_invoices(lab=legal_lab) == CheckResult(count=3)


INVOICE_CHANGES = {
    "number": "2026-999999",
    "issued_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    "issue_date": dt.date(2026, 1, 1),
    "due_date": dt.date(2030, 1, 1),
    "service_date_from": dt.date(2025, 1, 1),
    "service_date_until": dt.date(2025, 1, 2),
    "buyer_name": "Quelqu'un d'autre",
    "buyer_address": "ailleurs",
    "buyer_email": "x@example.test",
    "buyer_company_id": "FR000",
    "seller": {"name": "Autre"},
    "currency": "USD",
    "total_excl_tax": Decimal("1.00"),
    "total_vat": Decimal("0.00"),
    "total_incl_tax": Decimal("1.00"),
    "vat_breakdown": [],
    "vat_exempt": True,
    "vat_exemption_mention": "exempt",
    "payment_terms": "never",
    "late_payment_mention": "",
    "reason": "changed",
    "refund_method": "original",
    "fingerprint": "0" * 64,
    "previous_fingerprint": "f" * 64,
}


@pytest.mark.parametrize("field", sorted(INVOICE_CHANGES))
def test_any_field_of_an_invoice_changed_is_caught(chain, field):
    first = chain[0]
    Invoice.objects.filter(pk=first.pk).update(**{field: INVOICE_CHANGES[field]})
    problem = refused()
    assert "number 1 in the chain" in problem
    assert INVOICE_CHANGES["number"] in problem or first.number in problem


LINE_CHANGES = {
    "description": "Autre chose",
    "quantity": Decimal("20"),
    "unit": "gram",
    "unit_price": Decimal("0.01"),
    "vat_rate": Decimal("5.5"),
    "amount_excl_tax": Decimal("0.01"),
    "vat_amount": Decimal("0"),
    "amount_incl_tax": Decimal("0.01"),
    "position": 9,
    "item_type": "other",
}


@pytest.mark.parametrize("field", sorted(LINE_CHANGES))
def test_any_field_of_a_line_changed_is_caught(chain, field):
    second = chain[1]
    InvoiceLine.objects.filter(invoice=second).update(**{field: LINE_CHANGES[field]})
    assert f"{second.number} (number 2 in the chain)" in refused()


def test_a_credit_note_turned_into_an_invoice_is_caught(chain):
    credit = chain[2]
    Invoice.objects.filter(pk=credit.pk).update(kind="invoice", credited_invoice=None)
    assert "number 3 in the chain" in refused()


def test_a_credit_note_pointed_elsewhere_is_caught(chain):
    first, second, credit = chain
    Invoice.objects.filter(pk=credit.pk).update(credited_invoice=second)
    assert credit.number in refused()
    Invoice.objects.filter(pk=credit.pk).update(credited_invoice=first)
    assert verify() == "3 invoices verified"
    InvoiceLine.objects.filter(invoice=credit).update(credited_line=second.lines.get())
    assert credit.number in refused()


def test_an_amount_changed_by_raw_sql_is_caught(chain):
    first = chain[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE billing_invoiceline SET amount_incl_tax = 0.5 WHERE invoice_id = %s",
            [first.pk],
        )
    assert first.number in refused()


def test_a_line_added_or_removed_is_caught(chain):
    first, second, _credit = chain
    line = second.lines.get()
    InvoiceLine.objects.bulk_create(
        [
            InvoiceLine(
                invoice=second,
                position=2,
                item_type="other",
                description="Ajout",
                quantity=1,
                unit="unit",
                unit_price=1,
                vat_rate=0,
                amount_excl_tax=1,
                vat_amount=0,
                amount_incl_tax=1,
            )
        ]
    )
    assert second.number in refused()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_invoiceline WHERE invoice_id = %s", [second.pk])
        cursor.execute(
            "INSERT INTO billing_invoiceline (invoice_id, position, item_type, description,"
            " quantity, unit, unit_price, vat_rate, amount_excl_tax, vat_amount,"
            " amount_incl_tax, charge_id, credited_line_id) SELECT %s, 1,"
            " item_type, description, quantity, unit, unit_price, vat_rate, amount_excl_tax,"
            " vat_amount, amount_incl_tax, NULL, NULL FROM billing_invoiceline WHERE id = %s",
            [second.pk, first.lines.last().pk],
        )
    assert line.pk not in InvoiceLine.objects.values_list("pk", flat=True)
    problem = refused()
    assert second.number in problem and "number 1 in the chain" not in problem


def _delete_invoice(invoice: Invoice) -> None:
    """What someone with the database in hand would do to make an invoice disappear."""
    with connection.cursor() as cursor:
        for sql in (
            "DELETE FROM billing_walletmovement WHERE invoice_id = %s",
            "DELETE FROM billing_payment WHERE invoice_id = %s",
            "DELETE FROM billing_invoiceline WHERE invoice_id = %s",
            "UPDATE billing_charge SET invoice_id = NULL, status = 'pending' WHERE invoice_id = %s",
            "DELETE FROM billing_invoice WHERE id = %s",
        ):
            cursor.execute(sql, [invoice.pk])


def test_an_invoice_deleted_in_the_middle_is_caught(chain):
    second = chain[1]
    _delete_invoice(second)
    assert "number 3 in the chain" in refused()


def test_the_last_invoice_deleted_is_caught(chain):
    credit = chain[2]
    _delete_invoice(credit)
    assert not Invoice.objects.filter(pk=credit.pk).exists()
    assert "3 numbers were given but 2 invoices are stored" in refused()


def test_an_empty_install_verifies_nothing(db):
    assert verify() == "0 invoices verified"


def test_other_checks_plug_in(chain, monkeypatch):
    from fabdesk.billing import verify as module

    monkeypatch.setattr(module, "_CHECKS", {})
    register_check("archives", lambda *, lab: CheckResult(count=2))
    assert [label for label, _check in registered_checks()] == ["invoices", "archives"]
    out = StringIO()
    call_command("verify-invoices", stdout=out)
    assert out.getvalue() == "3 invoices verified\n2 archives verified\n"
    register_check("archives", lambda *, lab: CheckResult(count=1, problem="Archive X broken"))
    assert "Archive X broken" in refused()


def test_the_models_used_here_are_the_ones_tampered(chain):
    """The fixture's rows exist where the tamper tests look for them."""
    assert Payment.objects.count() == 3
    assert WalletMovement.objects.count() == 1
    assert Charge.objects.filter(status="invoiced").count() == 3
