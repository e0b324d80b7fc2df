"""Staff pages of the price lists: machine and space rates, items and their prices; a price
changed from a day leaves past charges alone; entries ended or removed; clear refusals."""

import datetime as dt
from decimal import Decimal

import pytest

from fabdesk.billing.charge_services import charge_create
from fabdesk.billing.models import Item, ItemPrice, MachinePrice, SpacePrice
from fabdesk.billing.price_services import price_set
from fabdesk.core.errors import Conflict, Forbidden
from fabdesk.core.timeutils import lab_today

from .factories import ItemFactory, MachinePriceFactory, PlanFactory, SpacePriceFactory


def rate(**fields) -> dict:
    data = {"hourly_rate": "12.00", "minimum_charge": "0", "rounding_minutes": "15",
            "rounding_mode": "up", "valid_from": "2026-01-01"}  # fmt: skip
    data.update(fields)
    return data


def errors(response) -> str:
    return response.content.decode()


def test_the_price_list_shows_rates_and_items(staff_client, lab, machine, space, default_group):
    MachinePriceFactory(category=machine.category, hourly_rate=Decimal("15"))
    MachinePriceFactory(machine=machine, member_group=default_group, hourly_rate=Decimal("9"))
    SpacePriceFactory(space=space, per_person=True)
    item = ItemFactory(lab=lab, name="Contreplaqué 3 mm")
    ItemPrice.objects.create(
        lab=lab, item=item, unit_price=Decimal("4.5"), valid_from=dt.date(2026, 1, 1)
    )
    page = staff_client.get("/billing/prices/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Trotec" in text and "Salle" in text and "Contreplaqué 3 mm" in text
    assert "per person" in text and "Adulte" in text and "Everyone" in text


def test_a_new_machine_rate(staff_client, machine, default_group):
    response = staff_client.post(
        "/billing/prices/machines/new/",
        rate(category=machine.category_id, member_group=default_group.pk, minimum_charge="5"),
    )
    assert response.status_code == 302
    price = MachinePrice.objects.get()
    assert (price.category, price.member_group, price.hourly_rate) == (
        machine.category,
        default_group,
        Decimal("12.00"),
    )
    assert (price.minimum_charge, price.valid_until) == (Decimal("5.00"), None)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Choose a machine, or a category for all its machines, not both."),
        ({"both": True}, "Choose a machine, or a category for all its machines, not both."),
        ({"hourly_rate": "-3"}, "Ensure this value is greater than or equal to 0."),
        ({"valid_until": "2025-12-31"}, "The end is before the start."),
        ({"rounding_minutes": "0"}, "Ensure this value is greater than or equal to 1."),
    ],
)
def test_a_machine_rate_refused_in_words(staff_client, machine, fields, message):
    data = rate(**{k: v for k, v in fields.items() if k != "both"})
    if fields:
        data["machine"] = machine.pk
    if "both" in fields:
        data["category"] = machine.category_id
    response = staff_client.post("/billing/prices/machines/new/", data)
    assert response.status_code == 200 and message in errors(response)
    assert not MachinePrice.objects.exists()


def test_changing_a_price_from_a_day_leaves_past_charges_alone(
    staff_client, lab, machine, member, staff
):
    old = MachinePriceFactory(machine=machine, hourly_rate=Decimal("12"), rounding_minutes=15)
    before = charge_create(actor=staff, lab=lab, member=member, item_type="machine_time",
                           target=machine, minutes=60)  # fmt: skip
    page = staff_client.get(f"/billing/prices/machines/new/?from={old.pk}")
    assert 'value="12.00"' in page.content.decode()
    tomorrow = lab_today(lab.tzinfo) + dt.timedelta(days=1)
    response = staff_client.post(
        "/billing/prices/machines/new/",
        rate(machine=machine.pk, hourly_rate="18", valid_from=tomorrow.isoformat()),
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_until == tomorrow - dt.timedelta(days=1)
    before.refresh_from_db()
    assert before.total_incl_tax == Decimal("12.00")
    later = charge_create(actor=staff, lab=lab, member=member, item_type="machine_time",
                          target=machine, minutes=60, at=dt.datetime.combine(
                              tomorrow, dt.time(12), tzinfo=lab.tzinfo))  # fmt: skip
    assert later.total_incl_tax == Decimal("18.00")


def test_a_price_cannot_slip_before_a_later_entry(staff_client, machine):
    MachinePriceFactory(machine=machine, valid_from=dt.date(2026, 6, 1))
    response = staff_client.post(
        "/billing/prices/machines/new/", rate(machine=machine.pk, valid_from="2026-03-01")
    )
    assert "This price already has an entry from 2026-06-01" in errors(response)
    assert MachinePrice.objects.count() == 1


def test_other_groups_and_plans_are_other_prices(lab, machine, default_group, staff):
    everyone = MachinePriceFactory(machine=machine)
    plan = PlanFactory(lab=lab)
    for group, for_plan in ((default_group, None), (None, plan)):
        price_set(actor=staff, entry=MachinePrice(lab=lab, machine=machine, member_group=group,
                                                  plan=for_plan, hourly_rate=Decimal("5"),
                                                  valid_from=dt.date(2026, 2, 1)))  # fmt: skip
    everyone.refresh_from_db()
    assert everyone.valid_until is None and MachinePrice.objects.count() == 3


def test_ending_and_removing_entries(staff_client, lab, space):
    started = SpacePriceFactory(space=space, valid_from=dt.date(2026, 1, 1))
    future = lab_today(lab.tzinfo) + dt.timedelta(days=10)
    response = staff_client.post(
        "/billing/prices/spaces/new/",
        rate(space=space.pk, hourly_rate="20", valid_from=future.isoformat()),
    )
    assert response.status_code == 302
    coming = SpacePrice.objects.get(valid_from=future)
    started.refresh_from_db()
    assert started.valid_until == future - dt.timedelta(days=1)
    staff_client.post(f"/billing/prices/spaces/{coming.pk}/remove/")
    started.refresh_from_db()
    assert started.valid_until is None and not SpacePrice.objects.filter(pk=coming.pk).exists()
    refused = staff_client.post(f"/billing/prices/spaces/{started.pk}/remove/", follow=True)
    assert "This price is in use since 2026-01-01" in refused.content.decode()
    staff_client.post(f"/billing/prices/spaces/{started.pk}/end/", {"last_day": "2026-12-31"})
    started.refresh_from_db()
    assert started.valid_until == dt.date(2026, 12, 31)
    bad = staff_client.post(
        f"/billing/prices/spaces/{started.pk}/end/", {"last_day": "2025-01-01"}, follow=True
    )
    assert "The end is before the start." in bad.content.decode()


def test_items_and_their_prices(staff_client, lab, default_group):
    response = staff_client.post(
        "/billing/items/new/",
        {"name": "PLA au gramme", "code": "pla", "item_type": "material", "unit": "gram",
         "unit_label": "g", "vat_rate": "", "is_active": "on", "position": "0"},
    )  # fmt: skip
    item = Item.objects.get()
    assert response["Location"] == f"/billing/items/{item.pk}/"
    response = staff_client.post(
        f"/billing/items/{item.pk}/prices/new/",
        {"unit_price": "0.05", "member_group": default_group.pk, "valid_from": "2026-01-01"},
    )
    assert response["Location"] == f"/billing/items/{item.pk}/"
    price = ItemPrice.objects.get()
    assert (price.item, price.unit_price, price.member_group) == (
        item,
        Decimal("0.05"),
        default_group,
    )
    page = staff_client.get(f"/billing/items/{item.pk}/")
    assert "PLA au gramme" in page.content.decode() and "Adulte" in page.content.decode()
    duplicate = staff_client.post(
        "/billing/items/new/",
        {"name": "Autre", "code": "pla", "item_type": "material", "unit": "unit", "position": "0"},
    )
    assert duplicate.status_code == 200 and Item.objects.count() == 1


def test_prices_are_for_staff_of_the_lab(member_client, member, lab, machine):
    assert member_client.get("/billing/prices/").status_code == 403
    assert (
        member_client.post("/billing/prices/machines/new/", rate(machine=machine.pk)).status_code
        == 403
    )
    with pytest.raises(Forbidden):
        price_set(actor=member, entry=MachinePrice(lab=lab, machine=machine, hourly_rate=1,
                                                   valid_from=dt.date(2026, 1, 1)))  # fmt: skip


def test_a_saved_entry_is_not_set_again(lab, machine, staff):
    entry = MachinePriceFactory(machine=machine)
    with pytest.raises(Conflict):
        price_set(actor=staff, entry=entry)
