"""A member enrols in a training session from the training's page; the session is held; the
trainer takes attendance on a phone, marks the member passed and saves; the member's passport
shows the new certification and the machine's page says they may use it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import PASSWORD, UserFactory
from fabdesk.training.models import Certification, Enrolment, TrainingSession
from fabdesk.training.tests.factories import TrainingFactory, TrainingSessionFactory

from .conftest import STEP_TIMEOUT_MS, save_screenshots
from .helpers import LOGIN_URL, label, log_in

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(browser, live_server, request):
    """A page in a phone-sized, touch-screen browser context (screenshotted on failure)."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    yield context.new_page()
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_screenshots(f"{request.node.nodeid}-phone", [context])
    context.close()


def test_a_member_is_trained_and_may_then_use_the_machine(new_page, phone_page, lab, default_group):
    member = UserFactory(
        lab=lab, member_group=default_group, email="maker@example.test",
        first_name="Ada", last_name="Lovelace",
    )  # fmt: skip
    trainer = UserFactory(
        lab=lab, email="trainer@example.test", with_role=Role.STAFF,
        first_name="Camille", last_name="Rousseau",
    )  # fmt: skip
    printer = MachineFactory(lab=lab, name="Prusa MK4")
    training = TrainingFactory(lab=lab, title="3D printing", machines=[printer], validity_months=24)
    session = TrainingSessionFactory(training=training, trainer=trainer, place="Workshop")

    # The member finds the session on the training's page and enrols.
    page = new_page()
    log_in(page, member.email, PASSWORD)
    page.goto(f"/trainings/{training.pk}/")
    expect(page.get_by_role("heading", name="3D printing")).to_be_visible()
    page.get_by_role("region", name="Next sessions").get_by_role("link").first.click()
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("You are enrolled in this session.")).to_be_visible()
    enrolment = Enrolment.objects.get(session=session, member=member)
    assert enrolment.status == Enrolment.Status.ENROLLED

    # The session happens.
    held = timezone.now() - dt.timedelta(hours=3)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=held, ends_at=held + dt.timedelta(hours=2)
    )

    # The trainer, on a phone in the room, marks the member passed and saves.
    phone_page.goto(LOGIN_URL)
    form = phone_page.get_by_role("main")
    form.get_by_label(label("Email")).fill(trainer.email)
    form.get_by_label(label("Password")).fill(PASSWORD)
    form.get_by_role("button", name="Log in").click()
    expect(phone_page.get_by_text("Successfully signed in")).to_be_visible()  # menu folded
    phone_page.goto(f"/trainings/sessions/{session.pk}/")
    phone_page.get_by_role("link", name="Take attendance").click()
    expect(phone_page.get_by_role("heading", name="Attendance", exact=True)).to_be_visible()
    row = phone_page.get_by_role("group", name="Ada Lovelace")
    row.get_by_label("Attended and passed").check()
    expect(phone_page.get_by_role("status").first).to_have_text("Saved.")
    phone_page.get_by_role("button", name="Save attendance").click()
    expect(phone_page.get_by_text("Attendance saved.")).to_be_visible()
    certification = Certification.objects.get(member=member, training=training)
    assert certification.source == Certification.Source.ATTENDANCE
    assert certification.session_id == session.pk

    # The member's passport shows the certification; the machine's page lets them in.
    page.goto("/trainings/passport/")
    valid = page.get_by_role("table", name="Valid")
    expect(valid.get_by_role("rowheader", name="3D printing")).to_be_visible()
    page.goto(f"/machines/{printer.pk}/")
    expect(page.get_by_text("You may use this machine.")).to_be_visible()
