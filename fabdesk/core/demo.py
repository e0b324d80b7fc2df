"""The demo lab: "Fab Lab de démo", loaded by `fabdesk demo` (and `make run` when the database
is empty). Each app adds its part with a step in its own `demo.py`, found automatically:

    from fabdesk.core.demo import DemoRun, register_demo_step

    def machines(run: DemoRun) -> None:
        ...  # create what is missing, through the app's services; never duplicate

    register_demo_step(20, machines)

Steps run in `order` inside one transaction and must be idempotent: running the demo twice
changes nothing. They share the lab and the people created so far through `run.people`."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.test import override_settings
from django.utils.module_loading import autodiscover_modules

from .models import Lab

DEMO_LAB_SLUG = "demo"
DUMMY_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")


@dataclass
class DemoRun:
    lab: Lab
    people: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoLogin:
    label: str
    email: str
    password: str


@dataclass(frozen=True)
class _Step:
    order: int
    fn: Callable[[DemoRun], None]


_STEPS: list[_Step] = []
_LOGINS: list[DemoLogin] = []


def register_demo_step(order: int, fn: Callable[[DemoRun], None]) -> None:
    """Add `fn(run)` to the demo, run after every step of a lower order."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    if all(f"{step.fn.__module__}.{step.fn.__qualname__}" != name for step in _STEPS):
        _STEPS.append(_Step(order, fn))


def register_demo_login(*, label: str, email: str, password: str) -> None:
    """A login the demo creates, printed at the end of `fabdesk demo`."""
    if all(login.email != email for login in _LOGINS):
        _LOGINS.append(DemoLogin(label, email, password))


def demo_discover() -> None:
    """Import every installed app's `demo` module, so their steps are registered."""
    autodiscover_modules("demo")


def _demo_lab() -> Lab:
    lab = Lab.objects.filter(slug=DEMO_LAB_SLUG).first()
    if lab is not None:
        return lab
    lab = Lab(
        slug=DEMO_LAB_SLUG,
        name="Fab Lab de démo",
        legal_name="Association Fab Lab de démo",
        address_line1="12 rue des Tanneurs",
        address_line2="Bâtiment B, rez-de-chaussée",
        postal_code="69007",
        city="Lyon",
        country="France",
        email="contact@fablab-demo.test",
        phone="04 78 00 12 34",
        website="https://fablab-demo.test",
        time_zone="Europe/Paris",
        currency="EUR",
        default_vat_rate=Decimal("20.00"),
        vat_exempt=False,
        siret="12345678900017",
        vat_number="FR32123456789",
        rna="W691234567",
        ape_code="9499Z",
        legal_form="Association loi 1901",
        requires_member_validation=True,
    )
    lab.full_clean()
    lab.save()
    return lab


def demo_load() -> Lab:
    """Create whatever part of the demo lab is missing; returns the lab."""
    demo_discover()
    # The demo's people have undeliverable addresses (.test): what the steps would mail them
    # (validation, suspension...) is dropped, quietly, instead of printed or sent.
    tasks_logger = logging.getLogger("django_tasks")
    level = tasks_logger.level
    tasks_logger.setLevel(logging.WARNING)
    try:
        with DUMMY_MAIL, transaction.atomic():
            run = DemoRun(lab=_demo_lab())
            for step in sorted(_STEPS, key=lambda s: s.order):
                step.fn(run)
    finally:
        tasks_logger.setLevel(level)
    return run.lab


def demo_logins() -> list[DemoLogin]:
    """The registered demo logins whose account exists in this database."""
    from django.contrib.auth import get_user_model

    demo_discover()
    existing = set(
        get_user_model()
        .objects.filter(email__in=[login.email for login in _LOGINS])
        .values_list("email", flat=True)
    )
    return [login for login in _LOGINS if login.email in existing]
