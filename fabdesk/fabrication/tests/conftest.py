"""Fixtures of the print service's tests (the objects come from job_factories)."""

import pytest

from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory

from .job_factories import make_material, make_print_settings, make_printer, make_profile


@pytest.fixture
def printer(lab):
    return make_printer(lab)


@pytest.fixture
def material(lab):
    return make_material(lab)


@pytest.fixture
def profile(lab):
    return make_profile(lab)


@pytest.fixture
def other_lab_staff(db):
    return UserFactory(email="staff@other-lab.test", with_role=Role.STAFF)


@pytest.fixture
def print_settings(lab):
    return make_print_settings(lab)
