"""A crawl of every Fabdesk URL, GET and an empty POST, as each kind of person: whatever the
page says, it is never a server error. Catches a view that crashes on missing or bad input,
and a new URL nobody tried."""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fabdesk.billing.closing_services import period_close
from fabdesk.billing.desk_services import cart_open
from fabdesk.billing.tests.desk_setup import issued, pending
from fabdesk.billing.tests.factories import (
    ItemPriceFactory,
    PackFactory,
    PlanFactory,
    SubscriptionFactory,
)
from fabdesk.booking.models import BookingRule
from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.events.models import EventSeries
from fabdesk.events.registration_services import registration_create
from fabdesk.events.tests.factories import EventFactory, TicketCategoryFactory
from fabdesk.fabrication.job_services import print_job_submit
from fabdesk.fabrication.tests.job_factories import make_file, make_material, make_profile
from fabdesk.incidents.services import incident_report
from fabdesk.maintenance.tests.factories import MaintenancePlanFactory
from fabdesk.notifications.models import Notification
from fabdesk.schedule.tests.factories import ClosureFactory, ExceptionalOpeningFactory
from fabdesk.tokens.services import token_create
from fabdesk.training.models import Certification, Enrolment
from fabdesk.training.tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "core",
    "accounts",
    "members",
    "notifications",
    "tokens",
    "api-1",
    "maintenance",
    "incidents",
    "equipment",
    "training",
    "schedule",
    "booking",
    "fabrication",
    "events",
    "billing",
}


def fabdesk_routes(patterns=None, prefix="", namespace=None):
    """(namespace, route with its converters) for every URL of Fabdesk's own apps."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from fabdesk_routes(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern) and namespace in NAMESPACES:
            yield prefix + str(pattern.pattern)


# allauth's pages, dressed in Fabdesk's templates (their URLs have no namespace).
ACCOUNT_ROUTES = [
    "accounts/login/", "accounts/logout/", "accounts/signup/", "accounts/inactive/",
    "accounts/email/", "accounts/confirm-email/", "accounts/confirm-email/bad-key/",
    "accounts/password/change/", "accounts/password/set/", "accounts/password/reset/",
    "accounts/password/reset/done/", "accounts/password/reset/key/1-bad-key/",
    "accounts/password/reset/key/done/",
]  # fmt: skip
ROUTES = sorted(set(fabdesk_routes()) | set(ACCOUNT_ROUTES))


def fill(route: str, ids: dict[str, int]) -> str:
    for name, value in ids.items():
        route = route.replace(f"<int:{name}>", str(value))
    route = route.replace("<slug:secret>", "no-such-secret")  # the private calendar feed
    route = route.replace("<slug:slug>", "no-such-slug")  # an event's address
    route = route.replace("<str:token>", "no-such-token")  # a private event's link
    route = route.replace("<str:link>", "no-such-link")  # a registration's signed link
    route = route.replace("<slug:kind>", "no-such-kind")  # billing's price preview
    assert "<" not in route, f"add a value for the converter in {route}"
    return "/" + route


@pytest.fixture
def ids(member, default_group, billing_ids):
    note = Notification.objects.create(recipient=member, kind="notifications.message", title="Hi")
    token, _secret = token_create(user=member, name="crawl")
    machine = MachineFactory(lab=member.lab)
    document = machine.documents.create(title="Manual", url="https://example.test/manual.pdf")
    incident = incident_report(reporter=member, machine=machine, description="Jammed")
    session = TrainingSessionFactory(training__lab=member.lab)
    enrolment = Enrolment.objects.create(session=session, member=member)
    certification = Certification.objects.create(
        member=member, training=session.training, source="staff", reason="crawl"
    )
    make_profile(member.lab)
    event = EventFactory(lab=member.lab)
    ticket = TicketCategoryFactory(event=event)
    registration = registration_create(
        actor=None, event=event, category=ticket, name="Crawl", email="crawl@example.test"
    )
    series = EventSeries.objects.create(
        lab=member.lab, title="Crawl", kind="course", weekday=5, starts_on=event.starts_at.date(),
        start_time=dt.time(14), end_time=dt.time(17), count=1,
    )  # fmt: skip
    print_job = print_job_submit(
        lab=member.lab,
        requester=member,
        files=[make_file(member.lab, uploaded_by=member)],
        material=make_material(member.lab),
    )
    return {
        "incident_id": incident.pk,
        "machine_id": machine.pk,
        "space_id": machine.space_id,
        "plan_id": MaintenancePlanFactory(machine=machine).pk,
        "member_id": member.pk,
        "group_id": default_group.pk,
        "pk": note.pk,
        "token_id": token.pk,
        "category_id": machine.category_id,
        "document_id": document.pk,
        "training_id": session.training_id,
        "session_id": session.pk,
        "enrolment_id": enrolment.pk,
        "certification_id": certification.pk,
        "closure_id": ClosureFactory(lab=member.lab).pk,
        "opening_id": ExceptionalOpeningFactory(lab=member.lab).pk,
        "booking_id": 1,  # DELETE only: the crawl's GET must answer 405, not a 500
        "rule_id": BookingRule.objects.create(lab=member.lab, machine=machine).pk,
        "job_id": print_job.pk,
        "file_id": print_job.files.get().pk,
        "material_id": print_job.material_id,
        "colour_id": print_job.material.colours.first().pk,
        "profile_id": print_job.profile_id,
        "event_id": event.pk,
        "ticket_id": ticket.pk,
        "registration_id": registration.pk,
        "series_id": series.pk,
        "type_id": event.event_type_id,
        **billing_ids,
    }


@pytest.fixture
def billing_ids(member, staff):
    cart = cart_open(actor=staff, lab=member.lab, member=member)
    item_price = ItemPriceFactory(item__lab=member.lab)
    plan = PlanFactory(lab=member.lab)
    closed = period_close(actor=staff, lab=member.lab, kind="month", start=dt.date(2026, 1, 1))
    return {
        "cart_id": cart.pk,
        "charge_id": pending(staff, member).pk,
        "invoice_id": issued(staff, member, price="5.00", paid="0").pk,
        "period_id": closed.pk,
        "item_id": item_price.item_id,
        "parent_id": item_price.item_id,
        "price_id": item_price.pk,
        "pack_id": PackFactory(lab=member.lab).pk,
        "subscription_id": SubscriptionFactory(plan=plan, member=member).pk,
    }


def test_the_crawl_sees_every_app():
    assert len(ROUTES) > 30
    assert {"members/<int:member_id>/edit/", "tokens/", "api/v1/members"} <= set(ROUTES)


@pytest.mark.parametrize("who", ["anonymous", "member", "staff", "admin_user"])
def test_no_url_answers_a_server_error(request, client, ids, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    failures = []
    for route in ROUTES:
        url = fill(route, ids)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url} → {response.status_code}")
    assert failures == []
