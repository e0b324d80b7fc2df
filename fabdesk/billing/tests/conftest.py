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
