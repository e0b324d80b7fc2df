"""Billing's API: a member reads their own invoices, PDFs, charges and wallet (anyone else's
does not exist); staff read all of their lab's with filters and record payments; nothing
changes or deletes an issued invoice. Every JSON answer is checked against the committed
OpenAPI document."""

from decimal import Decimal

import pytest

from fabdesk.billing.credit_notes import credit_note_issue
from fabdesk.billing.models import Invoice, Payment
from fabdesk.billing.tests.desk_setup import AT, issued, pending
from fabdesk.billing.wallet_services import wallet_top_up
from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory
from fabdesk.tokens.tests.api_client import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices(staff, member, other_member):
    mine = issued(staff, member, price="12.00", at=AT)
    unpaid = issued(staff, member, price="30.00", paid="10.00")
    theirs = issued(staff, other_member, price="5.00")
    credit = credit_note_issue(actor=staff, invoice=mine, amount=Decimal("2.00"))
    return {"mine": mine, "unpaid": unpaid, "theirs": theirs, "credit": credit}


def numbers(response) -> set[str]:
    return {item["number"] for item in response.json()["items"]}


def test_a_member_lists_and_reads_only_their_own(member, invoices):
    api = ApiClient.for_user(member)
    listed = api.get("/invoices")
    assert listed.status_code == 200
    own = {invoices[name].number for name in ("mine", "unpaid", "credit")}
    assert numbers(listed) == own and listed.json()["count"] == 3
    detail = api.get(f"/invoices/{invoices['unpaid'].pk}").json()
    assert detail["total_incl_tax"] == "30.00" and detail["due"] == "20.00"
    assert detail["paid"] == "10.00" and detail["status"] == "partially_paid"
    assert detail["lines"][0]["vat_rate"] == "20.00"
    assert detail["vat_breakdown"] == [{"rate": "20.00", "base": "25.00", "vat": "5.00"}]
    credit = api.get(f"/invoices/{invoices['credit'].pk}").json()
    assert credit["kind"] == "credit_note"
    assert credit["credited_invoice"] == {"id": invoices["mine"].pk, "number": "2026-000001"}
    assert api.get(f"/invoices/{invoices['theirs'].pk}").status_code == 404


def test_a_member_downloads_their_pdf_only(member, invoices):
    api = ApiClient.for_user(member)
    response = api.get(f"/invoices/{invoices['mine'].pk}/pdf", validate=False)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert api.get(f"/invoices/{invoices['theirs'].pk}/pdf").status_code == 404


def test_staff_list_every_invoice_with_filters(staff, member, invoices):
    api = ApiClient.for_user(staff)
    assert api.get("/invoices").json()["count"] == 4
    assert numbers(api.get("/invoices", {"member": invoices["theirs"].buyer_member_id})) == {
        invoices["theirs"].number
    }
    assert numbers(api.get("/invoices", {"kind": "credit_note"})) == {invoices["credit"].number}
    assert numbers(api.get("/invoices", {"status": "partially_paid"})) == {
        invoices["unpaid"].number
    }
    dated = api.get("/invoices", {"date_from": "2026-05-04", "date_until": "2026-05-04"})
    assert numbers(dated) == {invoices["mine"].number}
    assert numbers(api.get("/invoices", {"number": invoices["theirs"].number})) == {
        invoices["theirs"].number
    }
    assert api.get("/invoices", {"status": "lost"}).status_code == 422


def test_staff_of_another_lab_find_nothing(invoices):
    elsewhere = UserFactory(lab=LabFactory(slug="elsewhere"), with_role=Role.STAFF)
    api = ApiClient.for_user(elsewhere)
    assert api.get("/invoices").json()["count"] == 0
    assert api.get(f"/invoices/{invoices['mine'].pk}").status_code == 404
    assert api.get(f"/invoices/{invoices['mine'].pk}/pdf").status_code == 404
    answer = api.post(
        f"/invoices/{invoices['unpaid'].pk}/payments", {"method": "cash", "amount": "1.00"}
    )
    assert answer.status_code == 404


def test_anonymous_callers_are_refused(invoices):
    api = ApiClient()
    for path in ("/invoices", f"/invoices/{invoices['mine'].pk}", "/charges", "/wallet"):
        assert api.get(path).status_code == 401


def test_staff_record_a_payment(staff, invoices):
    api = ApiClient.for_user(staff)
    unpaid = invoices["unpaid"]
    response = api.post(
        f"/invoices/{unpaid.pk}/payments",
        {"method": "transfer", "amount": "20.00", "reference": "VIR 42"},
    )
    assert response.status_code == 201
    assert response.json()["status"] == "paid" and response.json()["due"] == "0.00"
    again = api.post(f"/invoices/{unpaid.pk}/payments", {"method": "cash", "amount": "1.00"})
    assert again.status_code == 409 and again.json()["code"] == "invoice_paid"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"method": "cash", "amount": "20.01"}, 422, "payment_too_large"),
        ({"method": "cash", "amount": "-5"}, 422, "invalid"),
        ({"method": "wallet", "amount": "5.00"}, 422, "wallet_insufficient"),
        ({"method": "bitcoin", "amount": "5.00"}, 422, "invalid"),
    ],
)
def test_bad_payments_are_refused_and_nothing_is_written(staff, invoices, body, status, code):
    api = ApiClient.for_user(staff)
    response = api.post(f"/invoices/{invoices['unpaid'].pk}/payments", body)
    assert response.status_code == status and response.json()["code"] == code
    assert Payment.objects.filter(invoice=invoices["unpaid"]).count() == 1


def test_a_member_cannot_record_a_payment(member, invoices):
    api = ApiClient.for_user(member)
    response = api.post(
        f"/invoices/{invoices['unpaid'].pk}/payments", {"method": "cash", "amount": "20.00"}
    )
    assert response.status_code == 403 and response.json()["code"] == "staff_only"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_an_issued_invoice_cannot_be_changed_or_deleted(staff, invoices, method):
    api = ApiClient.for_user(staff)
    invoice = invoices["mine"]
    response = api.call(method, f"/invoices/{invoice.pk}", {"total_incl_tax": "0"}, validate=False)
    assert response.status_code == 405
    stored = Invoice.objects.get(pk=invoice.pk)
    assert stored.total_incl_tax == Decimal("12.00") and stored.fingerprint == invoice.fingerprint


def test_charges_a_member_owes_and_what_staff_see(staff, member, other_member):
    owed = pending(staff, member, "Laser, 1 h", "20.00", item_type="machine_time")
    pending(staff, other_member, "Vinyle", "3.00")
    mine = ApiClient.for_user(member).get("/charges", {"status": "pending"}).json()
    assert [item["id"] for item in mine["items"]] == [owed.pk]
    assert mine["items"][0]["description"] == "Laser, 1 h"
    assert mine["items"][0]["lines"][0]["amount_incl_tax"] == "20.00"
    staff_api = ApiClient.for_user(staff)
    assert staff_api.get("/charges").json()["count"] == 2
    assert staff_api.get("/charges", {"member": member.pk}).json()["count"] == 1
    elsewhere = UserFactory(lab=LabFactory(slug="elsewhere"))
    assert staff_api.get("/charges", {"member": elsewhere.pk}).status_code == 404


def test_the_wallet_balance_and_its_movements(staff, member):
    wallet_top_up(actor=staff, member=member, amount=Decimal("15.00"), method="cash")
    issued(staff, member, price="4.00", paid="0")
    wallet = ApiClient.for_user(member).get("/wallet").json()
    assert wallet["balance"] == "15.00" and wallet["currency"] == "EUR"
    assert [(m["kind"], m["amount"]) for m in wallet["movements"]] == [("top_up", "15.00")]
    staff_api = ApiClient.for_user(staff)
    staff_view = staff_api.get("/wallet", {"member": member.pk}).json()
    assert staff_view["member"]["id"] == member.pk and staff_view["balance"] == "15.00"
    empty = staff_api.get("/wallet").json()
    assert empty["balance"] == "0.00" and empty["movements"] == []


def test_a_member_naming_someone_else_gets_their_own_wallet(member, other_member, staff):
    wallet_top_up(actor=staff, member=other_member, amount=Decimal("9.00"), method="cash")
    wallet = ApiClient.for_user(member).get("/wallet", {"member": other_member.pk}).json()
    assert wallet["member"]["id"] == member.pk and wallet["balance"] == "0.00"
