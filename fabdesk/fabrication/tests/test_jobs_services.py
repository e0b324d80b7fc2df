"""The print job rules: submitting (members, visitors and their confirmation link), every step
of the queue allowed or refused, who may take it, and who is told."""

import time
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.utils import timezone

from fabdesk.core.errors import Forbidden, Invalid, NotFound
from fabdesk.core.models import AuditEntry
from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.fabrication import job_services as js
from fabdesk.fabrication.job_selectors import job_queue
from fabdesk.fabrication.models import JobStatus, PrintJob, PrintSettings
from fabdesk.members.models import User
from fabdesk.notifications.models import Notification

from .job_factories import make_file, make_material, make_printer, make_profile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("print_settings")]
S = JobStatus


def submit(lab, member, material, **kwargs):
    files = kwargs.pop("files", None) or [make_file(lab, uploaded_by=member)]
    return js.print_job_submit(lab=lab, requester=member, files=files, material=material, **kwargs)


def visitor_submit(lab, material, **kwargs):
    files = kwargs.pop("files", None) or [make_file(lab)]
    params = {
        "contact_name": "Jeanne Visiteuse",
        "contact_email": "jeanne@example.test",
        "language": "en",
    }
    params.update(kwargs)
    return js.print_job_submit(lab=lab, files=files, material=material, **params)


def job_in(status, *, lab, member, material, printer=None):
    """A member's job put straight in `status` (the steps before are tested on their own)."""
    job = submit(lab, member, material)
    PrintJob.objects.filter(pk=job.pk).update(
        status=status,
        printer=printer,
        approved_price=Decimal("12.75") if status != S.SUBMITTED else None,
    )
    job.refresh_from_db()
    return job


# --- submitting -----------------------------------------------------------------------------


def test_a_member_submits_and_staff_are_told(
    lab, member, staff, material, profile, django_capture_on_commit_callbacks
):
    files = [
        make_file(lab, uploaded_by=member),
        make_file(lab, uploaded_by=member, quantity=3, name="gear.stl"),
    ]
    colour = material.colours.get(name="Orange")
    with django_capture_on_commit_callbacks(execute=True):
        job = submit(lab, member, material, files=files, colour=colour, notes=" Matte please ")
    year = timezone.localtime().year
    assert job.reference == f"P-{year}-0001"
    assert job.status == S.SUBMITTED
    assert job.quoted_price == Decimal("43.50")  # 10.25 + 3 copies of 10.25 + 2.50
    assert job.approved_price is None
    assert job.notes == "Matte please"
    assert job.profile == profile
    assert job.email_confirmed_at is not None
    assert sorted(job.files.values_list("original_name", flat=True)) == ["bracket.stl", "gear.stl"]
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert job.reference in mail.outbox[0].subject
    assert "gear.stl \N{MULTIPLICATION SIGN} 3" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=staff, kind="fabrication.job_submitted").exists()
    assert AuditEntry.objects.filter(action="print_job.submitted", target_id=str(job.pk)).exists()
    assert list(job_queue(lab=lab)) == [job]


def test_references_follow_each_other_and_each_lab_counts_its_own(lab, member, material, profile):
    first = submit(lab, member, material)
    second = submit(lab, member, material)
    assert int(second.reference[-4:]) == int(first.reference[-4:]) + 1
    lab2 = LabFactory(slug="second")
    owner = User.objects.create(email="x@example.test", lab=lab2)
    make_profile(lab2)
    job = submit(lab2, owner, make_material(lab2))
    assert job.reference.endswith("-0001")


def test_reference_numbers_go_past_9999(lab, member, material, profile):
    job = submit(lab, member, material)
    PrintJob.objects.filter(pk=job.pk).update(reference=job.reference[:-4] + "9999")
    assert submit(lab, member, material).reference.endswith("-10000")
    assert submit(lab, member, material).reference.endswith("-10001")


def test_a_visitor_confirms_their_address_before_the_job_reaches_the_queue(
    lab, staff, material, profile, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = visitor_submit(lab, material)
    assert job.email_confirmed_at is None and job.requester is None
    assert list(job_queue(lab=lab)) == []
    assert [m.to for m in mail.outbox] == [["jeanne@example.test"]]  # staff not yet
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/prints/confirm/?token=" in line)
    assert f"/prints/jobs/{job.secret}/" in body
    with pytest.raises(Invalid) as refused:
        js.print_job_approve(actor=staff, job=job)
    assert refused.value.code == "email_not_confirmed"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link.strip().replace("http://testserver", ""))
        assert response.status_code == 302
    job.refresh_from_db()
    assert job.email_confirmed_at is not None
    assert list(job_queue(lab=lab)) == [job]
    assert mail.outbox[-1].to == [staff.email]
    # Following the link again changes nothing and tells nobody twice.
    confirmed_at = job.email_confirmed_at
    with django_capture_on_commit_callbacks(execute=True):
        js.print_job_confirm_email(token=js.confirmation_token(job))
    job.refresh_from_db()
    assert job.email_confirmed_at == confirmed_at and len(mail.outbox) == 2


def test_a_tampered_or_expired_link_is_refused(lab, material, profile, monkeypatch):
    job = visitor_submit(lab, material)
    token = js.confirmation_token(job)
    other = visitor_submit(lab, material, contact_email="other@example.test")
    signature = token.split(":", 1)[1]
    forged = signing.b64_encode(f'{{"j":{other.pk},"e":"jeanne@example.test"}}'.encode())
    forged = f"{forged.decode()}:{signature}"
    for bad in ["", "garbage", token[:-2] + "xx", forged, js.confirmation_token(other)[:10]]:
        with pytest.raises(Invalid) as refused:
            js.print_job_confirm_email(token=bad)
        assert refused.value.code == "bad_link"
    later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    with pytest.raises(Invalid) as refused:
        js.print_job_confirm_email(token=token)
    assert refused.value.code == "link_expired"
    job.refresh_from_db()
    assert job.email_confirmed_at is None


def test_a_link_for_a_changed_address_is_refused(lab, material, profile):
    job = visitor_submit(lab, material)
    token = js.confirmation_token(job)
    PrintJob.objects.filter(pk=job.pk).update(contact_email="new@example.test")
    with pytest.raises(Invalid):
        js.print_job_confirm_email(token=token)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"contact_name": " "}, "name_required"),
        ({"contact_email": "not-an-address"}, "email_required"),
        ({"contact_email": ""}, "email_required"),
        ({"notes": "x" * 2001}, "too_long"),
    ],
)
def test_a_visitor_gives_a_name_and_an_address(lab, material, profile, params, code):
    with pytest.raises(Invalid) as refused:
        visitor_submit(lab, material, **params)
    assert refused.value.code == code
    assert not PrintJob.objects.exists()


def test_a_lab_printing_for_members_only_refuses_visitors(lab, material, profile):
    PrintSettings.objects.filter(lab=lab).update(accepts_visitors=False)
    with pytest.raises(Forbidden) as refused:
        visitor_submit(lab, material)
    assert refused.value.code == "members_only"


def test_submission_refusals(lab, member, other_member, material, profile, printer):
    own = make_file(lab, uploaded_by=member)
    cases = [
        ({"files": []}, Invalid, "files_required"),
        ({"files": [make_file(lab, uploaded_by=other_member)]}, NotFound, "file_not_found"),
        ({"files": [make_file(lab)]}, NotFound, "file_not_found"),
        ({"files": [make_file(lab, uploaded_by=member, quantity=101)]}, Invalid, "bad_quantity"),
        ({"colour": material.colours.get(name="Gold")}, Invalid, "colour_unavailable"),
        ({"colour": make_material(lab, "PETG").colours.first()}, Invalid, "colour_unavailable"),
    ]
    unread = make_file(lab, uploaded_by=member)
    unread.analysis = {}
    unread.save()
    cases.append(({"files": [unread]}, Invalid, "file_not_analysed"))
    retired = make_printer(lab, name="Old", status="retired")
    cases.append(({"printer": retired}, Invalid, "printer_retired"))
    cases.append(({"printer": MachineFactory(lab=lab)}, Invalid, "not_a_printer"))
    cases.append(
        ({"printer": make_printer(LabFactory(slug="elsewhere"))}, NotFound, "printer_not_found")
    )
    for params, error, code in cases:
        files = params.pop("files", None)
        with pytest.raises(error) as refused:
            js.print_job_submit(
                lab=lab,
                requester=member,
                files=files if files is not None else [own],
                material=material,
                **params,
            )
        assert refused.value.code == code, params
    assert not PrintJob.objects.exists()
    own.refresh_from_db()
    assert own.job is None


def test_a_printer_prints_its_own_technology(lab, member, staff, material, profile, printer):
    resin_printer = make_printer(lab, name="Form 3")
    resin_printer.category.kind = "resin_printer"
    resin_printer.category.save()
    with pytest.raises(Invalid) as refused:
        submit(lab, member, material, printer=resin_printer)
    assert refused.value.code == "printer_wrong_technology"
    job = submit(lab, member, material)
    with pytest.raises(Invalid):
        js.print_job_assign(actor=staff, job=job, printer=resin_printer)
    assert js.print_job_assign(actor=staff, job=job, printer=printer).printer == printer


def test_a_suspended_member_cannot_submit(lab, member, material, profile):
    User.objects.filter(pk=member.pk).update(status=User.Status.SUSPENDED)
    member.refresh_from_db()
    with pytest.raises(Forbidden) as refused:
        submit(lab, member, material)
    assert refused.value.code == "account_suspended"


def test_without_a_print_profile_nothing_can_be_submitted(lab, member, material):
    with pytest.raises(Invalid) as refused:
        submit(lab, member, material)
    assert refused.value.code == "no_print_profile"


def test_the_printer_s_own_profile_is_used(lab, member, material, profile, printer):
    own = make_profile(lab, printer=printer)
    assert submit(lab, member, material, printer=printer).profile == own
    assert submit(lab, member, material).profile == profile


# --- the steps, allowed and refused ---------------------------------------------------------


def _run(step, *, actor, job, printer):
    """Call step `step` with the input it needs to succeed."""
    if step == "approve":
        return js.print_job_approve(actor=actor, job=job, message="Looks good")
    if step == "reject":
        return js.print_job_reject(actor=actor, job=job, reason="Too fragile")
    if step == "assign":
        return js.print_job_assign(actor=actor, job=job, printer=printer)
    if step == "printing":
        return js.print_job_start(actor=actor, job=job, printer=printer)
    if step == "failed":
        return js.print_job_failed(actor=actor, job=job, note="Warped")
    if step == "done":
        return js.print_job_done(actor=actor, job=job, grams="14.26", minutes=95)
    if step == "picked_up":
        return js.print_job_picked_up(actor=actor, job=job)
    return js.print_job_cancel(actor=actor, job=job)


AFTER = {
    "approve": S.APPROVED,
    "reject": S.REJECTED,
    "printing": S.PRINTING,
    "failed": S.PRINTING,
    "done": S.DONE,
    "picked_up": S.PICKED_UP,
    "cancel": S.CANCELLED,
}
CASES = [(step, status) for step in js.STEPS for status in S.values]


@pytest.mark.parametrize(("step", "status"), CASES)
def test_each_step_from_each_status(
    request, lab, member, staff, material, profile, printer, step, status,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    other_printer = make_printer(lab, name="Bambu X1")
    job = job_in(status, lab=lab, member=member, material=material, printer=printer)
    actor = member if step == "cancel" else staff
    before = PrintJob.objects.filter(pk=job.pk).values().get()
    audits = AuditEntry.objects.count()
    if status not in js.STEPS[step]:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(Invalid) as refused:
            _run(step, actor=actor, job=job, printer=other_printer)
        assert refused.value.code == "invalid_transition"
        assert str(S(status).label) in str(refused.value.message)
        assert PrintJob.objects.filter(pk=job.pk).values().get() == before
        assert AuditEntry.objects.count() == audits
        assert mail.outbox == []
        return
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(step, actor=actor, job=job, printer=other_printer)
    job.refresh_from_db()
    assert job.status == AFTER.get(step, status)
    assert AuditEntry.objects.count() == audits + 1
    if step == "cancel":
        assert mail.outbox == []  # the requester did it themself
    else:
        assert [m.to for m in mail.outbox] == [[member.email]]
        assert job.reference in mail.outbox[0].subject
        assert Notification.objects.filter(recipient=member, kind="fabrication.job_update")


def test_approving_keeps_the_quote_or_sets_the_price_and_printer(
    lab, member, staff, material, profile, printer, django_capture_on_commit_callbacks
):
    job = submit(lab, member, material)
    with django_capture_on_commit_callbacks(execute=True):
        job = js.print_job_approve(
            actor=staff, job=job, price="9.999", printer=printer, message="Supports added"
        )
    assert job.approved_price == Decimal("10.00") and job.quoted_price == Decimal("12.75")
    assert job.printer == printer and job.staff_message == "Supports added"
    assert "Supports added" in mail.outbox[0].body and printer.name in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="print_job.approved")
    assert entry.changes["approved_price"] == "10.00" and entry.actor == staff

    job2 = submit(lab, member, material)
    assert js.print_job_approve(actor=staff, job=job2).approved_price == Decimal("12.75")


@pytest.mark.parametrize("price", ["-1", "abc", "NaN", "Infinity", "10000000"])
def test_a_bad_price_is_refused(lab, member, staff, material, profile, price):
    job = submit(lab, member, material)
    with pytest.raises(Invalid) as refused:
        js.print_job_approve(actor=staff, job=job, price=price)
    assert refused.value.code in ("bad_price", "bad_number")
    job.refresh_from_db()
    assert job.status == S.SUBMITTED


def test_a_job_without_a_quote_needs_a_price(lab, member, staff, material, profile):
    job = submit(lab, member, material, files=[make_file(lab, uploaded_by=member, figures=False)])
    assert job.quoted_price is None
    with pytest.raises(Invalid) as refused:
        js.print_job_approve(actor=staff, job=job)
    assert refused.value.code == "price_required"
    assert js.print_job_approve(actor=staff, job=job, price="0").approved_price == Decimal("0")


def test_rejecting_needs_a_reason(lab, member, staff, material, profile):
    job = submit(lab, member, material)
    with pytest.raises(Invalid) as refused:
        js.print_job_reject(actor=staff, job=job, reason="   ")
    assert refused.value.code == "reason_required"
    job = js.print_job_reject(actor=staff, job=job, reason="Weapon parts are not printed")
    assert job.reject_reason == "Weapon parts are not printed"


def test_printing_needs_a_printer(lab, member, staff, material, profile):
    job = job_in(S.APPROVED, lab=lab, member=member, material=material)
    with pytest.raises(Invalid) as refused:
        js.print_job_start(actor=staff, job=job)
    assert refused.value.code == "printer_required"


@pytest.mark.parametrize(
    ("grams", "minutes", "code"),
    [
        ("", 60, "bad_number"),
        ("0", 60, "bad_grams"),
        ("-3", 60, "bad_grams"),
        ("12", "", "bad_minutes"),
        ("12", 0, "bad_minutes"),
        ("12", "1.5", "bad_minutes"),
        ("12", 100_001, "bad_minutes"),
    ],
)
def test_done_needs_the_actual_grams_and_minutes(
    lab, member, staff, material, profile, printer, grams, minutes, code
):
    job = job_in(S.PRINTING, lab=lab, member=member, material=material, printer=printer)
    with pytest.raises(Invalid) as refused:
        js.print_job_done(actor=staff, job=job, grams=grams, minutes=minutes)
    assert refused.value.code == code
    job.refresh_from_db()
    assert job.status == S.PRINTING and job.actual_grams is None


def test_failed_prints_are_counted_and_the_job_keeps_printing(
    lab, member, staff, material, profile, printer, django_capture_on_commit_callbacks
):
    job = job_in(S.PRINTING, lab=lab, member=member, material=material, printer=printer)
    with django_capture_on_commit_callbacks(execute=True):
        js.print_job_failed(actor=staff, job=job, note="Warped corner")
        job = js.print_job_failed(actor=staff, job=job)
    assert job.failed_attempts == 2 and job.status == S.PRINTING
    assert "Warped corner" in mail.outbox[0].body
    job = js.print_job_done(actor=staff, job=job, grams="30.04", minutes="180")
    assert job.actual_grams == Decimal("30.0") and job.actual_minutes == 180
    assert AuditEntry.objects.get(action="print_job.done").changes["failed_attempts"] == 2


# --- who may take each step -----------------------------------------------------------------

STAFF_STEPS = [step for step in js.STEPS if step != "cancel"]


@pytest.mark.parametrize("step", STAFF_STEPS)
def test_only_the_lab_s_staff_run_the_queue(
    lab, member, other_member, other_lab_staff, material, profile, printer, step
):
    job = job_in(js.STEPS[step][0], lab=lab, member=member, material=material, printer=printer)
    before = PrintJob.objects.filter(pk=job.pk).values().get()
    for actor, error, code in [
        (member, Forbidden, "staff_only"),
        (other_member, NotFound, "job_not_found"),
        (other_lab_staff, NotFound, "job_not_found"),
    ]:
        with pytest.raises(error) as refused:
            _run(step, actor=actor, job=job, printer=printer)
        assert refused.value.code == code
    assert PrintJob.objects.filter(pk=job.pk).values().get() == before


def test_only_the_requester_cancels(lab, member, other_member, staff, material, profile):
    job = submit(lab, member, material)
    with pytest.raises(NotFound):
        js.print_job_cancel(actor=other_member, job=job)
    with pytest.raises(Forbidden) as refused:
        js.print_job_cancel(actor=staff, job=job)
    assert refused.value.code == "requester_only"
    with pytest.raises(NotFound):
        js.print_job_cancel(actor=None, job=job)
    assert js.print_job_cancel(actor=member, job=job).status == S.CANCELLED


def test_a_visitor_cancels_through_their_secret_link(
    lab, material, profile, django_capture_on_commit_callbacks
):
    job = visitor_submit(lab, material, language="fr")
    with pytest.raises(NotFound):
        js.print_job_cancel(job=job, secret="wrong")
    with django_capture_on_commit_callbacks(execute=True):
        job = js.print_job_cancel(job=job, secret=job.secret)
    assert job.status == S.CANCELLED
    assert mail.outbox[-1].to == ["jeanne@example.test"]
