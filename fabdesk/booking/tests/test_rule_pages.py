"""The staff pages of the booking rules: who may open them, what the overview says applies to
each machine and space, and setting, refusing, changing and deleting a rule (audited)."""

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse

from fabdesk.booking.models import BookingRule
from fabdesk.booking.rule_overview import LabRules
from fabdesk.booking.rule_services import RULE_FIELDS
from fabdesk.booking.rules import rule_for
from fabdesk.core.models import AuditEntry
from fabdesk.core.tests.factories import LabFactory
from fabdesk.equipment.tests.factories import (
    MachineCategoryFactory,
    MachineFactory,
    SpaceFactory,
)

from .page_helpers import WHO, as_, people_fixture, staff_page_status  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def form_data(rule: BookingRule | None = None, **changes) -> dict:
    """What the form posts for `rule`'s values (the built-in defaults if none), changed."""
    values = {**model_to_dict(rule or BookingRule(), RULE_FIELDS), **changes}
    data = {}
    for name, value in values.items():
        if value is True:
            data[name] = "on"
        elif value is None:
            data[name] = ""
        elif value is not False:
            data[name] = str(value)
    return data


@pytest.fixture
def workshop(lab):
    lasers = MachineCategoryFactory(lab=lab, name="Lasers")
    printers = MachineCategoryFactory(lab=lab, name="Printers")
    return {
        "lasers": lasers,
        "printers": printers,
        "laser": MachineFactory(lab=lab, name="Trotec", category=lasers),
        "cnc": MachineFactory(lab=lab, name="Shaper", category=lasers),
        "printer": MachineFactory(lab=lab, name="Prusa", category=printers),
        "room": SpaceFactory(lab=lab, name="Meeting room", bookable=True),
    }


# -- Who may open what --------------------------------------------------------------------


@pytest.fixture
def urls(workshop, lab):
    rule = BookingRule.objects.create(lab=lab, machine=workshop["cnc"], slot_minutes=15)
    return {
        "rules": (reverse("booking:rules"), "get", False),
        "rule_new": (reverse("booking:rule_new"), "get", False),
        "rule_new_category": (
            reverse("booking:rule_new_category", args=[workshop["lasers"].pk]), "get", True),
        "rule_new_machine": (
            reverse("booking:rule_new_machine", args=[workshop["laser"].pk]), "get", True),
        "rule_new_space": (
            reverse("booking:rule_new_space", args=[workshop["room"].pk]), "get", True),
        "rule_edit": (reverse("booking:rule_edit", args=[rule.pk]), "get", True),
        "rule_delete": (reverse("booking:rule_delete", args=[rule.pk]), "post", True),
    }  # fmt: skip


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    "name",
    ["rules", "rule_new", "rule_new_category", "rule_new_machine", "rule_new_space", "rule_edit",
     "rule_delete"],
)  # fmt: skip
def test_only_the_labs_staff_open_the_rule_pages(client, people, urls, who, name):
    url, method, of_this_lab = urls[name]
    response = getattr(as_(client, people, who), method)(url)
    assert response.status_code == staff_page_status(who, method=method, of_this_lab=of_this_lab)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    if name == "rule_delete":
        assert BookingRule.objects.exists() == (who not in ("staff", "admin"))


def test_deleting_needs_a_post(staff_client, lab, workshop):
    rule = BookingRule.objects.create(lab=lab, machine=workshop["laser"])
    assert staff_client.get(reverse("booking:rule_delete", args=[rule.pk])).status_code == 405
    assert BookingRule.objects.filter(pk=rule.pk).exists()


def test_another_labs_staff_see_their_own_rules_only(client, people, lab, workshop):
    BookingRule.objects.create(lab=lab, slot_minutes=45)
    far = people["far_staff"]
    BookingRule.objects.create(lab=far.lab, slot_minutes=20)
    client.force_login(far)
    page = client.get(reverse("booking:rules")).content.decode()
    assert "Steps of 20 minutes" in page and "Steps of 45 minutes" not in page
    assert "Trotec" not in page


# -- The overview -------------------------------------------------------------------------


def test_the_overview_says_which_rule_applies_to_each_machine(staff_client, lab, workshop):
    BookingRule.objects.create(lab=lab, slot_minutes=30, max_minutes=180)
    BookingRule.objects.create(lab=lab, category=workshop["lasers"], slot_minutes=15,
                               min_minutes=15, max_minutes=120)  # fmt: skip
    BookingRule.objects.create(lab=lab, machine=workshop["cnc"], slot_minutes=60,
                               min_minutes=60, max_minutes=480)  # fmt: skip
    response = staff_client.get(reverse("booking:rules"))
    assert response.status_code == 200
    rows = {line.target.name: line for line in response.context["machines"]}
    assert rows["Trotec"].source == "The category's rule (Lasers)"
    assert rows["Trotec"].applies.slot_minutes == 15
    assert rows["Shaper"].source == "Its own rule" and rows["Shaper"].applies.slot_minutes == 60
    assert rows["Prusa"].source == "The lab default" and rows["Prusa"].applies.max_minutes == 180
    spaces = {line.target.name: line for line in response.context["spaces"]}
    assert spaces["Meeting room"].source == "The lab default"
    page = response.content.decode()
    assert "Steps of 15 minutes" in page and "1 hour to 8 hours" in page
    assert "The category&#x27;s rule (Lasers)" in page
    assert "{#" not in page and "{%" not in page


def test_without_any_rule_the_built_in_defaults_apply(staff_client, workshop):
    page = staff_client.get(reverse("booking:rules")).content.decode()
    assert "The built-in defaults" in page and "Set its own rule" in page


def test_the_overview_agrees_with_rule_for(lab, workshop):
    BookingRule.objects.create(lab=lab, category=workshop["printers"], slot_minutes=10,
                               min_minutes=10, max_minutes=60)  # fmt: skip
    BookingRule.objects.create(lab=lab, machine=workshop["laser"], slot_minutes=5,
                               min_minutes=5, max_minutes=60)  # fmt: skip
    BookingRule.objects.create(lab=lab, space=workshop["room"], slot_minutes=60,
                               min_minutes=60, max_minutes=600)  # fmt: skip
    rules = LabRules(lab)
    for target in ("laser", "cnc", "printer", "room"):
        resource = workshop[target]
        applies = rules.line(resource).applies
        expected = rule_for(resource)
        assert (applies.pk, applies.slot_minutes) == (expected.pk, expected.slot_minutes), target


def test_the_overview_costs_the_same_for_many_machines(
    staff_client, lab, workshop, django_assert_max_num_queries
):
    for number in range(30):
        category = MachineCategoryFactory(lab=lab, name=f"Category {number}")
        MachineFactory(lab=lab, category=category)
        BookingRule.objects.create(lab=lab, category=category, slot_minutes=15,
                                   min_minutes=15, max_minutes=60)  # fmt: skip
    with django_assert_max_num_queries(12):
        assert staff_client.get(reverse("booking:rules")).status_code == 200


# -- Setting, refusing, changing, deleting ------------------------------------------------


def test_staff_set_a_machines_rule_starting_from_what_applies(staff_client, staff, lab, workshop):
    BookingRule.objects.create(lab=lab, category=workshop["lasers"], slot_minutes=15,
                               min_minutes=15, max_minutes=120)  # fmt: skip
    url = reverse("booking:rule_new_machine", args=[workshop["laser"].pk])
    page = staff_client.get(url)
    assert page.context["form"].initial["slot_minutes"] == 15
    assert "What applies now: The category&#x27;s rule (Lasers)" in page.content.decode()
    response = staff_client.post(url, form_data(slot_minutes=20, min_minutes=40, max_minutes=200))
    assert response.status_code == 302 and response["Location"] == reverse("booking:rules")
    rule = BookingRule.objects.get(machine=workshop["laser"])
    assert (rule.lab, rule.slot_minutes, rule.min_minutes, rule.max_minutes) == (lab, 20, 40, 200)
    assert rule_for(workshop["laser"]) == rule
    entry = AuditEntry.objects.get(action="booking_rule.created")
    assert entry.actor == staff and entry.changes["slot_minutes"] == [None, 20]
    page = staff_client.get(response["Location"]).content.decode()
    assert "The booking rule of Machine “Trotec” is saved." in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"min_minutes": 60, "max_minutes": 30}, "max_minutes",
         "The longest booking cannot be shorter than the shortest."),
        ({"slot_minutes": 20, "min_minutes": 30}, "min_minutes",
         "Give a multiple of the slot step (20 minutes)."),
        ({"slot_minutes": 15, "max_minutes": 100}, "max_minutes",
         "Give a multiple of the slot step (15 minutes)."),
        ({"slot_minutes": 0}, "slot_minutes", "Give at least 1 minute."),
        ({"advance_days": -1}, "advance_days", "Ensure this value is greater than or equal to 0."),
        ({"slot_minutes": "half an hour"}, "slot_minutes", "Enter a whole number."),
    ],
)  # fmt: skip
def test_the_form_refuses_rules_that_cannot_work(staff_client, workshop, changes, field, message):
    url = reverse("booking:rule_new_space", args=[workshop["room"].pk])
    response = staff_client.post(url, form_data(**changes))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not BookingRule.objects.exists() and not AuditEntry.objects.exists()


def test_the_model_refuses_several_targets_and_another_labs_target(lab, workshop):
    both = BookingRule(lab=lab, machine=workshop["laser"], space=workshop["room"])
    with pytest.raises(ValidationError, match="not to several"):
        both.full_clean()
    far_machine = MachineFactory(lab=LabFactory(slug="far"))
    with pytest.raises(ValidationError, match="belongs to another lab"):
        BookingRule(lab=lab, machine=far_machine).full_clean()
    BookingRule(lab=lab, machine=workshop["laser"]).full_clean()  # a good one passes


def test_a_second_lab_default_is_refused_by_the_model(lab):
    BookingRule.objects.create(lab=lab)
    with pytest.raises(ValidationError):
        BookingRule(lab=lab).full_clean()


def test_a_target_with_a_rule_opens_it_instead_of_a_second_one(staff_client, lab, workshop):
    rule = BookingRule.objects.create(lab=lab, category=workshop["lasers"])
    url = reverse("booking:rule_new_category", args=[workshop["lasers"].pk])
    response = staff_client.post(url, form_data())
    assert response["Location"] == reverse("booking:rule_edit", args=[rule.pk])
    assert BookingRule.objects.count() == 1
    default = BookingRule.objects.create(lab=lab)
    response = staff_client.get(reverse("booking:rule_new"))
    assert response["Location"] == reverse("booking:rule_edit", args=[default.pk])


def test_staff_change_a_rule_and_the_change_is_audited(staff_client, staff, lab, workshop):
    rule = BookingRule.objects.create(lab=lab, space=workshop["room"], buffer_minutes=0)
    url = reverse("booking:rule_edit", args=[rule.pk])
    page = staff_client.get(url).content.decode()
    assert "Booking rule: Space “Meeting room”" in page
    assert "Without it, this follows: The built-in defaults." in page
    data = form_data(rule, buffer_minutes=15, outside_opening_hours_allowed=True)
    response = staff_client.post(f"{url}?next=/machines/", data)
    assert response["Location"] == "/machines/"
    rule.refresh_from_db()
    assert rule.buffer_minutes == 15 and rule.outside_opening_hours_allowed
    entry = AuditEntry.objects.get(action="booking_rule.updated")
    assert entry.actor == staff
    assert entry.changes == {
        "buffer_minutes": [0, 15],
        "outside_opening_hours_allowed": [False, True],
    }


def test_an_unsafe_next_is_ignored(staff_client, lab):
    rule = BookingRule.objects.create(lab=lab)
    url = reverse("booking:rule_edit", args=[rule.pk])
    response = staff_client.post(url, {**form_data(rule), "next": "https://evil.test/"})
    assert response["Location"] == reverse("booking:rules")


def test_deleting_a_machines_rule_falls_back_to_its_category(staff_client, staff, lab, workshop):
    BookingRule.objects.create(lab=lab, category=workshop["lasers"], slot_minutes=15,
                               min_minutes=15, max_minutes=60)  # fmt: skip
    rule = BookingRule.objects.create(lab=lab, machine=workshop["laser"], slot_minutes=60,
                                      min_minutes=60, max_minutes=120)  # fmt: skip
    page = staff_client.get(reverse("booking:rule_edit", args=[rule.pk])).content.decode()
    assert "Without it, this follows: The category&#x27;s rule (Lasers)." in page
    response = staff_client.post(reverse("booking:rule_delete", args=[rule.pk]), follow=True)
    assert not BookingRule.objects.filter(pk=rule.pk).exists()
    assert rule_for(workshop["laser"]).slot_minutes == 15
    assert (
        "The booking rule of Machine “Trotec” is deleted. What applies now: The category&#x27;s "
        "rule (Lasers)." in response.content.decode()
    )
    entry = AuditEntry.objects.get(action="booking_rule.deleted")
    assert entry.actor == staff and entry.changes["slot_minutes"] == [None, 60]


def test_another_labs_rule_cannot_be_changed(client, people, lab):
    rule = BookingRule.objects.create(lab=lab, slot_minutes=30)
    client.force_login(people["far_staff"])
    url = reverse("booking:rule_edit", args=[rule.pk])
    assert client.post(url, form_data(slot_minutes=5, min_minutes=5)).status_code == 404
    rule.refresh_from_db()
    assert rule.slot_minutes == 30


def test_the_admin_site_refuses_the_same_rules(client, admin_user, lab, workshop):
    client.force_login(admin_user)
    url = reverse("admin:booking_bookingrule_add")
    data = {**form_data(min_minutes=60, max_minutes=30), "lab": lab.pk,
            "machine": workshop["laser"].pk}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The longest booking cannot be shorter than the shortest." in response.content.decode()
    both = {**form_data(), "lab": lab.pk, "machine": workshop["laser"].pk,
            "space": workshop["room"].pk}  # fmt: skip
    assert "not to several" in client.post(url, both).content.decode()
    assert not BookingRule.objects.exists()
