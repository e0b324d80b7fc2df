"""Print jobs charged through the print queue's signals: approved, the job is charged its
approved price (to the member, or to the visitor by name and email); withdrawn before
printing, cancelled or credited by the refund rule; rejected by the staff, in full."""

from decimal import Decimal

import pytest

from fabdesk.billing import charge_services
from fabdesk.billing.choices import ChargeStatus
from fabdesk.billing.models import Charge, Invoice
from fabdesk.billing.wallet_services import wallet_get
from fabdesk.fabrication import job_services as js
from fabdesk.fabrication.models import JobStatus, PrintJob
from fabdesk.fabrication.tests.job_factories import (
    make_file,
    make_material,
    make_print_settings,
    make_profile,
)

from .integration_setup import live_charge, paid, refund_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def material(lab):
    make_print_settings(lab)
    make_profile(lab)
    return make_material(lab)


def submitted(lab, material, member=None):
    """A job of one quoted file (12.75), by `member` or by a visitor who confirmed."""
    if member is not None:
        return js.print_job_submit(lab=lab, requester=member, material=material,
                                   files=[make_file(lab, uploaded_by=member)])  # fmt: skip
    job = js.print_job_submit(lab=lab, material=material, files=[make_file(lab)],
                              contact_name="Jeanne Visiteuse", contact_email="jeanne@example.test",
                              language="fr")  # fmt: skip
    return js.print_job_confirm_email(token=js.confirmation_token(job))


def test_an_approved_job_is_charged_its_approved_price(lab, member, staff, material):
    job = submitted(lab, material, member)
    assert not Charge.objects.exists()  # a quote is not a charge yet
    js.print_job_approve(actor=staff, job=job, price="15.00")
    charge = Charge.objects.get()
    assert charge.source == job and charge.member == member
    assert (charge.item_type, charge.total_incl_tax) == ("print", Decimal("15.00"))


def test_a_visitor_s_job_is_charged_by_name_for_the_desk(lab, staff, material):
    job = submitted(lab, material)
    js.print_job_approve(actor=staff, job=job)
    charge = live_charge(job)
    assert charge.member is None and charge.customer_name == "Jeanne Visiteuse"
    assert charge.customer_email == "jeanne@example.test"
    assert charge.total_incl_tax == job.quoted_price == Decimal("12.75")


def test_a_job_approved_at_no_cost_is_not_charged(lab, member, staff, material):
    js.print_job_approve(actor=staff, job=submitted(lab, material, member), price="0")
    assert not Charge.objects.exists()


def test_a_failing_charge_leaves_the_job_waiting(lab, member, staff, material, monkeypatch):
    job = submitted(lab, material, member)
    monkeypatch.setattr(charge_services, "_charge_record", lambda **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        js.print_job_approve(actor=staff, job=job)
    job.refresh_from_db()
    assert (job.status, job.approved_price) == (JobStatus.SUBMITTED, None)
    assert not Charge.objects.exists()


def test_withdrawn_before_printing_the_charge_is_cancelled(lab, member, staff, material):
    job = js.print_job_approve(actor=staff, job=submitted(lab, material, member))
    js.print_job_cancel(actor=member, job=job)
    assert [c.status for c in Charge.objects.all()] == [ChargeStatus.CANCELLED]


def test_a_paid_job_withdrawn_is_credited_by_the_rule(legal_lab, member, staff, material):
    refund_rule(legal_lab, "percentage", "50")
    job = js.print_job_approve(actor=staff, job=submitted(legal_lab, material, member))
    paid(legal_lab, staff, live_charge(job))
    js.print_job_cancel(actor=member, job=job)
    assert Invoice.objects.get(kind="credit_note").total_incl_tax == Decimal("6.38")
    assert wallet_get(lab=legal_lab, member=member).balance == Decimal("6.38")


def test_a_paid_job_rejected_by_the_staff_is_credited_in_full(legal_lab, member, staff, material):
    refund_rule(legal_lab, "none")
    job = js.print_job_approve(actor=staff, job=submitted(legal_lab, material, member))
    paid(legal_lab, staff, live_charge(job))
    js.print_job_reject(actor=staff, job=PrintJob.objects.get(pk=job.pk), reason="Trop fragile")
    assert Invoice.objects.get(kind="credit_note").total_incl_tax == Decimal("12.75")
