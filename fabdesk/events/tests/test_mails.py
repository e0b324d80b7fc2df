"""What people are told: the confirmation link, the confirmation with its .ics (read back
with icalendar, in the lab's zone), the waitlist and promotion, cancellations; in French
and in English, in the language each person uses. (Dates and prices show the language even
before the French catalog has these sentences: "20,00 €" and "samedi" in French; the
French wording of subjects is checked once the catalog translates them.)"""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from fabdesk.events.links import confirm_link, manage_link
from fabdesk.events.registration_services import (
    registration_cancel,
    registration_confirm_email,
    registration_create,
)
from fabdesk.events.series_services import series_create
from fabdesk.events.services import event_cancel

from .factories import EventTypeFactory
from .helpers import ics_events, mails_to, visitor_confirmed, visitor_registers

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FRENCH_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def french_catalog_has(msgid: str) -> bool:
    with translation.override("fr"):
        return gettext(msgid) != msgid


french_wording = pytest.mark.skipif(
    not french_catalog_has("Registration confirmed: %(title)s"),
    reason="the events catalog has no French yet (the lead translates)",
)


def test_a_visitor_gets_the_link_then_the_confirmation_with_the_event_in_french(
    event, ticket, django_capture_on_commit_callbacks
):
    event.what_to_bring = "Une clé USB"
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        registration = visitor_registers(event, ticket, "camille@example.test", language="fr",
                                         seats=2)  # fmt: skip
    (first,) = mails_to("camille@example.test")
    assert event.title in first.subject
    assert confirm_link(registration).split(":")[0] in first.body
    day = FRENCH_DAYS[event.starts_at.astimezone(PARIS).weekday()]
    assert day in first.body
    assert ics_events(first) == []
    with django_capture_on_commit_callbacks(execute=True):
        registration_confirm_email(link=confirm_link(registration))
    second = mails_to("camille@example.test")[1]
    assert "Une clé USB" in second.body
    assert "/events/registration/" in second.body  # the cancellation link
    assert "20,00\N{NO-BREAK SPACE}€" in second.body  # 2 seats at 10 €
    (vevent,) = ics_events(second)
    assert str(vevent["summary"]) == event.title
    start = vevent.decoded("dtstart")
    assert start == event.starts_at and str(start.tzinfo) == "Europe/Paris"
    assert vevent.decoded("dtend") == event.ends_at
    assert str(vevent["uid"]).startswith(f"event-{event.pk}@")


def test_a_member_is_told_in_english_with_the_ics(
    event, ticket, member, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(actor=member, event=event, category=ticket)
    (message,) = mails_to(member.email)
    assert message.subject == f"Registration confirmed: {event.title}"
    assert "one seat" in message.body and "cancel before" in message.body
    assert len(ics_events(message)) == 1


def test_the_waitlisted_then_promoted_person_is_told(
    event, ticket, django_capture_on_commit_callbacks
):
    event.capacity = 1
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = visitor_confirmed(event, ticket, "first@example.test", language="en")
        visitor_confirmed(event, ticket, "next@example.test", language="en")
    waiting = mails_to("next@example.test")[-1]
    assert waiting.subject == f"On the waitlist: {event.title}"
    assert ics_events(waiting) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(link=manage_link(first))
    assert mails_to("first@example.test")[0].subject == f"Registration cancelled: {event.title}"
    (promoted,) = mails_to("next@example.test")
    assert promoted.subject == f"A seat for you: {event.title}"
    assert "are yours" in promoted.body and len(ics_events(promoted)) == 1


def test_everyone_is_told_when_the_event_is_cancelled(
    event, ticket, staff, member, django_capture_on_commit_callbacks
):
    member.language = "fr"
    member.save()
    visitor_confirmed(event, ticket, "v@example.test", language="en")
    registration_create(actor=member, event=event, category=ticket)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(actor=staff, event=event, reason="Formateur malade")
    (english,) = mails_to("v@example.test")
    assert english.subject == f"Event cancelled: {event.title}"
    assert "Formateur malade" in english.body
    (french,) = mails_to(member.email)
    assert event.title in french.subject and "Formateur malade" in french.body


@french_wording
def test_the_french_wording(event, ticket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = visitor_registers(event, ticket, "fr@example.test", language="fr", seats=2)
        registration_confirm_email(link=confirm_link(registration))
    first, second = mails_to("fr@example.test")
    assert first.subject == f"Confirmez votre inscription : {event.title}"
    assert second.subject == f"Inscription confirmée : {event.title}"
    assert "2 places" in second.body


def test_the_ics_of_a_course_holds_every_session(
    lab, staff, member, django_capture_on_commit_callbacks
):
    rule = {
        "frequency": "weekly",
        "weekday": 2,
        "starts_on": dt.date.today() + dt.timedelta(days=10),
        "start_time": dt.time(18, 30),
        "end_time": dt.time(21, 0),
        "count": 4,
    }
    series = series_create(
        actor=staff, lab=lab, title="Arduino", kind="course", status="published", rule=rule,
        event_fields={"event_type": EventTypeFactory(lab=lab)}, capacity=8,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(actor=member, series=series, category=series.categories.get())
    vevents = ics_events(mails_to(member.email)[0])
    assert len(vevents) == 4
    assert {v.decoded("dtstart").astimezone(PARIS).time() for v in vevents} == {dt.time(18, 30)}
