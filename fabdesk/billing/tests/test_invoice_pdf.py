"""The invoice PDF: every legal mention French law asks for, read from the HTML that feeds
WeasyPrint (text extraction tools are not on every CI), and a real PDF of at least one page;
rendered after the issuing commit and stored, rendered again when missing, in the lab's
language."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import override_settings

from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.desk_services import cart_add_charge, cart_checkout, cart_open
from fabdesk.billing.invoice_pdf import (
    invoice_html,
    invoice_pdf_bytes,
    invoice_pdf_get,
    invoice_pdfs_on_demand,
)
from fabdesk.billing.payment_services import PaymentIn
from fabdesk.billing.tests.desk_setup import AT, issued, pending, with_legal_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def company_lab(lab):
    with_legal_ids(lab)
    lab.legal_form, lab.share_capital, lab.rcs = "SAS", "10 000 €", "RCS Lyon 123 456 789"
    lab.save()
    return lab


def text_of(html: str) -> str:
    return " ".join(html.replace("&nbsp;", " ").split())


def test_an_invoice_carries_every_legal_mention(company_lab, staff, member):
    member.address_line1, member.postal_code, member.city = "2 rue Neuve", "69002", "Lyon"
    member.save()
    invoice = issued(staff, member, price="12.00", paid="5.00", quantity=2, at=AT)
    html = text_of(invoice_html(invoice))
    for mention in [
        "Invoice 2026-000001",
        "Association Fablab Test", "1 rue des Ateliers", "69001 Lyon",
        "SIRET: 12345678900012", "VAT number: FR12345678901", "RNA: W691234567",
        "APE code: 9499Z", "Legal form: SAS", "Share capital: 10 000 €",
        "RCS: RCS Lyon 123 456 789",
        member.get_full_name(), "2 rue Neuve", "69002 Lyon",
        "Issue date</dt><dd>4 May 2026", "Date of the services</dt> <dd>4 May 2026",
        "Due date</dt><dd>4 May 2026",
        "Contreplaqué 3 mm", "2 unit", "€10.00", "20 %", "€20.00",
        "Total excl. VAT</th><td class=\"n\">€20.00", "VAT 20 %", "€4.00",
        "Total incl. VAT</th><td class=\"n\">€24.00",
        "Paid</th><td class=\"n\">€5.00", "Amount due</th><td class=\"n\">€19.00",
        "Payable à réception", "indemnité forfaitaire pour frais de recouvrement de 40 €",
    ]:  # fmt: skip
        assert mention in html, mention
    assert "TVA non applicable" not in html


def test_a_vat_exempt_lab_prints_the_exemption_mention(lab, staff, member):
    lab.vat_exempt = True
    lab.save()
    invoice = issued(staff, member, price="30.00")
    html = text_of(invoice_html(invoice))
    assert "TVA non applicable, art. 293 B du CGI" in html
    assert "VAT rate" not in html and "Total VAT" not in html
    assert 'Total incl. VAT</th><td class="n">€30.00' in html
    assert '<p class="status">Paid' in html


def test_a_credit_note_says_so_and_names_the_invoice_it_credits(company_lab, staff, member):
    invoice = issued(staff, member, price="12.00", at=AT)
    credit = credit_note_issue(
        actor=staff, invoice=invoice, amount=Decimal("2.00"), reason="Sheet damaged"
    )
    html = text_of(invoice_html(credit))
    assert f"Credit note {credit.number}" in html
    assert "Credit note for invoice 2026-000001 of" in html and "Sheet damaged" in html
    assert 'Total credited incl. VAT</th><td class="n">€2.00' in html
    assert "Refunded €2.00 (Wallet)" in html
    assert "Amount due" not in html
    credited = text_of(invoice_html(invoice))
    assert 'Credited</th><td class="n">\u2212 €2.00' in credited
    assert f"Credit notes: {credit.number}" in credited


def test_the_pdf_is_a_real_pdf_of_at_least_one_page(company_lab, staff, member):
    from weasyprint import HTML

    invoice = issued(staff, member, price="12.00")
    assert invoice_pdf_bytes(invoice).startswith(b"%PDF")
    assert len(HTML(string=invoice_html(invoice)).render().pages) >= 1


def test_the_pdf_is_rendered_and_stored_once_the_invoice_is_issued(
    company_lab, staff, member, django_capture_on_commit_callbacks
):
    charge = pending(staff, member, price="8.00")
    cart = cart_open(actor=staff, lab=company_lab, member=member)
    cart_add_charge(actor=staff, cart=cart, charge=charge)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = cart_checkout(actor=staff, cart=cart, payments=[PaymentIn("cash", Decimal(8))])
    invoice.refresh_from_db()
    name = rf"billing/invoices/{company_lab.slug}-{invoice.number}(_\w+)?\.pdf"
    assert re.fullmatch(name, invoice.pdf.name), invoice.pdf.name
    assert invoice.pdf.read(4) == b"%PDF"


def test_bulk_issues_leave_their_pdfs_for_later(
    company_lab, staff, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), invoice_pdfs_on_demand():
        invoice = issued(staff, member, price="8.00")
    invoice.refresh_from_db()
    assert not invoice.pdf


def test_a_missing_pdf_is_rendered_on_demand(company_lab, staff, member):
    invoice = issued(staff, member, price="8.00")
    assert not invoice.pdf
    assert invoice_pdf_get(invoice).startswith(b"%PDF")
    invoice.refresh_from_db()
    assert invoice.pdf  # stored for the next time


@override_settings(LANGUAGE_CODE="fr")
def test_the_pdf_speaks_the_labs_language_whoever_prints_it(company_lab, staff, member):
    invoice = issued(staff, member, price="8.00", at=dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC))
    html = invoice_html(invoice)
    assert '<html lang="fr">' in html
    assert "4 mai 2026" in html
    assert "8,00\xa0€" in html
