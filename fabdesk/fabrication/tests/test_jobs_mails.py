"""The requester's mails are written in their language: a member's saved language, the one
a visitor used when submitting. (Prices show it even before the French catalog has these
sentences: "12,75 €" in French, "€12.75" in English.)"""

from decimal import Decimal

import pytest
from django.core import mail

from fabdesk.fabrication import job_services as js
from fabdesk.members.models import User

from .job_factories import make_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("print_settings")]
PRICES = [("fr", "12,75\N{NO-BREAK SPACE}€"), ("en", "€12.75")]


@pytest.mark.parametrize(("language", "price"), PRICES)
def test_a_member_is_told_in_their_language(
    lab, member, staff, material, profile, language, price, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(language=language)
    member.refresh_from_db()
    job = js.print_job_submit(
        lab=lab, requester=member, files=[make_file(lab, uploaded_by=member)], material=material
    )
    with django_capture_on_commit_callbacks(execute=True):
        js.print_job_approve(actor=staff, job=job, message="See you Tuesday")
    sent = mail.outbox[-1]
    assert sent.to == [member.email]
    assert price in sent.body
    assert "See you Tuesday" in sent.body
    assert f"/prints/jobs/{job.pk}/" in sent.body


@pytest.mark.parametrize(("language", "price"), PRICES)
def test_a_visitor_is_told_in_the_language_they_submitted_in(
    lab, staff, material, profile, language, price, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = js.print_job_submit(
            lab=lab,
            files=[make_file(lab)],
            material=material,
            contact_name="Ada Lovelace",
            contact_email="ada@example.test",
            language=language,
        )
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["ada@example.test"]
    assert price in confirmation.body and "Ada" in confirmation.body
    js.print_job_confirm_email(token=js.confirmation_token(job))
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        js.print_job_approve(actor=staff, job=job, price=Decimal("12.75"))
        job.refresh_from_db()
        js.print_job_reject(actor=staff, job=job, reason="Out of filament")
    rejected = mail.outbox[-1]
    assert rejected.to == ["ada@example.test"]
    assert "Out of filament" in rejected.body
    assert f"/prints/jobs/{job.secret}/" in rejected.body
    approved = mail.outbox[-2]
    assert price in approved.body
