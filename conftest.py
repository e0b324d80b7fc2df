"""Fixtures shared by every app's tests: a lab and one person of each role."""

import pytest
from django.conf import settings
from django.utils import translation

from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import MemberGroupFactory, UserFactory


@pytest.fixture(autouse=True)
def _default_language():
    """A request that switched to French must not leave French on for the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def lab(db):
    return LabFactory(slug="test-lab")


@pytest.fixture
def default_group(lab):
    return MemberGroupFactory(lab=lab, name="Adulte", slug="adult", is_default=True)


@pytest.fixture
def member(lab, default_group):
    return UserFactory(lab=lab, member_group=default_group, email="member@example.test")


@pytest.fixture
def other_member(lab, default_group):
    return UserFactory(lab=lab, member_group=default_group, email="other@example.test")


@pytest.fixture
def staff(lab):
    return UserFactory(lab=lab, email="staff@example.test", with_role=Role.STAFF)


@pytest.fixture
def admin_user(lab):
    return UserFactory(lab=lab, email="admin@example.test", with_role=Role.ADMIN)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
