"""Staff pages of plans and packs, and a member's memberships page where the desk
subscribes them, renews, cancels, or sells a pack."""

import datetime as dt
from decimal import Decimal

from fabdesk.billing.choices import ChargeStatus, SubscriptionStatus
from fabdesk.billing.models import Charge, Pack, PackPurchase, Plan, PlanPrice, Subscription
from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.tests.factories import UserFactory

from .factories import PackFactory, PackPriceFactory, PlanFactory, PlanPriceFactory


def plan_data(**fields) -> dict:
    data = {"name": "Adhésion mensuelle Maker", "slug": "maker", "description": "",
            "period": "month", "included_hours": "4", "reminder_days": "7", "position": "0",
            "is_active": "on"}  # fmt: skip
    data.update(fields)
    return data


def test_a_plan_with_its_hours_machines_and_price(staff_client, machine, default_group):
    response = staff_client.post("/billing/plans/new/", plan_data(machines=[machine.pk]))
    plan = Plan.objects.get()
    assert response["Location"] == f"/billing/plans/{plan.pk}/"
    assert list(plan.machines.all()) == [machine] and plan.included_hours == Decimal("4")
    staff_client.post(
        f"/billing/plans/{plan.pk}/prices/new/",
        {"amount": "25", "member_group": default_group.pk, "valid_from": "2026-01-01"},
    )
    assert PlanPrice.objects.get().amount == Decimal("25.00")
    page = staff_client.get("/billing/plans/").content.decode()
    assert "Adhésion mensuelle Maker" in page and "Adulte" in page
    edit = staff_client.get(f"/billing/plans/{plan.pk}/").content.decode()
    assert "Reduced machine rates" in edit and f"?plan={plan.pk}" in edit


def test_plan_refusals_in_words(staff_client, lab):
    PlanFactory(lab=lab, slug="maker")
    response = staff_client.post("/billing/plans/new/", plan_data(included_hours="-1"))
    text = response.content.decode()
    assert "Ensure this value is greater than or equal to 0." in text
    assert Plan.objects.count() == 1
    response = staff_client.post("/billing/plans/new/", plan_data())
    assert "already exists" in response.content.decode() and Plan.objects.count() == 1


def test_a_pack_needs_hours(staff_client, category):
    data = {"name": "Carnet 10 h", "slug": "carnet-10", "hours": "0", "validity_days": "365",
            "position": "0", "is_active": "on", "categories": [category.pk]}  # fmt: skip
    response = staff_client.post("/billing/packs/new/", data)
    assert "A pack holds some hours: more than 0." in response.content.decode()
    response = staff_client.post("/billing/packs/new/", {**data, "hours": "10"})
    pack = Pack.objects.get()
    assert response["Location"] == f"/billing/packs/{pack.pk}/"
    assert list(pack.categories.all()) == [category]


def test_subscribing_a_member_leaves_the_membership_to_pay(staff_client, lab, member):
    plan = PlanFactory(lab=lab, period="month", included_hours=Decimal("4"))
    PlanPriceFactory(plan=plan, amount=Decimal("25"))
    response = staff_client.post(
        f"/billing/members/{member.pk}/subscribe/", {"plan": plan.pk, "starts_on": "2026-11-01"}
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.starts_on, subscription.ends_on) == (
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 30),
    )
    charge = Charge.objects.get(member=member)
    assert (charge.status, charge.total_incl_tax) == (ChargeStatus.PENDING, Decimal("25.00"))
    page = staff_client.get(f"/billing/members/{member.pk}/plans/", follow=True).content.decode()
    assert plan.name in page
    twice = staff_client.post(
        f"/billing/members/{member.pk}/subscribe/", {"plan": plan.pk, "starts_on": "2026-11-10"}
    )
    assert twice.status_code == 422
    assert "already has this plan for these dates" in twice.content.decode()


def test_renewing_and_cancelling(staff_client, lab, member):
    plan = PlanFactory(lab=lab, period="year")
    PlanPriceFactory(plan=plan)
    staff_client.post(
        f"/billing/members/{member.pk}/subscribe/", {"plan": plan.pk, "starts_on": "2026-01-15"}
    )
    first = Subscription.objects.get()
    staff_client.post(f"/billing/subscriptions/{first.pk}/renew/")
    renewal = Subscription.objects.exclude(pk=first.pk).get()
    assert (renewal.starts_on, renewal.renews) == (dt.date(2027, 1, 15), first)
    staff_client.post(f"/billing/subscriptions/{renewal.pk}/cancel/")
    renewal.refresh_from_db()
    assert renewal.status == SubscriptionStatus.CANCELLED
    assert Charge.objects.filter(status=ChargeStatus.CANCELLED).count() == 1


def test_selling_a_pack(staff_client, lab, member):
    pack = PackFactory(lab=lab, hours=Decimal("10"), validity_days=180)
    PackPriceFactory(pack=pack, amount=Decimal("90"))
    staff_client.post(f"/billing/members/{member.pk}/packs/sell/", {"pack": pack.pk})
    purchase = PackPurchase.objects.get()
    assert (purchase.member, purchase.price) == (member, Decimal("90.00"))
    assert purchase.expires_on - purchase.purchased_on == dt.timedelta(days=180)
    page = staff_client.get(f"/billing/members/{member.pk}/plans/").content.decode()
    assert "600 min left" in page


def test_a_plan_no_longer_offered_is_not_sold(staff_client, lab, member):
    plan = PlanFactory(lab=lab, is_active=False)
    response = staff_client.post(f"/billing/members/{member.pk}/subscribe/", {"plan": plan.pk})
    assert response.status_code == 422 and not Subscription.objects.exists()


def test_member_pages_are_for_the_staff_of_the_lab(client, member_client, member, staff):
    assert member_client.get(f"/billing/members/{member.pk}/plans/").status_code == 403
    assert member_client.get("/billing/plans/").status_code == 403
    stranger = UserFactory(lab=LabFactory(slug="elsewhere"))
    client.force_login(staff)
    assert client.get(f"/billing/members/{stranger.pk}/plans/").status_code == 404
