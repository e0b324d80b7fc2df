import pytest

from fabdesk.equipment.tests.factories import MachineCategoryFactory, MachineFactory, SpaceFactory


@pytest.fixture
def category(lab):
    return MachineCategoryFactory(lab=lab)


@pytest.fixture
def machine(lab, category):
    return MachineFactory(lab=lab, category=category, name="Trotec")


@pytest.fixture
def space(lab):
    return SpaceFactory(lab=lab, name="Salle")


@pytest.fixture
def legal_lab(lab):
    lab.siret = "12345678900012"
    lab.vat_number = "FR12345678901"
    lab.legal_form = "Association loi 1901"
    lab.save()
    return lab


@pytest.fixture
def sell(legal_lab, staff):
    """sell(member, "Café", "2.50", quantity=2) → a pending ad-hoc charge."""
    from decimal import Decimal

    from fabdesk.billing.charge_services import charge_create

    def make(member, description="Contreplaqué", price="12.00", quantity=1, **extra):
        return charge_create(
            actor=staff,
            lab=legal_lab,
            member=member,
            item_type=extra.pop("item_type", "material"),
            description=description,
            unit_price=Decimal(price),
            quantity=quantity,
            **extra,
        )

    return make
