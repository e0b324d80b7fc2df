"""Who may open each page of the desk, the staff's invoices and wallets, and the member's
own billing pages: anonymous → the login page, a member → 403 on staff pages and 404 on
someone else's invoice, staff of another lab → 404 on this lab's carts, invoices and
members, staff → 200."""

import pytest
from django.test import Client

from fabdesk.billing.desk_services import cart_open
from fabdesk.billing.tests.desk_setup import issued
from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/billing/desk/",
    "/billing/desk/carts/{cart}/",
    "/billing/invoices/",
    "/billing/invoices.csv",
    "/billing/invoices/{invoice}/",
    "/billing/invoices/{invoice}/pdf/",
    "/billing/invoices/{invoice}/payment/",
    "/billing/invoices/{invoice}/credit-note/",
    "/billing/wallets/{member}/",
]
STAFF_ACTIONS = [
    "/billing/desk/open/",
    "/billing/desk/carts/{cart}/charges/",
    "/billing/desk/carts/{cart}/items/",
    "/billing/desk/carts/{cart}/lines/",
    "/billing/desk/carts/{cart}/remove/{charge}/",
    "/billing/desk/carts/{cart}/checkout/",
    "/billing/desk/carts/{cart}/abandon/",
]
OBJECT_PAGES = [url for url in STAFF_PAGES + STAFF_ACTIONS if "{" in url]


@pytest.fixture
def ids(lab, staff, member):
    invoice = issued(staff, member, price="12.00", paid="0")
    cart = cart_open(actor=staff, lab=lab, member=member)
    return {"invoice": invoice.pk, "cart": cart.pk, "member": member.pk, "charge": 1}


@pytest.fixture
def elsewhere_staff(db):
    return UserFactory(lab=LabFactory(slug="other-lab"), with_role=Role.STAFF)


@pytest.mark.parametrize("url", STAFF_PAGES + STAFF_ACTIONS)
def test_anonymous_people_are_sent_to_log_in(client, ids, url):
    method = client.post if url in STAFF_ACTIONS else client.get
    response = method(url.format(**ids))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", STAFF_PAGES + STAFF_ACTIONS)
def test_members_are_refused_the_staff_pages(member_client, ids, url):
    method = member_client.post if url in STAFF_ACTIONS else member_client.get
    assert method(url.format(**ids)).status_code == 403


@pytest.mark.parametrize("url", OBJECT_PAGES)
def test_staff_of_another_lab_find_nothing(client, elsewhere_staff, ids, url):
    client.force_login(elsewhere_staff)
    method = client.post if url in STAFF_ACTIONS else client.get
    assert method(url.format(**ids)).status_code == 404


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_open_every_page(staff_client, ids, url):
    response = staff_client.get(url.format(**ids))
    assert response.status_code == 200
    if url.endswith("pdf/"):
        assert response["Content-Type"] == "application/pdf"
    elif url.endswith(".csv"):
        assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("url", STAFF_ACTIONS)
def test_the_staff_actions_take_only_posts(staff_client, ids, url):
    assert staff_client.get(url.format(**ids)).status_code == 405


def test_the_member_pages(member_client, other_member, staff, ids):
    own = f"/billing/mine/invoices/{ids['invoice']}/pdf/"
    assert Client().get("/billing/mine/").url.startswith("/accounts/login/")
    assert Client().get(own).url.startswith("/accounts/login/")
    assert member_client.get("/billing/mine/").status_code == 200
    assert member_client.get(own)["Content-Type"] == "application/pdf"
    theirs = issued(staff, other_member, price="5.00")
    assert member_client.get(f"/billing/mine/invoices/{theirs.pk}/pdf/").status_code == 404
    member_client.force_login(staff)  # staff download the member's from the staff page only
    assert member_client.get(own).status_code == 404
