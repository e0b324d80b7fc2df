"""A visitor registers for a workshop without an account, confirms their address from the
mail, gets the confirmation with the event for their calendar, and cancels from the link in
it; the first person on the waitlist gets the seat and is told by mail."""

import pytest
from playwright.sync_api import expect

from fabdesk.events.links import event_path
from fabdesk.events.models import Registration, RegistrationStatus
from fabdesk.events.tests.factories import EventFactory, TicketCategoryFactory

from .helpers import label, path_of_link_in_mail_to

pytestmark = pytest.mark.e2e

FIRST, SECOND = "camille@example.test", "yanis@example.test"


def register(page, path: str, name: str, email: str, button: str) -> None:
    page.goto(path)
    form = page.get_by_role("complementary")
    form.get_by_label(label("Your name")).fill(name)
    form.get_by_label(label("Your email")).fill(email)
    form.get_by_role("button", name=button).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mailbox")


def confirm_from_mail(new_page, email: str):
    phone = new_page("en-GB")  # the mail app's browser: another one
    phone.goto(path_of_link_in_mail_to(email, "/events/confirm/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your registration")
    return phone


def test_a_visitor_registers_confirms_cancels_and_the_waitlist_moves_up(new_page, lab):
    from django.core import mail

    workshop = EventFactory(lab=lab, title="Initiation impression 3D", capacity=1)
    TicketCategoryFactory(event=workshop, name="Full price", max_seats=1)
    page = new_page("en-GB")
    page.goto("/events/")
    page.get_by_role("link", name="Initiation impression 3D").click()
    expect(page.get_by_role("complementary")).to_contain_text("1 seat left")
    register(page, event_path(workshop), "Camille Durand", FIRST, "Register")

    phone = confirm_from_mail(new_page, FIRST)
    expect(phone.get_by_role("status")).to_contain_text("You are registered")
    confirmation = [m for m in mail.outbox if FIRST in m.to][-1]
    assert confirmation.subject == "Registration confirmed: Initiation impression 3D"
    assert [name for name, _c, _t in confirmation.attachments] == ["event.ics"]

    other = new_page("en-GB")
    other.goto(event_path(workshop))
    expect(other.get_by_role("complementary")).to_contain_text("Full")
    register(other, event_path(workshop), "Yanis Haddad", SECOND, "Join the waitlist")
    confirm_from_mail(new_page, SECOND)
    waiting = Registration.objects.get(email=SECOND)
    assert waiting.status == RegistrationStatus.WAITLISTED

    # The first visitor cancels from the link in the confirmation mail, without logging in.
    phone.goto(path_of_link_in_mail_to(FIRST, "/events/registration/"))
    main = phone.get_by_role("main")
    main.get_by_label("Yes, cancel my registration").check()
    main.get_by_role("button", name="Cancel my registration").click()
    expect(phone.get_by_role("status")).to_contain_text("Your registration is cancelled")
    expect(main).to_contain_text("Cancelled")

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    promoted = [m for m in mail.outbox if SECOND in m.to][-1]
    assert promoted.subject == "A seat for you: Initiation impression 3D"
    assert [name for name, _c, _t in promoted.attachments] == ["event.ics"]
    second_phone = new_page("en-GB")
    second_phone.goto(path_of_link_in_mail_to(SECOND, "/events/registration/"))
    expect(second_phone.get_by_role("main")).to_contain_text("Confirmed")
